"""Accounts and sessions on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

from careers_app.models import User, UserSession
from careers_app.models.types import utcnow
from careers_app.services.platform import auth
from careers_app.services.platform.errors import Refused


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
    token, _ = auth.sign_in(" RILEY@example.com ", "correct horse battery", session=session)
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


def _fail(session: Session, email: str, *, client: str = "", now: datetime | None = None) -> None:
    with pytest.raises(auth.AuthError):
        auth.sign_in(email, "guess guess guess", session=session, client=client, now=now)


def test_account_delay_grows_with_each_failure_and_names_the_wait(session: Session, user: User) -> None:
    start = utcnow()
    for _ in range(auth.ACCOUNT_FREE_FAILURES):
        _fail(session, "riley@example.com", now=start)
    with pytest.raises(auth.RateLimited) as limited:
        auth.sign_in("riley@example.com", "correct horse battery", session=session, now=start)
    assert limited.value.retry_after == auth.FIRST_DELAY
    assert "Try again in 30 seconds" in str(limited.value)
    # After the delay one more guess is allowed; failing it doubles the delay.
    later = start + auth.FIRST_DELAY
    _fail(session, "riley@example.com", now=later)
    with pytest.raises(auth.RateLimited) as again:
        auth.sign_in("riley@example.com", "correct horse battery", session=session, now=later)
    assert again.value.retry_after == 2 * auth.FIRST_DELAY and "1 minute" in str(again.value)
    token, _ = auth.sign_in(
        "riley@example.com", "correct horse battery", session=session, now=later + 2 * auth.FIRST_DELAY
    )
    assert token


def test_delays_are_capped() -> None:
    assert auth.delay_after(4, 5) == timedelta(0)
    assert auth.delay_after(5, 5) == auth.FIRST_DELAY
    assert auth.delay_after(500, 5) == auth.MAX_DELAY


def test_a_known_browser_is_not_kept_out_by_a_strangers_guesses(session: Session, user: User) -> None:
    """Per-account throttling must not become a way to lock an admin out."""
    secret = "x" * 40
    device = auth.device_user_id(auth.device_token(user.id or 0, secret), secret)
    assert device == user.id
    for _ in range(8):
        with pytest.raises((auth.AuthError, auth.RateLimited)):
            auth.sign_in("riley@example.com", "guess guess guess", session=session, client="stranger")
    with pytest.raises(auth.RateLimited):
        auth.sign_in("riley@example.com", "correct horse battery", session=session, client="owner")
    token, _ = auth.sign_in(
        "riley@example.com", "correct horse battery", session=session, client="owner", device_user=device
    )
    assert token


def test_device_cookies_cannot_be_forged_or_kept_forever(user: User) -> None:
    secret = "y" * 40
    good = auth.device_token(user.id or 0, secret)
    assert auth.device_user_id(good, "another secret entirely, 40 chars....") is None
    uid, issued, mac = good.split(".")
    assert auth.device_user_id(f"{int(uid) + 1}.{issued}.{mac}", secret) is None
    old = auth.device_token(user.id or 0, secret, now=utcnow() - auth.DEVICE_LIFETIME - timedelta(1))
    assert auth.device_user_id(old, secret) is None
    for junk in (None, "", "1.2", "a.b.c", "1." * 200):
        assert auth.device_user_id(junk, secret) is None


def test_one_client_guessing_across_accounts_is_slowed(session: Session, user: User) -> None:
    start = utcnow()
    for i in range(auth.CLIENT_FREE_FAILURES):
        _fail(session, f"nobody{i}@example.com", client="guesser", now=start)
    with pytest.raises(auth.RateLimited, match="from your network"):
        auth.sign_in("riley@example.com", "correct horse battery", session=session, client="guesser", now=start)
    token, _ = auth.sign_in("riley@example.com", "correct horse battery", session=session, client="other")
    assert token
    # Someone on the same network (one office, one proxy) who signed in before still can.
    known, _ = auth.sign_in(
        "riley@example.com",
        "correct horse battery",
        session=session,
        client="guesser",
        device_user=user.id,
        now=start,
    )
    assert known


def test_sessions_expire_can_be_revoked_and_follow_the_account(session: Session, user: User) -> None:
    token, _ = auth.sign_in("riley@example.com", "correct horse battery", session=session)
    assert (
        auth.current_user(token, session=session, now=utcnow() + auth.SESSION_LIFETIME + timedelta(1)) is None
    )
    auth.sign_out(token, session=session)
    assert auth.current_user(token, session=session) is None
    second, _ = auth.sign_in("riley@example.com", "correct horse battery", session=session)
    user.active = False
    session.add(user)
    session.flush()
    assert auth.current_user(second, session=session) is None
    for bad in (None, "", "x" * 500, 12345, {"token": second}):
        assert auth.current_user(bad, session=session) is None


def test_compliance_cannot_work_the_board(session: Session) -> None:
    auth.create_user("c@example.com", "C", "compliance password", "compliance", session=session)
    token, _ = auth.sign_in("c@example.com", "compliance password", session=session)
    current = auth.current_user(token, session=session)
    assert current is not None and not current.can_work_board


def test_deactivating_an_account_ends_its_sessions_at_once(session: Session, user: User) -> None:
    admin = auth.create_user("boss@example.com", "Boss", "admin password!!", "admin", session=session)
    token, _ = auth.sign_in("riley@example.com", "correct horse battery", session=session)
    assert auth.current_user(token, session=session) is not None
    auth.set_active(user.id or 0, False, acting_user_id=admin.id or 0, session=session)
    assert auth.current_user(token, session=session) is None
    with pytest.raises(auth.AuthError):
        auth.sign_in("riley@example.com", "correct horse battery", session=session)
    with pytest.raises(Refused, match="own account"):
        auth.set_active(admin.id or 0, False, acting_user_id=admin.id or 0, session=session)
    auth.set_active(user.id or 0, True, acting_user_id=admin.id or 0, session=session)
    assert [a.email for a in auth.list_accounts(session=session) if a.active] == [
        "boss@example.com",
        "riley@example.com",
    ]
