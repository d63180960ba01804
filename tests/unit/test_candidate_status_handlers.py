"""The status page's handlers through production's path: the guard, one committed unit of
work per event, on SQLite and PostgreSQL. The token is the only credential, so every
handler must look it up again; these tests try the page as a stranger would."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

import careers_app.careers_app  # noqa: F401 (registers every state, as the app does)
from careers_app.devtools.pdfs import make_pdf
from careers_app.models import Application, Candidate, StageEvent, StatusLink
from careers_app.models.types import utcnow
from careers_app.services.applying import applications as apps
from careers_app.services.applying import candidate_status, consent
from careers_app.services.candidates import candidate_access as access
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.platform import db
from careers_app.states import pipeline as board_states
from careers_app.states.candidate_status import SAME_ANSWER, CandidateStatusState
from careers_app.states.guard import Access, access_of
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import new_root, substate
from tests.loops import run_in_own_loop

GOOD = {
    "first_name": "Amara",
    "last_name": "Nwosu",
    "email": "amara@example.org",
    "phone": "+1 415 555 0134",
    "country": "United States",
    "state": "California",
    "city": "Oakland",
    "zip_code": "94607",
}


@pytest.fixture
def app_db(committed_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    return committed_engine


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[dict[int, int]]:
    """What the page told the boards' live feed (the feed itself is tested in the browser)."""
    seen: list[dict[int, int]] = []

    async def record(_state: object, boards: dict[int, list[int]]) -> None:
        seen.append({posting_id: ids[0] for posting_id, ids in boards.items()})

    monkeypatch.setattr(board_states, "announce", record)
    return seen


def _apply(tmp_path: Path, email: str = "amara@example.org", title: str = "Data Engineer") -> tuple[int, int]:
    """(application id, posting id), committed."""
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title=title)
        token = apps.new_token()
        apps.save_draft(token, posting.id or 0, {**GOOD, "email": email}, 5, session=session)
        data = make_pdf([["cv"]])
        checked = check_pdf(data)
        key = store(data, checked.sha256, tmp_path)
        apps.attach_document(
            token, posting.id or 0, "resume", "cv.pdf", checked, key, tmp_path, session=session
        )
        result = apps.submit_draft(
            token,
            posting.id or 0,
            tmp_path,
            "Acme",
            session=session,
            agreed=consent.from_wizard(True, False, "Acme"),
        )
        return result.application_id, posting.id or 0


def _link(application_id: int) -> str:
    with db.session_scope() as session:
        application = session.get(Application, application_id)
        assert application is not None
        return access.issue_link(application.candidate_id, session=session)


def _state(path: str = "/status") -> CandidateStatusState:
    root = new_root()
    state = substate(root, CandidateStatusState)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": ""}, "ip": "203.0.113.9", "pathname": path.split("?")[0], "asPath": path}
    )
    return state


def _send(state: CandidateStatusState, event: str, **payload: Any) -> Any:
    handler = getattr(CandidateStatusState, event)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def _stage(engine: Engine, application_id: int) -> str:
    with Session(engine) as session:
        row = session.get(Application, application_id)
        assert row is not None
        return row.stage


def test_every_status_handler_is_public_and_guarded() -> None:
    names = [n for n in CandidateStatusState.event_handlers if not n.startswith("set_") or n == "set_contact"]
    for name in names:
        fn = CandidateStatusState.event_handlers[name].fn
        if fn.__module__.startswith("careers_app."):
            assert access_of(fn) is Access.PUBLIC, name


def test_the_link_opens_the_page_and_a_bad_one_says_so(app_db: Engine, tmp_path: Path) -> None:
    app_id, _ = _apply(tmp_path, title="Platform Engineer")
    token = _link(app_id)
    state = _state(f"/status?token={token}")
    _send(state, "load")
    assert state.status == "ready" and [i.title for i in state.items] == ["Platform Engineer"]
    assert state.items[0].stage == "Received" and state.contact["email"] == "amara@example.org"
    # The token is kept in no var at all (the state store must hold no credential).
    assert not any("token" in k for k in state.get_fields() if k.startswith("_") or k == "token")
    assert token not in repr(state.dict())
    for bad in (access.new_token(), "short", token + "x"):
        other = _state(f"/status?token={bad}")
        _send(other, "load")
        assert other.status == "invalid" and other.items == []
    plain = _state("/status")
    _send(plain, "load")
    assert plain.status == "request"


def test_strangers_and_other_candidates_change_nothing(
    app_db: Engine, tmp_path: Path, announced: list[dict[int, int]]
) -> None:
    mine, _ = _apply(tmp_path)
    theirs, _ = _apply(tmp_path, email="other@example.org")
    # No token at all: every handler with hostile arguments.
    stranger = _state()
    for event, payload in (
        ("ask_withdraw", {"application_id": mine}),
        ("confirm_withdraw", {}),
        ("set_contact", {"name": "email", "value": "evil@example.org"}),
        ("save_contact", {}),
    ):
        _send(stranger, event, **payload)
    stranger._pending_withdraw = mine  # even a pending id in state does nothing without the token
    _send(stranger, "confirm_withdraw")
    assert stranger.status == "invalid" and _stage(app_db, mine) == "applied"
    # A real link, used against someone else's application id.
    state = _state(f"/status?token={_link(mine)}")
    _send(state, "load")
    result = _send(state, "ask_withdraw", application_id=theirs)
    assert state.withdraw_title == "" and result is not None
    for hostile in ("1 OR 1=1", -1, 2**40, None, True, [theirs]):
        _send(state, "ask_withdraw", application_id=hostile)
        assert state.withdraw_title == ""
    _send(state, "confirm_withdraw")
    assert _stage(app_db, theirs) == "applied" and _stage(app_db, mine) == "applied" and announced == []
    with Session(app_db) as session:
        emails = {c.email for c in session.exec(select(Candidate)).all()}
    assert emails == {"amara@example.org", "other@example.org"}


