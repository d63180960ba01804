"""Where stage changes meet interviews (issue 18, leak 4): every path that ends an
application cancels its open interview, and an old booking link cannot book.

Each path is driven through its real handler (the guard, one committed unit of work per
event, SQLite and PostgreSQL): a board move to Rejected (reason dialog) and to Hired, a
bulk rejection and its undo, the candidate's withdrawal from the status page, the
candidate's own erasure. Two interviews are open on each board: one with times proposed
(no calendar entry yet), one booked and then re-proposed (a calendar entry exists, and
the candidate could move it from the link). Afterwards the candidate tries to book from
the link they were emailed, through the booking page's handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from reflex.istate.data import RouterData
from reflex.state import State
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

import careers_app.careers_app  # noqa: F401 (registers every state, as the app does)
from careers_app import routes
from careers_app.models import Application, Candidate, Interview, InterviewSlot, Outbox, StageEvent, User
from careers_app.services import candidate_access, db, interviews, pipeline
from careers_app.states import pipeline as board_states
from careers_app.states.bulk import BulkState
from careers_app.states.candidate_status import CandidateStatusState
from careers_app.states.data_rights import CandidateDataState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.interviews import InterviewPickState
from careers_app.states.pipeline import PipelineState
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop

BASE = "https://careers.example.com"
REASON = pipeline.REJECTION_REASONS[0]
BOOKED_NOTICES = ("interview_confirmed", "interview_updated")


def _tab(cls: type, token: str, path: str) -> Any:
    """One browser tab's state, kept across events (underscore vars included)."""
    root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
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


def _send(state: Any, cls: type, name: str, **payload: Any) -> Any:
    handler = getattr(cls, name)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


@dataclass(frozen=True)
class Opened:
    """An open interview as the candidate's inbox knows it."""

    app_id: int
    candidate_id: int
    email: str
    uid: str
    sequence: int
    token: str  # the newest link emailed
    slot_ids: tuple[int, ...]  # the times that link offers
    booked: bool  # a calendar entry exists (booked, then new times proposed)


@dataclass(frozen=True)
class Board:
    posting_id: int
    slug: str
    proposed: Opened
    rebooking: Opened

    @property
    def both(self) -> tuple[Opened, Opened]:
        return (self.proposed, self.rebooking)


def _times(days: int) -> list[dict[str, str]]:
    day = (datetime.now(UTC) + timedelta(days=days)).date().isoformat()
    return [
        {"date": day, "start": start, "duration": "30", "time_zone": "Europe/Berlin", "location": "Room 4"}
        for start in ("09:00", "14:00")
    ]


def _open(session: Session, app_id: int, posting_id: int, user_id: int, *, booked: bool) -> Opened:
    interview, token = interviews.propose(
        app_id, posting_id, _times(20), user_id=user_id, base_url=BASE, session=session
    )
    if booked:
        view = interviews.for_token(token, session=session)
        assert view is not None
        interviews.pick(token, view.slots[0].id, session=session)
        interview, token = interviews.propose(
            app_id, posting_id, _times(25), user_id=user_id, base_url=BASE, session=session
        )
    view = interviews.for_token(token, session=session)
    assert view is not None and view.status == "proposed" and view.rescheduling == booked
    application = session.get(Application, app_id)
    assert application is not None
    candidate = session.get(Candidate, application.candidate_id)
    assert candidate is not None
    return Opened(
        app_id=app_id,
        candidate_id=application.candidate_id,
        email=candidate.email,
        uid=interview.uid,
        sequence=interview.sequence,
        token=token,
        slot_ids=tuple(s.id for s in view.slots),
        booked=booked,
    )


