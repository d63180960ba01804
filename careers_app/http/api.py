"""Plain HTTP routes beside Reflex: candidate documents for signed-in recruiters only, the
sitemap and robots.txt, security headers on every response, and a guard in front of
Reflex's own upload routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from careers_app import routes
from careers_app.http import data_rights_api
from careers_app.http.auth_routes import client_address
from careers_app.http.first_response import first_response_routes
from careers_app.http.headers import DOCUMENT_CSP, SecurityHeaders, content_disposition
from careers_app.http.health import PATH as HEALTH_PATH
from careers_app.http.health import healthz
from careers_app.logging_json import RequestLog
from careers_app.resilience import DatabaseUnavailable
from careers_app.services.board import pipeline
from careers_app.services.candidates import documents
from careers_app.services.compliance import eeo_disclosure, eeo_reports
from careers_app.services.jobboard import job_feed, seo
from careers_app.services.platform import audit, auth
from careers_app.services.platform.db import session_scope
from careers_app.services.visibility import blind_screening
from careers_app.settings import get_settings

MAX_UPLOAD_BODY = documents.MAX_BYTES + 64 * 1024  # one file plus multipart overhead

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


async def document(request: Request) -> Response:
    token = request.cookies.get(auth.SESSION_COOKIE, "")
    document_id = routes.row_id(request.path_params.get("document_id"))
    if document_id is None:
        return PlainTextResponse("Not found", status_code=404)
    with session_scope() as session:
        user = auth.current_user(token, session=session)
        if user is None or not user.can_work_board:
            return PlainTextResponse("Sign in to see candidate documents.", status_code=403)
        row = pipeline.document_for_download(document_id, session=session)
        if row is not None and blind_screening.document_hidden(document_id, session=session):
            return PlainTextResponse(
                "Withheld during blind screening: reveal the candidate or move them on first.",
                status_code=403,
                headers={"Cache-Control": "private, no-store"},
            )
        if row is not None:  # every view goes to the audit log, with the same commit
            audit.record_document_view(row, user, client_address(request), session=session)
    if row is None:
        return PlainTextResponse("Not found", status_code=404)
    path = documents.path_for(row.storage_key, get_settings().upload_dir)
    if not path.is_file():
        return PlainTextResponse("Not found", status_code=404)
    return FileResponse(
        path,
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(row.original_name),
            "Content-Security-Policy": DOCUMENT_CSP,
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def compliance_csv(request: Request) -> Response:
    """A compliance report table as CSV, for compliance staff and admins only (a plain def:
    Starlette runs it in a thread). The same filter and suppression as the page."""
    kind = request.path_params.get("kind", "")
    if kind not in eeo_reports.CSV_KINDS:
        return PlainTextResponse("Not found", status_code=404)
    params = request.query_params
    posting, date_from, date_to = (params.get(k, "")[:200] for k in ("posting", "from", "to"))
    with session_scope() as session:
        user = auth.current_user(request.cookies.get(auth.SESSION_COOKIE, ""), session=session)
        if user is None or user.role not in auth.COMPLIANCE_ROLES:
            return PlainTextResponse("Sign in with a compliance account to export reports.", status_code=403)
        period, refusal = eeo_disclosure.check_period(date_from, date_to)
        if period is None:  # only whole closed quarters: two reports never differ by one person
            return PlainTextResponse(refusal, status_code=400, headers={"Cache-Control": "no-store"})
        report, _notice = eeo_reports.parse_filter(posting, date_from, date_to, session=session)
        tables, impact = eeo_reports.reports(report, session=session)
        body = eeo_reports.report_csv(tables) if kind == "eeo" else eeo_reports.impact_csv(impact)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition(
                f"{kind}-report.csv", disposition="attachment", extension=".csv"
            ),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def sitemap(_request: Request) -> Response:
    """Public pages only (a plain def: Starlette runs it in a thread, off the event loop)."""
    with session_scope() as session:
        entries = seo.sitemap_entries(session=session)
    return Response(
        seo.sitemap_xml(entries, base_url=get_settings().base_url),
        media_type="application/xml",
        headers={"Cache-Control": "public, max-age=300"},
    )


def robots(_request: Request) -> Response:
    return PlainTextResponse(
        seo.robots_txt(base_url=get_settings().base_url), headers={"Cache-Control": "public, max-age=3600"}
    )


def jobs_feed(_request: Request) -> Response:
    """Every open posting as XML for job aggregators (Indeed-style fields)."""
    settings = get_settings()
    with session_scope() as session:
        jobs = job_feed.feed_jobs(session=session)
    return Response(
        job_feed.feed_xml(jobs, company=settings.company_name, base_url=settings.base_url),
        media_type="application/xml",
        headers={"Cache-Control": "public, max-age=300"},
    )


def http_routes() -> Starlette:
    """Our routes, in front of Reflex's (including its built pages).

    Listed last in ``api_transformer``, this app is the outermost layer, so its
    SecurityHeaders middleware sees every response, Reflex's pages included.
    """
    return Starlette(
        routes=[
            Route(HEALTH_PATH, healthz, methods=["GET"]),
            Route("/recruiting/documents/{document_id}", document, methods=["GET"]),
            Route(routes.COMPLIANCE_CSV, compliance_csv, methods=["GET"]),
            Route(routes.PERSON_EXPORT, data_rights_api.person_export, methods=["GET"]),
            Route(routes.CANDIDATE_EXPORT, data_rights_api.candidate_export, methods=["GET", "POST"]),
            Route(seo.SITEMAP_PATH, sitemap, methods=["GET"]),
            Route("/robots.txt", robots, methods=["GET"]),
            Route(job_feed.FEED_PATH, jobs_feed, methods=["GET"]),
            *first_response_routes(),
        ],
        middleware=[Middleware(RequestLog), Middleware(DatabaseUnavailable), Middleware(SecurityHeaders)],
    )


UPLOAD_HANDLERS = (".upload_resume", ".upload_cover_letter")


def protect_uploads(app: ASGIApp) -> ASGIApp:
    """Reflex serves its upload folder to anyone and parses any upload size: refuse both.

    Candidate files never go to that folder, and the chunked upload handler enforces
    1 MB itself; this refuses oversized bodies before they are read at all.
    """

    async def guarded(
        scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ) -> None:
        if scope.get("type") == "http" and str(scope.get("path", "")).startswith("/_upload"):
            method = scope.get("method", "")
            if method in ("GET", "HEAD"):
                await PlainTextResponse("Not found", status_code=404)(scope, receive, send)
                return
            headers = dict(scope.get("headers") or [])
            target = headers.get(b"reflex-event-handler", b"").decode("latin-1")
            if method == "POST" and not target.endswith(UPLOAD_HANDLERS):
                # Only the wizard's two upload handlers take files; naming any other handler
                # made Reflex answer 500 after parsing the whole body.
                await PlainTextResponse("Not an upload.", status_code=400)(scope, receive, send)
                return
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_UPLOAD_BODY):
                await PlainTextResponse("File is larger than 1 MB.", status_code=413)(scope, receive, send)
                return
        await app(scope, receive, send)

    return guarded
