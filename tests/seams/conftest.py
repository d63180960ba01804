"""Fixtures of the seams tests (the database ones are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from sqlalchemy.engine import Engine

from careers_app import at_rest
from careers_app.services.privacy import personal_data
from careers_app.settings import get_settings
from tests.personal_stores import REDIS_URL
from tests.settings_override import use_settings


@pytest.fixture
def stores(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_live_feed: None
) -> Iterator[personal_data.Stores]:
    """Every store of personal data in the test's own folders and Redis database, the app's
    settings pointed at them (the erasure tests look for a person in each); the board's live
    feed off (an erasure tells open boards)."""
    data = tmp_path / "data"
    settings = replace(
        get_settings(),
        data_dir=data,
        upload_dir=data / "uploads",
        smtp_url="",
        redis_url=REDIS_URL,
        state_workdir=str(data / "states"),
        board_token="acme",
    )
    use_settings(monkeypatch, settings)
    monkeypatch.setenv(at_rest.STATES_WORKDIR, "")  # restored after the test
    at_rest.secure(settings)  # as each worker starts: Reflex's state folder is in the data dir
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield personal_data.Stores.from_settings(settings)
    client.flushdb()
    client.close()
