"""Migration 0011 on SQLite and PostgreSQL: the audit log and scheduled-run tables come and go."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to


def test_0011_adds_and_removes_the_audit_and_scheduled_run_tables(bare_engine: Engine) -> None:
    move_to(bare_engine, "0010")
    assert not {"audit_entry", "scheduled_run"} & set(sa.inspect(bare_engine).get_table_names())
    move_to(bare_engine, "0011")
    inspector = sa.inspect(bare_engine)
    assert {"audit_entry", "scheduled_run"} <= set(inspector.get_table_names())
    assert {i["name"] for i in inspector.get_indexes("audit_entry")} >= {
        "ix_audit_entry_at",
        "ix_audit_entry_action_at",
    }
    with bare_engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into audit_entry (at, action, actor_kind) values ('2026-01-01 00:00:00+00:00', 'export', 'system')"
            )
        )
        conn.execute(sa.text("insert into scheduled_run (job) values ('retention_purge')"))
        row = conn.execute(sa.text("select actor_label, client_address, detail from audit_entry")).one()
        assert tuple(row) == ("", "", "")
        assert conn.execute(sa.text("select last_run_on from scheduled_run")).scalar_one() == ""
    move_to(bare_engine, "0010", down=True)
    assert not {"audit_entry", "scheduled_run"} & set(sa.inspect(bare_engine).get_table_names())
    move_to(bare_engine, "0011")
