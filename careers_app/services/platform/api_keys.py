"""Keys for the job board API: made by admins, shown once, stored only as SHA-256.

Greenhouse's Job Board API authenticates application POSTs with HTTP Basic, the key as
the user name and an empty password; ours does the same so existing clients work. The
key is 32 random bytes, so a plain SHA-256 is enough (nothing to guess, unlike a
password), and looking a key up is one indexed query.

Each key may post at most ``RATE_LIMIT`` applications per ``RATE_WINDOW``, counted in
the database (``api_call``) so the limit holds across every worker.

A key belongs to the admin who made it: deactivating or demoting that admin revokes their
keys (services/platform/auth.py calls ``revoke_keys_of``), and a key whose maker is not an active
admin is refused even if the account was changed behind the app's back. Every call a key
was let in for is written to the audit log once (action ``api_key_used``), after it is
answered, saying what happened (``application posted``, or refused with its HTTP status),
with the maker as the one who answers for it and a keyed hash of the client's address.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app.models import ApiCall, ApiKey, User
from careers_app.models.types import utcnow
from careers_app.services.platform import audit
from careers_app.services.platform.db import rows_changed
from careers_app.services.platform.errors import Invalid, NotFound

KEY_PREFIX = "cak_"  # careers API key: recognisable in logs and secret scanners
NAME_MAX = 120
RATE_LIMIT = 2
RATE_WINDOW = timedelta(seconds=1)
CALL_RETENTION = timedelta(minutes=1)  # older calls are deleted as new ones arrive
_LOCK_KEY = zlib.crc32(b"careers_app.api_keys")


@dataclass(frozen=True)
class KeyInfo:
    """What the admin page shows about a key (never the key itself)."""

    id: int
    name: str
    prefix: str
    created_at: str
    last_used_at: str
    revoked_at: str
    active: bool  # a field, not a property: the admin page's state sends fields only


@dataclass(frozen=True)
class NewKey:
    """A key just made: ``key`` is shown once and never again."""

    info: KeyInfo
    key: str


@dataclass(frozen=True)
class Caller:
    """The key a request authenticated with."""

    key_id: int
    name: str
    maker_id: int | None = None


class RateLimited(Exception):
    """More calls with this key than the limit allows; ``retry_after`` in seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("Too many requests with this API key; slow down.")
        self.retry_after = retry_after


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else ""


def _info(row: ApiKey) -> KeyInfo:
    return KeyInfo(
        id=row.id or 0,
        name=row.name,
        prefix=row.prefix,
        created_at=_when(row.created_at),
        last_used_at=_when(row.last_used_at),
        revoked_at=_when(row.revoked_at),
        active=row.revoked_at is None,
    )


def create_key(name: object, *, created_by: int | None, session: Session) -> NewKey:
    text = " ".join(name.split()) if isinstance(name, str) else ""
    if not text:
        raise Invalid({"name": "Give the key a name, e.g. the system that will use it."})
    if len(text) > NAME_MAX or any(ord(ch) < 32 for ch in text):
        raise Invalid({"name": f"Use at most {NAME_MAX} printable characters."})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=text, key_hash=key_hash(key), prefix=key[:10], created_by=created_by)
    session.add(row)
    session.flush()
    return NewKey(info=_info(row), key=key)


def list_keys(*, session: Session) -> list[KeyInfo]:
    rows = session.exec(select(ApiKey).order_by(col(ApiKey.created_at).desc(), col(ApiKey.id).desc())).all()
    return [_info(row) for row in rows]


def revoke_key(key_id: int, *, session: Session, now: datetime | None = None) -> KeyInfo:
    """Revoked at once: the next request with it is refused (keys are checked per request)."""
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound("That API key does not exist.")
    if row.revoked_at is None:
        row.revoked_at = now or utcnow()
        session.add(row)
        session.flush()
    return _info(row)


def key_from_basic_auth(header: object) -> str:
    """The key from ``Authorization: Basic base64(key:)`` ("" when absent or malformed)."""
    if not isinstance(header, str) or len(header) > 512:
        return ""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic" or not value:
        return ""
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    user, _, _password = decoded.partition(":")
    return user.strip()


def revoke_keys_of(user_id: int, *, session: Session, now: datetime | None = None) -> int:
    """Revoke every active key this account made (it was deactivated or is no longer an admin)."""
    result = session.execute(
        sa.update(ApiKey)
        .where(col(ApiKey.created_by) == user_id, col(ApiKey.revoked_at).is_(None))
        .values(revoked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return rows_changed(result)


def _maker_may_hold_keys(maker_id: int | None, *, session: Session) -> bool:
    """A key made in the app needs its maker to be an active admin still. Keys with no maker
    are made by an operator outside the app (tests, scripts) and answer to nobody's account."""
    if maker_id is None:
        return True
    maker = session.get(User, maker_id)
    return maker is not None and maker.active and maker.role == "admin"


def authenticate(key: str, *, session: Session) -> Caller | None:
    """The active key this is, or None (unknown, revoked, malformed, or its maker is no longer
    an active admin: all look the same)."""
    if not key.startswith(KEY_PREFIX) or not 20 <= len(key) <= 100:
        return None
    row = session.exec(select(ApiKey).where(ApiKey.key_hash == key_hash(key))).first()
    if row is None or row.revoked_at is not None or row.id is None:
        return None
    if not _maker_may_hold_keys(row.created_by, session=session):
        return None
    return Caller(key_id=row.id, name=row.name, maker_id=row.created_by)


def admit_call(caller: Caller, *, session: Session, now: datetime | None = None) -> None:
    """Count one call with this key against its rate, or raise RateLimited when the key is over
    its limit. Every call let in counts, whatever its answer (a stream of invalid posts is
    abuse too); what it did is audited once it is answered (``audit_call``).

    Check and record are atomic across workers (BEGIN IMMEDIATE on SQLite, an advisory
    lock on PostgreSQL). A call over the limit is not recorded, so a client that keeps
    retrying too fast gets in again as soon as its earlier calls leave the window.
    """
    now = now or utcnow()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    session.execute(
        sa.delete(ApiCall).where(
            col(ApiCall.api_key_id) == caller.key_id, col(ApiCall.at) < now - CALL_RETENTION
        )
    )
    recent = session.exec(
        select(ApiCall.at)
        .where(col(ApiCall.api_key_id) == caller.key_id, col(ApiCall.at) > now - RATE_WINDOW)
        .order_by(col(ApiCall.at).desc())
        .offset(RATE_LIMIT - 1)
        .limit(1)
    ).first()
    if recent is not None:
        wait = (recent + RATE_WINDOW - now).total_seconds()
        raise RateLimited(max(0.1, wait))
    session.add(ApiCall(api_key_id=caller.key_id, at=now))
    row = session.get(ApiKey, caller.key_id)
    if row is not None:
        row.last_used_at = now
        session.add(row)


POSTED = "application posted"


def call_outcome(status: int) -> str:
    """The audit detail of an answered call: "posted" only when the application was taken."""
    return POSTED if 200 <= status < 300 else f"application refused (HTTP {int(status)})"


def audit_call(
    caller: Caller, status: int, *, session: Session, client_address: str = "", now: datetime | None = None
) -> None:
    """The one audit entry of a call ``admit_call`` let in, written once it is answered."""
    audit.record(
        audit.API_KEY_USED,
        audit.Actor.api_key(caller.key_id, caller.name, caller.maker_id, client_address),
        detail=call_outcome(status),
        at=now or utcnow(),
        session=session,
    )
