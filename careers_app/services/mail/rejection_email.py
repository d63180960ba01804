"""The "not selected" email: only on a recruiter's click, after a delay that is the undo window.

A rejection queues the email (when the recruiter ticked "Send rejection email") due after
``CAREERS_REJECTION_EMAIL_DELAY_MINUTES``. Moving the card out of Rejected before then
cancels it: ``pipeline.move`` does so at once, and the sender cancels, before every
claim, any pending one whose application is no longer rejected, whatever moved it (a
bulk undo, a withdrawal).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app.models import Application, Candidate, Outbox, Posting
from careers_app.services.mail import email_templates
from careers_app.services.platform.db import rows_changed
from careers_app.services.platform.errors import NotFound, Refused

KIND = "not_selected"
CANCELLED = "cancelled"


def queue(
    application_id: int,
    posting_id: int,
    *,
    delay: timedelta,
    session: Session,
    now: datetime | None = None,
) -> Outbox:
    """Queue the email for a rejected application (one pending at most: a new one replaces it)."""
    row = session.exec(
        select(Application, Candidate, Posting)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .join(Posting, col(Posting.id) == col(Application.posting_id))
        .where(col(Application.id) == application_id, col(Application.posting_id) == posting_id)
    ).first()
    if row is None:
        raise NotFound("That application is not on this board.")
    application, candidate, posting = row
    if application.stage != "rejected":
        raise Refused("Only a rejected application gets the rejection email.")
    cancel_pending(application_id, session=session)
    first = application.first_name or candidate.first_name
    last = application.last_name or candidate.last_name
    values = {
        "candidate_first_name": first,
        "candidate_name": f"{first} {last}".strip(),
        "posting_title": posting.title,
    }
    return email_templates.queue(
        KIND, candidate.email, values, application_id=application_id, delay=delay, now=now, session=session
    )


def cancel_pending(application_id: int, *, session: Session) -> int:
    """Cancel the application's rejection email if it has not gone yet; returns how many."""
    result = session.execute(
        sa.update(Outbox)
        .where(
            col(Outbox.application_id) == application_id,
            col(Outbox.kind) == KIND,
            col(Outbox.status) == "pending",
        )
        .values(status=CANCELLED, last_error="cancelled: the card left Rejected")
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


def cancel_stale(*, session: Session) -> int:
    """Cancel every pending rejection email whose application is no longer rejected."""
    not_rejected = select(Application.id).where(col(Application.stage) != "rejected")
    result = session.execute(
        sa.update(Outbox)
        .where(
            col(Outbox.kind) == KIND,
            col(Outbox.status) == "pending",
            col(Outbox.application_id).in_(not_rejected),
        )
        .values(status=CANCELLED, last_error="cancelled: the card left Rejected")
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


def pending_at(application_id: int, *, session: Session) -> datetime | None:
    """When the application's rejection email goes, if one is waiting."""
    return session.exec(
        select(Outbox.next_attempt_at).where(
            col(Outbox.application_id) == application_id,
            col(Outbox.kind) == KIND,
            col(Outbox.status) == "pending",
        )
    ).first()


def delay_words(minutes: int) -> str:
    if minutes == 0:
        return "at once"
    return f"in {minutes} minute{'s' if minutes != 1 else ''}"
