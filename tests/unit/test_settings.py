from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from careers_app.settings import SECRET_FILE, SettingsError, load_settings, stored_secret


def test_defaults_are_a_local_sqlite_file() -> None:
    s = load_settings({})
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("data/careers.db")
    assert s.upload_dir == s.data_dir / "uploads"
    assert s.port == 3000 and s.base_url == "http://localhost:3000"
    assert "http://127.0.0.1:3000" in s.allowed_origins


def test_environment_overrides() -> None:
    s = load_settings(
        {
            "DATABASE_URL": "postgres://u@h/db",
            "CAREERS_PORT": "3100",
            "CAREERS_UPLOAD_DIR": "/tmp/up",
            "CAREERS_COMPANY_NAME": "Acme",
        }
    )
    assert s.database_url == "postgresql://u@h/db"
    assert s.base_url == "http://localhost:3100" and str(s.upload_dir) == "/tmp/up"
    assert s.company_name == "Acme"


def test_production_refuses_unsafe_values() -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings({"CAREERS_ENV": "production", "CAREERS_BASE_URL": "https://jobs.example"})
    with pytest.raises(SettingsError, match="https"):
        load_settings({"CAREERS_ENV": "production", "CAREERS_SECRET_KEY": "k" * 40})
    ok = load_settings(
        {
            "CAREERS_ENV": "production",
            "CAREERS_SECRET_KEY": "k" * 40,
            "CAREERS_BASE_URL": "https://jobs.example",
        }
    )
    assert ok.allowed_origins == ["https://jobs.example"]


def test_production_refuses_a_demo_password() -> None:
    production = {
        "CAREERS_ENV": "production",
        "CAREERS_SECRET_KEY": "k" * 40,
        "CAREERS_BASE_URL": "https://jobs.example",
    }
    with pytest.raises(SettingsError, match="CAREERS_DEMO_PASSWORD"):
        load_settings({**production, "CAREERS_DEMO_PASSWORD": "a long test password"})
    with pytest.raises(SettingsError, match="at least 12"):
        load_settings({"CAREERS_DEMO_PASSWORD": "short"})
    assert load_settings({"CAREERS_DEMO_PASSWORD": "a long test password"}).demo_password == (
        "a long test password"
    )
    assert load_settings({}).demo_password == ""


def test_without_a_secret_key_each_data_dir_gets_its_own_random_one(tmp_path: Path) -> None:
    first = load_settings({"CAREERS_DATA_DIR": str(tmp_path / "a")})
    key = first.secret_key
    path = tmp_path / "a" / SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(key) >= 32 and key == path.read_text().strip()
    stored_secret.cache_clear()  # as after a restart
    assert load_settings({"CAREERS_DATA_DIR": str(tmp_path / "a")}).secret_key == key
    other = load_settings({"CAREERS_DATA_DIR": str(tmp_path / "b")}).secret_key
    assert other != key and len(other) >= 32
    given = load_settings({"CAREERS_DATA_DIR": str(tmp_path / "c"), "CAREERS_SECRET_KEY": "s" * 40})
    assert given.secret_key == "s" * 40 and not (tmp_path / "c" / SECRET_FILE).exists()


def test_workers_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    code = (
        "import sys; from careers_app.settings import load_settings; "
        "print(load_settings({'CAREERS_DATA_DIR': sys.argv[1]}).secret_key)"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and len(keys.pop()) >= 32
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE]  # no temporary files left
