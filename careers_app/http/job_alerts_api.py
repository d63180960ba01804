"""A job alert's emailed links as plain HTTP pages (services/jobboard/job_alerts.py): no account, no
Reflex state, the link's token is the credential.

- ``GET /alerts/confirm?token=`` shows what the alert is for and a "Confirm" button (a
  POST): mail scanners that open every link in a message never turn an alert on. The
  answer to that POST has an "Unsubscribe" button (a link issued at confirmation): an
  alert that matches nothing sends no digest to carry one.
- ``GET /alerts/unsubscribe?token=`` shows an "Unsubscribe" button; a ``POST`` to the same
  URL unsubscribes at once. That POST is what RFC 8058 one-click mail clients send (body
  ``List-Unsubscribe=One-Click``, from their own servers: no Origin to check, no cookie), so
  it needs nothing but the token and answers with a line of text; the page's own button
  gets a page.

Plain defs: Starlette runs them in a thread (the database). Pages are served with
``no-store``, ``no-referrer`` and ``noindex``: the URL carries the token.

Each page and answer speaks the request's language, chosen as every candidate page's is
(i18n.choose: ``?lang=``, then the switcher's cookie, then Accept-Language); an alert's
emailed links carry its own ``?lang=``, and the page's forms keep it for their answer.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from careers_app import i18n, routes
from careers_app.http.auth_routes import MAX_FORM_BYTES
from careers_app.i18n import N_, Translator
from careers_app.services.jobboard import job_alerts
from careers_app.services.platform.db import session_scope
from careers_app.settings import get_settings

_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "X-Content-Type-Options": "nosniff",
    "Vary": "Accept-Language, Cookie",
}
ONE_CLICK = "List-Unsubscribe=One-Click"
NOT_VALID = N_("This link has expired or is not valid any more.")
UNSUBSCRIBE_ANYTIME = N_(
    "Changed your mind? Unsubscribe here; the same link is also in every email this alert sends."
)
NOT_UNDERSTOOD = N_("That request was not understood.")


def language_of(request: Request) -> str:
    """The page's language, as every candidate page chooses it (i18n.choose)."""
    return i18n.choose(
        param=request.query_params.get(i18n.PARAM, ""),
        cookie=request.cookies.get(i18n.COOKIE, ""),
        accept_language=request.headers.get("accept-language", ""),
    )


def _in(t: Translator, path: str, **query: str) -> str:
    """A link or form action of these pages, keeping a language other than English."""
    params = {**query, **({i18n.PARAM: t.lang} if t.lang != i18n.DEFAULT else {})}
    return path + (f"?{urlencode(params)}" if params else "")


def _page(t: Translator, title: str, *body: str, status: int = 200) -> HTMLResponse:
    company = get_settings().company_name
    site = t.gettext("{company} Careers").replace(i18n.COMPANY, company)
    text = f"""<!DOCTYPE html>
<html lang="{t.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{html.escape(title)} | {html.escape(site)}</title>
<link rel="stylesheet" href="/careers.css"></head>
<body><main class="shell" style="max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>{html.escape(title)}</h1>
{"".join(body)}
</main></body></html>
"""
    return HTMLResponse(text, status_code=status, headers=_HEADERS)


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>\n"


def _button_form(action: str, token: str, label: str) -> str:
    return (
        f'<form method="post" action="{html.escape(action)}" style="margin: 1rem 0 1.5rem">'
        f'<input type="hidden" name="token" value="{html.escape(token)}">'
        f'<button type="submit" class="btn">{html.escape(label)}</button></form>\n'
    )


def _board_link(t: Translator) -> str:
    words = html.escape(t.gettext("See all open jobs"))
    return f'<p><a href="{html.escape(_in(t, routes.BOARD))}">{words}</a></p>\n'


def _not_valid(t: Translator, hint: str = "") -> Response:
    """The answer to a link that is unknown, expired or used up: what to do next, a 404."""
    words = f"{t.gettext(NOT_VALID)} {t.gettext(hint) if hint else ''}".strip()
    return _page(t, t.gettext("Link not valid"), _p(words), _board_link(t), status=404)


AGAIN = N_("Ask for the alert again on the job board.")
DONE_ALREADY = N_("If you unsubscribed already, there is nothing more to do.")


