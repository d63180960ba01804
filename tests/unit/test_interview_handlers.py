"""Interview handlers through the guard and production's transaction path: the recruiter's
panel proposes, the candidate's public page picks; strangers and junk change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from careers_app import routes
from careers_app.models import Application, Interview, Outbox
from careers_app.services.board import pipeline
from careers_app.services.interviews import interviews
from careers_app.services.platform.db import session_scope
from careers_app.states import pipeline as board_states
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.interviews import InterviewPanelState, InterviewPickState
from tests.factories import demo_applications, make_office, make_posting, make_team
from tests.handler_calls import new_root
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop


def _state(cls: type[State], token: str, path: str) -> Any:
    root = new_root()
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": f"{SESSION_COOKIE}={token}" if token else ""},
            "ip": "203.0.113.7",
            "pathname": path.split("?")[0],
            "asPath": path,
        }
    )
    return state


def _send(state: Any, cls: type[State], name: str, **payload: Any) -> Any:
    handler = getattr(cls, name)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def _setup(tmp_path: Path) -> tuple[str, int]:
    with session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Line Cook")
        assert posting.id is not None
        demo_applications(posting.id, 1, tmp_path, session=session)
        app = session.exec(select(Application).where(Application.posting_id == posting.id)).one()
        assert app.id is not None
        if app.stage != "onsite":
            pipeline.move(app.id, posting.id, "onsite", app.version, "Riley", session=session)
        return posting.slug, app.id


def _form(**rows: dict[str, str]) -> dict[str, str]:
    return {f"{row}-{k}": v for row, fields in rows.items() for k, v in fields.items()}


SOON = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
GOOD = {
    "date": SOON,
    "start": "09:00",
    "duration": "30",
    "time_zone": "Asia/Kolkata",
    "location": "Zoom",
}


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Board announcements asked for (the live feed itself needs a running server: e2e)."""
    said: list[tuple[int, int]] = []

    async def board_said(_state: Any, boards: dict[int, list[int]]) -> None:
        said.extend((posting_id, app_id) for posting_id, ids in boards.items() for app_id in ids)

    monkeypatch.setattr(board_states, "announce", board_said)
    return said


def test_recruiter_proposes_and_the_candidate_books(
    app_db: Engine,
    tmp_path: Path,
    announced: list[tuple[int, int]],
) -> None:
    slug, app_id = _setup(tmp_path)
    panel = _state(InterviewPanelState, _token("recruiter"), routes.pipeline_url(slug))
    _send(panel, InterviewPanelState, "load_interview", application_id=app_id + 1000)  # not on this board
    assert panel._application_id == 0
    _send(panel, InterviewPanelState, "propose", form_data=_form(**{"slot-1": GOOD}))
    _send(panel, InterviewPanelState, "load_interview", application_id=app_id)
    posting_id = panel._posting_id
    assert panel.iv_status == ""
    _send(
        panel,
        InterviewPanelState,
        "propose",
        form_data=_form(**{"slot-1": {**GOOD, "time_zone": "Nowhere/Zone"}}),
    )
    assert "from the list" in panel.iv_errors["slot-1-time_zone"]
    with Session(app_db) as session:
        assert session.exec(select(Interview)).first() is None  # nothing half-written
    _send(panel, InterviewPanelState, "add_slot_row")
    second = {**GOOD, "start": "15:30", "time_zone": "America/New_York"}
    _send(panel, InterviewPanelState, "propose", form_data=_form(**{"slot-1": GOOD, "slot-2": second}))
    assert panel.iv_errors == {} and panel.iv_status == "proposed" and len(panel.iv_slots) == 2
    with Session(app_db) as session:
        [invite] = session.exec(select(Outbox).where(Outbox.kind == "interview_invitation")).all()
    token = invite.body.split("/interview/")[1].split()[0]

    page = _state(InterviewPickState, "", routes.interview_pick_url(token))
    _send(page, InterviewPickState, "load")
    assert page.status == "ready" and page.iv_status == "proposed"
    assert [s.when.split(" (")[1] for s in page.slots] == ["Asia/Kolkata)", "America/New_York)"]
    _send(page, InterviewPickState, "pick", form_data={"slot": "999999"})
    assert "no longer offered" in page.error
    _send(page, InterviewPickState, "pick", form_data={"slot": {"id": 1}})
    assert page.error == "Choose one of the times."
    _send(page, InterviewPickState, "pick", form_data={"slot": str(page.slots[1].id)})
    assert page.iv_status == "scheduled" and page.when.endswith("(America/New_York)")
    assert announced == [(posting_id, app_id), (posting_id, app_id)]  # proposed, then booked
    with Session(app_db) as session:
        kinds = sorted(
            o.kind for o in session.exec(select(Outbox).where(Outbox.application_id == app_id)).all()
        )
        assert kinds.count("interview_confirmed") == 1 and kinds.count("interview_team_notice") == 1
    _send(panel, InterviewPanelState, "load_interview", application_id=app_id)
    assert panel.iv_status == "scheduled" and "America/New_York" in panel.iv_when
    _send(panel, InterviewPanelState, "toggle_change")
    assert panel.changing
    moved = {f"change-{k}": v for k, v in {**GOOD, "start": "02:30", "time_zone": "Europe/Berlin"}.items()}
    _send(panel, InterviewPanelState, "change_time", form_data={**moved, "change-date": "yesterday"})
    assert "Enter a date" in panel.iv_errors["change-date"]
    _send(panel, InterviewPanelState, "change_time", form_data=moved)
    assert panel.iv_errors == {} and panel.iv_when.endswith("(Europe/Berlin)") and not panel.changing
    with Session(app_db) as session:
        assert session.exec(select(Interview)).one().sequence == 1
        assert len(session.exec(select(Outbox).where(Outbox.kind == "interview_updated")).all()) == 1
    for junk in (None, [1, 2], "x", {"change-date": {"a": 1}}):
        _send(panel, InterviewPanelState, "change_time", form_data=junk)
        _send(panel, InterviewPanelState, "propose", form_data=junk)
    with Session(app_db) as session:
        assert session.exec(select(Interview)).one().sequence == 1  # junk changed nothing
    _send(panel, InterviewPanelState, "cancel_interview")
    with Session(app_db) as session:
        cancelled = session.exec(select(Interview)).one()
        assert cancelled.status == "cancelled" and cancelled.sequence == 2


def test_a_made_up_link_shows_nothing_and_a_stranger_cannot_propose(app_db: Engine, tmp_path: Path) -> None:
    slug, app_id = _setup(tmp_path)
    page = _state(InterviewPickState, "", "/interview/" + "A" * 43)
    _send(page, InterviewPickState, "load")
    assert page.status == "missing" and page.slots == []
    stranger = _state(InterviewPanelState, "", routes.pipeline_url(slug))
    result = _send(stranger, InterviewPanelState, "load_interview", application_id=app_id)
    assert (_redirect_target(result) or "").startswith(routes.SIGN_IN)
    stranger._application_id = app_id  # even with the id in place, the guard refuses first
    result = _send(stranger, InterviewPanelState, "propose", form_data=_form(**{"slot-1": GOOD}))
    assert (_redirect_target(result) or "").startswith(routes.SIGN_IN)
    with Session(app_db) as session:
        assert session.exec(select(Interview)).first() is None
    assert interviews.MAX_SLOTS == 5
