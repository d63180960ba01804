"""Migration 0017 on SQLite and PostgreSQL: offices get a street address and a postal code,
"" for the offices already there, and the revision goes down and up again with postings
pointing at the office."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to


def _office_columns(engine: Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("office")}


def test_0017_adds_the_office_address_and_goes_down_and_up(bare_engine: Engine) -> None:
    move_to(bare_engine, "0016")
    with bare_engine.begin() as conn:
        conn.execute(sa.text("insert into team (slug, name) values ('t', 'T')"))
        conn.execute(
            sa.text(
                "insert into office (slug, name, city, region, country_code) "
                "values ('lagos', 'Lagos', 'Lagos', '', 'NG')"
            )
        )
        conn.execute(
            sa.text(
                "insert into posting (slug, title, team_id, office_id, employment_type, status, who_we_are, "
                "what_youll_do, who_you_are, requirements, desired, process_name, hiring_steps, created_at, "
                "pay_currency, pay_unit, remote) values ('p', 'P', 1, 1, 'FULL_TIME', 'open', '', '', '', '', "
                "'', 'Hiring process', '[]', '2026-01-01 00:00:00+00:00', '', '', false)"
            )
        )
    assert not {"street_address", "postal_code"} & _office_columns(bare_engine)
    move_to(bare_engine, "0017")
    with bare_engine.begin() as conn:
        assert conn.execute(sa.text("select street_address, postal_code from office")).one() == ("", "")
        conn.execute(sa.text("update office set street_address = '12 Marina Rd', postal_code = '101001'"))
    move_to(bare_engine, "0016", down=True)
    assert not {"street_address", "postal_code"} & _office_columns(bare_engine)
    with bare_engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from posting")).scalar() == 1
    move_to(bare_engine, "0017")
    assert {"street_address", "postal_code"} <= _office_columns(bare_engine)
