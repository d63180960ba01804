"""Public pages with their content in the first response: `/`, `/careers`, `/jobs/<slug>`.

Reflex renders state only in the browser, so these routes (in front of the frontend) take
the build's own prerendered page (the dynamic-route shell for postings), add the title,
description, canonical URL, Open Graph and Twitter tags and the JobPosting JSON-LD before
`</head>`, and the page's content right after `<body>`, in the live page's markup. CSS
hides the live tree until its content exists, then hides this copy (same markup, so the
swap moves nothing); `FirstResponseDone` then removes it. React 19 hydrates the shell
untouched: it leaves nodes it did not render in head and body alone.

Unknown postings and drafts are 404, closed or expired ones 410, each with a human page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from careers_app import i18n, routes
from careers_app.http import first_response_html as markup
from careers_app.http.headers import build_dir
from careers_app.services.platform.db import session_scope
from careers_app.services.postings import postings
from careers_app.settings import get_settings

MISSING_REASON = "This job is closed or does not exist. It may have been filled."
# Before the live content exists, show this copy and hide the live tree; after, the reverse.
SWAP_CSS = (
    "body:has(> .radix-themes [data-live]) > .first-response{display:none}"
    "body:not(:has(> .radix-themes [data-live])) > .first-response ~ .radix-themes{display:none}"
)
# Preloaded, the app's modules are ready before the parser is done and the async module
# script hydrates before the first paint; fetched from the script at the end of <body>,
# they load while the content is painted. React adds the preloads back when it hydrates.
_MODULE_PRELOAD = re.compile(r'<link rel="modulepreload"[^>]*>')
_HTML_LANG = re.compile(r'<html lang="[^"]*"')
_TITLE = re.compile(r"<title>[^<]*</title>")
_DESCRIPTION = re.compile(r'content="[^"]*" name="description"')
_ROOT_TAG = re.compile(r'<div data-is-root-theme="true"([^>]*?) class="radix-themes[^"]*"')


@dataclass(frozen=True)
class Shell:
    """A built page split where tags and content go in."""

    head: str  # up to </head>
    body_open: str  # </head> ... <body>
    rest: str  # what follows <body>
    root_attrs: str  # the Radix theme root's data attributes, for the same look

    @classmethod
    def parse(cls, html: str) -> Shell:
        head_end = html.index("</head>")
        body = html.index("<body>", head_end) + len("<body>")
        match = _ROOT_TAG.search(html, body)
        head = _MODULE_PRELOAD.sub("", html[:head_end])
        return cls(head, html[head_end:body], html[body:], match.group(1) if match else "")

    def render(self, head_tags: str, content: str, lang: str = i18n.DEFAULT) -> str:
        block = f'<div{self.root_attrs} class="radix-themes first-response">{content}</div>'
        style = f'<style data-first-response="">{SWAP_CSS}</style>'
        head = _HTML_LANG.sub(f'<html lang="{lang}"', self.head, count=1)
        return f"{head}{head_tags}{style}{self.body_open}{block}{self.rest}"


@cache
def shell(name: str) -> Shell:
    """A built page, read once per process (the build does not change while it runs)."""
    return Shell.parse((build_dir() / name).read_text(encoding="utf-8"))


def _board_shell(path: str) -> Shell:
    for name in ("index.html",) if path == routes.HOME else ("careers.html", "careers/index.html"):
        if (build_dir() / name).is_file():
            return shell(name)
    return shell("__spa-fallback.html")  # pragma: no cover - every build prerenders both


def _html(body: str, status: int = 200) -> Response:
    # The language comes from the URL, the switcher's cookie or Accept-Language: caches must
    # keep a copy per language.
    headers = {"Cache-Control": "public, max-age=60", "Vary": "Accept-Language, Cookie"}
    return HTMLResponse(body, status_code=status, headers=headers)


def here(request: Request) -> markup.Here:
    """The request's language (i18n.choose) and address, for the page and its switcher."""
    lang = i18n.choose(
        param=request.query_params.get(i18n.PARAM, ""),
        cookie=request.cookies.get(i18n.COOKIE, ""),
        accept_language=request.headers.get("accept-language", ""),
    )
    return markup.Here(lang=lang, path=request.url.path, query=request.url.query)