@pytest.fixture
def board(app_db: Engine, monkeypatch: pytest.MonkeyPatch) -> Board:
    """A board with two applications at Phone interview, each with an open interview."""

    async def no_push(*_args: object) -> None:  # the live feed needs a running app (e2e)
        return None

    monkeypatch.setattr(board_states, "announce", no_push)
    monkeypatch.setattr(PipelineState, "_link_feed", no_push)
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), slug="seams-board")
        assert posting.id is not None
        first, second = add_applications(
            session, posting.id, ["Ines Proposed", "Olu Rebooking"], stage="phone_interview"
        )
        recruiter = session.exec(select(User).where(User.email == "recruiter@example.com")).one()
        assert recruiter.id is not None
        return Board(
            posting_id=posting.id,
            slug=posting.slug,
            proposed=_open(session, first, posting.id, recruiter.id, booked=False),
            rebooking=_open(session, second, posting.id, recruiter.id, booked=True),
        )


def _version(engine: Engine, app_id: int) -> int:
    with Session(engine) as session:
        found = session.get(Application, app_id)
        assert found is not None
        return found.version


def _mail(engine: Engine, app_id: int, kind: str) -> list[Outbox]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Outbox)
                .where(Outbox.application_id == app_id, Outbox.kind == kind)
                .order_by(col(Outbox.id))
            ).all()
        )


def assert_cancelled(engine: Engine, opened: Opened) -> None:
    """The interview is cancelled and the candidate is told; a booked one leaves both
    calendars (METHOD:CANCEL, same UID, SEQUENCE+1)."""
    with Session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.uid == opened.uid)).one()
        still_open = session.exec(
            select(InterviewSlot).where(InterviewSlot.interview_id == interview.id, col(InterviewSlot.open))
        ).all()
    assert interview.status == "cancelled" and still_open == []
    [told] = _mail(engine, opened.app_id, "interview_cancelled")
    assert told.to_email == opened.email
    if not opened.booked:
        assert told.ics == "" and interview.sequence == opened.sequence  # no calendar entry to drop
        return
    assert interview.sequence == opened.sequence + 1
    calendar = Calendar.from_ical(told.ics)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == opened.uid and int(event["SEQUENCE"]) == opened.sequence + 1
    team = _mail(engine, opened.app_id, "interview_team_notice")[-1]
    assert team.to_email == "recruiter@example.com" and "cancelled" in team.subject
    assert str(Calendar.from_ical(team.ics)["METHOD"]) == "CANCEL"


def assert_cannot_book(engine: Engine, opened: Opened) -> None:
    """The candidate opens the emailed link and picks a time: refused, nobody is told anything."""
    with Session(engine) as session:
        before = session.exec(select(Outbox.id)).all()
    page = _tab(InterviewPickState, "", routes.interview_pick_url(opened.token))
    _send(page, InterviewPickState, "load")
    for slot_id in opened.slot_ids:
        _send(page, InterviewPickState, "pick", form_data={"slot": str(slot_id)})
    with Session(engine) as session:
        after = session.exec(select(Outbox).where(col(Outbox.id).not_in(before))).all()
        booked = session.exec(
            select(Interview).where(
                Interview.application_id == opened.app_id, Interview.status == "scheduled"
            )
        ).all()
    assert booked == []
    assert [m.kind for m in after] == []  # no confirmation, no "booked by the candidate" notice
    _send(page, InterviewPickState, "load")
    assert page.slots == []  # and the page offers no time


# ----- the board -------------------------------------------------------------------------------


def test_rejecting_on_the_board_cancels_the_interview(app_db: Engine, board: Board) -> None:
    tab = _tab(PipelineState, _token("recruiter"), routes.pipeline_url(board.slug))
    _send(tab, PipelineState, "load")
    for opened in board.both:
        request = {
            "id": opened.app_id,
            "version": _version(app_db, opened.app_id),
            "to": "rejected",
            "from": "phone_interview",
        }
        _send(tab, PipelineState, "move", request=request)
        _send(tab, PipelineState, "confirm_reject", form_data={"reason": REASON})
        assert tab.card_update.to == "rejected"
    for opened in board.both:
        assert_cancelled(app_db, opened)
        assert_cannot_book(app_db, opened)


