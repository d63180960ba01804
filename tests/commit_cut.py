"""Make the next COMMIT on an engine fail, the way a database restart makes it fail.

``CommitCut(engine).arm()`` cuts the next COMMIT of any connection of the engine, once,
then disarms itself; ``fired`` counts the commits it really cut, so a test can tell "the
commit was attempted and failed" from "the handler never got as far as committing".
It acts at SQLAlchemy's ``commit`` engine event, which runs just before the driver sends
COMMIT, so everything the unit of work wrote has reached the database by then.

PostgreSQL: a second connection ends this connection's server process with
``pg_terminate_backend(pid, timeout)`` (waiting until it has exited), exactly what a
server restart or an administrator does to it at that moment. The real COMMIT is then
sent to a server process that is gone: psycopg raises OperationalError, SQLAlchemy marks
the connection invalid, and nothing of the transaction was committed.

SQLite has no server process to end. At the same moment a progress handler is put on
the sqlite3 connection that asks SQLite to stop the statement it is running (what
``sqlite3_interrupt`` does, e.g. on shutdown). The real COMMIT statement is then run by
SQLite and fails with SQLITE_INTERRUPT ("interrupted", sqlite3.OperationalError); the
transaction stays open, and the ROLLBACK that follows discards it (the handler stops only
once). Raising from the listener would never reach SQLite's COMMIT; closing the connection
would make the driver refuse the COMMIT before SQLite saw it. The handler is removed when
the connection goes back to the pool.

Below: what a cut event must leave as it was (every row of every table, the stored files,
every var of the tab's states) and a counter of the statements that write.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from reflex.state import BaseState
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import careers_app.models  # noqa: F401  (registers every table)

TERMINATE_WAIT_MS = 5000


class CommitCut:
    """Cuts the next COMMIT on ``engine`` once armed; call ``close`` when done."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.armed = False
        self.fired = 0
        self._admin: Engine | None = None
        self._interrupted: Any = None  # the sqlite3 connection whose COMMIT is being cut
        if engine.dialect.name == "postgresql":
            self._admin = sa.create_engine(engine.url, poolclass=NullPool)
        elif engine.dialect.name != "sqlite":
            raise NotImplementedError(f"no commit cut for {engine.dialect.name}")
        sa.event.listen(engine, "commit", self._on_commit)
        sa.event.listen(engine.pool, "checkin", self._on_checkin)

    def arm(self) -> None:
        self.armed = True

    def disarm(self) -> None:
        self.armed = False

    def close(self) -> None:
        sa.event.remove(self.engine, "commit", self._on_commit)
        sa.event.remove(self.engine.pool, "checkin", self._on_checkin)
        if self._admin is not None:
            self._admin.dispose()

    # ----- the cut ----------------------------------------------------------------------
    def _on_commit(self, conn: Connection) -> None:
        if not self.armed:
            return
        self.armed = False  # one cut per arm (a listener may not remove itself while it runs)
        dbapi = conn.connection.dbapi_connection
        if self._admin is not None:
            self._terminate(dbapi.info.backend_pid)  # type: ignore[union-attr]
        else:
            self._interrupt_next_statement(dbapi)

    def _terminate(self, pid: int) -> None:
        assert self._admin is not None
        with self._admin.connect() as admin:
            ended = admin.execute(
                sa.text("SELECT pg_terminate_backend(:pid, :wait)"), {"pid": pid, "wait": TERMINATE_WAIT_MS}
            ).scalar_one()
            admin.commit()
        if not ended:
            raise RuntimeError(f"could not end PostgreSQL backend {pid}")
        self.fired += 1

    def _interrupt_next_statement(self, dbapi: Any) -> None:
        used = False

        def stop() -> int:
            nonlocal used
            if used:
                return 0
            used = True
            self.fired += 1
            return 1  # non-zero: SQLite interrupts the running statement (the COMMIT)

        dbapi.set_progress_handler(stop, 1)
        self._interrupted = dbapi

    def _on_checkin(self, dbapi: Any, _record: Any) -> None:
        if self._interrupted is not None and id(dbapi) == id(self._interrupted):
            dbapi.set_progress_handler(None, 1)  # the connection goes back to the pool as it was
            self._interrupted = None


# ----- what a cut event must leave as it was -----------------------------------------------

Rows = dict[str, dict[tuple[Any, ...], tuple[Any, ...]]]

_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class WriteCounter:
    """Counts the INSERT, UPDATE and DELETE statements sent on an engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if _WRITE.match(statement):
            self.count += 1

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._seen)


def database_rows(engine: Engine) -> Rows:
    """Every row of every table of the app, by primary key (PostgreSQL: in one round trip)."""
    tables = SQLModel.metadata.sorted_tables
    found: Rows = {}
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            each = ", ".join(f"(SELECT coalesce(json_agg(t), '[]') FROM \"{t.name}\" t)" for t in tables)
            everything = zip(tables, conn.execute(sa.text(f"SELECT {each}")).one(), strict=True)
        else:
            everything = zip(
                tables, (conn.execute(sa.select(t)).mappings().all() for t in tables), strict=True
            )
        for table, rows in everything:
            key = [c.name for c in table.primary_key.columns]
            found[table.name] = {tuple(r[k] for k in key): tuple(r.values()) for r in rows}
    return found


def row_changes(before: Rows, after: Rows) -> dict[str, tuple[int, int, int]]:
    """Per table that differs: rows added, changed and removed."""
    changes = {}
    for name in before.keys() | after.keys():
        old, new = before.get(name, {}), after.get(name, {})
        added = len(new.keys() - old.keys())
        removed = len(old.keys() - new.keys())
        changed = sum(1 for k in old.keys() & new.keys() if old[k] != new[k])
        if added or changed or removed:
            changes[name] = (added, changed, removed)
    return changes


def stored_files(folder: Path) -> dict[str, str]:
    """Every stored file under ``folder`` (uploads), by path, with its content's hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tab_vars(root: BaseState) -> dict[str, Any]:
    """Every var (backend vars included) of every state of a tab, as copies."""
    found: dict[str, Any] = {}
    todo = [root]
    while todo:
        state = todo.pop()
        todo.extend(state.substates.values())
        for name, var in type(state).__fields__.items():
            if getattr(var, "_owner", None) is type(state):
                value = var._get_raw(state)
                found[f"{type(state).__name__}.{name}"] = copy.deepcopy(value)
    return found


def var_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        k: (before.get(k), after.get(k))
        for k in before.keys() | after.keys()
        if before.get(k) != after.get(k)
    }
