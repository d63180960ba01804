"""Migration 0018 on SQLite and PostgreSQL: the job alert tables and the outbox's one-click
unsubscribe URL ("" for mail already queued); the revision goes down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.unit.test_migration_0004 import _move_to, bare_engine  # noqa: F401 (fixture)

TABLES = {"job_alert", "job_alert_token", "job_alert_request"}


def test_0018_adds_job_alerts_and_goes_down_and_up(bare_engine: Engine) -> None:  # noqa: F811
    _move_to(bare_engine, "0017")
    with bare_engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into outbox (to_email, subject, body, created_at, status, attempts, next_attempt_at, "
                "last_error, html_body, ics, kind) values ('a@example.org', 'S', 'B', "
                "'2026-01-01 00:00:00+00:00', 'pending', 0, '2026-01-01 00:00:00+00:00', '', '', '', '')"
            )
        )
    assert not TABLES & set(sa.inspect(bare_engine).get_table_names())
    _move_to(bare_engine, "0018")
    assert set(sa.inspect(bare_engine).get_table_names()) >= TABLES
    with bare_engine.begin() as conn:
        assert conn.execute(sa.text("select list_unsubscribe from outbox")).scalar_one() == ""
    _move_to(bare_engine, "0017", down=True)
    assert not TABLES & set(sa.inspect(bare_engine).get_table_names())
    assert "list_unsubscribe" not in {c["name"] for c in sa.inspect(bare_engine).get_columns("outbox")}
    _move_to(bare_engine, "0018")
    assert set(sa.inspect(bare_engine).get_table_names()) >= TABLES
