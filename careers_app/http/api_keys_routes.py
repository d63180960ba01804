"""Making a job board API key as a plain HTTP POST, so the key never enters Reflex state.

Reflex keeps each tab's state on the server (files or Redis) and sends it back whenever
the tab reconnects; a key shown through a state var would sit there in plain text. Here
the key page's form posts to this route, which checks the Origin, the session cookie and
the admin role, makes the key (only its SHA-256 is stored) and answers with a small page
that shows it once: ``Cache-Control: no-store``, nothing kept anywhere but the browser's
screen. An invalid name goes back to the key page with a reason code.
"""

from __future__ import annotations

import html

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from careers_app import routes
from careers_app.http.auth_routes import MAX_FORM_BYTES, _same_origin
from careers_app.services.platform import api_keys, auth
from careers_app.services.platform.db import session_scope
from careers_app.services.platform.errors import Invalid
from careers_app.settings import get_settings
from careers_app.states.guard import SESSION_COOKIE

NAME_ERROR = "name"  # ?error=name on the key page: the name was refused
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def _shown_once(name: str, key: str) -> str:
    company = html.escape(get_settings().company_name)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>New API key | {company} Recruiting</title>
<link rel="stylesheet" href="/careers.css"></head>
<body><main style="max-width: 48rem; margin: 2rem auto; padding: 0 1rem; font-family: sans-serif">
<h1>New key: {html.escape(name)}</h1>
<p>Copy it now: it is shown only once and cannot be shown again.</p>
<div role="status">
<label for="new-api-key">API key</label>
<input id="new-api-key" value="{html.escape(key)}" readonly style="width: 100%; font-family: monospace">
</div>
<form method="get" action="{routes.API_KEYS}" style="margin-top: 1rem">
<button type="submit" class="btn">I have copied it</button>
</form>
</main></body></html>
"""


async def create_key(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse("Make keys from the API keys page.", status_code=403, headers=_HEADERS)
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        return PlainTextResponse("That request was not understood.", status_code=400, headers=_HEADERS)
    name = (await request.form()).get("name", "")
    with session_scope() as session:
        user = auth.current_user(request.cookies.get(SESSION_COOKIE, ""), session=session)
        if user is None or user.role not in auth.ADMIN_ROLES:
            return PlainTextResponse(
                "Sign in with an admin account to make API keys.", status_code=403, headers=_HEADERS
            )
        try:
            made = api_keys.create_key(name, created_by=user.id, session=session)
        except Invalid:
            return RedirectResponse(f"{routes.API_KEYS}?error={NAME_ERROR}", status_code=303)
    return HTMLResponse(_shown_once(made.info.name, made.key), headers=_HEADERS)


def http_routes() -> Starlette:
    return Starlette(routes=[Route(routes.API_KEY_NEW, create_key, methods=["POST"])])