def test_withdraw_asks_first_then_commits_and_tells_the_board(
    app_db: Engine, tmp_path: Path, announced: list[dict[int, int]]
) -> None:
    app_id, posting_id = _apply(tmp_path, title="Data Engineer")
    state = _state(f"/status?token={_link(app_id)}")
    _send(state, "load")
    _send(state, "ask_withdraw", application_id=app_id)
    assert state.withdraw_title == "Data Engineer" and _stage(app_db, app_id) == "applied"
    _send(state, "cancel_withdraw")
    _send(state, "confirm_withdraw")
    assert _stage(app_db, app_id) == "applied" and announced == []
    _send(state, "ask_withdraw", application_id=str(app_id))
    _send(state, "confirm_withdraw")
    assert _stage(app_db, app_id) == "withdrawn"
    assert announced == [{posting_id: app_id}]
    assert state.items[0].stage == "Withdrawn" and not state.items[0].can_withdraw
    _send(state, "ask_withdraw", application_id=app_id)
    assert state.withdraw_title == ""  # nothing left to withdraw


def test_an_expired_link_stops_working_in_an_open_page(
    app_db: Engine, tmp_path: Path, announced: list[dict[int, int]]
) -> None:
    app_id, _ = _apply(tmp_path)
    token = _link(app_id)
    state = _state(f"/status?token={token}")
    _send(state, "load")
    _send(state, "ask_withdraw", application_id=app_id)
    with db.session_scope() as session:
        session.execute(
            sa.update(StatusLink)
            .where(col(StatusLink.token_hash) == access.token_hash(token))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    _send(state, "confirm_withdraw")
    assert state.status == "invalid" and state.items == []
    assert _stage(app_db, app_id) == "applied" and announced == []


def test_corrections_validate_live_and_save_with_a_history_line(
    app_db: Engine, tmp_path: Path, announced: list[dict[int, int]]
) -> None:
    app_id, posting_id = _apply(tmp_path)
    state = _state(f"/status?token={_link(app_id)}")
    _send(state, "load")
    _send(state, "set_contact", name="phone", value="12")
    _send(state, "leave_contact", name="phone")
    assert state.contact_errors["phone"]
    _send(state, "save_contact")
    assert state.contact_saved == "" and announced == []
    _send(state, "set_contact", name="phone", value="(510) 555-0199")
    assert state.contact_errors["phone"] == ""  # the message goes as soon as it is right
    _send(state, "set_contact", name="not_a_field", value="x")
    _send(state, "save_contact")
    assert state.contact_saved and announced == [{posting_id: app_id}]
    with Session(app_db) as session:
        row = session.get(Application, app_id)
        assert row is not None and row.phone_e164 == "+15105550199"
        reasons = session.exec(select(StageEvent.reason).where(StageEvent.application_id == app_id)).all()
    assert "Candidate updated contact details" in reasons


def test_an_email_sent_in_a_raw_event_is_refused_and_changes_nothing(
    app_db: Engine, tmp_path: Path, announced: list[dict[int, int]]
) -> None:
    """The form shows the address without a field; a browser can still send set_contact for
    "email". Taken or not, the answer is the same and the candidate keeps the address."""
    app_id, _posting_id = _apply(tmp_path)
    with Session(app_db) as session:
        row = session.get(Application, app_id)
        assert row is not None
        candidate = session.get(Candidate, row.candidate_id)
        assert candidate is not None
        before = candidate.email
    state = _state(f"/status?token={_link(app_id)}")
    _send(state, "load")
    _send(state, "set_contact", name="email", value="someone.unused@example.org")
    _send(state, "save_contact")
    assert state.contact_errors["email"] == candidate_status.EMAIL_FIXED
    assert state.contact_saved == "" and announced == []
    with Session(app_db) as session:
        assert session.exec(select(Candidate.email).where(Candidate.id == candidate.id)).one() == before


def test_asking_for_a_link_gives_the_same_answer_for_any_address(app_db: Engine, tmp_path: Path) -> None:
    _apply(tmp_path)
    answers = []
    for email in ("amara@example.org", "nobody@example.org"):
        state = _state()
        _send(state, "load")
        _send(state, "request_link", form_data={"email": email})
        answers.append((state.request_message, state.request_error))
    assert answers == [(SAME_ANSWER, ""), (SAME_ANSWER, "")]
    state = _state()
    _send(state, "request_link", form_data={"email": "nonsense"})
    assert state.request_error and state.request_message == ""
    for hostile in (None, "x", {"email": ["a@example.org"]}):
        _send(state, "request_link", form_data=hostile)
        assert state.request_message == "" and state.request_error
