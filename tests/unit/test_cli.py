"""The operator commands against a real SQLite file, as a subprocess would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from careers_app.settings import PROJECT_ROOT

# The passwords README.md used to print for the demo accounts.
README_PASSWORDS = {
    "recruiter@example.com": "demo-recruiter-2026",
    "recruiter2@example.com": "demo-recruiter-2026",
    "admin@example.com": "demo-admin-2026!",
    "compliance@example.com": "demo-compliance-2026",
}


def _run(data: Path, *args: str, **env: str) -> str:
    environment = {
        **os.environ,
        "CAREERS_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'c.db'}",
        **env,
    }
    environment.pop("CAREERS_ENV", None)
    environment.pop("CAREERS_DEMO_PASSWORD", None)
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "careers_app.cli", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_setup_migrates_loads_demo_once_and_is_idempotent(tmp_path: Path) -> None:
    assert "55 postings, 220 applications, 4 users" in _run(tmp_path, "setup")
    assert "0 postings, 0 applications, 0 users" in _run(tmp_path, "setup")
    with sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}").connect() as conn:
        assert conn.execute(sa.text("select count(*) from document")).scalar_one() >= 220
    files = [p for p in (tmp_path / "uploads").rglob("*.pdf")]
    assert files and all(p.stat().st_mode & 0o077 == 0 for p in files)


def test_production_gets_a_schema_but_no_demo_data(tmp_path: Path) -> None:
    out = _run(
        tmp_path,
        "setup",
        CAREERS_ENV="production",
        CAREERS_SECRET_KEY="k" * 40,
        CAREERS_BASE_URL="https://jobs.example.com",
    )
    assert "skipped" in out
    with sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}").connect() as conn:
        assert conn.execute(sa.text("select count(*) from posting")).scalar() == 0
        assert conn.execute(sa.text("select count(*) from app_user")).scalar() == 0


def test_create_admin_and_bulk_applications(tmp_path: Path) -> None:
    _run(tmp_path, "migrate")
    assert "admin created: boss@example.com" in _run(
        tmp_path, "create-admin", "Boss@Example.com", "Boss", CAREERS_ADMIN_PASSWORD="a long admin password"
    )
    _run(tmp_path, "demo")
    out = _run(tmp_path, "demo-applications", "machine-learning-engineer-data-science-cortex", "25")
    assert "25 applications added" in out


def _accepts(password_hash: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash, password)
    except VerificationError:
        return False


def test_demo_accounts_get_random_passwords_shown_once_and_kept_private(tmp_path: Path) -> None:
    out = _run(tmp_path, "setup")
    with sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}").connect() as conn:
        hashes: dict[str, str] = dict(conn.execute(sa.text("select email, password_hash from app_user")).all())
    assert set(hashes) == set(README_PASSWORDS)
    for email, published in README_PASSWORDS.items():
        assert not _accepts(hashes[email], published), f"{email} still has the README password"
    listing = tmp_path / "demo-accounts.txt"
    assert listing.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600  # no key given: one made here
    rows = [line.split() for line in listing.read_text().splitlines() if not line.startswith("#")]
    passwords = {email: password for email, _role, password in rows}
    assert set(passwords) == set(README_PASSWORDS) and len(set(passwords.values())) == 4
    for email, password in passwords.items():
        assert len(password) >= 16 and password in out
        assert _accepts(hashes[email], password)
    again = _run(tmp_path, "setup")
    assert not any(password in again for password in passwords.values())  # shown only once


def test_demo_password_from_the_environment_for_tests(tmp_path: Path) -> None:
    out = _run(tmp_path, "setup", CAREERS_DEMO_PASSWORD="a test password 1")
    assert "4 users added" in out
    with sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}").connect() as conn:
        hashes = [row[0] for row in conn.execute(sa.text("select password_hash from app_user"))]
    assert len(hashes) == 4 and all(_accepts(h, "a test password 1") for h in hashes)
