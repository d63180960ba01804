"""Engine, sessions and migrations for SQLite and PostgreSQL alike."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import alembic.config
import alembic.runtime.environment
import alembic.script
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

import careers_app.models  # noqa: F401  (registers every table)
from careers_app.services.platform.errors import DomainError
from careers_app.settings import PROJECT_ROOT, get_settings

if TYPE_CHECKING:
    from alembic.runtime.migration import MigrationContext, RevisionStep
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"


def rows_changed(result: sa.Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (``session.execute`` is typed as returning a
    plain ``Result``; for those statements it is a ``CursorResult``, which has the count)."""
    return int(cast("sa.CursorResult[Any]", result).rowcount or 0)


def saved_id(row: Any) -> int:
    """A flushed row's primary key: ``id`` is typed ``int | None`` because it is None until
    the row is flushed, and a row used as a foreign key must have been."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id: flush it first")
    return int(row.id)


def make_engine(url: str) -> Engine:
    """An engine whose errors never carry a statement's values (``hide_parameters``): the
    guard logs database errors, and an insert's values are a person's name and address."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
        )

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
            # Let SQLAlchemy, not pysqlite, begin transactions (see _begin_immediate).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            # Deleted and overwritten rows are zeroed on their pages, so an erased person's
            # bytes do not linger in the file's free space (services/privacy/personal_data.py).
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin_immediate(conn: sa.Connection) -> None:
            # Take the write lock up front: a deferred transaction that later writes can
            # fail at once with "database is locked" when another writer is active,
            # instead of waiting its turn.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    engine = sa.create_engine(url, pool_size=10, max_overflow=10, hide_parameters=True)
    _ping_when_idle(engine)
    return engine


# A pooled connection unused for this long is checked before use (see _ping_when_idle).
PING_AFTER_IDLE_SECONDS = 1.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has been idle a while.

    SQLAlchemy's ``pool_pre_ping`` asks the server before every checkout: one more round
    trip on every event that touches the database (about a fifth of the time a worker
    waited for PostgreSQL under bench/load.py). A connection used within the last second
    cannot have missed a database restart (a restart takes longer), and if the server went
    away since, the statement fails as a disconnect: SQLAlchemy then renews the whole pool
    and the event answers "try again". A connection idle longer is asked first, and a
    dead one is replaced before the event uses it.
    """

    @sa.event.listens_for(engine.pool, "checkin")
    def _returned(_dbapi_conn: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        record.info["careers_returned_at"] = time.monotonic()

    @sa.event.listens_for(engine.pool, "checkout")
    def _ping(
        dbapi_conn: DBAPIConnection, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        returned = record.info.get("careers_returned_at")
        if returned is not None and time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return
        try:
            cursor = dbapi_conn.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_conn.rollback()
        except Exception as exc:  # the pool drops this connection and checks out another
            raise sa.exc.DisconnectionError("database connection lost") from exc


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error.

    A domain error that says ``keep_changes`` (a refused sign-in that must stay
    recorded) commits what was written before it, then propagates.
    """
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except DomainError as error:
            if error.keep_changes:
                session.commit()
            else:
                session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise


def migrate(engine: Engine | None = None) -> None:
    """Bring the schema to the newest Alembic revision (the same files `reflex db` uses)."""
    config = alembic.config.Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    script = alembic.script.ScriptDirectory.from_config(config)

    def upgrade(rev: str, _context: MigrationContext) -> list[RevisionStep]:
        return script._upgrade_revs("head", rev)

    with (
        (engine or get_engine()).begin() as connection,
        alembic.runtime.environment.EnvironmentContext(config, script, fn=upgrade) as env,
    ):
        env.configure(connection=connection)
        env.run_migrations()