def test_hiring_on_the_board_cancels_the_interview(app_db: Engine, board: Board) -> None:
    tab = _tab(PipelineState, _token("recruiter"), routes.pipeline_url(board.slug))
    _send(tab, PipelineState, "load")
    for opened in board.both:
        request = {"id": opened.app_id, "version": _version(app_db, opened.app_id), "to": "hired"}
        _send(tab, PipelineState, "move", request=request)
        assert tab.card_update.to == "hired"
    for opened in board.both:
        assert_cancelled(app_db, opened)
        assert_cannot_book(app_db, opened)


# ----- bulk actions ------------------------------------------------------------------------------


def _bulk_reject(app_db: Engine, board: Board) -> Any:
    tab = _tab(BulkState, _token("recruiter"), routes.pipeline_url(board.slug))
    _send(tab, BulkState, "load")
    items = [{"id": o.app_id, "version": _version(app_db, o.app_id)} for o in board.both]
    request = {"action": "reject", "items": items, "reason": REASON, "send_email": True}
    _send(tab, BulkState, "apply", request=request)
    assert tab.report.startswith("Rejected: 2."), tab.report
    return tab


def test_a_bulk_rejection_cancels_the_interviews(app_db: Engine, board: Board) -> None:
    _bulk_reject(app_db, board)
    for opened in board.both:
        assert_cancelled(app_db, opened)
        assert_cannot_book(app_db, opened)


def test_undoing_a_bulk_rejection_goes_through_the_same_change(app_db: Engine, board: Board) -> None:
    """The undo puts the cards back with a stage event and stops the rejection emails; the
    interviews stay cancelled (the candidates were told) and their links still cannot book."""
    tab = _bulk_reject(app_db, board)
    _send(tab, BulkState, "undo")
    assert tab.report == "Undone: 2 back where they were.", tab.report
    with Session(app_db) as session:
        for opened in board.both:
            application = session.get(Application, opened.app_id)
            assert application is not None and application.stage == "phone_interview"
            assert application.rejection_reason == ""
            last = session.exec(
                select(StageEvent)
                .where(StageEvent.application_id == opened.app_id)
                .order_by(col(StageEvent.id).desc())
            ).first()
            assert last is not None and (last.from_stage, last.to_stage) == ("rejected", "phone_interview")
    for opened in board.both:
        assert [m.status for m in _mail(app_db, opened.app_id, "not_selected")] == ["cancelled"]
        assert_cancelled(app_db, opened)
        assert_cannot_book(app_db, opened)


