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
from careers_app.services.board import pipeline, transitions
from careers_app.services.candidates import candidate_access
from careers_app.services.interviews import interviews
from careers_app.services.mail import outbox
from careers_app.services.platform import db
from careers_app.states.bulk import BulkState
from careers_app.states.candidate_status import CandidateStatusState
from careers_app.states.data_rights import CandidateDataState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.interviews import InterviewPickState
from careers_app.states.pipeline import PipelineState
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import new_root
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop

BASE = "https://careers.example.com"
REASON = pipeline.REJECTION_REASONS[0]
BOOKED_NOTICES = ("interview_confirmed", "interview_updated")


def _tab(cls: type[State], token: str, path: str) -> Any:
    """One browser tab's state, kept across events (underscore vars included)."""
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
def board(app_db: Engine, no_live_feed: None) -> Board:
    """A board with two applications at Phone interview, each with an open interview."""
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


def assert_cancelled(engine: Engine, opened: Opened, *, waiting: bool = False) -> None:
    """The interview is cancelled and the candidate is told; a booked one leaves both
    calendars (METHOD:CANCEL, same UID, SEQUENCE+1). ``waiting``: a rejection's, whose
    notices wait for the undo window (and whose times are kept for an undo, offered to
    nobody: ``assert_cannot_book``)."""
    with Session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.uid == opened.uid)).one()
        still_open = session.exec(
            select(InterviewSlot).where(InterviewSlot.interview_id == interview.id, col(InterviewSlot.open))
        ).all()
    assert interview.status == "cancelled" and (waiting or still_open == [])
    [told] = _mail(engine, opened.app_id, "interview_cancelled")
    assert told.to_email == opened.email
    notices = [told, *_mail(engine, opened.app_id, "interview_team_notice")[-1:]] if opened.booked else [told]
    for notice in notices:
        due = notice.next_attempt_at - notice.created_at
        assert due == (transitions.undo_window() if waiting else timedelta(0)), (notice.kind, due)
    if not opened.booked:
        assert told.ics == "" and interview.sequence == opened.sequence  # no calendar entry to drop
        return
    assert interview.sequence == opened.sequence + 1
    calendar = Calendar.from_ical(told.ics)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == opened.uid and event.decoded("SEQUENCE") == opened.sequence + 1
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
        assert_cancelled(app_db, opened, waiting=True)
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


def _bulk_reject(app_db: Engine, board: Board, *, send_email: bool = True) -> Any:
    tab = _tab(BulkState, _token("recruiter"), routes.pipeline_url(board.slug))
    _send(tab, BulkState, "load")
    items = [{"id": o.app_id, "version": _version(app_db, o.app_id)} for o in board.both]
    request = {"action": "reject", "items": items, "reason": REASON, "send_email": send_email}
    _send(tab, BulkState, "apply", request=request)
    assert tab.report.startswith("Rejected: 2."), tab.report
    return tab


def test_a_bulk_rejection_cancels_the_interviews(app_db: Engine, board: Board) -> None:
    _bulk_reject(app_db, board)
    for opened in board.both:
        assert_cancelled(app_db, opened, waiting=True)
        assert_cannot_book(app_db, opened)


def _as_it_is(engine: Engine, opened: Opened) -> tuple[object, ...]:
    """The interview as its link and the calendars know it: status, SEQUENCE, booked time,
    times offered."""
    with Session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.uid == opened.uid)).one()
        offered = session.exec(
            select(InterviewSlot.id).where(
                InterviewSlot.interview_id == interview.id, col(InterviewSlot.open)
            )
        ).all()
    return (interview.status, interview.sequence, interview.starts_at, sorted(i or 0 for i in offered))


