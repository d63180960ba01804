"""The public pages as HTML text, for the first response (crawlers, no-JavaScript clients).

Reflex renders state only in the browser, so the server writes the same markup the live
page renders: the same elements, classes and styles (as inline style attributes, where the
live page has Emotion classes), so swapping one for the other moves nothing.

The markup is in Jinja2 templates, ``careers_app/http/templates/*.html.j2``: the page shell
(components/layout.py), the board (pages/board.py), a posting (pages/posting.py), a missing
posting and the head tags. They are fed the view models the live page's states load
(services.postings ``BoardResult``, ``PostingView``) and its catalog (i18n ``Translator``).
Autoescape escapes every value; what a template renders is ``Markup`` and goes into another
template as it is. tests/e2e/test_first_response_text.py checks that the first response and
the hydrated page show the same text. No Reflex import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from careers_app import i18n, routes
from careers_app.i18n import Translator
from careers_app.services.postings import job_schema
from careers_app.services.postings.postings import BoardResult, PostingView

INK = "#14171a"
MUTED = "#536471"
BORDER = "#e1e8ed"
SURFACE = "#f5f8fa"


class JoinLines(Extension):
    """Templates are written one tag a line, indented; the page is one line, as the live page
    renders it (a line break between inline elements would show as a space). Each source
    line loses its indentation, trailing spaces and line break when the template loads, so a
    tag or a ``{% ... %}`` must fit on one line and a space that shows is written inside one."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return "".join(line.strip() for line in source.splitlines())


def script_json(json_text: str) -> Markup:
    """The JSON-LD inside its <script>: a script element's text is not HTML, so HTML escaping
    would corrupt it. job_schema.script_safe (idempotent: the service already applied it) is
    its escaping instead: no <, > or & is left, so it cannot close its element or open a
    comment. The one value the templates take unescaped by autoescape, and why."""
    return Markup(job_schema.script_safe(str(json_text)))  # noqa: S704 - made script-safe just here


_ENV = Environment(
    loader=PackageLoader("careers_app.http", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    extensions=[JoinLines],
)
_ENV.filters["script_json"] = script_json
_ENV.globals.update(
    INK=INK,
    MUTED=MUTED,
    BORDER=BORDER,
    SURFACE=SURFACE,
    BOARD=routes.BOARD,
    board_url=routes.board_url,
    posting_url=routes.posting_url,
    apply_url=routes.apply_url,
    LANGUAGES=i18n.LANGUAGES,
    DEFAULT_LANG=i18n.DEFAULT,
    PARAM=i18n.PARAM,
    url_in=i18n.url_in,
    open_positions=i18n.open_positions,
    total_open=i18n.total_open,
)


@dataclass(frozen=True)
class Here:
    """The page's language and address: the switcher links to the same page in each language."""

    lang: str = i18n.DEFAULT
    path: str = "/"
    query: str = ""

    @property
    def t(self) -> Translator:
        return Translator(self.lang)


def _render(name: str, here: Here | None, **context: Any) -> Markup:
    """A template's page part. Its text is markup the template system wrote, every value
    escaped by autoescape: Markup, so the page template puts it in as it is."""
    here = here or Here()
    html = _ENV.get_template(name).render(_=here.t.gettext, here=here, **context)
    return Markup(html)  # noqa: S704 - a rendered autoescaped template


def _head(macro: str, *args: object) -> Markup:
    """One of head.html.j2's macros: with autoescape, what a macro returns is Markup."""
    html = getattr(_ENV.get_template("head.html.j2").module, macro)(*args)
    assert isinstance(html, Markup)
    return html


def page(main: Markup, *, company: str, here: Here | None = None) -> Markup:
    """The page shell of components/layout.py around one page's main content (a rendered
    template: a plain string would be escaped as text)."""
    return _render("page.html.j2", here, main=main, company=company)


def posting_facts(view: PostingView, t: Translator | None = None) -> list[str]:
    """Employment type, date posted, pay and closing date: the JSON-LD's values, shown."""
    t = t or Translator(i18n.DEFAULT)
    facts = [view.employment_label, f"{t.gettext('Posted')} {view.published}" if view.published else ""]
    facts += [view.pay, f"{t.gettext('Apply by')} {view.closes}" if view.closes else ""]
    return [f for f in facts if f]


def posting_main(view: PostingView, *, company: str, here: Here | None = None) -> Markup:
    """pages/posting.py ``_found``: templates/posting.html.j2."""
    facts = posting_facts(view, (here or Here()).t)
    return _render("posting.html.j2", here, view=view, facts=facts, company=company)


def not_found_main(reason: str, here: Here | None = None) -> Markup:
    """components/layout.py ``job_not_found`` (``reason`` already translated)."""
    return _render("not_found.html.j2", here, reason=reason)


def board_main(
    result: BoardResult, *, company: str, team: str, office: str, q: str, here: Here | None = None
) -> Markup:
    """pages/board.py ``board_page`` once loaded: templates/board.html.j2."""
    return _render("board.html.j2", here, result=result, company=company, team=team, office=office, q=q)


def title_tags(title: str, description: str) -> Markup:
    """Title and description: React adopts the first <title> and keeps it up to date."""
    return _head("title_tags", title, description)


def head_tags(
    *,
    title: str,
    description: str,
    canonical: str,
    og_type: str = "website",
    site_name: str = "",
    json_ld: str = "",
) -> Markup:
    """Canonical URL, Open Graph and Twitter card, and the JSON-LD when given (marked
    ``data-first-response``: the live posting page adds its own copy, so FirstResponseDone
    removes this one). ``json_ld`` is job_schema's script-safe text (see ``script_json``)."""
    return _head("head_tags", title, description, canonical, og_type, site_name, json_ld)


def alternates(links: Sequence[tuple[str, str]]) -> Markup:
    """``<link rel="alternate" hreflang=...>`` for each (language code, address)."""
    return _head("alternates", links)


def not_found_tags(title: str) -> Markup:
    """A missing posting's title, and ``noindex`` (removed once the live page is up)."""
    return _head("not_found_tags", title)


def title_element(title: str) -> Markup:
    """The built page's ``<title>``, in the page's language."""
    return _head("title_element", title)


def description_attributes(description: str) -> Markup:
    """The built page's description meta's attributes (React's order), in the page's language."""
    return _head("description_attributes", description)


def canonical_board_url(base_url: str, path: str, *, team: str, office: str) -> str:
    """Filtered lists by team or office are pages of their own; keywords are not."""
    params = {k: v for k, v in (("team", team), ("office", office)) if v}
    return base_url.rstrip("/") + quote(path) + (f"?{urlencode(params)}" if params else "")
