"""Delivering the outbox: claim due messages, send each once, back off, give up, retry.

Every worker of every instance runs the sender (careers_app/tasks.py), so a message must
never go to two of them at once. A worker claims rows in one short transaction: it sets
``status = 'sending'`` and a lease (``claimed_until``); on PostgreSQL the rows are
selected ``FOR UPDATE SKIP LOCKED``, so two claimers never take the same row, and on
SQLite the write lock taken by ``BEGIN IMMEDIATE`` (services/platform/db.py) serialises claims.
The message is marked sent only after the SMTP server accepted it. A worker that dies
while sending leaves a lease that expires; the row is then claimed again, with the same
Message-ID, so a receiving server can tell a resend from a new message.

Once a message is delivered its stored copy keeps no live link (``mark_sent``: every
credential link's secret replaced, services/platform/link_tokens.py): a status link, an interview's
booking link or a job alert's link opens things for whoever holds it, and the database
otherwise keeps only their SHA-256s. A message still waiting (pending, or failed and
waiting for an admin's retry) keeps its links, to be sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app.models import Application, Candidate, Outbox
from careers_app.models.types import utcnow
from careers_app.services.mail import rejection_email
from careers_app.services.mail.mail import MailError, Outgoing, Transport, new_message_id
from careers_app.services.platform import link_tokens
from careers_app.services.platform.db import rows_changed, session_scope
from careers_app.services.platform.errors import NotFound
from careers_app.services.visibility import identity

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"  # and "cancelled"
# Wait after the 1st, 2nd, ... failed attempt; after the last attempt the message is failed.
BACKOFF: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = timedelta(minutes=5)  # far longer than one SMTP exchange (timeouts of 20 s)
BATCH = 20
ERROR_LENGTH = 500


@dataclass(frozen=True)
class FailedMessage:
    """A message the sender gave up on, as admins see it."""

    id: int
    to_email: str
    subject: str
    attempts: int
    last_error: str
    created_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def did_anything(self) -> bool:
        return bool(self.sent or self.retrying or self.failed)


def _due(now: datetime) -> sa.ColumnElement[bool]:
    """Rows a worker may claim now: pending and due, or sending with an expired lease."""
    return sa.or_(
        sa.and_(col(Outbox.status) == PENDING, col(Outbox.next_attempt_at) <= now),
        sa.and_(col(Outbox.status) == SENDING, col(Outbox.claimed_until) < now),
    )


def _give_up_on_abandoned(now: datetime, *, session: Session) -> None:
    """A row whose sender died on its last attempt is failed, not claimed for ever."""
    session.execute(
        sa.update(Outbox)
        .where(
            col(Outbox.status) == SENDING,
            col(Outbox.claimed_until) < now,
            col(Outbox.attempts) >= MAX_ATTEMPTS,
        )
        .values(status=FAILED, claimed_until=None, last_error="the sender stopped while sending")
    )


def claim(
    *,
    session: Session,
    domain: str,
    now: datetime | None = None,
    limit: int = BATCH,
    lease: timedelta = LEASE,
) -> list[Outgoing]:
    """Take up to ``limit`` due messages for this worker and count the attempt.

    The caller commits at once (the claim is its own transaction), sends, then reports
    each result with ``mark_sent`` or ``mark_failed``. The UPDATE repeats the due
    condition, so even without row locks a row another claimer took in between is left.
    """
    now = now or utcnow()
    _give_up_on_abandoned(now, session=session)
    rejection_email.cancel_stale(session=session)  # the card left Rejected in the undo window
    query = (
        select(Outbox.id).where(_due(now)).order_by(col(Outbox.next_attempt_at), col(Outbox.id)).limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = [i for i in session.exec(query).all() if i is not None]
    if not ids:
        return []
    session.execute(
        sa.update(Outbox)
        .where(col(Outbox.id).in_(ids), _due(now))
        .values(status=SENDING, claimed_until=now + lease, attempts=col(Outbox.attempts) + 1)
        .execution_options(synchronize_session=False)
    )
    rows = session.exec(
        select(Outbox)
        .where(
            col(Outbox.id).in_(ids), col(Outbox.status) == SENDING, col(Outbox.claimed_until) == now + lease
        )
        .order_by(col(Outbox.id))
        .execution_options(populate_existing=True)
    ).all()
    claimed: list[Outgoing] = []
    for row in rows:
        if row.message_id is None:  # made once, on the first claim; kept across retries
            row.message_id = new_message_id(domain)
            session.add(row)
        assert row.id is not None
        claimed.append(
            Outgoing(
                id=row.id,
                to_email=row.to_email,
                subject=row.subject,
                body=row.body,
                message_id=row.message_id,
                html=row.html_body,
                ics=row.ics,
                list_unsubscribe=row.list_unsubscribe,
            )
        )
    session.flush()
    return claimed


def mark_sent(message_id: int, *, session: Session, now: datetime | None = None) -> None:
    """The server accepted the message: it is never sent again, and what is kept of it
    holds no live link (the person has theirs in the email)."""
    sending = (col(Outbox.id) == message_id, col(Outbox.status) == SENDING)
    row = session.execute(
        sa.select(
            col(Outbox.body), col(Outbox.html_body), col(Outbox.ics), col(Outbox.list_unsubscribe)
        ).where(*sending)
    ).first()
    if row is None:  # erased meanwhile, or not this worker's claim any more
        return
    session.execute(
        sa.update(Outbox)
        .where(*sending)
        .values(
            status=SENT,
            sent_at=now or utcnow(),
            claimed_until=None,
            last_error="",
            body=link_tokens.without_links(row.body),
            html_body=link_tokens.without_links(row.html_body),
            ics=link_tokens.without_links(row.ics),
            list_unsubscribe=link_tokens.without_links(row.list_unsubscribe),
        )
    )


def mark_failed(message_id: int, error: str, *, session: Session, now: datetime | None = None) -> str:
    """Count a failed attempt: wait the next backoff step, or give up after the last one.

    Returns the new status (pending or failed).
    """
    now = now or utcnow()
    row = session.get(Outbox, message_id, populate_existing=True)
    if row is None or row.status != SENDING:
        return row.status if row is not None else FAILED
    row.last_error = error[:ERROR_LENGTH]
    row.claimed_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = FAILED
    else:
        row.status = PENDING
        row.next_attempt_at = now + BACKOFF[max(row.attempts, 1) - 1]
    session.add(row)
    session.flush()
    return row.status


def list_failed(*, session: Session, limit: int = 200) -> list[FailedMessage]:
    """Failed messages as admins see them. A candidate whom blind screening hides from the
    hiring team (services/visibility/identity.py) is shown as "Candidate #<id>", not by address."""
    rows = session.exec(
        select(Outbox).where(col(Outbox.status) == FAILED).order_by(col(Outbox.id).desc()).limit(limit)
    ).all()
    about = [r.application_id for r in rows if r.application_id is not None]
    masked = set(about) - identity.visible_ids(identity.Viewer.HIRING_TEAM, about, session=session)
    # Only a message to the candidate names them; the team's own notices about a blind
    # candidate go to a colleague's address, which stays readable.
    candidate_email = {
        app_id: (email or "").lower()
        for app_id, email in session.exec(
            select(Application.id, Candidate.email)
            .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
            .where(col(Application.id).in_(masked))
        ).all()
    }
    # Mail about no application (a status link the person asked for) names them too: masked
    # when one of their applications is (issue 18's second attack run).
    loose = {r.to_email.lower() for r in rows if r.application_id is None}
    theirs = session.exec(
        select(Application.id, Candidate.email)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .where(sa.func.lower(col(Candidate.email)).in_(sorted(loose)))
    ).all() if loose else []
    hidden_ids = {i for i, _ in theirs if i is not None} - identity.visible_ids(
        identity.Viewer.HIRING_TEAM, [i for i, _ in theirs if i is not None], session=session
    )
    masked_address: dict[str, int] = {}
    for app_id, email in sorted(theirs, key=lambda row: row[0] or 0):
        if app_id in hidden_ids:
            masked_address.setdefault((email or "").lower(), app_id)
    found = []
    for r in rows:
        to_email, subject, last_error = r.to_email, r.subject, r.last_error
        alias_of = r.application_id if r.application_id in masked else None
        if alias_of is not None and r.to_email.lower() != candidate_email.get(alias_of):
            alias_of = None  # the team's own notice, to a colleague's address
        if r.application_id is None:
            alias_of = masked_address.get(r.to_email.lower())
        if alias_of is not None:
            to_email = identity.alias(alias_of)
            subject = "(withheld under blind screening)"
            last_error = re.sub(re.escape(r.to_email), to_email, last_error, flags=re.IGNORECASE)
        found.append(
            FailedMessage(
                id=r.id or 0,
                to_email=to_email,
                subject=subject,
                attempts=r.attempts,
                last_error=last_error,
                created_at=r.created_at.isoformat(timespec="seconds"),
            )
        )
    return found


def retry(message_id: int, *, session: Session, now: datetime | None = None) -> None:
    """An admin sends a failed message again: a fresh set of attempts, due now, same Message-ID."""
    result = session.execute(
        sa.update(Outbox)
        .where(col(Outbox.id) == message_id, col(Outbox.status) == FAILED)
        .values(status=PENDING, attempts=0, next_attempt_at=now or utcnow(), claimed_until=None)
    )
    if rows_changed(result) != 1:
        raise NotFound("That message is no longer waiting for a retry.")


ORPHAN_FILE_AGE = timedelta(hours=1)  # a .tmp older than this was left by a crashed write


def sweep_files(folder: Path, *, session: Session, now: datetime | None = None) -> int:
    """Unlink ``<id>.eml`` files whose message row is gone (its person was erased, and the
    crash or the race with a sender came between the commit and the unlink), and stale
    temporary files. Without ``CAREERS_SMTP_URL`` this folder is a store of personal data."""
    if not folder.is_dir():
        return 0
    cutoff = (now or utcnow()).timestamp() - ORPHAN_FILE_AGE.total_seconds()
    files = {int(p.stem): p for p in folder.glob("*.eml") if p.stem.isdigit()}
    known: set[int] = set()
    ids = sorted(files)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        known.update(i for i in session.exec(select(Outbox.id).where(col(Outbox.id).in_(chunk))).all() if i)
    removed = 0
    stale = [p for p in folder.glob(".*.tmp") if p.stat().st_mtime < cutoff]
    for path in [p for i, p in files.items() if i not in known] + stale:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def send_due(
    transport: Transport, *, domain: str, engine: Engine | None = None, now: datetime | None = None
) -> SendReport:
    """Claim a batch, deliver each message, record each result in its own transaction.

    Runs in a thread (blocking SMTP). A message whose delivery raised anything is a
    failed attempt; nothing here is allowed to stop the others in the batch.
    """
    with session_scope(engine) as session:
        batch: Sequence[Outgoing] = claim(session=session, domain=domain, now=now)
    sent = retrying = failed = 0
    for outgoing in batch:
        error = ""
        try:
            transport.deliver(outgoing)
        except MailError as exc:
            error = str(exc)
        except Exception as exc:  # a bug or a full disk: count it, keep going
            error = f"{type(exc).__name__}: {exc}"
        with session_scope(engine) as session:
            if not error:
                mark_sent(outgoing.id, session=session)
                sent += 1
            elif mark_failed(outgoing.id, error, session=session) == FAILED:
                failed += 1
            else:
                retrying += 1
    return SendReport(sent=sent, retrying=retrying, failed=failed)
