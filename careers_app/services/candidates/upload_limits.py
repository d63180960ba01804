"""How much one visitor may upload: rate limits per browser (draft token) with a generous
ceiling per client address, and a storage quota per browser.

Every upload costs a PDF check (a process, up to 2 CPU-seconds) and, when accepted,
disk space that stays until the draft is submitted, discarded or purged. Without limits
one anonymous visitor stored 6 MB in 7 seconds across postings. The limits are counted
in the database (``upload_event``), so every worker and instance sees the same numbers.

The browser is the unit of fairness: each one may upload 10 files an hour and hold 4 MB,
so one abusive browser costs at most 20 CPU-seconds of checks an hour and 4 MB of disk.
A visitor can make up new draft tokens, though, so the client address has a ceiling too:
generous, because a campus or an office at a career fair puts hundreds of candidates
behind one IPv4 address (50 of them uploading a resume and a cover letter each within
10 minutes is 100 files), and bounded, so one address that keeps making up tokens still
stops at 200 files in 10 minutes, 1,000 a day and 256 MB a day. An address is keyed by
network (an IPv6 /64, which one household or machine usually gets whole; an IPv4
address as is) and stored only as a keyed hash.
"""

from __future__ import annotations

import ipaddress
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from careers_app.models import ApplicationDraft, DraftDocument, UploadEvent
from careers_app.models.types import utcnow
from careers_app.services.candidates.documents import MAX_BYTES, DocumentRejected, format_size
from careers_app.services.platform import auth
from careers_app.services.platform.db import rows_changed

# Per client address, a ceiling rather than a share: a career fair's 50 candidates behind
# one address each upload a resume and a cover letter in 10 minutes (100 files), twice
# over for replacements and retries.
CLIENT_WINDOW = timedelta(minutes=10)
CLIENT_MAX_UPLOADS = 200
# ... and per day, in files and in bytes, which bound what one address that keeps making
# up draft tokens can make the server check and store before drafts expire.
CLIENT_DAY = timedelta(days=1)
CLIENT_MAX_UPLOADS_PER_DAY = 1000
CLIENT_MAX_BYTES_PER_DAY = 256 * MAX_BYTES
# Per browser (draft token), across postings: a resume and a cover letter for several
# postings plus a few replacements in an hour.
TOKEN_WINDOW = timedelta(hours=1)
TOKEN_MAX_UPLOADS = 10
# Documents one browser's unfinished applications may hold in all: two postings' worth
# of two 1 MB files.
TOKEN_QUOTA_BYTES = 4 * MAX_BYTES
# Upload events are only needed for the longest window.
EVENT_RETENTION = CLIENT_DAY

_LOCK_KEY = zlib.crc32(b"careers_app.upload_limits")  # a PostgreSQL advisory lock id


class UploadRefused(DocumentRejected):
    """An upload refused by a limit; says when it may be tried again (None: not by waiting)."""

    def __init__(self, code: str, message: str, retry_after: timedelta | None = None) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after


def client_key(address: str, secret: str) -> str:
    """The stored form of a client address: a keyed hash of its network, never the address.

    A plain SHA-256 of an IPv4 address is reversed by trying all four billion; a keyed
    hash is not. Addresses that do not parse (none known) share one key.
    """
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return auth.client_key("unknown", secret)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address):
        return auth.client_key(str(ipaddress.IPv6Network(f"{ip}/64", strict=False)), secret)
    return auth.client_key(str(ip), secret)


def _serialize(session: Session) -> None:
    """Make check-then-record atomic across workers.

    SQLite transactions already start with BEGIN IMMEDIATE (one writer at a time); on
    PostgreSQL a transaction-scoped advisory lock does the same for these few queries.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def _wait(
    where: sa.ColumnElement[bool], window: timedelta, limit: int, now: datetime, *, session: Session
) -> timedelta:
    """How long until fewer than ``limit`` events match in the window (zero: allowed now)."""
    nth_newest = session.exec(
        select(UploadEvent.at)
        .where(where, col(UploadEvent.at) > now - window)
        .order_by(col(UploadEvent.at).desc())
        .offset(limit - 1)
        .limit(1)
    ).first()
    if nth_newest is None:
        return timedelta(0)
    return max(timedelta(seconds=1), nth_newest + window - now)


def _bytes_wait(client: str, size: int, now: datetime, *, session: Session) -> timedelta:
    """How long until ``size`` more bytes fit in the address's daily bytes (zero: now)."""
    by_client = (col(UploadEvent.client_key) == client) & (col(UploadEvent.at) > now - CLIENT_DAY)
    total = select(func.coalesce(func.sum(UploadEvent.size_bytes), 0)).where(by_client)
    used = int(session.exec(total).one())
    # Bytes that must leave the window: enough for this file, and at least one byte while
    # the address is at its limit (before the body is read, the size is not known yet).
    excess = max(used + size, used + 1) - CLIENT_MAX_BYTES_PER_DAY
    if excess <= 0:
        return timedelta(0)
    freed = 0
    rows = session.exec(
        select(UploadEvent.at, UploadEvent.size_bytes).where(by_client).order_by(col(UploadEvent.at))
    )
    for at, size_bytes in rows:  # the oldest leave the window first
        freed += size_bytes
        if freed >= excess:
            return max(timedelta(seconds=1), at + CLIENT_DAY - now)
    return CLIENT_DAY


@dataclass(frozen=True)
class Usage:
    """What one address and one browser uploaded lately: every limit's count, in one query."""

    client_window: int  # files from the address in the last CLIENT_WINDOW
    client_day: int  # files from the address in the last day
    client_day_bytes: int  # bytes from the address in the last day
    token_window: int  # files from the browser in the last TOKEN_WINDOW


