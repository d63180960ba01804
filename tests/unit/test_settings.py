from __future__ import annotations

import pytest

from careers_app.settings import SettingsError, load_settings


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
