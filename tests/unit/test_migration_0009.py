"""Migration 0009 on SQLite and PostgreSQL: messages written before it (never sent, since
nothing sent mail) become pending and due; the migration goes down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to

NEW_COLUMNS = {"status", "attempts", "next_attempt_at", "claimed_until", "message_id", "last_error"}


def test_0009_makes_old_messages_pending_and_due(bare_engine: Engine) -> None:
    move_to(bare_engine, "0008")
    with bare_engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into outbox (to_email, subject, body, created_at)"
                " values ('a@example.org', 'Hello', 'Hi', '2026-01-01 00:00:00+00:00')"
            )
        )
    move_to(bare_engine, "0009")
    assert {c["name"] for c in sa.inspect(bare_engine).get_columns("outbox")} >= NEW_COLUMNS
    with bare_engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "select status, attempts, next_attempt_at, claimed_until, message_id, last_error from outbox"
            )
        ).one()
    assert (row[0], row[1], row[3], row[4], row[5]) == ("pending", 0, None, None, "")
    assert str(row[2]).startswith("2026-01-01 00:00:00")
    move_to(bare_engine, "0008", down=True)
    assert not NEW_COLUMNS & {c["name"] for c in sa.inspect(bare_engine).get_columns("outbox")}
    move_to(bare_engine, "0009")
    with bare_engine.connect() as conn:
        assert conn.execute(sa.text("select subject from outbox")).scalars().all() == ["Hello"]
