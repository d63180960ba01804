"""Hiring-team accounts: argon2 password hashes, server-side sessions, rate-limited sign-in.

The session token is random, separate from Reflex's client token, stored only as a
SHA-256, and checked against the database on every use, so revoking a session or
deactivating a user takes effect at once.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, func, select

from careers_app import routes
from careers_app.models import SignInAttempt, User, UserSession
from careers_app.models.types import utcnow
from careers_app.services.platform import api_keys
from careers_app.services.platform.errors import DomainError, NotFound, Refused
from careers_app.services.platform.roles import ADMIN_ROLES as ADMIN_ROLES  # re-exported: callers name auth.*
from careers_app.services.platform.roles import BOARD_ROLES as BOARD_ROLES
from careers_app.services.platform.roles import COMPLIANCE_ROLES as COMPLIANCE_ROLES
from careers_app.services.platform.roles import ROLES as ROLES
from careers_app.services.platform.roles import CurrentUser as CurrentUser
from careers_app.services.platform.roles import Role as Role

SESSION_COOKIE = "careers_session"  # HttpOnly: the session token (auth_routes sets it)
DEVICE_COOKIE = "careers_device"  # signed: this browser signed in to the account before
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD = 12

# Sign-in throttling (see docs/security.md, "Signing in"). Failures are counted in a sliding window,
# per account and per client address; past a threshold each further attempt must wait a
# delay that doubles with every failure, up to a cap. A browser that signed in to the
# account before (it holds a signed device cookie) is exempt from the per-account delay,
# and from the per-address delay (for that account only), so a stranger guessing passwords,
# from anywhere or from the same office network, cannot keep that person out.
FAILURE_WINDOW = timedelta(minutes=15)
ACCOUNT_FREE_FAILURES = 5
CLIENT_FREE_FAILURES = 10
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
DEVICE_LIFETIME = timedelta(days=90)

_hasher = PasswordHasher()
# Verifying against this keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


class AuthError(DomainError):
    """A refused sign-in. The failed attempt stays recorded: that is what the throttle counts."""

    keep_changes = True


class RateLimited(DomainError):
    """Too many recent failures; nothing is checked or recorded until the delay has passed."""

    def __init__(self, message: str, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def home_for(role: str) -> str:
    """Where a role lands after signing in: a page it may use."""
    return routes.COMPLIANCE_HOME if role == Role.COMPLIANCE else routes.RECRUITING_HOME


def _normalise_email(email: object) -> str:
    return email.strip().lower()[:254] if isinstance(email, str) else ""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_key(address: str, secret: str) -> str:
    """A keyed hash of the client address: enough to count attempts, never the address itself."""
    return hmac.new(secret.encode(), f"client:{address}".encode(), hashlib.sha256).hexdigest()


def device_token(user_id: int, secret: str, *, now: datetime | None = None) -> str:
    """A signed note that this browser signed in to ``user_id``; exempts it from the account delay."""
    issued = int((now or utcnow()).timestamp())
    body = f"{user_id}.{issued}"
    mac = hmac.new(secret.encode(), f"device:{body}".encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def device_user_id(token: object, secret: str, *, now: datetime | None = None) -> int | None:
    """The account a device cookie vouches for, if it is genuine and not too old."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    body = f"{parts[0]}.{parts[1]}"
    mac = hmac.new(secret.encode(), f"device:{body}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, parts[2]):
        return None
    issued = datetime.fromtimestamp(int(parts[1]), tz=UTC)
    if (now or utcnow()) - issued > DEVICE_LIFETIME:
        return None
    return int(parts[0])


def create_user(email: str, name: str, password: str, role: str, *, session: Session) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password must be at least {MIN_PASSWORD} characters")
    address = _normalise_email(email)
    if "@" not in address:
        raise ValueError("email address required")
    user = User(
        email=address, name=name.strip()[:120] or address, password_hash=_hasher.hash(password), role=role
    )
    session.add(user)
    session.flush()
    return user


def delay_after(failures: int, free: int) -> timedelta:
    """How long to wait after the last failure, given the failures in the window."""
    if failures < free:
        return timedelta(0)
    return min(MAX_DELAY, FIRST_DELAY * (2 ** min(20, failures - free)))


def _failures(
    where: sa.ColumnElement[bool], now: datetime, *, session: Session
) -> tuple[int, datetime | None]:
    count, last = session.exec(
        select(func.count(), func.max(SignInAttempt.at)).where(
            where, col(SignInAttempt.succeeded).is_(False), col(SignInAttempt.at) > now - FAILURE_WINDOW
        )
    ).one()
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return int(count), last


def wait_words(wait: timedelta | int) -> str:
    """A wait as a person reads it: "45 seconds", "1 minute", "15 minutes"."""
    total = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
    seconds = max(1, math.ceil(total))
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _check_throttle(
    address: str, client: str, trusted_device: bool, now: datetime, *, session: Session
) -> None:
    if trusted_device:
        return  # proved an earlier sign-in to this very account from this browser
    if client:
        n, last = _failures(col(SignInAttempt.client_key) == client, now, session=session)
        wait = (last + delay_after(n, CLIENT_FREE_FAILURES) - now) if last else timedelta(0)
        if wait > timedelta(0):
            raise RateLimited(
                f"Too many failed sign-ins from your network. Try again in {wait_words(wait)}.", wait
            )
    if address:
        n, last = _failures(col(SignInAttempt.email) == address, now, session=session)
        wait = (last + delay_after(n, ACCOUNT_FREE_FAILURES) - now) if last else timedelta(0)
        if wait > timedelta(0):
            raise RateLimited(
                f"Too many failed sign-ins for this account. Try again in {wait_words(wait)}, "
                "or from a browser where you have signed in before.",
                wait,
            )


def sign_in(
    email: object,
    password: object,
    *,
    session: Session,
    client: str = "",
    device_user: int | None = None,
    now: datetime | None = None,
) -> tuple[str, CurrentUser]:
    """Check the password; return a new session token and the user.

    Raises RateLimited (nothing checked, nothing recorded) or AuthError (the failure is
    recorded and must be committed: ``keep_changes``). ``client`` is the keyed hash of
    the client address; ``device_user`` the account this browser's device cookie names.
    """
    now = now or utcnow()
    address = _normalise_email(email)
    secret = password if isinstance(password, str) else ""
    user = session.exec(select(User).where(User.email == address)).first() if address else None
    trusted = user is not None and device_user is not None and device_user == user.id
    _check_throttle(address, client, trusted, now, session=session)
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, secret[:1000]) and user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        session.add(SignInAttempt(email=address, client_key=client, succeeded=False, at=now))
        session.flush()
        raise AuthError("Email or password is not right.")
    session.add(SignInAttempt(email=address, client_key=client, succeeded=True, at=now))
    token = secrets.token_urlsafe(32)
    assert user.id is not None
    session.add(
        UserSession(
            token_hash=_token_hash(token), user_id=user.id, created_at=now, expires_at=now + SESSION_LIFETIME
        )
    )
    session.flush()
    return token, CurrentUser(id=user.id, email=user.email, name=user.name, role=Role(user.role))