def alternates(canonical: str, *, spanish: bool = True) -> str:
    """``hreflang`` links to the page in each language (English is also x-default); a posting
    without a Spanish version has no Spanish alternate."""
    url = urlsplit(canonical)
    base = f"{url.scheme}://{url.netloc}"
    links = [(code, base + i18n.url_in(code, url.path, url.query)) for code, _name in i18n.LANGUAGES]
    if not spanish:
        links = [(code, href) for code, href in links if code == i18n.DEFAULT]
    links.append(("x-default", canonical))
    return markup.alternates(links)


def posting_page(request: Request) -> Response:
    """A plain def: Starlette runs it in a thread, off the event loop."""
    settings = get_settings()
    company, base = settings.company_name, settings.base_url.rstrip("/")
    slug = str(request.path_params.get("slug", ""))
    where = here(request)
    t = where.t
    with session_scope() as session:
        view = postings.get_open_posting(
            slug, session=session, company=company, base_url=base, lang=where.lang
        )
        state = "open" if view else postings.public_state(slug, session=session)
    page = shell("__spa-fallback.html")
    careers = t.gettext("{company} Careers").replace(i18n.COMPANY, company)
    if view is None:
        title = f"{t.gettext('Job not found')} | {careers}"
        tags = markup.not_found_tags(title)
        reason = t.gettext(MISSING_REASON)
        content = markup.page(markup.not_found_main(reason, where), company=company, here=where)
        return _html(page.render(tags, content, where.lang), 410 if state == "gone" else 404)
    title = f"{view.title} | {careers}"
    path = routes.posting_url(view.slug)
    in_spanish = view.language != i18n.DEFAULT
    tags = markup.title_tags(title, view.description) + markup.head_tags(
        title=title,
        description=view.description,
        canonical=base + path + (f"?{i18n.PARAM}={view.language}" if in_spanish else ""),
        og_type="article",
        site_name=careers,
        json_ld=view.json_ld,
    )
    tags += alternates(base + path, spanish=view.has_spanish)
    main = markup.posting_main(view, company=company, here=where)
    return _html(page.render(tags, markup.page(main, company=company, here=where), where.lang))


def board_page(request: Request) -> Response:
    """The prerendered board page already has its title and description (React owns them)."""
    settings = get_settings()
    company, base = settings.company_name, settings.base_url.rstrip("/")
    params = request.query_params
    filters = postings.BoardFilters.clean(
        params.get("team", ""), params.get("office", ""), params.get("q", "")
    )
    where = here(request)
    with session_scope() as session:
        result = postings.search_board(filters, session=session, lang=where.lang)
    t = where.t
    title = t.gettext("Jobs | {company} Careers").replace(i18n.COMPANY, company)
    description = t.gettext("Open positions at {company}: search by team, location and keyword.").replace(
        i18n.COMPANY, company
    )
    canonical = markup.canonical_board_url(base, request.url.path, team=filters.team, office=filters.office)
    tags = markup.head_tags(
        title=title,
        description=description,
        canonical=canonical,
        site_name=t.gettext("{company} Careers").replace(i18n.COMPANY, company),
    ) + alternates(canonical)
    content = markup.board_main(
        result, company=company, team=filters.team, office=filters.office, q=filters.q, here=where
    )
    page = _board_shell(request.url.path)
    html = page.render(tags, markup.page(content, company=company, here=where), where.lang)
    if where.lang != i18n.DEFAULT:  # the build's own title and description are English
        html = _TITLE.sub(lambda _m: markup.title_element(title), html, count=1)
        html = _DESCRIPTION.sub(lambda _m: markup.description_attributes(description), html, count=1)
    return _html(html)


def first_response_routes() -> list[Route]:
    return [
        Route(routes.HOME, board_page, methods=["GET", "HEAD"]),
        Route(routes.BOARD, board_page, methods=["GET", "HEAD"]),
        Route("/jobs/{slug}", posting_page, methods=["GET", "HEAD"]),
    ]
