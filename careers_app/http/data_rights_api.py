"""Downloads of a person's data as a zip: for admins (session cookie, admin role checked
on the server) and for the person themselves (their status-link token, posted in a form).

Plain defs: Starlette runs them in a thread (zipping touches the disk). Each download is
written to the audit log in the same unit of work as the read.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from careers_app.http.auth_routes import _same_origin, client_address
from careers_app.http.headers import content_disposition
from careers_app.routes import row_id
from careers_app.services.candidates import candidate_access
from careers_app.services.platform import audit, auth
from careers_app.services.platform.db import session_scope
from careers_app.services.platform.errors import NotFound, Refused
from careers_app.services.privacy import data_export
from careers_app.services.visibility import identity
from careers_app.settings import get_settings

_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _zip(export: data_export.Export) -> Response:
    return Response(
        export.data,
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(
                export.filename, disposition="attachment", extension=".zip"
            ),
            **_HEADERS,
        },
    )


def person_export(request: Request) -> Response:
    """GET /team/people/<id>/export.zip: everything about a person, for admins only; refused
    while one of their applications is masked by blind screening (a GET changes nothing: the
    reveal is confirmed on the People page, which then starts this download)."""
    candidate_id = row_id(request.path_params.get("candidate_id"))
    with session_scope() as session:
        user = auth.current_user(request.cookies.get(auth.SESSION_COOKIE, ""), session=session)
        if user is None or user.role not in auth.ADMIN_ROLES:
            return PlainTextResponse(
                "Sign in with an admin account to export a person's data.", status_code=403
            )
        if candidate_id is None:
            return PlainTextResponse("Not found", status_code=404)
        actor = audit.Actor.user(user.id, user.email, client_address(request))
        try:
            export = data_export.export_person(
                candidate_id, get_settings().upload_dir, actor, include_eeo=False, session=session
            )
        except NotFound:
            return PlainTextResponse("Not found", status_code=404)
        except Refused as masked:
            return PlainTextResponse(str(masked), status_code=403, headers=_HEADERS)
    return _zip(export)


async def candidate_export(request: Request) -> Response:
    """The person's own zip, EEO answers included: ``GET ?ticket=`` (minted by the status page
    after it checked the link) or ``POST`` with the status-link ``token`` (a plain form)."""
    client = client_address(request)
    if request.method == "GET":
        return await run_in_threadpool(_candidate_zip, "", request.query_params.get("ticket", ""), client)
    if not _same_origin(request):
        return PlainTextResponse("Download your data from your status page.", status_code=403)
    form = await request.form()
    return await run_in_threadpool(_candidate_zip, form.get("token", ""), "", client)


def _candidate_zip(token: object, ticket: str, client: str) -> Response:
    refused = PlainTextResponse(
        "This link has expired or is not valid. Ask for a new link on the status page.", status_code=403
    )
    settings = get_settings()
    with session_scope() as session:
        if ticket:
            candidate_id = data_export.ticket_candidate(ticket, settings.secret_key)
        elif candidate_access.plausible_token(token):
            candidate_id = candidate_access.candidate_for_token(token, session=session)
        else:
            candidate_id = None
        if candidate_id is None:
            return refused
        try:
            export = data_export.export_person(
                candidate_id,
                settings.upload_dir,
                audit.Actor.candidate(client),
                include_eeo=True,
                session=session,
                viewer=identity.Viewer.CANDIDATE,
            )
        except NotFound:
            return refused
    return _zip(export)