def _token(request: Request) -> str:
    return str(request.query_params.get("token", ""))[:100]


def _confirm_page(token: str, lang: str) -> Response:
    t = Translator(lang)
    with session_scope() as session:
        view = job_alerts.view_for_confirm(token, session=session, lang=t.lang)
    if view is None:
        return _not_valid(t, AGAIN)
    return _page(
        t,
        t.gettext("Confirm your job alert"),
        _p(t.gettext("You asked to be emailed new jobs: {alert}.").replace("{alert}", view.description)),
        _p(t.gettext("At most one email a day, each with a link to unsubscribe.")),
        _button_form(_in(t, job_alerts.CONFIRM_PATH), token, t.gettext("Confirm job alert")),
    )


def _confirm(token: object, lang: str) -> Response:
    t = Translator(lang)
    with session_scope() as session:
        view = job_alerts.confirm(token, session=session, lang=t.lang)
    if view is None:
        return _not_valid(t)
    unsubscribe_url = _in(t, job_alerts.UNSUBSCRIBE_PATH, token=view.unsubscribe_token)
    return _page(
        t,
        t.gettext("Your job alert is on"),
        _p(
            t.gettext("We will email you new jobs: {alert}. At most one email a day.").replace(
                "{alert}", view.description
            )
        ),
        _p(t.gettext(UNSUBSCRIBE_ANYTIME)),
        _button_form(unsubscribe_url, view.unsubscribe_token, t.gettext("Unsubscribe")),
        _board_link(t),
    )


async def confirm(request: Request) -> Response:
    lang = language_of(request)
    if request.method == "GET":
        return await run_in_threadpool(_confirm_page, _token(request), lang)
    form = await _form(request)
    if form is None:
        return _not_understood(lang)
    return await run_in_threadpool(_confirm, form.get("token", ""), lang)


def _not_understood(lang: str) -> Response:
    return PlainTextResponse(Translator(lang).gettext(NOT_UNDERSTOOD), status_code=400, headers=_HEADERS)


def _unsubscribe_page(token: str, lang: str) -> Response:
    t = Translator(lang)
    with session_scope() as session:
        view = job_alerts.view_for_unsubscribe(token, session=session, lang=t.lang)
    if view is None:
        return _not_valid(t, DONE_ALREADY)
    return _page(
        t,
        t.gettext("Unsubscribe from this job alert?"),
        _p(t.gettext("You get emails about new jobs: {alert}.").replace("{alert}", view.description)),
        _button_form(_in(t, job_alerts.UNSUBSCRIBE_PATH, token=token), token, t.gettext("Unsubscribe")),
    )


def _unsubscribe(token: object, one_click: bool, lang: str) -> Response:
    t = Translator(lang)
    with session_scope() as session:
        done = job_alerts.unsubscribe(token, session=session)
    if one_click:  # a mail client's POST: no page, only the outcome
        return PlainTextResponse(
            t.gettext("Unsubscribed.") if done else t.gettext(NOT_VALID), status_code=200 if done else 404
        )
    if not done:
        return _not_valid(t, DONE_ALREADY)
    return _page(
        t,
        t.gettext("You are unsubscribed"),
        _p(t.gettext("You will get no more emails for this job alert, and we have deleted it.")),
        _board_link(t),
    )


async def unsubscribe(request: Request) -> Response:
    lang = language_of(request)
    if request.method == "GET":
        return await run_in_threadpool(_unsubscribe_page, _token(request), lang)
    form = await _form(request)
    if form is None:
        return _not_understood(lang)
    token = _token(request) or str(form.get("token", ""))[:100]
    one_click = form.get("List-Unsubscribe") == "One-Click"
    return await run_in_threadpool(_unsubscribe, token, one_click, lang)


async def _form(request: Request) -> dict[str, str] | None:
    """A small form body (urlencoded or multipart), or None when it is too large to be one."""
    length = request.headers.get("content-length", "0")
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        return None
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def http_routes() -> Starlette:
    return Starlette(
        routes=[
            Route(job_alerts.CONFIRM_PATH, confirm, methods=["GET", "POST"]),
            Route(job_alerts.UNSUBSCRIBE_PATH, unsubscribe, methods=["GET", "POST"]),
        ]
    )
