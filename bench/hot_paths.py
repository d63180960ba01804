"""The app's own cost per event on its hot paths, without the network: CPU-ms, wall ms and
SQL statements per event, each handler run through the guard and production's unit of work
(as tests/unit/test_query_counts.py runs them) against PostgreSQL (default) or SQLite.

What it isolates: our handlers, services and queries (and SQLAlchemy's building and
compiling of them), not Socket.IO, Redis or pickling, which bench/load.py and
bench/floor_load.py measure on the whole stack. So a lever on our code can be measured
before and after in a few seconds, with little noise, while the machine is busy.

    .venv/bin/python bench/hot_paths.py [-n 200] [--sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
from reflex_base.event.processor.base_state_processor import _prepare_event_payload

from careers_app import routes
from careers_app.services.platform import auth, db
from careers_app.states import pipeline as board_states
from careers_app.states.apply import ApplyState
from careers_app.states.pipeline import PipelineState
from tests.accounts import PASSWORDS
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for
from tests.query_count import query_count

PG_URL = os.environ.get("CAREERS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _engine(sqlite: bool) -> tuple[sa.Engine, Callable[[], None]]:
    if sqlite:
        folder = tempfile.mkdtemp(prefix="hot-paths-")
        return db.make_engine(f"sqlite:///{folder}/bench.db"), lambda: None
    schema = f"bench_hot_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    return sa.create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"}), drop


_LOOP = asyncio.new_event_loop()


def _send(tab: Tab, state_cls: type, event: str, /, **payload: Any) -> Any:
    """One event on one state of a tab, on this thread's own loop (tests/handler_calls runs
    each on a new thread, which would be most of a cheap event's cost here)."""
    handler = getattr(state_cls, event)
    return _LOOP.run_until_complete(handler.fn(tab.state(state_cls), **_prepare_event_payload(handler, payload)))


def _measure(name: str, engine: sa.Engine, runs: Sequence[Callable[[], Any]]) -> dict[str, Any]:
    cpu, wall, statements = [], [], []
    for run in runs:
        with query_count(engine) as counted:
            c0, w0 = time.process_time(), time.perf_counter()
            run()
            c1, w1 = time.process_time(), time.perf_counter()
        cpu.append((c1 - c0) * 1000)
        wall.append((w1 - w0) * 1000)
        statements.append(counted.count)
    return {
        "path": name,
        "n": len(runs),
        "cpu_ms": statistics.median(cpu),
        "wall_ms": statistics.median(wall),
        "wall_p95": sorted(wall)[int(0.95 * (len(wall) - 1))],
        "statements": statistics.median(statements),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="events per path")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    engine, drop = _engine(args.sqlite)
    db.get_engine = lambda: engine  # type: ignore[assignment]  # the app's unit of work, on this database

    async def no_feed(*_args: object) -> None:  # the live feed needs a running app's linking
        return None

    board_states.announce = no_feed  # type: ignore[assignment]
    board_states.PipelineState._link_feed = no_feed  # type: ignore[method-assign, assignment]
    try:
        db.migrate(engine)
        n = args.n
        with db.session_scope() as session:
            for role, password in PASSWORDS.items():
                auth.create_user(f"{role}@example.com", role.title(), password, role, session=session)
            posting = make_posting(session, make_team(session), make_office(session), title="Hot paths")
            ids = add_applications(session, posting.id or 0, [f"Person{i} Hot" for i in range(2 * n)])
            slug = posting.slug
        results = []

        wizard = Tab("", routes.apply_url(slug))
        wizard.send(ApplyState, "load")
        fields = ["first_name", "last_name", "city"]
        typed = [partial(_send, wizard, ApplyState, "set_field", name=fields[i % 3], value=f"Ngozi{i}") for i in range(n)]
        results.append(_measure("wizard keystroke (set_field)", engine, typed))
        left = [partial(_send, wizard, ApplyState, "leave_field", name=fields[i % 3]) for i in range(n)]
        results.append(_measure("wizard field left (leave_field: draft saved)", engine, left))

        loads = [lambda: _send(Tab("", routes.apply_url(slug)), ApplyState, "load") for _ in range(n)]
        results.append(_measure("wizard page load (ApplyState.load)", engine, loads))

        path = routes.pipeline_url(slug)
        board = Tab(token_for("recruiter"), path)
        board.send(PipelineState, "load")
        board_loads = [lambda: _send(board, PipelineState, "load") for _ in range(max(1, n // 4))]
        results.append(_measure(f"board load ({2 * n} cards)", engine, board_loads))

        def move(app_id: int) -> None:
            request = {"id": app_id, "version": 1, "from": "applied", "to": "recruiter_screen"}
            if _send(board, PipelineState, "move", request=request) is not None:
                raise RuntimeError(f"the move of {app_id} was refused")

        results.append(_measure("board move (drop on the next column)", engine, [partial(move, i) for i in ids[:n]]))

        print(f"hot paths on {engine.dialect.name}, {n} events each, median per event (this process's CPU):")
        print("| path | n | CPU ms | wall ms | wall p95 ms | SQL statements |")
        print("|---|---|---|---|---|---|")
        for r in results:
            print(
                f"| {r['path']} | {r['n']} | {r['cpu_ms']:.2f} | {r['wall_ms']:.2f} | {r['wall_p95']:.2f} | "
                f"{r['statements']:.0f} |"
            )
    finally:
        engine.dispose()
        drop()


if __name__ == "__main__":
    main()
