"""The candidate side's languages: which one a request or tab gets, and its messages.

One place for the rule and the catalog. The source strings are English, word for word as
the seed has them, marked with ``_()`` (pages: a lookup in the tab's ``texts``, see
states/language.py) or ``gettext``/``ngettext`` here (services, first response, emails),
and extracted by Babel (babel.cfg) into ``locale/es/LC_MESSAGES/messages.po``. The
``.po`` is compiled in memory the first time a language is asked for, so no binary ``.mo``
lives in the repository. Pure Python: no Reflex import.
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DEFAULT = "en"
# Code and the language's own name, as the switcher shows it.
LANGUAGES: tuple[tuple[str, str], ...] = (("en", "English"), ("es", "Español"))
SUPPORTED = frozenset(code for code, _name in LANGUAGES)
PARAM = "lang"  # ?lang=es: a shareable link in that language
COOKIE = "careers_lang"  # set when a page is opened with ?lang= (the switcher's links)
COOKIE_MAX_AGE = 365 * 24 * 3600
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
COMPANY = "{company}"  # filled in with the company's name wherever a message has it


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined (a table of labels); whoever
    shows it translates it with ``translate``."""
    return message


def supported(code: object) -> str:
    """``code`` if it names a supported language ("es", "ES", "es-MX" -> "es"), else ""."""
    if not isinstance(code, str):
        return ""
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in SUPPORTED else ""


def from_accept_language(header: object) -> str:
    """The supported language the browser prefers most (RFC 9110 q-values), or ""."""
    if not isinstance(header, str):
        return ""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate(header[:500].split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = supported(tag)
        if code and quality > 0:
            ranked.append((-quality, index, code))
    return min(ranked)[2] if ranked else ""


def choose(*, param: object = "", cookie: object = "", accept_language: object = "") -> str:
    """The language of a page: the URL's ``?lang=`` wins, then the switcher's cookie, then
    the browser's ``Accept-Language``; English otherwise."""
    return supported(param) or supported(cookie) or from_accept_language(accept_language) or DEFAULT


def url_in(lang: str, path: str, query: Mapping[str, object] | str = "") -> str:
    """The same page in ``lang``: the path and query kept, ``lang`` set (the switcher)."""
    pairs = parse_qsl(query, keep_blank_values=True) if isinstance(query, str) else list(query.items())
    kept = [(str(k), str(v)) for k, v in pairs if str(k) != PARAM]
    return (path or "/") + "?" + urlencode([*kept, (PARAM, lang)])


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English: the source strings themselves)."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT or not po.is_file():
        return _gettext.NullTranslations()
    with po.open("rb") as file:
        catalog = read_po(file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def translate(lang: str, message: str) -> str:
    """``message`` (a msgid held in a variable) in ``lang``; literals go through ``Translator``."""
    return translations(supported(lang) or DEFAULT).gettext(message)


class Translator:
    """``gettext``/``ngettext`` bound to one language: ``t = Translator(lang)``, then
    ``t.gettext("Apply for this job")``; Babel extracts these calls by their names."""

    def __init__(self, lang: str) -> None:
        self.lang = supported(lang) or DEFAULT
        self._catalog = translations(self.lang)

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)


def open_positions(lang: str, n: int) -> str:
    """The board's result heading (live page and first response)."""
    return Translator(lang).ngettext("%(n)s open position", "%(n)s open positions", n) % {"n": n}


def total_open(lang: str, n: int) -> str:
    """The board's introduction (live page and first response)."""
    t = Translator(lang)
    return t.ngettext(
        "%(n)s open position across all teams and locations.",
        "%(n)s open positions across all teams and locations.",
        n,
    ) % {"n": n}


@cache
def msgids() -> tuple[str, ...]:
    """Every singular message of the catalog (the Spanish .po lists them all)."""
    po = LOCALE_DIR / "es" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as file:
        catalog = read_po(file, locale="es")
    return tuple(m.id for m in catalog if m.id and isinstance(m.id, str))


@cache
def texts(lang: str, company: str) -> dict[str, str]:
    """Every page message in ``lang``, keyed by its English text: what a tab's pages show
    (states/language.py sends it once per language)."""
    lang = supported(lang) or DEFAULT
    return {m: translate(lang, m).replace(COMPANY, company) for m in msgids()}
