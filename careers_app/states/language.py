"""The language of a candidate-side tab, and ``_()`` for pages.

Pages are compiled once, so a page's text cannot be a Python string picked per request:
``_("Search jobs")`` compiles both versions into the page and the tab's ``lang`` picks one
(the prerendered page is English). Messages the server writes in English (validation
errors) are shown with ``tr()``, a lookup in ``texts``, the catalog sent only to tabs in
another language. Babel extracts the ``_()`` calls like any other.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from careers_app import i18n
from careers_app.settings import get_settings
from careers_app.state_store import without_secrets
from careers_app.states.guard import Access, handler, read_cookie, tab_language

__all__ = ["LanguageState", "_", "point_switcher", "tab_language", "tr"]


class LanguageState(rx.State):
    lang: str = i18n.DEFAULT
    href_en: str = "/careers?lang=en"  # this page in English (the switcher's links)
    href_es: str = "/careers?lang=es"
    chosen: str = rx.Cookie("", name=i18n.COOKIE, max_age=i18n.COOKIE_MAX_AGE, same_site="lax")

    @rx.event
    @handler(Access.PUBLIC)
    def detect(self) -> Any:
        """On every candidate page's load: the language, the switcher's links, and ``<html lang>``."""
        url = self.router.url
        param = i18n.supported(url.query_parameters.get(i18n.PARAM, ""))
        if param and param != self.chosen:
            self.chosen = param  # the switcher's choice outlives the link it came by
        self.lang = i18n.choose(
            param=param,
            cookie=self.chosen or read_cookie(self.router.headers.cookie, i18n.COOKIE),
            accept_language=self.router.headers.accept_language,
        )
        self._point_to(url.path, dict(url.query_parameters))
        return rx.call_script(f"document.documentElement.lang = {self.lang!r}")

    def _point_to(self, path: str, query: dict[str, Any] | str) -> None:
        """The switcher's links, without the page's credentials (a status link's ``token``,
        an interview link's path): a tab's state is stored (issue 18's attack run found the
        token in both). The click itself keeps them: the switcher goes to the browser's own
        URL with ``lang`` set (``components/layout.language_switcher``); these hrefs are what
        a link shows, opens in a new tab, and is used before the page's script runs."""
        pairs = [(str(k), str(v)) for k, v in query.items()] if not isinstance(query, str) else []
        query_text = query if isinstance(query, str) else urlencode(pairs)
        clean = without_secrets(f"{path}?{query_text}" if query_text else path)
        clean_path, _sep, clean_query = clean.partition("?")
        self.href_en = i18n.url_in("en", clean_path, clean_query)
        self.href_es = i18n.url_in("es", clean_path, clean_query)

    @rx.var
    def texts(self) -> dict[str, str]:
        """The catalog, for messages the server wrote (``tr``); empty in English, which needs
        no lookup, so an English tab's state carries none of it."""
        if self.lang == i18n.DEFAULT:
            return {}
        return i18n.texts(self.lang, get_settings().company_name)


async def point_switcher(state: rx.State, url: str) -> None:
    """The switcher's links for the page a handler's redirect is about to open, sent with
    the redirect: the new page's ``detect`` sets them too, but only a round trip later, and
    a click on the switcher in between would have dropped what the redirect added."""
    switcher = await state.get_state(LanguageState)
    path, _sep, query = url.partition("?")
    switcher._point_to(path, query)


def _(message: str) -> rx.Var[str]:
    """A page's text in the tab's language: both versions are compiled into the page, the
    tab's ``lang`` picks one (English when the catalog lacks the message)."""
    company = get_settings().company_name
    english = message.replace(i18n.COMPANY, company)
    spanish = i18n.translate("es", message).replace(i18n.COMPANY, company)
    if spanish == english:
        return rx.Var.create(english).to(str)
    return rx.cond(LanguageState.lang == "es", spanish, english).to(str)


def tr(message: rx.Var[str]) -> rx.Var[str]:
    """A message the server wrote in English (a validation error, a step title) in the tab's
    language, when the catalog has it (the service marks it ``N_()``); as it is otherwise."""
    return LanguageState.texts.get(message, message).to(str)
