"""Interview invitations: a recruiter proposes slots, the candidate picks one by a private link.

The candidate's link carries a random token; only its SHA-256 is stored, and proposing
new times makes a new token (the old link then shows that the times changed). When a
time is booked both the candidate and the proposing recruiter get an email with an
iCalendar invitation; moving it sends SEQUENCE+1, cancelling sends METHOD:CANCEL with the
same UID. Times are stored in UTC with the zone's name and always shown in that zone,
named.

A rejection's cancellation waits for the undo window like the rejection email
(``cancel(delay=...)``): the interview is cancelled at once (nothing can be booked) but
keeps the times it offered, and its notices are queued due after the window; leaving
Rejected before they go takes it back (``take_back_cancellation``): the notices are deleted
and the interview is as it was. An erasure tells only the hiring team, without the
candidate's name or address (``erasing=True``, ``tell_team_of_erasure``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from careers_app import routes
from careers_app.i18n import N_
from careers_app.models import Application, Candidate, Interview, InterviewSlot, Outbox, Posting, User
from careers_app.models.types import utcnow
from careers_app.services.interviews import calendar_invite as cal
from careers_app.services.mail import email_templates
from careers_app.services.platform.errors import Conflict, Invalid, NotFound, Refused
from careers_app.services.postings.stages import END_KINDS, stages_for
from careers_app.services.visibility import identity

MAX_SLOTS = 5
DURATIONS: tuple[int, ...] = (15, 30, 45, 60, 90, 120, 180, 240)
LOCATION_MAX = 300
PROPOSED, SCHEDULED, CANCELLED = "proposed", "scheduled", "cancelled"
ACTIVE = (PROPOSED, SCHEDULED)
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class SlotInput:
    """One proposed slot as typed: date (YYYY-MM-DD), start (HH:MM), minutes, zone, where."""

    date: str = ""
    start: str = ""
    duration: str = "60"
    time_zone: str = ""
    location: str = ""

    @classmethod
    def from_form(cls, raw: object) -> SlotInput:
        data = raw if isinstance(raw, Mapping) else {}
        return cls(
            **{
                k: str(data.get(k, "") or "")[:400]
                for k in ("date", "start", "duration", "time_zone", "location")
            }
        )


@dataclass(frozen=True)
class CleanSlot:
    starts_at: datetime  # UTC
    minutes: int
    time_zone: str
    location: str


@dataclass(frozen=True)
class SlotView:
    id: int
    when: str  # in the slot's zone, named


@dataclass(frozen=True)
class InterviewView:
    """What the panel, the card and the candidate's page show."""

    id: int
    status: str
    stage_label: str
    when: str  # the booked time (or "")
    short: str  # the booked time for a card
    location: str
    slots: list[SlotView]
    posting_title: str = ""
    first_name: str = ""
    rescheduling: bool = False  # booked, and new times proposed


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_ref(token: str) -> str:
    """What a tab may keep of its link: the SHA-256 the database keeps (not a credential), so
    an erasure can still find the tab's state by it (personal_data.holds_token)."""
    return _hash(token)


def parse_slot(slot: SlotInput, now: datetime, prefix: str = "") -> tuple[CleanSlot | None, dict[str, str]]:
    """A slot checked field by field (errors keyed ``<prefix><field>``), or None."""
    errors: dict[str, str] = {}
    day: date | None = None
    try:
        day = date.fromisoformat(slot.date.strip())
    except ValueError:
        errors[prefix + "date"] = "Enter a date such as 2026-03-14."
    match = _TIME.fullmatch(slot.start.strip())
    if match is None:
        errors[prefix + "start"] = "Enter a start time such as 09:30 (24-hour)."
    minutes = int(slot.duration) if slot.duration.strip().isdigit() else 0
    if minutes not in DURATIONS:
        errors[prefix + "duration"] = "Choose a length from the list."
    zone = slot.time_zone.strip()
    if zone not in cal.TIME_ZONES:
        errors[prefix + "time_zone"] = "Choose a time zone from the list."
    location = " ".join(slot.location.split())
    if not location:
        errors[prefix + "location"] = "Say where: an address or a video link."
    elif len(location) > LOCATION_MAX:
        errors[prefix + "location"] = f"Keep this under {LOCATION_MAX} characters."
    if errors or day is None or match is None:
        return None, errors
    tz = ZoneInfo(zone)
    wall = datetime.combine(day, time(int(match.group(1)), int(match.group(2))), tzinfo=tz)
    starts_at = wall.astimezone(ZoneInfo("UTC"))
    if starts_at.astimezone(tz).replace(tzinfo=None) != wall.replace(tzinfo=None):
        errors[prefix + "start"] = f"{slot.start} does not exist on that day in {zone} (the clocks change)."
        return None, errors
    if starts_at <= now:
        errors[prefix + "date"] = "This time has passed. Propose a time in the future."
        return None, errors
    if starts_at > now + timedelta(days=366):
        errors[prefix + "date"] = "Propose a time within the next year."
        return None, errors
    return CleanSlot(starts_at=starts_at, minutes=minutes, time_zone=zone, location=location), {}


