"""Migration 0007 on SQLite and PostgreSQL: existing postings keep their rows and get no
pay range, no closing date and on-site; the migration goes down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to

NEW_COLUMNS = {"pay_min_cents", "pay_max_cents", "pay_currency", "pay_unit", "closes_at", "remote"}


def test_0007_adds_pay_closing_and_remote_to_existing_postings(bare_engine: Engine) -> None:
    move_to(bare_engine, "0006")
    with bare_engine.begin() as conn:
        conn.execute(sa.text("insert into team (slug, name) values ('eng', 'Engineering')"))
        conn.execute(
            sa.text(
                "insert into office (slug, name, city, region, country_code)"
                " values ('sf', 'San Francisco, CA', 'San Francisco', 'CA', 'US')"
            )
        )
        conn.execute(
            sa.text(
                "insert into posting (slug, title, team_id, office_id, employment_type, status, who_we_are,"
                " what_youll_do, who_you_are, requirements, desired, process_name, hiring_steps, created_at)"
                " values ('old', 'Old', 1, 1, 'FULL_TIME', 'open', '', 'x', '', '', '', 'P', '[]',"
                " '2026-01-01 00:00:00+00:00')"
            )
        )
    move_to(bare_engine, "0007")
    columns = {c["name"] for c in sa.inspect(bare_engine).get_columns("posting")}
    assert columns >= NEW_COLUMNS
    with bare_engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "select pay_min_cents, pay_max_cents, pay_currency, pay_unit, closes_at, remote from posting"
            )
        ).one()
    assert tuple(row) == (None, None, "", "", None, False)
    move_to(bare_engine, "0006", down=True)
    assert not NEW_COLUMNS & {c["name"] for c in sa.inspect(bare_engine).get_columns("posting")}
    move_to(bare_engine, "0007")
    with bare_engine.connect() as conn:
        assert conn.execute(sa.text("select slug from posting")).scalars().all() == ["old"]
