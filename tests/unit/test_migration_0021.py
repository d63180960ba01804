"""Migration 0021 on SQLite and PostgreSQL: the outbox's link to the job alert an email is for
(NULL for mail queued before); the revision goes down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.unit.test_migration_0004 import _move_to, bare_engine  # noqa: F401 (fixture)


def _columns(engine: Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("outbox")}


def test_0021_links_outbox_rows_to_their_job_alert_and_goes_down_and_up(bare_engine: Engine) -> None:  # noqa: F811
    _move_to(bare_engine, "0020")
    with bare_engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into outbox (to_email, subject, body, created_at, status, attempts, next_attempt_at, "
                "last_error, html_body, ics, kind, list_unsubscribe) values ('a@example.org', 'S', 'B', "
                "'2026-01-01 00:00:00+00:00', 'pending', 0, '2026-01-01 00:00:00+00:00', '', '', '', '', '')"
            )
        )
    _move_to(bare_engine, "0021")
    with bare_engine.begin() as conn:
        assert conn.execute(sa.text("select job_alert_id from outbox")).scalar_one() is None
    [fk] = [
        f for f in sa.inspect(bare_engine).get_foreign_keys("outbox") if f["referred_table"] == "job_alert"
    ]
    assert fk["constrained_columns"] == ["job_alert_id"]
    _move_to(bare_engine, "0020", down=True)
    assert "job_alert_id" not in _columns(bare_engine)
    _move_to(bare_engine, "0021")
    assert "job_alert_id" in _columns(bare_engine)