def _filled(item: Mapping[Any, Any]) -> bool:
    """A row of the form with a date, a time or a place typed (blank extra rows are ignored)."""
    return any(str(item.get(k, "") or "").strip() for k in ("date", "start", "location"))


def parse_slots(raw: object, now: datetime) -> tuple[list[CleanSlot], dict[str, str]]:
    """1 to 5 slots from a list of dicts; errors are keyed ``slot-<n>-<field>`` (n from 1)."""
    items = list(raw) if isinstance(raw, list | tuple) else []
    items = [i for i in items if isinstance(i, Mapping) and _filled(i)]
    if not items:
        return [], {"slots": "Propose at least one time."}
    if len(items) > MAX_SLOTS:
        return [], {"slots": f"Propose at most {MAX_SLOTS} times."}
    clean: list[CleanSlot] = []
    errors: dict[str, str] = {}
    for n, item in enumerate(items, 1):
        found, problems = parse_slot(SlotInput.from_form(item), now, prefix=f"slot-{n}-")
        errors.update(problems)
        if found is not None:
            if any(c.starts_at == found.starts_at for c in clean):
                errors[f"slot-{n}-start"] = "This time is already proposed."
            clean.append(found)
    return (clean, {}) if not errors else ([], errors)


# ----- reading ---------------------------------------------------------------------------------


def _active(application_id: int, *, session: Session) -> Interview | None:
    return session.exec(
        select(Interview)
        .where(col(Interview.application_id) == application_id, col(Interview.status).in_(ACTIVE))
        .order_by(col(Interview.id).desc())
    ).first()


def _stage_label(posting_id: int, stage: str, *, session: Session) -> str:
    return next((s.label for s in stages_for(posting_id, session=session) if s.key == stage), stage)


def _view(interview: Interview, *, session: Session, posting_id: int, lang: str = "en") -> InterviewView:
    # Only a proposal offers times: a cancelled one keeps its slots for an undo, offering none.
    slots = (
        session.exec(
            select(InterviewSlot)
            .where(col(InterviewSlot.interview_id) == interview.id, col(InterviewSlot.open).is_(True))
            .order_by(col(InterviewSlot.starts_at))
        ).all()
        if interview.status == PROPOSED
        else []
    )
    booked = interview.starts_at
    return InterviewView(
        id=interview.id or 0,
        status=interview.status,
        stage_label=_stage_label(posting_id, interview.stage, session=session),
        when=cal.describe(booked, interview.duration_minutes, interview.time_zone, lang) if booked else "",
        short=cal.short(booked, interview.time_zone) if booked else "",
        location=interview.location,
        slots=[
            SlotView(id=s.id or 0, when=cal.describe(s.starts_at, s.duration_minutes, s.time_zone, lang))
            for s in slots
        ],
        rescheduling=bool(booked) and interview.status == PROPOSED,
    )


def on_posting(application_id: int, posting_id: int, *, session: Session) -> bool:
    app = session.get(Application, application_id)
    return app is not None and app.posting_id == posting_id


def current(application_id: int, posting_id: int, *, session: Session) -> InterviewView | None:
    """The application's open interview (proposed or booked), for the panel."""
    app = session.get(Application, application_id)
    if app is None or app.posting_id != posting_id:
        return None
    found = _active(application_id, session=session)
    return _view(found, session=session, posting_id=posting_id) if found else None


