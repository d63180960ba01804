"""Signing in and out as plain HTTP routes, so the session cookie can be HttpOnly.

Reflex cookies are written by the page's JavaScript and so readable by it; a cookie set
by an HTTP response with ``HttpOnly`` is not. Handlers read it from the socket's own
handshake headers (states/guard.py); after signing in, the browser does a full page load
so the new socket carries it.

Both routes take only same-origin POSTs (the Origin header must be the app's own), and
answer with a 303 redirect: to the role's home after signing in, or back to the sign-in
page with a reason code the page turns into a message.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import reflex as rx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from careers_app import routes, running
from careers_app.services.platform import auth
from careers_app.services.platform.db import session_scope
from careers_app.settings import get_settings
from careers_app.states.guard import DEVICE_COOKIE, SESSION_COOKIE, forget_hiring_team_data
from careers_app.states.team import HiringTeamState

logger = logging.getLogger("careers_app.auth")
MAX_FORM_BYTES = 4096
_CLIENT_TOKEN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _same_origin(request: Request) -> bool:
    """Login CSRF guard: the form must come from a page of this app."""
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    if not origin:
        return False
    got = urlsplit(origin)
    allowed = {(urlsplit(o).scheme, urlsplit(o).netloc) for o in get_settings().allowed_origins}
    return (got.scheme, got.netloc) in allowed


def client_address(request: Request) -> str:
    """The client's address; behind N trusted proxies, the one the outermost of them saw.

    With no trusted proxy (the default) X-Forwarded-For is ignored, so a client cannot
    choose its own address to escape the per-address throttle.
    """
    peer = request.client.host if request.client else ""
    hops = get_settings().trusted_proxy_hops
    if hops <= 0:
        return peer
    forwarded = [
        part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()
    ]
    return forwarded[-hops] if len(forwarded) >= hops else peer


async def forget_browser(client_token: object) -> None:
    """Wipe the hiring-team data Reflex keeps on the server for one browser tab.

    Reflex sends a tab's whole state back whenever it reconnects, so after signing out
    (or before a different person signs in on the same tab) nothing of the previous
    person's boards, candidates or accounts may remain in it. The form carries the tab's
    Reflex client token; without a well-formed one there is nothing to wipe.
    """
    if not isinstance(client_token, str) or not _CLIENT_TOKEN.fullmatch(client_token):
        return
    try:
        async with running.app().modify_state(
            rx.BaseStateToken(ident=client_token, cls=HiringTeamState)
        ) as state:
            await forget_hiring_team_data(state)
    except Exception:  # never let clean-up stop a sign-out; the guard wipes on refusal too
        logger.exception("could not wipe a signed-out browser's state")


def _set_cookie(response: Response, name: str, value: str, max_age: timedelta) -> None:
    response.set_cookie(
        name,
        value,
        max_age=int(max_age.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=get_settings().base_url.startswith("https://"),
    )


async def sign_in(request: Request) -> Response:
    if not _same_origin(request):
        return RedirectResponse(routes.sign_in_url(error="origin"), status_code=303)
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        return RedirectResponse(routes.sign_in_url(error="credentials"), status_code=303)
    form = await request.form()
    email, password = form.get("email", ""), form.get("password", "")
    next_path = routes.safe_next(form.get("next", ""))
    settings = get_settings()
    client = auth.client_key(client_address(request), settings.secret_key)
    device = auth.device_user_id(request.cookies.get(DEVICE_COOKIE, ""), settings.secret_key)
    try:
        with session_scope() as session:
            token, user = auth.sign_in(email, password, session=session, client=client, device_user=device)
    except auth.RateLimited as limited:
        wait = max(1, int(limited.retry_after.total_seconds()))
        return RedirectResponse(routes.sign_in_url(error="throttled", wait=wait, next_path=next_path), 303)
    except auth.AuthError:
        return RedirectResponse(routes.sign_in_url(error="credentials", next_path=next_path), 303)
    await forget_browser(form.get("client"))  # nothing of a previous person's work stays in this tab
    response = RedirectResponse(next_path or auth.home_for(user.role), status_code=303)
    _set_cookie(response, SESSION_COOKIE, token, auth.SESSION_LIFETIME)
    _set_cookie(
        response, DEVICE_COOKIE, auth.device_token(user.id, settings.secret_key), auth.DEVICE_LIFETIME
    )
    return response


async def sign_out(request: Request) -> Response:
    if not _same_origin(request):
        return RedirectResponse(routes.sign_in_url(error="origin"), status_code=303)
    token = request.cookies.get(SESSION_COOKIE, "")
    with session_scope() as session:
        auth.sign_out(token, session=session)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) <= MAX_FORM_BYTES:
        await forget_browser((await request.form()).get("client"))
    response = RedirectResponse(routes.SIGN_IN, status_code=303)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=get_settings().base_url.startswith("https://"),
    )
    return response


def http_routes() -> Starlette:
    return Starlette(
        routes=[
            Route(routes.SIGN_IN_POST, sign_in, methods=["POST"]),
            Route(routes.SIGN_OUT_POST, sign_out, methods=["POST"]),
        ]
    )