def current_user(token: object, *, session: Session, now: datetime | None = None) -> CurrentUser | None:
    """The signed-in user for a session token, or None (unknown, expired, revoked, inactive)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    now = now or utcnow()
    row = session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == col(UserSession.user_id))
        .where(UserSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    user_session, user = row
    if user_session.revoked_at is not None or user_session.expires_at <= now or not user.active:
        return None
    assert user.id is not None
    return CurrentUser(id=user.id, email=user.email, name=user.name, role=Role(user.role))


def sign_out(token: object, *, session: Session) -> None:
    if not isinstance(token, str):
        return
    row = session.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()


def revoke_all_sessions(user_id: int, *, session: Session) -> int:
    rows = session.exec(
        select(UserSession).where(UserSession.user_id == user_id, col(UserSession.revoked_at).is_(None))
    ).all()
    for row in rows:
        row.revoked_at = utcnow()
        session.add(row)
    session.flush()
    return len(rows)


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str
    role: str
    active: bool


def list_accounts(*, session: Session) -> list[Account]:
    users = session.exec(select(User).order_by(col(User.role), col(User.email))).all()
    return [Account(id=u.id or 0, email=u.email, name=u.name, role=u.role, active=u.active) for u in users]


def set_active(user_id: int, active: bool, *, acting_user_id: int, session: Session) -> None:
    """Deactivate (which ends every session of that user at once and revokes every job board
    API key they made) or reactivate an account (its keys stay revoked: make new ones)."""
    if user_id == acting_user_id and not active:
        raise Refused("You cannot deactivate your own account.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.")
    user.active = active
    session.add(user)
    session.flush()
    if not active:
        revoke_all_sessions(user_id, session=session)
        api_keys.revoke_keys_of(user_id, session=session)


def set_role(user_id: int, role: str, *, acting_user_id: int, session: Session) -> None:
    """Change an account's role. An admin who stops being one loses every API key they made
    (a key belongs to an active admin); their sessions go on, now with the new role's access."""
    if role not in ROLES:
        raise Refused(f"The role must be one of {', '.join(ROLES)}.")
    if user_id == acting_user_id and role != Role.ADMIN:
        raise Refused("You cannot take the admin role from your own account.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.")
    was_admin = user.role == Role.ADMIN
    user.role = role
    session.add(user)
    session.flush()
    if was_admin and role != Role.ADMIN:
        api_keys.revoke_keys_of(user_id, session=session)