def _outbox(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        rows = session.exec(select(Outbox).order_by(col(Outbox.id))).all()
        return [_row(m) for m in rows]


def _row(m: Outbox) -> tuple[object, ...]:
    return (m.id, m.to_email, m.kind, m.status, m.next_attempt_at, m.ics)


def _cancellations(engine: Engine, opened: Opened) -> list[Outbox]:
    """Every notice of this interview's cancellation: the candidate's email, the team's CANCEL."""
    found = _mail(engine, opened.app_id, "interview_cancelled")
    team = _mail(engine, opened.app_id, "interview_team_notice")
    return found + [m for m in team if "METHOD:CANCEL" in m.ics]


def _assert_books_as_before(engine: Engine, board: Board) -> None:
    """The proposed interview's link offers its times again, and booking one works."""
    page = _tab(InterviewPickState, "", routes.interview_pick_url(board.proposed.token))
    _send(page, InterviewPickState, "load")
    assert tuple(s.id for s in page.slots) == board.proposed.slot_ids
    _send(page, InterviewPickState, "pick", form_data={"slot": str(board.proposed.slot_ids[0])})
    with Session(engine) as session:
        interview = session.exec(select(Interview).where(Interview.uid == board.proposed.uid)).one()
    assert interview.status == "scheduled"


@pytest.mark.parametrize("send_email", [False, True], ids=["no-email", "email"])
def test_undoing_a_bulk_rejection_in_the_window_leaves_the_interviews_as_they_were(
    app_db: Engine, board: Board, send_email: bool
) -> None:
    """Issue 18, finding 6: the undo puts the cards back with a stage event, and the
    interviews' cancellations, which waited for the undo window like the rejection email,
    never go: the interviews are exactly as before (status, SEQUENCE, booked time, times
    offered), no CANCEL was queued for anyone, and the outbox is as it was (but for the
    cancelled rejection emails, when asked for)."""
    before = {o.uid: _as_it_is(app_db, o) for o in board.both}
    mail_before = _outbox(app_db)
    tab = _bulk_reject(app_db, board, send_email=send_email)
    for opened in board.both:
        assert_cancelled(app_db, opened, waiting=True)  # in the window: nothing can be booked
        assert_cannot_book(app_db, opened)
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
    assert {o.uid: _as_it_is(app_db, o) for o in board.both} == before
    for opened in board.both:
        assert _cancellations(app_db, opened) == []
        rejection = [m.status for m in _mail(app_db, opened.app_id, "not_selected")]
        assert rejection == (["cancelled"] if send_email else [])
    assert [m for m in _outbox(app_db) if m[2] != "not_selected"] == mail_before
    _assert_books_as_before(app_db, board)


def test_moving_a_rejected_card_back_in_the_window_leaves_the_interviews_as_they_were(
    app_db: Engine, board: Board
) -> None:
    """The single card's undo (moving it out of Rejected before the rejection's notices go)
    does the same as the bulk undo: the interview is as it was and nobody was told."""
    before = {o.uid: _as_it_is(app_db, o) for o in board.both}
    mail_before = _outbox(app_db)
    tab = _tab(PipelineState, _token("recruiter"), routes.pipeline_url(board.slug))
    _send(tab, PipelineState, "load")
    for opened in board.both:
        request = {"id": opened.app_id, "version": _version(app_db, opened.app_id), "to": "rejected"}
        _send(tab, PipelineState, "move", request=request)
        _send(tab, PipelineState, "confirm_reject", form_data={"reason": REASON})
        assert tab.card_update.to == "rejected"
        assert_cancelled(app_db, opened, waiting=True)
        back = {"id": opened.app_id, "version": _version(app_db, opened.app_id), "to": "phone_interview"}
        _send(tab, PipelineState, "move", request=back)
        assert tab.card_update.to == "phone_interview"
    assert {o.uid: _as_it_is(app_db, o) for o in board.both} == before
    assert _outbox(app_db) == mail_before
    _assert_books_as_before(app_db, board)


def test_a_rejection_left_alone_cancels_the_interviews_when_the_window_closes(
    app_db: Engine, board: Board
) -> None:
    """Without an undo, the cancellations go after the window, not before: the sender claims
    none of them a second before it closes, and all of them when it does (the team's CANCEL
    with the same UID and SEQUENCE+1)."""
    _bulk_reject(app_db, board, send_email=False)
    with Session(app_db) as session:
        rejected_at = session.get_one(Application, board.rebooking.app_id).stage_changed_at
    notices = {m.id for o in board.both for m in _cancellations(app_db, o)}
    assert len(notices) == 3  # two candidates' emails, one calendar entry of the team's

    def claimed(at: datetime) -> set[int]:
        with db.session_scope() as session:
            return {m.id for m in outbox.claim(session=session, domain="example.com", now=at, limit=100)}

    assert claimed(rejected_at + transitions.undo_window() - timedelta(seconds=1)) & notices == set()
    assert claimed(rejected_at + transitions.undo_window()) & notices == notices
    with Session(app_db) as session:
        interview = session.exec(select(Interview).where(Interview.uid == board.rebooking.uid)).one()
    assert interview.status == "cancelled" and interview.sequence == board.rebooking.sequence + 1
    [team] = [m for m in _cancellations(app_db, board.rebooking) if m.kind == "interview_team_notice"]
    [event] = Calendar.from_ical(team.ics).walk("VEVENT")
    assert str(event["UID"]) == board.rebooking.uid
    assert event.decoded("SEQUENCE") == board.rebooking.sequence + 1


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
    assert_cancelled(app_db, opened, waiting=True)
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
        _erase_oneself(opened)
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


def _erase_oneself(opened: Opened) -> None:
    """The candidate erases their data from their status page (the real handler)."""
    with db.session_scope() as session:
        token = candidate_access.issue_link(opened.candidate_id, session=session)
    page = _tab(CandidateDataState, "", routes.status_url(token))
    _send(page, CandidateDataState, "ask_erase")
    _send(page, CandidateDataState, "confirm_erase", form_data={"understood": "on"})


def _queued_since(engine: Engine, before: list[tuple[object, ...]]) -> list[Outbox]:
    """Rows not in ``before`` (by content: SQLite hands a deleted row's id to the next one)."""
    known = set(before)
    with Session(engine) as session:
        rows = session.exec(select(Outbox).order_by(col(Outbox.id))).all()
    return [m for m in rows if _row(m) not in known]


def assert_cancelled_for_the_team_only(notice: Outbox, opened: Opened, *, sequence: int) -> None:
    """Issue 18, finding 5: the erased person's booked interview leaves the hiring team's
    calendar (METHOD:CANCEL, same UID, SEQUENCE+1, the recruiter the only attendee), due now,
    and nothing in it names them: "Candidate #<id>", neither their name nor their address."""
    assert notice.to_email == "recruiter@example.com" and notice.kind == "interview_team_notice"
    assert notice.application_id is None and notice.next_attempt_at == notice.created_at
    calendar = Calendar.from_ical(notice.ics)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == opened.uid and event.decoded("SEQUENCE") == sequence
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a).lower() for a in attendees] == ["mailto:recruiter@example.com"]
    assert f"Candidate #{opened.app_id}" in notice.subject
    for text in (notice.subject, notice.body, notice.html_body, notice.ics):
        for personal in ("Olu", "Rebooking", opened.email):
            assert personal.lower() not in text.lower(), (personal, text)


