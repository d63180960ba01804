"""Count the SQL statements a piece of code runs on a real engine (in the spirit of Zulip's
``assert_database_query_count``).

``with query_count(engine, expected=7): ...`` listens to SQLAlchemy's
``before_cursor_execute`` on the engine for the duration of the block, so it counts what
the driver really receives: every SELECT, INSERT, UPDATE and DELETE, and the explicit
SAVEPOINTs; BEGIN, COMMIT and ROLLBACK go through the driver's own calls, not a cursor,
and are not counted. A count that differs fails with every statement listed, numbered, so
the new or missing query can be seen at once. ``expected=None`` only records (the
``statements`` list) and asserts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

_SPACES = re.compile(r"\s+")


@dataclass
class Recorded:
    """The statements one block ran, in order."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def listing(self) -> str:
        return "\n".join(f"{i:3d}. {s[:300]}" for i, s in enumerate(self.statements, 1))


@contextmanager
def query_count(engine: Engine, expected: int | None = None) -> Iterator[Recorded]:
    recorded = Recorded()

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        recorded.statements.append(_SPACES.sub(" ", statement).strip())

    sa.event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield recorded
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)
    if expected is not None and recorded.count != expected:
        raise AssertionError(
            f"{recorded.count} SQL statements on {engine.dialect.name}, expected {expected}:\n"
            + recorded.listing()
        )
