"""The email template editor's handlers, through the guard and production's transaction path."""

from __future__ import annotations

from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app import routes
from careers_app.models import EmailTemplate
from careers_app.services.mail import email_templates as et
from careers_app.states.email_templates import EmailTemplatesState
from careers_app.states.guard import SESSION_COOKIE
from tests.handler_calls import new_root, substate
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop


def _state(token: str, path: str = routes.EMAIL_TEMPLATES) -> EmailTemplatesState:
    root = new_root()
    state = substate(root, EmailTemplatesState)
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": f"{SESSION_COOKIE}={token}" if token else ""},
            "ip": "203.0.113.7",
            "pathname": path.split("?")[0],
            "asPath": path,
        }
    )
    return state


def _send(state: rx.State, name: str, **payload: Any) -> Any:
    handler = getattr(EmailTemplatesState, name)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def test_admin_edits_sees_preview_saves_and_resets(app_db: Engine) -> None:
    state = _state(_token("admin"), routes.email_templates_url("not_selected"))
    _send(state, "load")
    assert state.key == "not_selected" and not state.customised
    assert "Ada" in state.preview_text  # sample data
    _send(state, "edit", field="subject", value="Hello {candidate_first_name.__class__}")
    assert "is not allowed" in state.errors["subject"] and state.preview_error
    _send(state, "save")
    with Session(app_db) as session:
        assert session.get(EmailTemplate, "not_selected") is None  # nothing half-written
    _send(state, "edit", field="subject", value="News about {posting_title}")
    _send(state, "edit", field="html", value="<p>Dear {candidate_first_name}</p>")
    assert state.errors == {} and state.preview_subject == "News about Senior Software Engineer"
    assert state.preview_html == "<p>Dear Ada</p>"
    _send(state, "save")
    assert state.customised
    with Session(app_db) as session:
        assert et.load("not_selected", session=session).subject == "News about {posting_title}"
    _send(state, "reset_to_default")
    with Session(app_db) as session:
        assert session.get(EmailTemplate, "not_selected") is None
    assert state.values["subject"] == et.spec("not_selected").subject


@pytest.mark.parametrize(
    ("field", "value"), [("__class__", "x"), ("subject", {"a": 1}), ("values", "x"), ("subject", None)]
)
def test_hostile_edits_change_nothing(app_db: Engine, field: str, value: Any) -> None:
    state = _state(_token("admin"))
    _send(state, "load")
    before = dict(state.values)
    _send(state, "edit", field=field, value=value)
    assert state.values == before


def test_unknown_template_key_is_refused_and_a_recruiter_may_not_edit(app_db: Engine) -> None:
    state = _state(_token("admin"))
    _send(state, "load")
    assert _redirect_target(_send(state, "choose", key="../accounts")) is None
    assert _redirect_target(_send(state, "choose", key="interview_invitation")) == (
        routes.email_templates_url("interview_invitation")
    )
    recruiter = _state(_token("recruiter"))
    assert _redirect_target(_send(recruiter, "load")) == routes.NOT_ALLOWED
    assert _redirect_target(_send(recruiter, "save")) == routes.NOT_ALLOWED
    assert recruiter.values["subject"] == ""
