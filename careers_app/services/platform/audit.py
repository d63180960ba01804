"""The audit log: every view of a candidate's documents, every export, erasure and purge,
and every use of a job board API key.

Entries name the person by ids only, never by name, email or file name, so the log stays
true (and holds nothing personal) after the person is erased. The client's address is
never stored: only a keyed hash of it (HMAC-SHA-256 with the app's secret), which tells
entries from one address apart from others and lets an admin who knows an address find
its entries, but cannot be turned back into the address. Entries are written in the same
unit of work as what they record: an erasure that rolls back leaves no entry.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, func, select

from careers_app.models import Application, AuditEntry, Document
from careers_app.models.types import utcnow
from careers_app.services.platform.roles import CurrentUser
from careers_app.settings import get_settings

DOCUMENT_VIEWED = "document_viewed"
EXPORT = "export"
ERASURE = "erasure"
PURGE = "purge"
IDENTITY_REVEALED = "identity_revealed"  # blind screening (services/visibility/blind_screening.py)
API_KEY_USED = "api_key_used"  # an application posted with a job board API key
ACTIONS: dict[str, str] = {
    DOCUMENT_VIEWED: "Document viewed",
    EXPORT: "Data exported",
    ERASURE: "Person erased",
    PURGE: "Erased by retention purge",
    IDENTITY_REVEALED: "Identity revealed (blind screening)",
    API_KEY_USED: "API key used",
}
USER, CANDIDATE, SYSTEM, API_KEY = "user", "candidate", "system", "api_key"
CANDIDATE_LABEL = "candidate via status link"
SYSTEM_LABEL = "system (retention purge)"
PAGE_SIZE = 50
MAX_PAGE = 100_000


def counted(number: int, noun: str) -> str:
    """ "1 document", "3 documents" (audit details and messages)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass(frozen=True)
class Actor:
    """Who did it: a hiring-team account, the candidate (via their status link) or the system."""

    kind: str
    user_id: int | None = None
    label: str = ""
    client_address: str = ""

    @classmethod
    def user(cls, user_id: int, email: str, client_address: str = "") -> Actor:
        return cls(USER, user_id, email, client_address)

    @classmethod
    def candidate(cls, client_address: str = "") -> Actor:
        return cls(CANDIDATE, None, CANDIDATE_LABEL, client_address)

    @classmethod
    def system(cls) -> Actor:
        return cls(SYSTEM, None, SYSTEM_LABEL, "")

    @classmethod
    def api_key(cls, key_id: int, name: str, maker_id: int | None, client_address: str = "") -> Actor:
        """A job board API key; ``user_id`` is the admin who made it (who answers for it)."""
        return cls(API_KEY, maker_id, f"API key #{key_id} ({name})", client_address)


def address_key(address: str, secret: str | None = None) -> str:
    """The keyed hash the log keeps instead of a client address ("" for no address)."""
    if not address:
        return ""
    if secret is None:
        secret = get_settings().secret_key
    return hmac.new(secret.encode(), f"audit-client:{address}".encode(), hashlib.sha256).hexdigest()


def hash_stored_addresses(*, session: Session, secret: str | None = None) -> int:
    """Entries written before the log hashed addresses get the keyed hash instead (the daily
    retention run calls this, so an older install's log stops holding addresses)."""
    rows = session.exec(
        select(AuditEntry).where(
            col(AuditEntry.client_address) != "", func.length(AuditEntry.client_address) != 64
        )
    ).all()
    for row in rows:
        row.client_address = address_key(row.client_address, secret)
        session.add(row)
    session.flush()
    return len(rows)


def record(
    action: str,
    actor: Actor,
    *,
    session: Session,
    candidate_id: int | None = None,
    application_id: int | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEntry(
            at=at or utcnow(),
            action=action,
            actor_kind=actor.kind,
            actor_user_id=actor.user_id,
            actor_label=actor.label[:254],
            candidate_id=candidate_id,
            application_id=application_id,
            client_address=address_key(actor.client_address[:200]),
            detail=detail[:300],
        )
    )
    session.flush()


def record_document_view(
    document: Document, user: CurrentUser, client_address: str, *, session: Session
) -> None:
    """A hiring-team member opened or downloaded one of a candidate's documents."""
    application = session.get(Application, document.application_id)
    record(
        DOCUMENT_VIEWED,
        Actor.user(user.id, user.email, client_address),
        candidate_id=application.candidate_id if application else None,
        application_id=document.application_id,
        detail=f"{document.kind.replace('_', ' ')} (document {document.id})",
        session=session,
    )


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""  # one of ACTIONS, or "" for all
    day_from: date | None = None
    day_to: date | None = None  # inclusive
    page: int = 1


@dataclass(frozen=True)
class AuditRow:
    id: int
    when: str  # "2026-11-29 23:40 UTC"
    action: str
    action_label: str
    who: str
    candidate: str  # "#12" or ""
    application: str
    client_address: str  # the start of the address's keyed hash, never the address
    detail: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int


def parse_filter(action: str, day_from: str, day_to: str, page: str) -> tuple[AuditFilter, str]:
    """The filter from a URL's query, and a notice naming what was ignored (never raises)."""
    ignored: list[str] = []
    if action and action not in ACTIONS:
        ignored.append("the action")
        action = ""
    days: list[date | None] = []
    for label, text in (("the start date", day_from), ("the end date", day_to)):
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            ignored.append(label)
            days.append(None)
    number = int(page) if page.isdigit() and len(page) <= 6 else 1
    if page and not (page.isdigit() and len(page) <= 6):
        ignored.append("the page number")
    notice = f"Ignored {' and '.join(ignored)} in the link: not understood." if ignored else ""
    return AuditFilter(
        action=action, day_from=days[0], day_to=days[1], page=max(1, min(number, MAX_PAGE))
    ), notice


def _who(entry: AuditEntry) -> str:
    if entry.actor_kind == USER:
        return entry.actor_label or f"account #{entry.actor_user_id}"
    return entry.actor_label or entry.actor_kind


def list_entries(flt: AuditFilter, *, session: Session, page_size: int = PAGE_SIZE) -> AuditPage:
    """Newest first, filtered by action and by day (UTC, both ends inclusive), one page."""
    query = select(AuditEntry)
    count = select(func.count()).select_from(AuditEntry)
    conditions = []
    if flt.action:
        conditions.append(col(AuditEntry.action) == flt.action)
    if flt.day_from:
        conditions.append(col(AuditEntry.at) >= datetime.combine(flt.day_from, time(), UTC))
    if flt.day_to:
        conditions.append(col(AuditEntry.at) < datetime.combine(flt.day_to + timedelta(days=1), time(), UTC))
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    total = int(session.exec(count).one())
    pages = max(1, math.ceil(total / page_size))
    page = min(flt.page, pages)
    entries = session.exec(
        query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    rows = [
        AuditRow(
            id=e.id or 0,
            when=e.at.strftime("%Y-%m-%d %H:%M UTC"),
            action=e.action,
            action_label=ACTIONS.get(e.action, e.action),
            who=_who(e),
            candidate=f"#{e.candidate_id}" if e.candidate_id else "",
            application=f"#{e.application_id}" if e.application_id else "",
            client_address=e.client_address[:12],  # enough to tell addresses apart on the page
            detail=e.detail,
        )
        for e in entries
    ]
    return AuditPage(rows=rows, page=page, pages=pages, total=total)
