"""Migration 0012 on SQLite and PostgreSQL: queued mail gets its kind from a known subject
(so the once-a-day "already received" check keeps working), the template and interview
tables appear, and the migration goes down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to

NEW_COLUMNS = {"html_body", "ics", "kind"}
NEW_TABLES = {"email_template", "interview", "interview_slot"}


def test_0012_labels_old_mail_and_adds_the_tables(bare_engine: Engine) -> None:
    move_to(bare_engine, "0011")
    with bare_engine.begin() as conn:
        for subject in (
            "We already have your application: Chef",
            "We received your application: Chef",
            "Other",
        ):
            conn.execute(
                sa.text(
                    "insert into outbox (to_email, subject, body, created_at, next_attempt_at)"
                    " values ('a@example.org', :s, 'Hi', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')"
                ),
                {"s": subject},
            )
    move_to(bare_engine, "0012")
    inspector = sa.inspect(bare_engine)
    assert {c["name"] for c in inspector.get_columns("outbox")} >= NEW_COLUMNS
    assert set(inspector.get_table_names()) >= NEW_TABLES
    with bare_engine.connect() as conn:
        rows = conn.execute(sa.text("select kind, html_body, ics from outbox order by id")).all()
    assert [tuple(r) for r in rows] == [
        ("already_received", "", ""),
        ("application_received", "", ""),
        ("", "", ""),
    ]
    move_to(bare_engine, "0011", down=True)
    inspector = sa.inspect(bare_engine)
    assert not NEW_COLUMNS & {c["name"] for c in inspector.get_columns("outbox")}
    assert not NEW_TABLES & set(inspector.get_table_names())
    move_to(bare_engine, "0012")
    with bare_engine.connect() as conn:
        assert len(conn.execute(sa.text("select subject from outbox")).scalars().all()) == 3
