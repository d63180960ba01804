"""The job board API over HTTP: Greenhouse's public Job Board API paths and JSON.

GETs are public, as Greenhouse's are: any origin may read them (``Access-Control-Allow-
Origin: *``; no cookie or key is involved, so nothing private can leak), ``?callback=name``
answers JSONP as Greenhouse documents it, and every path answers with or without a
trailing slash (clients write both). A CORS preflight for these paths is answered by
``answer_preflight``, which must sit outside Reflex's own CORS middleware (that one
refuses every origin but ours with 400); it allows GET only, so a browser page cannot
post applications with a key it would have to show the world.

``POST .../jobs/{id}`` takes an application (multipart or JSON) authenticated by HTTP
Basic with an API key as the user name and an empty password. Before the body is read, a
POST is refused when it is too large (413), has no valid key (401), or its key is over its
rate (429); then the posting is looked up (404). Every refusal is JSON: ``{"status",
"error", "errors": [{"field", "message"}]}``, and nothing a client sends can make a 500.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from careers_app import i18n, routes
from careers_app.http.auth_routes import client_address
from careers_app.services.applying.applications import PostingClosed
from careers_app.services.candidates import documents as docs
from careers_app.services.jobboard import job_board
from careers_app.services.jobboard.job_board_apply import Upload, read_application, submit
from careers_app.services.platform import api_keys
from careers_app.services.platform.db import session_scope
from careers_app.services.platform.errors import Invalid
from careers_app.settings import get_settings

logger = logging.getLogger("careers_app.http.board_api")

# Two 1 MB files and the multipart framing around them; base64 in JSON costs a third more,
# so a JSON body fits one full-size file and a smaller one.
MAX_BODY = 2 * docs.MAX_BYTES + 128 * 1024
MAX_FORM_FILES = 4
MAX_FORM_FIELDS = 200
SAVED = {"success": "Candidate saved successfully"}  # what Greenhouse answers
PREFIX = "/v1/boards/"
# Greenhouse: "The callback name may only contain numbers, letters, underscore, and period."
# Stricter still: dotted names that cannot start with a digit, so the body is a call.
_CALLBACK = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}(?:\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}")
_HEADER_NAMES = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*")
ANY_ORIGIN = {"Access-Control-Allow-Origin": "*"}


def error(
    status: int, message: str, errors: dict[str, str] | None = None, *, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "error": message}
    if errors:
        body["errors"] = [{"field": name, "message": text} for name, text in errors.items()]
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})


def _ok(data: Any, *, public: bool = True) -> JSONResponse:
    cache = "public, max-age=60" if public else "no-store"
    return JSONResponse(data, headers={"Cache-Control": cache})


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").strip().lower() in ("true", "1", "yes")


def _tree(request: Request) -> bool | None:
    value = request.query_params.get("render_as", "list").strip().lower() or "list"
    return {"list": False, "tree": True}.get(value)


def _context(request: Request | None = None) -> job_board.BoardContext:
    """``?lang=es``: postings with a Spanish version in Spanish (i18n.py), the rest in English."""
    settings = get_settings()
    lang = i18n.supported(request.query_params.get(i18n.PARAM, "")) if request is not None else ""
    return job_board.BoardContext(
        base_url=settings.base_url, company=settings.company_name, lang=lang or i18n.DEFAULT
    )


Endpoint = Callable[[Request], Response]


def _board(fn: Endpoint) -> Endpoint:
    """Unknown board tokens are 404 like unknown jobs."""

    def run(request: Request) -> Response:
        if request.path_params.get("board_token") != get_settings().board_token:
            return error(404, "Job board not found")
        return fn(request)

    return run


@_board
def board(_request: Request) -> Response:
    return _ok(job_board.board(_context()))


@_board
def jobs(request: Request) -> Response:
    content, pay = _flag(request, "content"), _flag(request, "pay_transparency")
    with session_scope() as session:
        return _ok(job_board.jobs(_context(request), content=content, pay=pay, session=session))


@_board
def job(request: Request) -> Response:
    job_id = routes.row_id(request.path_params.get("job_id"))
    if job_id is None:
        return error(404, "Job not found")
    with session_scope() as session:
        data = job_board.job(
            job_id,
            _context(request),
            questions=_flag(request, "questions"),
            pay=_flag(request, "pay_transparency"),
            session=session,
        )
    return error(404, "Job not found") if data is None else _ok(data)


def _listing(kind: str) -> Endpoint:
    def run(request: Request) -> Response:
        tree = _tree(request)
        if tree is None:
            return error(400, "render_as must be list or tree", {"render_as": "Use list or tree."})
        ctx = _context(request)
        with session_scope() as session:
            if kind == "departments":
                return _ok(job_board.departments(ctx, tree=tree, session=session))
            return _ok(job_board.offices(ctx, tree=tree, session=session))

    return _board(run)


def _one(kind: str) -> Endpoint:
    def run(request: Request) -> Response:
        tree = _tree(request)
        if tree is None:
            return error(400, "render_as must be list or tree", {"render_as": "Use list or tree."})
        row_id = routes.row_id(request.path_params.get(f"{kind}_id"))
        data = None
        if row_id is not None:
            with session_scope() as session:
                find = job_board.department if kind == "department" else job_board.office
                data = find(row_id, _context(request), tree=tree, session=session)
        return error(404, f"{kind.title()} not found") if data is None else _ok(data)

    return _board(run)


def _jsonp(response: Response, callback: str) -> Response:
    """The JSON as a call of ``callback``; the ``/**/`` in front keeps a body that starts
    with attacker-chosen bytes from being read as another file type."""
    body = bytes(response.body).replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
    keep = {k: v for k, v in response.headers.items() if not k.lower().startswith("content-")}
    return Response(
        b"/**/" + callback.encode() + b"(" + body + b");",
        status_code=response.status_code,
        media_type="application/javascript",
        headers=keep,
    )


def _public(fn: Endpoint) -> Endpoint:
    """A GET any web page may read: fetched (CORS) or as JSONP (``?callback=``)."""

    def run(request: Request) -> Response:
        callback = request.query_params.get("callback", "")
        if callback and not _CALLBACK.fullmatch(callback):
            response: Response = error(
                400,
                "Invalid callback name",
                {"callback": "Use letters, digits, underscores and periods, not starting with a digit."},
            )
        else:
            response = fn(request)
            if callback:
                response = _jsonp(response, callback)
        response.headers.update(ANY_ORIGIN)
        return response

    return run


def answer_preflight(app: ASGIApp) -> ASGIApp:
    """OPTIONS on the job board API (a browser's CORS preflight or a plain OPTIONS): 204
    allowing GET from any origin, with whatever request headers the page asks for (no
    credentials are ever allowed). Everything else goes to ``app``."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope.get("type") != "http" or scope.get("method") != "OPTIONS" or not path.startswith(PREFIX):
            await app(scope, receive, send)
            return
        headers = {
            **ANY_ORIGIN,
            "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
            "Access-Control-Max-Age": "7200",
            "Allow": "GET, HEAD, POST, OPTIONS",
            "Vary": "Access-Control-Request-Headers",
            "X-Content-Type-Options": "nosniff",
        }
        asked = Request(scope).headers.get("access-control-request-headers", "").strip()
        if asked and len(asked) <= 1000 and _HEADER_NAMES.fullmatch(asked):
            headers["Access-Control-Allow-Headers"] = asked
        await Response(status_code=204, headers=headers)(scope, receive, send)

    return guarded


# ----- POST an application --------------------------------------------------------------


async def _read_body(request: Request) -> bytes | None:
    """The body, or None once it passes MAX_BODY (a lying or missing Content-Length)."""
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _fields(request: Request, body: bytes) -> tuple[dict[str, object], dict[str, Upload]] | Response:
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind == "application/json":
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return error(400, "The body is not valid JSON.")
        if not isinstance(data, dict):
            return error(400, "Send a JSON object.")
        return {str(k): v for k, v in data.items()}, {}
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return error(415, "Send multipart/form-data or application/json.")

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    parsed = Request(request.scope, replay)
    fields: dict[str, object] = {}
    files: dict[str, Upload] = {}
    try:
        async with parsed.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS) as form:
            for name, value in form.multi_items():
                if name in fields or name in files:
                    continue  # the first value of a repeated name counts
                if isinstance(value, UploadFile):
                    files[name] = Upload(filename=value.filename or "document.pdf", data=await value.read())
                else:
                    fields[name] = value
    except Exception:  # any malformed form is the client's error, never a 500
        return error(400, "The form could not be read.")
    return fields, files


