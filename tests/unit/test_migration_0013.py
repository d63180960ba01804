"""Migration 0013 on SQLite and PostgreSQL: the plan, scorecard and blind screening tables
arrive empty (postings get their default plan when first needed), hold a scorecard with
its constraints, and go down and up again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to

TABLES = {"interview_plan", "plan_interview", "scorecard", "blind_screening", "identity_reveal"}


def test_0013_adds_the_tables_and_goes_down_and_up(bare_engine: Engine) -> None:
    move_to(bare_engine, "0012")
    assert not TABLES & set(sa.inspect(bare_engine).get_table_names())
    move_to(bare_engine, "0013")
    assert set(sa.inspect(bare_engine).get_table_names()) >= TABLES
    with bare_engine.begin() as conn:
        conn.execute(sa.text("insert into team (slug, name) values ('t', 'T')"))
        conn.execute(
            sa.text(
                "insert into office (slug, name, city, region, country_code) values ('o', 'O', 'O', '', 'US')"
            )
        )
        posting = conn.execute(
            sa.text(
                "insert into posting (slug, title, team_id, office_id, employment_type, status, who_we_are, "
                "what_youll_do, who_you_are, requirements, desired, process_name, hiring_steps, created_at, "
                "pay_currency, pay_unit, remote) values ('p', 'P', 1, 1, 'FULL_TIME', 'open', '', '', '', '', "
                "'', 'Hiring process', '[]', '2026-01-01 00:00:00+00:00', '', '', false) returning id"
            )
        ).scalar_one()
        conn.execute(
            sa.text(
                "insert into plan_interview (posting_id, stage, position, name, attributes) "
                "values (:p, 'onsite', 0, 'Technical', '[\"Python\"]')"
            ),
            {"p": posting},
        )
        conn.execute(
            sa.text(
                "insert into blind_screening (posting_id, enabled_at) values (:p, '2026-01-01 00:00:00+00:00')"
            ),
            {"p": posting},
        )
    with pytest.raises(sa.exc.IntegrityError), bare_engine.begin() as conn:  # one switch per posting
        conn.execute(
            sa.text(
                "insert into blind_screening (posting_id, enabled_at) values (:p, '2026-01-02 00:00:00+00:00')"
            ),
            {"p": posting},
        )
    move_to(bare_engine, "0012", down=True)
    assert not TABLES & set(sa.inspect(bare_engine).get_table_names())
    move_to(bare_engine, "0013")
    with bare_engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from plan_interview")).scalar() == 0