def test_erasing_a_person_cancels_their_booked_interview_in_the_teams_calendar(
    app_db: Engine, board: Board
) -> None:
    """The booked interview goes from the recruiter's calendar in the erasure's own unit of
    work, without the person's name or address; times only proposed were in no calendar."""
    for opened in board.both:
        before = _outbox(app_db)
        _erase_oneself(opened)
        queued = _queued_since(app_db, before)
        if not opened.booked:
            assert queued == []
            continue
        [notice] = queued
        assert_cancelled_for_the_team_only(notice, opened, sequence=opened.sequence + 1)
        with Session(app_db) as session:
            assert session.exec(select(Outbox).where(Outbox.to_email == opened.email)).all() == []


def test_erasing_a_person_whose_rejection_waits_cancels_for_the_team_at_once(
    app_db: Engine, board: Board
) -> None:
    """Rejected, then erased inside the undo window: the waiting notices (which name the
    person) go with their mail, and the team's CANCEL goes now, anonymous, counted once."""
    _bulk_reject(app_db, board, send_email=False)
    opened = board.rebooking
    before = _outbox(app_db)
    _erase_oneself(opened)
    [notice] = _queued_since(app_db, before)
    assert_cancelled_for_the_team_only(notice, opened, sequence=opened.sequence + 1)
    assert _cancellations(app_db, opened) == []
    with Session(app_db) as session:
        assert session.exec(select(Outbox).where(Outbox.to_email == opened.email)).all() == []


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
    from careers_app.services.board import transitions

    posting = make_posting(session, make_team(session), make_office(session), slug="one-change")
    assert posting.id is not None
    ids = add_applications(session, posting.id, ["Ann A", "Ben B", "Cy C"], stage="onsite")
    session.get_one(Application, ids[2]).stage = "withdrawn"
    session.flush()
    seen = [
        transitions.Seen.of(a) for a in session.exec(select(Application).where(col(Application.id).in_(ids)))
    ]
    session.get_one(Application, ids[1]).version += 1  # another tab's move
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