async def apply(request: Request) -> Response:
    settings = get_settings()
    job_id = routes.row_id(request.path_params.get("job_id"))
    if request.path_params.get("board_token") != settings.board_token or job_id is None:
        return error(404, "Job not found")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        return error(413, f"The body is larger than {MAX_BODY:,} bytes.")
    key = api_keys.key_from_basic_auth(request.headers.get("authorization"))
    try:
        with session_scope() as session:
            caller = api_keys.authenticate(key, session=session) if key else None
            if caller is not None:
                api_keys.admit_call(caller, session=session)
    except api_keys.RateLimited as limited:
        wait = max(1, round(limited.retry_after))
        return error(429, str(limited), headers={"Retry-After": str(wait)})
    if caller is None:
        return error(
            401,
            "Authenticate with HTTP Basic: an API key as the user name, an empty password.",
            headers={"WWW-Authenticate": 'Basic realm="job board"'},
        )
    status = 500  # what the audit says if answering fails on the way
    try:
        answer = await _post(request, caller, job_id)
        status = answer.status_code
        return answer
    finally:  # one entry per call let in, saying what happened (a 422 posted nothing)
        with session_scope() as session:
            api_keys.audit_call(caller, status, session=session, client_address=client_address(request))


async def _post(request: Request, caller: api_keys.Caller, job_id: int) -> Response:
    """The application of a call the key was let in for: checked, then submitted."""
    settings = get_settings()
    with session_scope() as session:
        if job_board.job(job_id, _context(), questions=False, session=session) is None:
            return error(404, "Job not found")
    body = await _read_body(request)
    if body is None:
        return error(413, f"The body is larger than {MAX_BODY:,} bytes.")
    parsed = await _fields(request, body)
    if isinstance(parsed, Response):
        return parsed
    fields, files = parsed
    try:
        application = read_application(fields, files)
        result = await run_in_threadpool(
            submit,
            job_id,
            application,
            upload_dir=settings.upload_dir,
            company=settings.company_name,
            unit=session_scope,
        )
    except Invalid as invalid:
        return error(422, "The application has errors.", invalid.errors)
    except PostingClosed as closed:
        return error(404, str(closed))
    except docs.DocumentRejected as busy:
        return error(503, str(busy), headers={"Retry-After": "60"})
    logger.info(
        "api application %s for posting %s by key %s%s",
        result.application_id,
        job_id,
        caller.key_id,
        " (repeat)" if result.already_applied else "",
    )
    return _ok(SAVED, public=False)


def http_routes() -> Starlette:
    """Every path of the API, each also with a trailing slash (GET and POST of one job are
    two routes on one path), in front of Reflex's and inside ``api.http_routes`` (whose
    headers wrap every response)."""
    post: Callable[[Request], Awaitable[Response]] = apply
    endpoints: list[tuple[str, Callable[[Request], Any], str]] = [
        (routes.BOARD_API, _public(board), "GET"),
        (routes.BOARD_API_JOBS, _public(jobs), "GET"),
        (routes.BOARD_API_JOB, _public(job), "GET"),
        (routes.BOARD_API_JOB, post, "POST"),
        (routes.BOARD_API_DEPARTMENTS, _public(_listing("departments")), "GET"),
        (routes.BOARD_API_DEPARTMENT, _public(_one("department")), "GET"),
        (routes.BOARD_API_OFFICES, _public(_listing("offices")), "GET"),
        (routes.BOARD_API_OFFICE, _public(_one("office")), "GET"),
    ]
    return Starlette(
        routes=[
            Route(path + slash, endpoint, methods=[method])
            for path, endpoint, method in endpoints
            for slash in ("", "/")
        ]
    )