def card_texts(application_ids: list[int], *, session: Session) -> dict[str, str]:
    """ "Interview Jan 13, 09:00 EST" (or "Interview: times proposed") per card id (as str)."""
    if not application_ids:
        return {}
    rows = session.exec(
        select(Interview)
        .where(col(Interview.application_id).in_(application_ids), col(Interview.status).in_(ACTIVE))
        .order_by(col(Interview.id))
    ).all()
    texts: dict[str, str] = {}
    for row in rows:
        if row.status == SCHEDULED and row.starts_at is not None:
            texts[str(row.application_id)] = f"Interview {cal.short(row.starts_at, row.time_zone)}"
        else:
            texts[str(row.application_id)] = "Interview: times proposed"
    return texts


def for_token(token: str, *, session: Session, lang: str = "en") -> InterviewView | None:
    """What the candidate's link shows; None for an unknown link. ``lang``: the page's, for
    its dates (the candidate's page, states/interviews.py)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    interview = session.exec(select(Interview).where(col(Interview.token_hash) == _hash(token))).first()
    if interview is None:
        return None
    app = session.get(Application, interview.application_id)
    posting = session.get(Posting, app.posting_id) if app else None
    if app is None or posting is None:
        return None
    view = _view(interview, session=session, posting_id=posting.id or 0, lang=lang)
    if app.stage in END_KINDS and interview.status in ACTIVE:  # left open by an older writer
        view = replace(view, status=CANCELLED, slots=[], rescheduling=False)
    return replace(view, posting_title=posting.title, first_name=app.first_name)


def posting_and_application(interview_id: int, *, session: Session) -> tuple[int, int] | None:
    """(posting id, application id) of an interview: which board card to refresh."""
    row = session.exec(
        select(Application.posting_id, Application.id)
        .join(Interview, col(Interview.application_id) == col(Application.id))
        .where(col(Interview.id) == interview_id)
    ).first()
    return (int(row[0]), int(row[1] or 0)) if row else None


# ----- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Who:
    application: Application
    candidate: Candidate
    posting: Posting


def _who(application_id: int, posting_id: int, *, session: Session) -> _Who:
    row = session.exec(
        select(Application, Candidate, Posting)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .join(Posting, col(Posting.id) == col(Application.posting_id))
        .where(col(Application.id) == application_id, col(Application.posting_id) == posting_id)
    ).first()
    if row is None:
        raise NotFound("That application is not on this board.")
    return _Who(*row)


def _values(who: _Who, interview: Interview, *, session: Session) -> dict[str, str]:
    first = who.application.first_name or who.candidate.first_name
    last = who.application.last_name or who.candidate.last_name
    booked = interview.starts_at
    return {
        "candidate_first_name": first,
        "candidate_name": f"{first} {last}".strip(),
        "posting_title": who.posting.title,
        "interview_stage": _stage_label(who.posting.id or 0, interview.stage, session=session),
        "interview_time": cal.describe(booked, interview.duration_minutes, interview.time_zone)
        if booked
        else "(no time had been picked)",
        "interview_location": interview.location,
    }


def propose(
    application_id: int,
    posting_id: int,
    raw_slots: object,
    *,
    user_id: int,
    base_url: str,
    session: Session,
    now: datetime | None = None,
) -> tuple[Interview, str]:
    """Offer 1-5 times for the application's current (interview) stage and email the link.

    Proposing again replaces the open times and the link; a booked time stays booked
    until the candidate picks a new one. Returns the interview and the new token.
    """
    now = now or utcnow()
    who = _who(application_id, posting_id, session=session)
    stage = next((s for s in stages_for(posting_id, session=session) if s.key == who.application.stage), None)
    if stage is None or stage.kind != "step":
        raise Refused("Move the card to an interview stage first (a middle stage of the board).")
    slots, errors = parse_slots(raw_slots, now)
    if errors:
        raise Invalid(errors, next(iter(errors.values())))
    token = secrets.token_urlsafe(32)
    interview = _active(application_id, session=session)
    if interview is None:
        interview = Interview(
            application_id=application_id,
            stage=stage.key,
            uid=f"{uuid.uuid4()}@careers_app",
            token_hash=_hash(token),
            proposed_by=user_id,
            created_at=now,
        )
    else:
        for old in session.exec(
            select(InterviewSlot).where(col(InterviewSlot.interview_id) == interview.id)
        ).all():
            old.open = False
            session.add(old)
        interview.token_hash = _hash(token)
        interview.proposed_by = user_id
    interview.status, interview.updated_at = PROPOSED, now
    session.add(interview)
    session.flush()
    for slot in slots:
        session.add(
            InterviewSlot(
                interview_id=interview.id or 0,
                starts_at=slot.starts_at,
                duration_minutes=slot.minutes,
                time_zone=slot.time_zone,
                location=slot.location,
            )
        )
    session.flush()
    values = {
        **_values(who, interview, session=session),
        "interview_stage": stage.label,
        "interview_slots": "\n".join(f"- {cal.describe(s.starts_at, s.minutes, s.time_zone)}" for s in slots),
        "pick_link": base_url.rstrip("/") + routes.interview_pick_url(token),
    }
    email_templates.queue(
        "interview_invitation",
        who.candidate.email,
        values,
        application_id=application_id,
        now=now,
        session=session,
    )
    return interview, token


def _send_calendar(
    who: _Who,
    interview: Interview,
    *,
    key: str,
    change: str,
    method: str,
    session: Session,
    now: datetime,
    delay: timedelta | None = None,
) -> None:
    """The candidate's email and the recruiter's notice, each with its own copy of the
    invitation (same UID and SEQUENCE). The candidate's names them; the hiring team's shows
    the candidate only as the identity rule allows (services/visibility/identity.py): while blind
    screening hides them, "Candidate #<id>" and no address, and the recruiter is the
    invitation's attendee."""
    assert interview.starts_at is not None
    values = _values(who, interview, session=session)
    recruiter = session.get(User, interview.proposed_by) if interview.proposed_by else None
    organizer = (
        cal.Person(recruiter.email, recruiter.name) if recruiter else cal.Person(who.candidate.email, "")
    )

    def invitation(name: str, attendee: cal.Person) -> str:
        assert interview.starts_at is not None
        return cal.invitation(
            uid=interview.uid,
            sequence=interview.sequence,
            method=method,
            starts_at=interview.starts_at,
            minutes=interview.duration_minutes,
            zone=interview.time_zone,
            summary=f"{values['interview_stage']}: {who.posting.title} ({name})",
            location=interview.location,
            organizer=organizer,
            attendees=[attendee],
            now=now,
        )

    app_id = who.application.id
    own = invitation(values["candidate_name"], cal.Person(who.candidate.email, values["candidate_name"]))
    email_templates.queue(
        key,
        who.candidate.email,
        values,
        application_id=app_id,
        ics=own,
        delay=delay,
        now=now,
        session=session,
    )
    if recruiter is not None:
        shown = identity.shown_as(identity.Viewer.HIRING_TEAM, app_id or 0, session=session)
        team_values, team_ics = values, own
        if shown.masked:
            team_values = {**values, "candidate_name": shown.name, "candidate_first_name": shown.first_name}
            team_ics = invitation(shown.name, cal.Person(recruiter.email, recruiter.name))
        email_templates.queue(
            "interview_team_notice",
            recruiter.email,
            {**team_values, "interview_change": change},
            application_id=app_id,
            ics=team_ics,
            delay=delay,
            now=now,
            session=session,
        )


