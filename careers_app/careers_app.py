"""The Reflex app: registers pages; nothing else."""

import reflex as rx
from starlette.types import ASGIApp

from careers_app import (
    api_keys_routes,
    at_rest,
    auth_routes,
    board_api,
    job_alerts_api,
    logging_json,
    resilience,
    running,
    state_store,
    tasks,
)
from careers_app.api import http_routes, protect_uploads
from careers_app.pages import analytics as analytics_pages
from careers_app.pages import api_keys, apply, board, email_templates, interview_pick, posting, recruiting
from careers_app.pages import candidate_status as candidate_status_pages
from careers_app.pages import data_rights as data_rights_pages
from careers_app.settings import get_settings
from careers_app.states import guard, wizard_recovery

at_rest.secure(get_settings())  # umask 077; data dir, database and state store private to us
state_store.keep_no_credentials()  # no session cookie or link token in the state store
logging_json.configure(get_settings().log_format)  # CAREERS_LOG_FORMAT=json: one line per request/event


class CareersApp(rx.App):
    """Reflex's app with the job board API's CORS preflight answered in front of Reflex's own
    CORS middleware, which refuses every origin but ours with 400 (board_api.answer_preflight)."""

    def __call__(self) -> ASGIApp:
        return board_api.answer_preflight(super().__call__())


app = CareersApp(
    stylesheets=["/careers.css"],
    api_transformer=[
        auth_routes.http_routes(),
        api_keys_routes.http_routes(),
        protect_uploads,
        board_api.http_routes(),
        job_alerts_api.http_routes(),  # a job alert's confirm and unsubscribe links
        http_routes(),
    ],
    # Redis or the database away: "reconnecting", not "contact the administrator".
    backend_exception_handler=resilience.backend_exception_handler,
)
running.register(app)  # for the sign-out route, which wipes a tab's state in it
app.add_middleware(wizard_recovery.LostWizardState())  # a Redis restart reloads wizard tabs: drafts come back
app.add_middleware(guard.HydrateGate())  # a tab gets hiring-team state back only with a live session
app.register_lifespan_task(resilience.drain_events_on_shutdown)  # SIGTERM: events in flight finish
board.register(app)
posting.register(app)
apply.register(app)
recruiting.register(app)
api_keys.register(app)
email_templates.register(app)
interview_pick.register(app)
data_rights_pages.register(app)
candidate_status_pages.register(app)
analytics_pages.register(app)
app.register_lifespan_task(tasks.maintenance_loop)
app.register_lifespan_task(tasks.outbox_loop)
app.register_lifespan_task(tasks.start_pdf_checker)  # uploads never wait for the checker's start
app.register_lifespan_task(tasks.freeze_startup_objects)  # no 100 ms collections of the app itself
