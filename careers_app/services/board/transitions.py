"""Every stage change goes through ``change_stage``: one place decides what follows it.

The writers (a board move, a bulk move and its undo, a withdrawal from the status page,
an erasure) differ in who may change what and in what they tell the person acting; they
check that themselves, read the applications, and hand over what they read. What a
change *means* is decided here, once, for all of them:

- the guarded ``UPDATE ... WHERE version = ?`` (one per version seen), so of two changes
  made at the same moment one wins and the other is reported as lost;
- a stage event per application (the history);
- leaving Rejected cancels a rejection email that has not gone yet (the undo window);
  entering Rejected queues one when the recruiter asked for it;
- entering Withdrawn confirms the withdrawal to the candidate;
- entering any end (hired, rejected, withdrawn) cancels the application's open interview:
  the link stops booking and, when a time was booked, both calendars get METHOD:CANCEL
  with the same UID and SEQUENCE+1 (``interviews.cancel``). A rejection can be taken back,
  so its cancellation waits for the undo window like its email (the same delay, whether or
  not the email was asked for): leaving Rejected before the notices go deletes them and
  puts the interview back as it was (``interviews.take_back_cancellation``), so an undone
  rejection told nobody anything;
- what must follow the commit: ``Transition.boards`` says which cards changed on which
  board, for the Reflex state to push once the unit of work has committed.

``tell_people=False`` (erasure, through ``erase``) changes the stage, history and interviews
the same way but queues no email to the person: an outbox row would keep the address being
erased. The hiring team's calendars still lose every booked interview of theirs: a
METHOD:CANCEL to the proposing recruiter naming only "Candidate #<id>", in the erasure's
unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app.models import Application, Candidate, IdentityReveal, Interview, Posting, StageEvent, User
from careers_app.models.types import utcnow
from careers_app.services.candidates import candidate_access
from careers_app.services.interviews import interviews
from careers_app.services.mail import email_templates, rejection_email
from careers_app.services.platform import audit
from careers_app.services.platform.reference import Stage
from careers_app.services.postings.stages import END_KINDS
from careers_app.services.visibility import identity
from careers_app.settings import get_settings

REJECTED, WITHDRAWN = Stage.REJECTED.value, Stage.WITHDRAWN.value
# An application in one of these is no longer in the running: nothing can be booked for it.
ENDED = frozenset(END_KINDS)


@dataclass(frozen=True)
class Seen:
    """An application as its writer read it: at ``version`` it was in ``stage``.

    The guarded update only succeeds while the row is still at ``version``, which is what
    makes ``stage`` the true "from" of the stage event.
    """

    application_id: int
    posting_id: int
    stage: str
    version: int
    rejection_reason: str = ""
    entered_at: datetime | None = None  # when it entered ``stage`` (what a rejection queued since)

    @classmethod
    def of(cls, application: Application) -> Seen:
        return cls(
            application_id=application.id or 0,
            posting_id=application.posting_id,
            stage=application.stage,
            version=application.version,
            rejection_reason=application.rejection_reason,
            entered_at=application.stage_changed_at,
        )


@dataclass(frozen=True)
class Moved:
    application_id: int
    posting_id: int
    from_stage: str
    to_stage: str
    version: int  # the application's version after the change
    previous_reason: str  # the rejection reason it had before (what an undo puts back)
    interview_cancelled: bool = False
    interview_restored: bool = False  # left Rejected in the undo window: its interview is back


def undo_window() -> timedelta:
    """How long a rejection can be taken back: its email and its interview cancellations wait
    this long (``CAREERS_REJECTION_EMAIL_DELAY_MINUTES``)."""
    return timedelta(minutes=get_settings().rejection_email_delay_minutes)


@dataclass(frozen=True)
class Transition:
    moved: tuple[Moved, ...] = ()
    lost: tuple[int, ...] = ()  # someone else changed these since they were read: left alone
    unchanged: tuple[int, ...] = ()  # already there, or withdrawn (which nothing moves out of)

    @property
    def moved_ids(self) -> list[int]:
        return [m.application_id for m in self.moved]

    @property
    def boards(self) -> dict[int, tuple[int, ...]]:
        """posting id -> ids of the cards that changed there: what to push after the commit."""
        found: dict[int, list[int]] = {}
        for m in self.moved:
            found.setdefault(m.posting_id, []).append(m.application_id)
        return {posting_id: tuple(ids) for posting_id, ids in found.items()}


def _by_version(seen: Sequence[Seen], to_stage: str) -> tuple[dict[int, list[int]], list[int]]:
    """The ids to move grouped by the version seen, and those left as they are (already at
    ``to_stage``, or withdrawn)."""
    by_version: dict[int, list[int]] = {}
    unchanged: list[int] = []
    for item in seen:
        if item.stage == to_stage or item.stage == WITHDRAWN:
            unchanged.append(item.application_id)
        else:
            by_version.setdefault(item.version, []).append(item.application_id)
    return by_version, unchanged


def _take_back_rejections(done: list[Seen], *, session: Session) -> set[int]:
    """Cards moved out of Rejected within the undo window: their pending "not selected" email
    is cancelled and their cancelled interviews come back; returns the ids with one back."""
    restored: set[int] = set()
    for s in done:
        if s.stage == REJECTED:  # moved back within the undo window: nothing of it goes
            rejection_email.cancel_pending(s.application_id, session=session)
            if interviews.take_back_cancellation(s.application_id, since=s.entered_at, session=session):
                restored.add(s.application_id)
    return restored


def change_stage(
    seen: Sequence[Seen],
    to_stage: str,
    *,
    actor: str,
    session: Session,
    reason: str = "",
    rejection_email_delay: timedelta | None = None,
    tell_people: bool = True,
    now: datetime | None = None,
    by_user: int | None = None,
    client_address: str = "",
) -> Transition:
    """Move these applications to ``to_stage`` and do everything that goes with it (module doc).

    The caller has checked that this actor may make this change (the stage is the
    posting's, a recruiter never sets Withdrawn, a reason is given for Rejected) and runs
    this in its unit of work; nothing here commits. ``reason`` is kept only for Rejected.
    ``rejection_email_delay``: entering Rejected, queue the "not selected" email due then.
    Entering Rejected, the interview cancellations wait the same delay (``undo_window()``
    when no email was asked for).
    """
    now = now or utcnow()
    reason = reason if to_stage == REJECTED else ""
    by_version, unchanged = _by_version(seen, to_stage)
    if not by_version:
        return Transition(unchanged=tuple(unchanged))
    session.flush()  # the caller's pending writes go first (the updates below bypass the ORM)
    tried_ids = [app_id for ids in by_version.values() for app_id in ids]
    # A blind candidate moved on past screening (the posting's own screening stages) is shown
    # to the hiring team from then on: that is a reveal, made by this person, and recorded as
    # one. The identity rule says whom this move shows (services/visibility/identity.py).
    masked: set[int] = set()
    if by_user is not None:
        masked = identity.shown_by_moving(tried_ids, to_stage, session=session)
    updated: set[int] = set()
    for version, ids in by_version.items():
        result = session.execute(
            sa.update(Application)
            .where(col(Application.id).in_(ids), col(Application.version) == version)
            .values(stage=to_stage, rejection_reason=reason, stage_changed_at=now, version=version + 1)
            .returning(col(Application.id))
            .execution_options(synchronize_session=False)
        )
        updated.update(result.scalars().all())
    tried = {app_id for ids in by_version.values() for app_id in ids}
    done = [s for s in seen if s.application_id in updated]
    lost = [s.application_id for s in seen if s.application_id in tried - updated]
    if not done:
        session.expire_all()
        return Transition(lost=tuple(lost), unchanged=tuple(unchanged))
    session.execute(
        sa.insert(StageEvent),
        [
            {
                "application_id": s.application_id,
                "from_stage": s.stage,
                "to_stage": to_stage,
                "actor": actor,
                "reason": reason,
                "at": now,
            }
            for s in done
        ],
    )
    session.expire_all()  # loaded rows still show the old stage and version
    ids = [s.application_id for s in done]
    if masked and by_user is not None:
        _record_reveals(
            [s for s in done if s.application_id in masked],
            to_stage,
            by_user,
            actor,
            client_address,
            session=session,
            now=now,
        )
    restored = _take_back_rejections(done, session=session)
    if to_stage == REJECTED and rejection_email_delay is not None and tell_people:
        for s in done:
            rejection_email.queue(
                s.application_id, s.posting_id, delay=rejection_email_delay, session=session, now=now
            )
    cancelled: set[int] = set()
    if to_stage in ENDED:
        wait = None
        if to_stage == REJECTED and tell_people:
            wait = rejection_email_delay if rejection_email_delay is not None else undo_window()
        cancelled = _cancel_interviews(ids, session=session, erasing=not tell_people, delay=wait, now=now)
    if to_stage == WITHDRAWN and tell_people:
        for s in done:
            _confirm_withdrawal(s.application_id, session=session, now=now)
    session.flush()
    return Transition(
        moved=tuple(
            Moved(
                application_id=s.application_id,
                posting_id=s.posting_id,
                from_stage=s.stage,
                to_stage=to_stage,
                version=s.version + 1,
                previous_reason=s.rejection_reason,
                interview_cancelled=s.application_id in cancelled,
                interview_restored=s.application_id in restored,
            )
            for s in done
        ),
        lost=tuple(lost),
        unchanged=tuple(unchanged),
    )


def _record_reveals(
    shown: list[Seen],
    to_stage: str,
    by_user: int,
    actor: str,
    client_address: str,
    *,
    session: Session,
    now: datetime,
) -> None:
    """The reveal rows and audit entries of blind candidates this change shows to the team."""
    user = session.get(User, by_user)
    who = audit.Actor.user(by_user, user.email if user else "", client_address)
    for s in shown:
        session.add(IdentityReveal(application_id=s.application_id, user_id=by_user, actor=actor, at=now))
        candidate_id = session.exec(
            select(Application.candidate_id).where(col(Application.id) == s.application_id)
        ).first()
        audit.record(
            audit.IDENTITY_REVEALED,
            who,
            candidate_id=candidate_id,
            application_id=s.application_id,
            detail=f"blind screening: identity shown by moving on to {to_stage}",
            session=session,
        )


def erase(
    closing: Sequence[Seen], application_ids: Sequence[int], *, actor: str, session: Session, now: datetime
) -> Transition:
    """An erasure's change (services/privacy/erasure.py): the applications still open (``closing``)
    are withdrawn, telling the person nothing, and the hiring team's calendars lose every
    booked interview of ``application_ids``: the ones open now, and the ones whose
    rejection's cancellation still waits for the undo window (its notices go with the
    person's mail, so the team's is queued now). Each is a METHOD:CANCEL to the proposing
    recruiter naming only "Candidate #<id>", in the erasure's unit of work."""
    done = Transition()
    if closing:
        done = change_stage(closing, WITHDRAWN, actor=actor, session=session, tell_people=False, now=now)
    for app_id in application_ids:
        interviews.tell_team_of_erasure(app_id, session=session, now=now)
    return done