def pick(token: str, slot_id: int, *, session: Session, now: datetime | None = None) -> InterviewView:
    """The candidate books one of the open times; both sides get the invitation."""
    now = now or utcnow()
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise NotFound(N_("This interview link is not valid."))
    interview = session.exec(
        select(Interview).where(col(Interview.token_hash) == _hash(token)).with_for_update()
    ).first()
    if interview is None:
        raise NotFound(N_("This interview link is not valid."))
    if interview.status != PROPOSED:
        raise Conflict(
            N_("A time is already booked for this interview.")
            if interview.status == SCHEDULED
            else N_("This interview was cancelled.")
        )
    slot = session.get(InterviewSlot, slot_id) if isinstance(slot_id, int) else None
    if slot is None or slot.interview_id != interview.id or not slot.open:
        raise Conflict(N_("That time is no longer offered. Pick one of the times shown."))
    if slot.starts_at <= now:
        raise Conflict(N_("That time has passed. Pick a later one."))
    app = session.get(Application, interview.application_id)
    assert app is not None
    if app.stage in END_KINDS:  # rejected, hired or withdrawn: an old email books nothing
        raise Conflict(N_("This interview was cancelled."))
    who = _who(app.id or 0, app.posting_id, session=session)
    rebooking = interview.starts_at is not None
    if rebooking:
        interview.sequence += 1
    interview.starts_at, interview.duration_minutes = slot.starts_at, slot.duration_minutes
    interview.time_zone, interview.location = slot.time_zone, slot.location
    interview.status, interview.updated_at = SCHEDULED, now
    for other in session.exec(
        select(InterviewSlot).where(col(InterviewSlot.interview_id) == interview.id)
    ).all():
        other.open = False
        session.add(other)
    session.add(interview)
    session.flush()
    _send_calendar(
        who,
        interview,
        key="interview_updated" if rebooking else "interview_confirmed",
        change="was moved by the candidate" if rebooking else "was booked by the candidate",
        method="REQUEST",
        session=session,
        now=now,
    )
    return replace(
        _view(interview, session=session, posting_id=app.posting_id),
        posting_title=who.posting.title,
        first_name=app.first_name,
    )


