"""Hiring-team accounts: argon2 password hashes, server-side sessions, rate-limited sign-in.

The session token is random, separate from Reflex's client token, stored only as a
SHA-256, and checked against the database on every use, so revoking a session or
deactivating a user takes effect at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, func, select

from careers_app.models import SignInAttempt, User, UserSession
from careers_app.models.types import utcnow

ROLES = ("recruiter", "admin", "compliance")
BOARD_ROLES = frozenset({"recruiter", "admin"})
SESSION_LIFETIME = timedelta(hours=12)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 12

_hasher = PasswordHasher()
# Verifying against this keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


class AuthError(Exception):
    pass


class RateLimited(AuthError):
    pass


@dataclass(frozen=True)
class CurrentUser:
    id: int
    email: str
    name: str
    role: str

    @property
    def can_work_board(self) -> bool:
        return self.role in BOARD_ROLES


def _normalise_email(email: object) -> str:
    return email.strip().lower()[:254] if isinstance(email, str) else ""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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


def _recent_failures(email: str, now: datetime, *, session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(SignInAttempt)
        .where(
            SignInAttempt.email == email,
            col(SignInAttempt.succeeded).is_(False),
            col(SignInAttempt.at) > now - FAILURE_WINDOW,
        )
    ).one()


def sign_in(email: object, password: object, *, session: Session, now: datetime | None = None) -> str:
    """Check the password; return a new session token. Raises AuthError or RateLimited."""
    now = now or utcnow()
    address = _normalise_email(email)
    secret = password if isinstance(password, str) else ""
    if _recent_failures(address, now, session=session) >= MAX_FAILURES:
        raise RateLimited("Too many attempts. Wait 15 minutes and try again.")
    user = session.exec(select(User).where(User.email == address)).first() if address else None
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, secret[:1000]) and user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        session.add(SignInAttempt(email=address, succeeded=False, at=now))
        session.flush()
        raise AuthError("Email or password is not right.")
    session.add(SignInAttempt(email=address, succeeded=True, at=now))
    token = secrets.token_urlsafe(32)
    assert user.id is not None
    expires = now + SESSION_LIFETIME
    session.add(
        UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, expires_at=expires)
    )
    session.flush()
    return token


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
    return CurrentUser(id=user.id, email=user.email, name=user.name, role=user.role)


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
    """Deactivate (which ends every session of that user at once) or reactivate an account."""
    if user_id == acting_user_id and not active:
        raise ValueError("You cannot deactivate your own account.")
    user = session.get(User, user_id)
    if user is None:
        raise ValueError("No such account.")
    user.active = active
    session.add(user)
    session.flush()
    if not active:
        revoke_all_sessions(user_id, session=session)
