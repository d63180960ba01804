"""Where the plain HTTP routes go: in front of Reflex's (careers_app.py passes these to
``rx.App``). The last one listed is the outermost, so its middleware (security headers,
request log, the database-away answer) sees every response, Reflex's pages included."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp

from careers_app.http import api, api_keys_routes, auth_routes, board_api, job_alerts_api


def api_transformers() -> list[Any]:
    return [
        auth_routes.http_routes(),
        api_keys_routes.http_routes(),
        api.protect_uploads,
        board_api.http_routes(),
        job_alerts_api.http_routes(),  # a job alert's confirm and unsubscribe links
        api.http_routes(),
    ]


def outermost(app: ASGIApp) -> ASGIApp:
    """The job board API's CORS preflight, answered before Reflex's own CORS middleware (which
    refuses every origin but ours with 400: board_api.answer_preflight)."""
    return board_api.answer_preflight(app)