def _cancel_interviews(
    ids: list[int], *, session: Session, erasing: bool, delay: timedelta | None, now: datetime
) -> set[int]:
    """Cancel every open interview of these applications; returns the applications that had one."""
    rows = session.exec(
        select(Interview.id, Interview.application_id, Application.posting_id)
        .join(Application, col(Application.id) == col(Interview.application_id))
        .where(col(Interview.application_id).in_(ids), col(Interview.status).in_(interviews.ACTIVE))
        .order_by(col(Interview.id))
    ).all()
    for interview_id, _app_id, posting_id in rows:
        interviews.cancel(
            interview_id or 0, posting_id, session=session, now=now, delay=delay, erasing=erasing
        )
    return {app_id for _id, app_id, _posting in rows}


def _confirm_withdrawal(application_id: int, *, session: Session, now: datetime) -> None:
    """The candidate's "you withdrew" email, with a fresh status link."""
    row = session.exec(
        select(Application, Candidate.email, Posting.title)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .join(Posting, col(Posting.id) == col(Application.posting_id))
        .where(col(Application.id) == application_id)
    ).first()
    if row is None or not row[1]:
        return
    application, email, title = row
    values = {
        "candidate_first_name": application.first_name,
        "candidate_name": f"{application.first_name} {application.last_name}".strip(),
        "posting_title": title,
        "status_link": candidate_access.new_status_link(application.candidate_id, session=session, now=now),
    }
    email_templates.queue(
        "withdrawal_confirmed", email, values, application_id=application_id, session=session
    )
