"""Plain HTTP routes beside Reflex: candidate documents for signed-in recruiters only,
and a guard in front of Reflex's own upload routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from careers_app.services import auth, documents, pipeline
from careers_app.services.db import session_scope
from careers_app.settings import get_settings

SESSION_COOKIE = "careers_session"
MAX_UPLOAD_BODY = documents.MAX_BYTES + 64 * 1024  # one file plus multipart overhead

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


async def document(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    try:
        document_id = int(request.path_params["document_id"])
    except (KeyError, ValueError):
        return PlainTextResponse("Not found", status_code=404)
    with session_scope() as session:
        user = auth.current_user(token, session=session)
        if user is None or not user.can_work_board:
            return PlainTextResponse("Sign in to see candidate documents.", status_code=403)
        row = pipeline.document_for_download(document_id, session=session)
    if row is None:
        return PlainTextResponse("Not found", status_code=404)
    path = documents.path_for(row.storage_key, get_settings().upload_dir)
    if not path.is_file():
        return PlainTextResponse("Not found", status_code=404)
    return FileResponse(
        path,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(row.original_name)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def http_routes() -> Starlette:
    return Starlette(routes=[Route("/recruiting/documents/{document_id}", document, methods=["GET"])])


SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


def protect_uploads(app: ASGIApp) -> ASGIApp:
    """Reflex serves its upload folder to anyone and parses any upload size: refuse both.

    Candidate files never go to that folder, and the chunked upload handler enforces
    1 MB itself; this refuses oversized bodies before they are read at all. Every HTTP
    response also gets the usual hardening headers (pages may be framed only by the app
    itself, which shows candidate PDFs in frames).
    """

    async def guarded(
        scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ) -> None:
        if scope.get("type") == "http":
            original_send = send

            async def send_with_headers(message: Any) -> None:
                if message.get("type") == "http.response.start":
                    headers = list(message.get("headers", []))
                    present = {bytes(name).lower() for name, _ in headers}
                    headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                    message = {**message, "headers": headers}
                await original_send(message)

            send = send_with_headers
        if scope.get("type") == "http" and str(scope.get("path", "")).startswith("/_upload"):
            method = scope.get("method", "")
            if method in ("GET", "HEAD"):
                await PlainTextResponse("Not found", status_code=404)(scope, receive, send)
                return
            length = dict(scope.get("headers") or []).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_UPLOAD_BODY):
                await PlainTextResponse("File is larger than 1 MB.", status_code=413)(scope, receive, send)
                return
        await app(scope, receive, send)

    return guarded
