"""Accounts and sessions on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from careers_app.models import User, UserSession
from careers_app.models.types import utcnow
from careers_app.services import auth


@pytest.fixture
def user(session: Session) -> User:
    return auth.create_user(
        "Riley@Example.com", "Riley", "correct horse battery", "recruiter", session=session
    )


def test_passwords_are_hashed_with_argon2(user: User) -> None:
    assert user.email == "riley@example.com"
    assert user.password_hash.startswith("$argon2")
    assert "correct horse" not in user.password_hash


def test_weak_passwords_and_unknown_roles_are_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="12"):
        auth.create_user("a@example.com", "A", "short", "recruiter", session=session)
    with pytest.raises(ValueError, match="role"):
        auth.create_user("a@example.com", "A", "long enough password", "owner", session=session)


def test_sign_in_gives_a_token_that_is_not_stored(session: Session, user: User) -> None:
    token = auth.sign_in(" RILEY@example.com ", "correct horse battery", session=session)
    current = auth.current_user(token, session=session)
    assert current is not None and current.id == user.id and current.can_work_board
    stored = session.exec(select(UserSession)).one()
    assert stored.token_hash != token and len(stored.token_hash) == 64


def test_wrong_password_and_unknown_user_get_the_same_answer(session: Session, user: User) -> None:
    with pytest.raises(auth.AuthError) as wrong:
        auth.sign_in("riley@example.com", "wrong password!!", session=session)
    with pytest.raises(auth.AuthError) as unknown:
        auth.sign_in("nobody@example.com", "correct horse battery", session=session)
    assert str(wrong.value) == str(unknown.value) == "Email or password is not right."


def test_sign_in_is_rate_limited_per_email(session: Session, user: User) -> None:
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            auth.sign_in("riley@example.com", "guess guess guess", session=session)
    with pytest.raises(auth.RateLimited):
        auth.sign_in("riley@example.com", "correct horse battery", session=session)
    later = utcnow() + auth.FAILURE_WINDOW + timedelta(seconds=1)
    assert auth.sign_in("riley@example.com", "correct horse battery", session=session, now=later)


def test_sessions_expire_can_be_revoked_and_follow_the_account(session: Session, user: User) -> None:
    token = auth.sign_in("riley@example.com", "correct horse battery", session=session)
    assert (
        auth.current_user(token, session=session, now=utcnow() + auth.SESSION_LIFETIME + timedelta(1)) is None
    )
    auth.sign_out(token, session=session)
    assert auth.current_user(token, session=session) is None
    second = auth.sign_in("riley@example.com", "correct horse battery", session=session)
    user.active = False
    session.add(user)
    session.flush()
    assert auth.current_user(second, session=session) is None
    for bad in (None, "", "x" * 500, 12345, {"token": second}):
        assert auth.current_user(bad, session=session) is None


def test_compliance_cannot_work_the_board(session: Session) -> None:
    auth.create_user("c@example.com", "C", "compliance password", "compliance", session=session)
    token = auth.sign_in("c@example.com", "compliance password", session=session)
    current = auth.current_user(token, session=session)
    assert current is not None and not current.can_work_board


def test_deactivating_an_account_ends_its_sessions_at_once(session: Session, user: User) -> None:
    admin = auth.create_user("boss@example.com", "Boss", "admin password!!", "admin", session=session)
    token = auth.sign_in("riley@example.com", "correct horse battery", session=session)
    assert auth.current_user(token, session=session) is not None
    auth.set_active(user.id or 0, False, acting_user_id=admin.id or 0, session=session)
    assert auth.current_user(token, session=session) is None
    with pytest.raises(auth.AuthError):
        auth.sign_in("riley@example.com", "correct horse battery", session=session)
    with pytest.raises(ValueError, match="own account"):
        auth.set_active(admin.id or 0, False, acting_user_id=admin.id or 0, session=session)
    auth.set_active(user.id or 0, True, acting_user_id=admin.id or 0, session=session)
    assert [a.email for a in auth.list_accounts(session=session) if a.active] == [
        "boss@example.com",
        "riley@example.com",
    ]
