"""The operator commands against a real SQLite file, as a subprocess would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from careers_app.settings import PROJECT_ROOT


def _run(data: Path, *args: str, **env: str) -> str:
    environment = {
        **os.environ,
        "CAREERS_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'c.db'}",
        **env,
    }
    environment.pop("CAREERS_ENV", None)
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
    assert "55 postings, 140 applications, 4 users" in _run(tmp_path, "setup")
    assert "0 postings, 0 applications, 0 users" in _run(tmp_path, "setup")
    with sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}").connect() as conn:
        assert conn.execute(sa.text("select count(*) from document")).scalar() >= 140
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