def test_undoing_a_bulk_move_back_into_rejected_cancels_an_interview_proposed_meanwhile(
    app_db: Engine,
    board: Board,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bulk-move rejected cards to an interview stage, propose an interview, undo within the
    minute: the cards are rejected again, so the new interview is cancelled too."""
    with db.session_scope() as session:
        ids = add_applications(session, board.posting_id, ["Rae Returned"], stage="rejected")
    tab = _tab(BulkState, _token("recruiter"), routes.pipeline_url(board.slug))
    _send(tab, BulkState, "load")
    items = [{"id": ids[0], "version": _version(app_db, ids[0])}]
    _send(tab, BulkState, "apply", request={"action": "move", "items": items, "to": "onsite"})
    assert tab.report.startswith("Moved to Onsite: 1."), tab.report
    with db.session_scope() as session:
        recruiter = session.exec(select(User).where(User.email == "recruiter@example.com")).one()
        opened = _open(session, ids[0], board.posting_id, recruiter.id or 0, booked=False)
    _send(tab, BulkState, "undo")
    assert tab.report == "Undone: 1 back where they were.", tab.report
    with Session(app_db) as session:
        application = session.get(Application, ids[0])
        assert application is not None and application.stage == "rejected"
    assert_cancelled(app_db, opened)
    assert_cannot_book(app_db, opened)


# ----- the candidate ---------------------------------------------------------------------------


def test_withdrawing_from_the_status_page_cancels_the_interview(app_db: Engine, board: Board) -> None:
    for opened in board.both:
        with db.session_scope() as session:
            token = candidate_access.issue_link(opened.candidate_id, session=session)
        page = _tab(CandidateStatusState, "", routes.status_url(token))
        _send(page, CandidateStatusState, "load")
        _send(page, CandidateStatusState, "ask_withdraw", application_id=opened.app_id)
        _send(page, CandidateStatusState, "confirm_withdraw")
        assert [i.stage for i in page.items] == ["Withdrawn"]
        [confirmed] = _mail(app_db, opened.app_id, "withdrawal_confirmed")
        assert confirmed.to_email == opened.email
    for opened in board.both:
        assert_cancelled(app_db, opened)
        assert_cannot_book(app_db, opened)


def test_erasing_oneself_ends_the_interview_and_tells_nobody_at_the_erased_address(
    app_db: Engine,
    board: Board,
) -> None:
    """The candidate's own erasure withdraws the applications through the same change; the
    interview goes with the person's data, and no email to them stays in the outbox."""
    for opened in board.both:
        with db.session_scope() as session:
            token = candidate_access.issue_link(opened.candidate_id, session=session)
        page = _tab(CandidateDataState, "", routes.status_url(token))
        _send(page, CandidateDataState, "ask_erase")
        _send(page, CandidateDataState, "confirm_erase", form_data={"understood": "on"})
        with Session(app_db) as session:
            application = session.get(Application, opened.app_id)
            assert application is not None and application.stage == "withdrawn"
            last = session.exec(
                select(StageEvent)
                .where(StageEvent.application_id == opened.app_id)
                .order_by(col(StageEvent.id).desc())
            ).first()
            assert last is not None and (last.to_stage, last.actor) == ("withdrawn", "erasure")
            assert session.exec(select(Interview).where(Interview.uid == opened.uid)).first() is None
            assert session.exec(select(Outbox).where(Outbox.to_email == opened.email)).all() == []
            assert session.exec(select(Outbox).where(Outbox.application_id == opened.app_id)).all() == []
        assert_cannot_book(app_db, opened)


# ----- the booking link itself ------------------------------------------------------------------


@pytest.mark.parametrize("ended", ["rejected", "hired", "withdrawn"])
def test_a_link_to_an_interview_of_an_ended_application_cannot_book(
    app_db: Engine,
    board: Board,
    ended: str,
) -> None:
    """An interview left open on an application that ended without it being cancelled (rows
    written before every stage change cancelled interviews) is refused at the booking step."""
    with db.session_scope() as session:
        for opened in board.both:
            application = session.get(Application, opened.app_id)
            assert application is not None
            application.stage = ended  # as the old writers left it: the interview still proposed
            session.add(application)
    for opened in board.both:
        assert_cannot_book(app_db, opened)


# ----- the function itself ----------------------------------------------------------------------


def test_one_change_reports_what_it_moved_lost_and_left(session: Session) -> None:
    """Moved cards get one event each and are named per board for the push; a card changed
    since it was read is lost (nothing written); a withdrawn one is left where it is."""
    from careers_app.services import transitions

    posting = make_posting(session, make_team(session), make_office(session), slug="one-change")
    assert posting.id is not None
    ids = add_applications(session, posting.id, ["Ann A", "Ben B", "Cy C"], stage="onsite")
    session.get(Application, ids[2]).stage = "withdrawn"  # type: ignore[union-attr]
    session.flush()
    seen = [
        transitions.Seen.of(a) for a in session.exec(select(Application).where(col(Application.id).in_(ids)))
    ]
    session.get(Application, ids[1]).version += 1  # type: ignore[union-attr]  # another tab's move
    session.flush()
    done = transitions.change_stage(seen, "rejected", actor="Riley", session=session, reason=REASON)
    assert done.moved_ids == [ids[0]] and done.lost == (ids[1],) and done.unchanged == (ids[2],)
    assert done.boards == {posting.id: (ids[0],)} and done.moved[0].version == 2
    events = session.exec(select(StageEvent).where(col(StageEvent.application_id).in_(ids))).all()
    assert [(e.application_id, e.from_stage, e.to_stage, e.reason) for e in events] == [
        (ids[0], "onsite", "rejected", REASON)
    ]
    stages = {a.id: a.stage for a in session.exec(select(Application).where(col(Application.id).in_(ids)))}
    assert stages == {ids[0]: "rejected", ids[1]: "onsite", ids[2]: "withdrawn"}