def change_time(
    interview_id: int, posting_id: int, raw_slot: object, *, session: Session, now: datetime | None = None
) -> Interview:
    """A recruiter moves a booked interview to a new time (SEQUENCE+1, same UID)."""
    now = now or utcnow()
    interview = session.get(Interview, interview_id)
    if interview is None or interview.status != SCHEDULED:
        raise NotFound("There is no booked interview to move.")
    who = _who(interview.application_id, posting_id, session=session)
    slot, errors = parse_slot(SlotInput.from_form(raw_slot), now, prefix="change-")
    if slot is None:
        raise Invalid(errors, next(iter(errors.values())))
    interview.sequence += 1
    interview.starts_at, interview.duration_minutes = slot.starts_at, slot.minutes
    interview.time_zone, interview.location = slot.time_zone, slot.location
    interview.updated_at = now
    session.add(interview)
    session.flush()
    _send_calendar(
        who,
        interview,
        key="interview_updated",
        change="was moved",
        method="REQUEST",
        session=session,
        now=now,
    )
    return interview


def cancel(
    interview_id: int,
    posting_id: int,
    *,
    session: Session,
    now: datetime | None = None,
    delay: timedelta | None = None,
    erasing: bool = False,
) -> Interview:
    """Cancel: METHOD:CANCEL, STATUS:CANCELLED, same UID, SEQUENCE+1 (if a time was booked).

    ``delay`` (a rejection: its undo window): the notices are due after it and the offered
    times are kept, so ``take_back_cancellation`` can put the interview back as it was.
    ``erasing``: the candidate is being erased, so nothing goes to them (a message would keep
    their address); the hiring team's calendar entry is cancelled without their name.
    """
    now = now or utcnow()
    interview = session.get(Interview, interview_id)
    if interview is None or interview.status not in ACTIVE:
        raise NotFound("There is no open interview to cancel.")
    who = _who(interview.application_id, posting_id, session=session)
    interview.status, interview.updated_at = CANCELLED, now
    if delay is None:
        for slot in session.exec(
            select(InterviewSlot).where(col(InterviewSlot.interview_id) == interview.id)
        ).all():
            slot.open = False
            session.add(slot)
    if interview.starts_at is not None:
        interview.sequence += 1
    session.add(interview)
    session.flush()
    if erasing:
        _tell_team_of_erasure(interview, who.posting, session=session, now=now)
        return interview
    if interview.starts_at is not None:
        _send_calendar(
            who,
            interview,
            key="interview_cancelled",
            change="was cancelled",
            method="CANCEL",
            session=session,
            now=now,
            delay=delay,
        )
    else:
        email_templates.queue(
            "interview_cancelled",
            who.candidate.email,
            _values(who, interview, session=session),
            application_id=who.application.id,
            delay=delay,
            now=now,
            session=session,
        )
    return interview


_PENDING = "pending"


def _cancellation_notices(application_id: int, since: datetime | None, *, session: Session) -> list[Outbox]:
    """The notices an interview cancellation of this application queued at or after ``since``
    (the candidate's email and the team's METHOD:CANCEL), whatever their status."""
    query = select(Outbox).where(
        col(Outbox.application_id) == application_id,
        col(Outbox.kind).in_(("interview_cancelled", "interview_team_notice")),
    )
    if since is not None:
        query = query.where(col(Outbox.created_at) >= since)
    rows = session.exec(query.order_by(col(Outbox.id)).with_for_update()).all()
    return [r for r in rows if r.kind == "interview_cancelled" or "METHOD:CANCEL" in r.ics]


