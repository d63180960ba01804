"""The Reflex app: registers pages; nothing else."""

import reflex as rx
from starlette.types import ASGIApp

from careers_app import at_rest, logging_json, resilience, running, state_store, tasks
from careers_app.http import mount
from careers_app.pages import (
    accounts,
    api_keys,
    apply,
    board,
    compliance,
    email_templates,
    interview_pick,
    not_allowed,
    pipeline,
    pipelines,
    posting,
    posting_editor,
    sign_in,
)
from careers_app.pages import analytics as analytics_pages
from careers_app.pages import candidate_status as candidate_status_pages
from careers_app.pages import data_rights as data_rights_pages
from careers_app.settings import get_settings
from careers_app.states import guard, wizard_recovery

at_rest.secure(get_settings())  # umask 077; data dir, database and state store private to us
state_store.keep_no_credentials()  # no session cookie or link token in the state store
logging_json.configure(get_settings().log_format)  # CAREERS_LOG_FORMAT=json: one line per request/event


class CareersApp(rx.App):
    """Reflex's app with our plain HTTP routes' outermost layer (http/mount.py) around it."""

    def __call__(self) -> ASGIApp:
        return mount.outermost(super().__call__())


app = CareersApp(
    stylesheets=["/careers.css"],
    api_transformer=mount.api_transformers(),  # every plain HTTP route, in front of Reflex's
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
sign_in.register(app)
pipelines.register(app)
posting_editor.register(app)
accounts.register(app)
pipeline.register(app)
not_allowed.register(app)
compliance.register(app)
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
