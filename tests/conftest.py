"""Database fixtures: every data-layer test runs on SQLite and on PostgreSQL.

Each backend is migrated once per run with the real Alembic migrations; each test then
runs inside a transaction that is rolled back, so tests never see each other's rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Playwright, sync_playwright
from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app.devtools.appserver import CHROMIUM, CHROMIUM_ARGS
from careers_app.services.platform import auth, db
from careers_app.services.platform.db import make_engine, migrate
from tests.accounts import PASSWORDS
from tests.commit_cut import CommitCut

PG_URL = os.environ.get("CAREERS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
# Per process, so two test runs on one server (several engineers, CI) never drop each
# other's schema.
PG_SCHEMA = f"careers_test_{os.getpid()}"


def drop_pg_schema(schema: str) -> None:
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    finally:
        admin.dispose()


def _pg_engine() -> Engine:
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
    except sa.exc.OperationalError as exc:
        if os.environ.get("CAREERS_SKIP_POSTGRES") == "1":
            pytest.skip("PostgreSQL unavailable and CAREERS_SKIP_POSTGRES=1")
        raise RuntimeError(f"PostgreSQL is required for the data-layer tests ({PG_URL}): {exc}") from exc
    finally:
        admin.dispose()
    return sa.create_engine(PG_URL, connect_args={"options": f"-csearch_path={PG_SCHEMA}"})


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "test.db"
        eng = make_engine(f"sqlite:///{path}")
    else:
        eng = _pg_engine()
    migrate(eng)
    yield eng
    eng.dispose()
    if request.param == "postgresql":
        drop_pg_schema(PG_SCHEMA)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work, commits included, is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()


CONCURRENCY_SCHEMA = f"careers_test_concurrency_{os.getpid()}"


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'concurrency.db'}")
    else:
        admin = sa.create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {CONCURRENCY_SCHEMA} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {CONCURRENCY_SCHEMA}"))
        admin.dispose()
        engine = sa.create_engine(PG_URL, connect_args={"options": f"-csearch_path={CONCURRENCY_SCHEMA}"})
    migrate(engine)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        drop_pg_schema(CONCURRENCY_SCHEMA)


@pytest.fixture
def app_db(committed_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The app's own session_scope, pointed at a committed test database, with one account
    per role (tests/accounts.py); handlers called through tests/handler_calls.py use it."""
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    with db.session_scope() as session:
        for role, password in PASSWORDS.items():
            auth.create_user(f"{role}@example.com", role.title(), password, role, session=session)
    return committed_engine


@pytest.fixture
def no_live_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The board's live feed off (join, leave, announce): a shared Reflex state needing the running app."""
    from careers_app.states import pipeline as board_states  # here: not every test loads the app's states

    async def no_feed(*_args: object) -> None:
        return None

    monkeypatch.setattr(board_states, "announce", no_feed)  # every board push (PipelineState._announce too)
    monkeypatch.setattr(board_states.PipelineState, "_link_feed", no_feed)
    monkeypatch.setattr(board_states.PipelineState, "_unlink_feed", no_feed)


@pytest.fixture
def commit_cut(committed_engine: Engine) -> Iterator[CommitCut]:
    """A ``CommitCut`` (tests/commit_cut.py) on the committed test database."""
    cut = CommitCut(committed_engine)
    try:
        yield cut
    finally:
        cut.close()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """One Playwright per run (its sync API holds this thread's event loop until the end),
    shared by the browser tests (tests/e2e) and the cluster's (tests/faults)."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


BROWSER_SCOPE = ("tests/e2e/", "tests/faults/")


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``./scripts/test`` runs two pytest-xdist workers (the machine's two cores). The browser
    and cluster tests form one unit, run by one worker: one production build of the
    frontend in .web/, one app, one Playwright (two builds in one .web/ would overwrite each
    other). Every other test module is a unit of its own, spread over both workers.
    (xdist's ``--dist loadgroup`` marks a group by rewriting ``item._nodeid``, which pytest 9
    no longer reads, so the grouping is this scheduler's instead.)"""
    from xdist.scheduler import LoadScopeScheduling  # lazy: only under -n

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith(BROWSER_SCOPE) else nodeid.split("::", 1)[0]

    return BrowserTestsTogether(config, log)
