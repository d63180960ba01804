"""Pooled PostgreSQL connections after the server dropped them (a restart, an idle timeout):
one idle for over a second is checked and replaced before use; one used within the second
fails once as a disconnect, after which the whole pool is renewed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from careers_app.services.platform import db
from tests.conftest import PG_URL


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = db.make_engine(PG_URL)
    yield engine
    engine.dispose()


def _backend(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("select pg_backend_pid()")).scalar_one())


def _terminate(pid: int) -> None:
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as conn:  # with a timeout, it returns once the backend has exited
            assert conn.execute(sa.text("select pg_terminate_backend(:p, 5000)"), {"p": pid}).scalar_one()
    finally:
        admin.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(engine: Engine) -> None:
    first = _backend(engine)
    _terminate(first)
    time.sleep(db.PING_AFTER_IDLE_SECONDS + 0.2)  # the test is about idle time: past the threshold
    assert _backend(engine) != first  # checked on checkout, replaced, no error


def test_a_connection_used_a_moment_ago_fails_once_then_the_pool_is_renewed(engine: Engine) -> None:
    """Not asked first (no extra round trip on a busy worker: what the change is for)."""
    first = _backend(engine)
    _terminate(first)
    with pytest.raises(sa.exc.OperationalError) as failed:  # the event would answer "try again"
        _backend(engine)
    assert failed.value.connection_invalidated
    assert _backend(engine) != first
