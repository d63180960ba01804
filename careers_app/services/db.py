"""Engine, sessions and migrations for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import alembic.config
import alembic.runtime.environment
import alembic.script
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

import careers_app.models  # noqa: F401  (registers every table)
from careers_app.services.errors import DomainError
from careers_app.settings import PROJECT_ROOT, get_settings

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # Let SQLAlchemy, not pysqlite, begin transactions (see _begin_immediate).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin_immediate(conn):  # type: ignore[no-untyped-def]
            # Take the write lock up front: a deferred transaction that later writes can
            # fail at once with "database is locked" when another writer is active,
            # instead of waiting its turn.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


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

    def upgrade(rev, _context):  # type: ignore[no-untyped-def]
        return script._upgrade_revs("head", rev)

    with (engine or get_engine()).begin() as connection:
        with alembic.runtime.environment.EnvironmentContext(config, script, fn=upgrade) as env:
            env.configure(connection=connection)
            env.run_migrations()