def usage(client: str, token_hash: str, now: datetime, *, session: Session) -> Usage:
    """Every limit's count in one statement (it was four; an upload asks twice): only a
    refusal asks more, for how long to wait."""
    by_client = col(UploadEvent.client_key) == client
    by_token = col(UploadEvent.token_hash) == token_hash
    at = col(UploadEvent.at)
    row = session.execute(
        sa.select(
            func.count().filter(by_client, at > now - CLIENT_WINDOW),
            func.count().filter(by_client),
            func.coalesce(func.sum(UploadEvent.size_bytes).filter(by_client), 0),
            func.count().filter(by_token, at > now - TOKEN_WINDOW),
        ).where(sa.or_(by_client, by_token), at > now - max(CLIENT_DAY, TOKEN_WINDOW, CLIENT_WINDOW))
    ).one()
    return Usage(int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def check_rate(
    client: str, token_hash: str, *, session: Session, now: datetime | None = None, size: int = 0
) -> None:
    """Raise UploadRefused when one more upload (of ``size`` bytes, when known) would pass
    a rate limit.

    Read-only and cheap (one query while within every limit), so it runs before the
    upload's body is read.
    """
    now = now or utcnow()
    used = usage(client, token_hash, now, session=session)
    by_client = col(UploadEvent.client_key) == client
    if used.client_window >= CLIENT_MAX_UPLOADS:
        wait = _wait(by_client, CLIENT_WINDOW, CLIENT_MAX_UPLOADS, now, session=session)
        raise UploadRefused(
            "rate_client",
            "Too many files were uploaded from your network in the last few minutes. "
            f"Please try again in {auth.wait_words(wait)}.",
            wait,
        )
    if used.client_day >= CLIENT_MAX_UPLOADS_PER_DAY:
        wait = _wait(by_client, CLIENT_DAY, CLIENT_MAX_UPLOADS_PER_DAY, now, session=session)
        raise UploadRefused(
            "rate_client_day",
            "Too many files were uploaded from your network today. "
            f"Please try again in {auth.wait_words(wait)}.",
            wait,
        )
    if max(used.client_day_bytes + size, used.client_day_bytes + 1) > CLIENT_MAX_BYTES_PER_DAY:
        wait = _bytes_wait(client, size, now, session=session)
        raise UploadRefused(
            "rate_client_bytes",
            f"Too much was uploaded from your network today. Please try again in {auth.wait_words(wait)}.",
            wait,
        )
    if used.token_window >= TOKEN_MAX_UPLOADS:
        wait = _wait(
            col(UploadEvent.token_hash) == token_hash, TOKEN_WINDOW, TOKEN_MAX_UPLOADS, now, session=session
        )
        raise UploadRefused(
            "rate_token",
            f"You have uploaded {TOKEN_MAX_UPLOADS} files in the last hour. "
            f"Please try again in {auth.wait_words(wait)}.",
            wait,
        )


def stored_bytes(
    token_hash: str, *, session: Session, except_posting_kind: tuple[int, str] | None = None
) -> int:
    """Bytes of documents held by all drafts of one browser, optionally leaving one out."""
    query = (
        select(func.coalesce(func.sum(DraftDocument.size_bytes), 0))
        .join(ApplicationDraft, col(ApplicationDraft.id) == col(DraftDocument.draft_id))
        .where(ApplicationDraft.token_hash == token_hash)
    )
    if except_posting_kind is not None:
        posting_id, kind = except_posting_kind
        same = (col(ApplicationDraft.posting_id) == posting_id) & (col(DraftDocument.kind) == kind)
        query = query.where(sa.not_(same))
    return int(session.exec(query).one())


def check_quota(token_hash: str, posting_id: int, kind: str, size: int, *, session: Session) -> None:
    """Raise UploadRefused when this file would take the browser's drafts past the quota.

    A file replacing the draft's document of the same kind does not count that one twice.
    """
    _serialize(session)
    _check_quota(token_hash, posting_id, kind, size, session=session)


def _check_quota(token_hash: str, posting_id: int, kind: str, size: int, *, session: Session) -> None:
    used = stored_bytes(token_hash, session=session, except_posting_kind=(posting_id, kind))
    if used + size > TOKEN_QUOTA_BYTES:
        raise UploadRefused(
            "quota",
            f"Your unfinished applications already hold {format_size(used)} of documents, and together "
            f"they can hold at most {TOKEN_QUOTA_BYTES // MAX_BYTES} MB. Submit or discard one of them, "
            "or remove a document, and try again.",
        )


def admit(
    client: str,
    token_hash: str,
    posting_id: int,
    kind: str,
    size: int,
    *,
    session: Session,
    now: datetime | None = None,
) -> int:
    """Check every limit and record the upload, atomically; returns the event's id.

    Called once the body is read (its size known) and before the costly PDF check, so a
    refused upload costs only these queries.
    """
    now = now or utcnow()
    _serialize(session)
    check_rate(client, token_hash, session=session, now=now, size=size)
    _check_quota(token_hash, posting_id, kind, size, session=session)  # under the lock just taken
    event = UploadEvent(client_key=client, token_hash=token_hash, size_bytes=size, at=now)
    session.add(event)
    session.flush()
    assert event.id is not None
    return event.id


def forget(event_id: int, *, session: Session) -> None:
    """Take back an upload the server could not check (busy): it should not count."""
    session.execute(sa.delete(UploadEvent).where(col(UploadEvent.id) == event_id))


def prune_events(*, session: Session, now: datetime | None = None) -> int:
    """Delete events older than the longest window (one statement: safe from every worker)."""
    cutoff = (now or utcnow()) - EVENT_RETENTION
    result = session.execute(sa.delete(UploadEvent).where(col(UploadEvent.at) < cutoff))
    return rows_changed(result)