def _latest(application_id: int, *, session: Session) -> Interview | None:
    """The application's newest interview: the only one that can have been open last."""
    return session.exec(
        select(Interview)
        .where(col(Interview.application_id) == application_id)
        .order_by(col(Interview.id).desc())
    ).first()


def take_back_cancellation(application_id: int, *, since: datetime | None, session: Session) -> bool:
    """Undo a waiting cancellation (``cancel(delay=...)`` at ``since``) while none of its
    notices has gone: they are deleted (nobody was told anything) and the interview is open
    again as it was: proposed with the times it offered, or booked, at its old SEQUENCE.
    Returns whether it was put back; once a notice has gone the cancellation stands."""
    interview = _latest(application_id, session=session)
    if interview is None or interview.status != CANCELLED:
        return False
    notices = _cancellation_notices(application_id, since, session=session)
    if not notices or any(n.status != _PENDING for n in notices):
        return False
    offering = session.exec(
        select(InterviewSlot.id).where(
            col(InterviewSlot.interview_id) == interview.id, col(InterviewSlot.open).is_(True)
        )
    ).first()
    if offering is None and interview.starts_at is None:
        return False  # cancelled with its times closed: not a waiting cancellation
    for notice in notices:
        session.delete(notice)
    interview.status = PROPOSED if offering is not None else SCHEDULED
    if interview.starts_at is not None:
        interview.sequence -= 1
    session.add(interview)
    session.flush()
    return True


def tell_team_of_erasure(application_id: int, *, session: Session, now: datetime | None = None) -> bool:
    """An erasure meets a cancellation still waiting for its undo window: the person's notices
    go with their mail, and the hiring team's calendar entry is cancelled now, without the
    candidate's name or address. Returns whether a team notice was waiting."""
    waiting = [
        n
        for n in _cancellation_notices(application_id, None, session=session)
        if n.status == _PENDING and n.kind == "interview_team_notice"
    ]
    interview = _latest(application_id, session=session)
    if not waiting or interview is None or interview.status != CANCELLED:
        return False
    posting = session.exec(
        select(Posting)
        .join(Application, col(Application.posting_id) == col(Posting.id))
        .where(col(Application.id) == application_id)
    ).one()
    for notice in waiting:
        session.delete(notice)
    session.flush()
    _tell_team_of_erasure(interview, posting, session=session, now=now or utcnow())
    return True


def _tell_team_of_erasure(interview: Interview, posting: Posting, *, session: Session, now: datetime) -> None:
    """The proposing recruiter's METHOD:CANCEL (same UID, the interview's SEQUENCE, already
    counted up) for a booked time, naming the candidate only as "Candidate #<application id>"
    and with the recruiter as the only attendee. Tied to no application: the row outlives the
    person's mail and holds nothing of theirs."""
    recruiter = session.get(User, interview.proposed_by) if interview.proposed_by else None
    if interview.starts_at is None or recruiter is None:
        return  # no calendar entry (times only proposed), or nobody to tell
    name = identity.alias(interview.application_id)
    stage = _stage_label(posting.id or 0, interview.stage, session=session)
    ics = cal.invitation(
        uid=interview.uid,
        sequence=interview.sequence,
        method="CANCEL",
        starts_at=interview.starts_at,
        minutes=interview.duration_minutes,
        zone=interview.time_zone,
        summary=f"{stage}: {posting.title} ({name})",
        location=interview.location,
        organizer=cal.Person(recruiter.email, recruiter.name),
        attendees=[cal.Person(recruiter.email, recruiter.name)],
        now=now,
    )
    values = {
        "candidate_first_name": name,
        "candidate_name": name,
        "posting_title": posting.title,
        "interview_stage": stage,
        "interview_time": cal.describe(interview.starts_at, interview.duration_minutes, interview.time_zone),
        "interview_location": interview.location,
        "interview_change": "was cancelled (the candidate's data was erased)",
    }
    email_templates.queue("interview_team_notice", recruiter.email, values, ics=ics, now=now, session=session)
