"""Interview invitations on SQLite and PostgreSQL: slots across time zones, the pick link,
RFC 5545 invitations (parsed back with icalendar), SEQUENCE and CANCEL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Component
from sqlmodel import Session, col, select

from careers_app.models import Application, Candidate, Interview, Outbox
from careers_app.services.board import pipeline
from careers_app.services.interviews import interviews
from careers_app.services.platform import auth
from careers_app.services.platform.errors import Conflict, Invalid, NotFound, Refused
from tests.factories import demo_applications, make_office, make_posting, make_team

NOW = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
BASE = "https://careers.example.com"


def slot(
    day: str, start: str, zone: str, minutes: int = 60, where: str = "https://meet.example.com/x"
) -> dict:
    return {"date": day, "start": start, "duration": str(minutes), "time_zone": zone, "location": where}


# ----- slots: the right instant in every zone ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "zone", "utc"),
    [
        ("2026-01-13", "09:00", "America/New_York", datetime(2026, 1, 13, 14, 0, tzinfo=UTC)),  # EST, -5
        ("2026-07-14", "09:00", "America/New_York", datetime(2026, 7, 14, 13, 0, tzinfo=UTC)),  # EDT, -4
        ("2026-01-13", "09:00", "Asia/Kolkata", datetime(2026, 1, 13, 3, 30, tzinfo=UTC)),  # +5:30
        ("2026-01-13", "09:00", "Asia/Kathmandu", datetime(2026, 1, 13, 3, 15, tzinfo=UTC)),  # +5:45
        ("2026-07-14", "09:00", "Australia/Sydney", datetime(2026, 7, 13, 23, 0, tzinfo=UTC)),  # AEST, +10
    ],
)
def test_a_slot_is_stored_as_the_right_utc_instant(day: str, start: str, zone: str, utc: datetime) -> None:
    clean, errors = interviews.parse_slot(interviews.SlotInput(**slot(day, start, zone)), NOW)
    assert errors == {} and clean is not None
    assert clean.starts_at == utc and clean.time_zone == zone


def test_slot_text_names_the_zone_and_its_abbreviation() -> None:
    from careers_app.services.interviews.calendar_invite import describe

    text = describe(datetime(2026, 7, 14, 13, 0, tzinfo=UTC), 45, "America/New_York")
    assert text == "Tuesday, July 14, 2026, 09:00-09:45 EDT (America/New_York)"


@pytest.mark.parametrize(
    ("fields", "key", "fragment"),
    [
        (slot("2026-03-08", "02:30", "America/New_York"), "start", "does not exist"),  # spring forward
        (slot("2025-12-31", "09:00", "UTC"), "date", "has passed"),
        (slot("2026-13-01", "09:00", "UTC"), "date", "Enter a date"),
        (slot("2026-01-13", "9am", "UTC"), "start", "Enter a start time"),
        (slot("2026-01-13", "09:00", "Mars/Olympus"), "time_zone", "from the list"),
        (slot("2026-01-13", "09:00", "UTC", minutes=7), "duration", "from the list"),
        (slot("2026-01-13", "09:00", "UTC", where="  "), "location", "Say where"),
        (slot("2028-01-13", "09:00", "UTC"), "date", "within the next year"),
    ],
)
def test_bad_slots_are_refused_next_to_the_field(fields: dict, key: str, fragment: str) -> None:
    clean, errors = interviews.parse_slot(interviews.SlotInput(**fields), NOW, prefix="slot-1-")
    assert clean is None and fragment in errors[f"slot-1-{key}"]


def test_one_to_five_distinct_slots() -> None:
    ok = slot("2026-01-13", "09:00", "UTC")
    assert interviews.parse_slots([], NOW)[1] == {"slots": "Propose at least one time."}
    assert "at most 5" in interviews.parse_slots([ok] * 6, NOW)[1]["slots"]
    assert "already proposed" in interviews.parse_slots([ok, ok], NOW)[1]["slot-2-start"]
    blank = {"date": "", "start": "", "duration": "60", "time_zone": "UTC", "location": ""}
    clean, errors = interviews.parse_slots([ok, blank], NOW)
    assert errors == {} and len(clean) == 1
    assert interviews.parse_slots("not a list", NOW)[1] == {"slots": "Propose at least one time."}
    assert interviews.parse_slots([{"date": {"x": 1}, "start": ["9"]}], NOW)[1]  # junk types refused


# ----- the flow ---------------------------------------------------------------------------------


@pytest.fixture
def board(session: Session, tmp_path: Path) -> tuple[int, int, int]:
    """(posting id, application id in Phone interview, recruiter id)."""
    posting = make_posting(session, make_team(session), make_office(session), title="Sous Chef")
    assert posting.id is not None
    demo_applications(posting.id, 2, tmp_path, session=session)
    app = session.exec(select(Application).where(Application.posting_id == posting.id)).first()
    assert app is not None and app.id is not None
    if app.stage != "phone_interview":
        pipeline.move(app.id, posting.id, "phone_interview", app.version, "Riley", session=session)
    user = auth.create_user(
        "riley@example.com", "Riley Recruiter", "a long password 1", "recruiter", session=session
    )
    assert user.id is not None
    return posting.id, app.id, user.id


def _mail(session: Session, app_id: int, kind: str) -> list[Outbox]:
    return list(
        session.exec(
            select(Outbox)
            .where(Outbox.application_id == app_id, Outbox.kind == kind)
            .order_by(col(Outbox.id))
        ).all()
    )


def _event(ics: str) -> tuple[Calendar, Component]:
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def _candidate_email(session: Session, app_id: int) -> str:
    app = session.get(Application, app_id)
    assert app is not None
    candidate = session.get(Candidate, app.candidate_id)
    assert candidate is not None
    return candidate.email


def test_propose_pick_move_cancel_with_calendar_updates(
    session: Session, board: tuple[int, int, int]
) -> None:
    posting_id, app_id, user_id = board
    winter = slot("2026-01-13", "09:00", "America/New_York")
    india = slot("2026-01-14", "10:30", "Asia/Kolkata", minutes=45, where="Office, 5th floor")
    interview, token = interviews.propose(
        app_id, posting_id, [winter, india], user_id=user_id, base_url=BASE, session=session, now=NOW
    )
    assert (
        interview.token_hash == hashlib.sha256(token.encode()).hexdigest()
        and token not in interview.token_hash
    )
    [invite] = _mail(session, app_id, "interview_invitation")
    assert invite.to_email == _candidate_email(session, app_id) and invite.ics == ""
    assert f"{BASE}/interview/{token}" in invite.body
    assert (
        "09:00-10:00 EST (America/New_York)" in invite.body
        and "10:30-11:15 IST (Asia/Kolkata)" in invite.body
    )

    view = interviews.for_token(token, session=session)
    assert view is not None and view.status == "proposed" and len(view.slots) == 2
    assert view.posting_title == "Sous Chef"
    assert interviews.card_texts([app_id], session=session) == {str(app_id): "Interview: times proposed"}

    picked = interviews.pick(token, view.slots[0].id, session=session, now=NOW)
    assert picked.status == "scheduled" and picked.when.endswith("EST (America/New_York)")
    assert interviews.card_texts([app_id], session=session) == {str(app_id): "Interview Jan 13, 09:00 EST"}
    [confirmed] = _mail(session, app_id, "interview_confirmed")
    [notice] = _mail(session, app_id, "interview_team_notice")
    assert notice.to_email == "riley@example.com" and notice.ics == confirmed.ics
    calendar, event = _event(confirmed.ics)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 1, 13, 14, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2026, 1, 13, 15, 0, tzinfo=UTC)
    assert event.decoded("SEQUENCE") == 0 and str(event["UID"]) == interview.uid
    assert str(event["ORGANIZER"]) == "mailto:riley@example.com"
    assert str(event["ATTENDEE"]) == f"mailto:{_candidate_email(session, app_id)}"
    assert str(event["STATUS"]) == "CONFIRMED"

    with pytest.raises(Conflict):  # booked already: the link cannot book a second time
        interviews.pick(token, view.slots[1].id, session=session, now=NOW)

    summer = slot("2026-07-14", "09:00", "America/New_York")
    interviews.change_time(interview.id or 0, posting_id, summer, session=session, now=NOW)
    [updated] = _mail(session, app_id, "interview_updated")
    calendar, event = _event(updated.ics)
    assert event.decoded("SEQUENCE") == 1 and str(event["UID"]) == interview.uid
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 7, 14, 13, 0, tzinfo=UTC)  # EDT

    interviews.cancel(interview.id or 0, posting_id, session=session, now=NOW)
    [cancelled] = _mail(session, app_id, "interview_cancelled")
    calendar, event = _event(cancelled.ics)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 2 and str(event["UID"]) == interview.uid
    assert len(_mail(session, app_id, "interview_team_notice")) == 3
    assert interviews.current(app_id, posting_id, session=session) is None
    assert interviews.card_texts([app_id], session=session) == {}
    view = interviews.for_token(token, session=session)
    assert view is not None and view.status == "cancelled"


def test_new_times_replace_the_link_and_a_rebooking_is_an_update(
    session: Session, board: tuple[int, int, int]
) -> None:
    posting_id, app_id, user_id = board
    first, old_token = interviews.propose(
        app_id,
        posting_id,
        [slot("2026-01-13", "09:00", "UTC")],
        user_id=user_id,
        base_url=BASE,
        session=session,
        now=NOW,
    )
    old_view = interviews.for_token(old_token, session=session)
    assert old_view is not None
    interviews.pick(old_token, old_view.slots[0].id, session=session, now=NOW)
    again, new_token = interviews.propose(
        app_id,
        posting_id,
        [slot("2026-01-20", "16:00", "Europe/Berlin")],
        user_id=user_id,
        base_url=BASE,
        session=session,
        now=NOW,
    )
    assert again.id == first.id and again.uid == first.uid  # one interview, one calendar entry
    assert interviews.for_token(old_token, session=session) is None
    with pytest.raises(NotFound):
        interviews.pick(old_token, old_view.slots[0].id, session=session, now=NOW)
    view = interviews.for_token(new_token, session=session)
    assert view is not None and view.rescheduling and len(view.slots) == 1
    with pytest.raises(Conflict):  # a slot of the earlier proposal is no longer offered
        interviews.pick(new_token, old_view.slots[0].id, session=session, now=NOW)
    interviews.pick(new_token, view.slots[0].id, session=session, now=NOW)
    [updated] = _mail(session, app_id, "interview_updated")
    _, event = _event(updated.ics)
    assert event.decoded("SEQUENCE") == 1 and str(event["UID"]) == first.uid
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 1, 20, 15, 0, tzinfo=UTC)  # CET +1


def test_a_past_slot_cannot_be_picked_and_junk_tokens_find_nothing(
    session: Session, board: tuple[int, int, int]
) -> None:
    posting_id, app_id, user_id = board
    _, token = interviews.propose(
        app_id,
        posting_id,
        [slot("2026-01-13", "09:00", "UTC")],
        user_id=user_id,
        base_url=BASE,
        session=session,
        now=NOW,
    )
    view = interviews.for_token(token, session=session)
    assert view is not None
    with pytest.raises(Conflict):
        interviews.pick(token, view.slots[0].id, session=session, now=NOW + timedelta(days=30))
    for junk in ("", "x" * 10, token + "x", "x" * 500):
        assert interviews.for_token(junk, session=session) is None
        with pytest.raises(NotFound):
            interviews.pick(junk, view.slots[0].id, session=session, now=NOW)
    assert (
        session.exec(select(Interview).where(Interview.application_id == app_id)).one().status == "proposed"
    )


def test_only_an_interview_stage_and_only_this_board(session: Session, board: tuple[int, int, int]) -> None:
    posting_id, app_id, user_id = board
    ok = [slot("2026-01-13", "09:00", "UTC")]
    with pytest.raises(NotFound):
        interviews.propose(
            app_id, posting_id + 999, ok, user_id=user_id, base_url=BASE, session=session, now=NOW
        )
    app = session.get(Application, app_id)
    assert app is not None
    pipeline.move(app_id, posting_id, "hired", app.version, "Riley", session=session)
    with pytest.raises(Refused):
        interviews.propose(app_id, posting_id, ok, user_id=user_id, base_url=BASE, session=session, now=NOW)
    app = session.get(Application, app_id)
    assert app is not None
    pipeline.move(app_id, posting_id, "onsite", app.version, "Riley", session=session)
    with pytest.raises(Invalid):  # checked before anything is written, at a middle stage
        interviews.propose(app_id, posting_id, [], user_id=user_id, base_url=BASE, session=session, now=NOW)
    assert session.exec(select(Interview).where(Interview.application_id == app_id)).first() is None


def test_withdrawing_cancels_the_booked_interview_in_both_calendars(
    session: Session, board: tuple[int, int, int]
) -> None:
    from careers_app.services.applying import candidate_status

    posting_id, app_id, user_id = board
    interview, token = interviews.propose(
        app_id,
        posting_id,
        [slot("2026-01-13", "09:00", "UTC")],
        user_id=user_id,
        base_url=BASE,
        session=session,
        now=NOW,
    )
    view = interviews.for_token(token, session=session)
    assert view is not None
    interviews.pick(token, view.slots[0].id, session=session, now=NOW)
    app = session.get(Application, app_id)
    assert app is not None
    candidate_status.withdraw(app.candidate_id, app_id, session=session, now=NOW)
    session.refresh(interview)
    assert interview.status == "cancelled" and interview.sequence == 1
    [cancelled] = _mail(session, app_id, "interview_cancelled")
    calendar, event = _event(cancelled.ics)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["UID"]) == interview.uid
    assert [m.to_email for m in _mail(session, app_id, "interview_team_notice")][-1] == "riley@example.com"
