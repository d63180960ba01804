"""Demo accounts never have a password anyone else knows, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from careers_app.demo.accounts import (
    PUBLISHED_PASSWORDS,
    DemoAccount,
    ensure_demo_users,
    read_accounts_file,
    write_accounts_file,
)
from careers_app.services.platform import auth

EMAILS = ("recruiter@example.com", "recruiter2@example.com", "admin@example.com", "compliance@example.com")


def _can_sign_in(email: str, password: str, session: Session) -> bool:
    try:
        auth.sign_in(email, password, session=session)
    except auth.AuthError:
        return False
    return True


def test_no_demo_user_signs_in_with_a_published_password(session: Session) -> None:
    created = ensure_demo_users(session=session)
    assert [a.email for a in created] == list(EMAILS) and all(a.created for a in created)
    assert len({a.password for a in created}) == 4 and all(len(a.password) >= 16 for a in created)
    for account in created:
        for published in PUBLISHED_PASSWORDS:
            assert not _can_sign_in(account.email, published, session)
    assert all(_can_sign_in(a.email, a.password, session) for a in created)
    assert ensure_demo_users(session=session) == []  # nothing new: nothing to show again


def test_an_older_install_loses_its_published_passwords(session: Session) -> None:
    auth.create_user("admin@example.com", "Alex Admin", "demo-admin-2026!", "admin", session=session)
    auth.create_user("recruiter@example.com", "Riley", "a password only I know", "recruiter", session=session)
    changed = {a.email: a for a in ensure_demo_users(session=session)}
    assert not changed["admin@example.com"].created
    assert "recruiter@example.com" not in changed  # its own password was never published
    assert not _can_sign_in("admin@example.com", "demo-admin-2026!", session)
    assert _can_sign_in("admin@example.com", changed["admin@example.com"].password, session)
    assert _can_sign_in("recruiter@example.com", "a password only I know", session)


def test_a_given_demo_password_sets_every_account(session: Session) -> None:
    ensure_demo_users(session=session)
    changed = ensure_demo_users(session=session, password="the test password")
    assert [a.email for a in changed] == list(EMAILS)
    assert all(_can_sign_in(email, "the test password", session) for email in EMAILS)
    assert ensure_demo_users(session=session, password="the test password") == []


@pytest.mark.parametrize("old_mode", [None, 0o644])
def test_accounts_file_is_private_and_keeps_earlier_entries(tmp_path: Path, old_mode: int | None) -> None:
    path = tmp_path / "demo-accounts.txt"
    if old_mode is not None:
        path.write_text("")
        path.chmod(old_mode)
    write_accounts_file(path, [DemoAccount("a@example.com", "A", "admin", "pw-one-123456", True)])
    write_accounts_file(path, [DemoAccount("b@example.com", "B", "recruiter", "pw-two-123456", True)])
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_accounts_file(path) == {
        "a@example.com": ("admin", "pw-one-123456"),
        "b@example.com": ("recruiter", "pw-two-123456"),
    }
