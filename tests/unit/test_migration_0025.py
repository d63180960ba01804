"""Migration 0025 on SQLite and PostgreSQL: the frozen equal-opportunity quarters (a quarter's
first day is unique: two first requests cannot both write it); the revision goes down and up."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.unit.test_migration_0004 import _move_to, bare_engine  # noqa: F401 (fixture)


def test_0025_adds_the_frozen_quarters_and_goes_down_and_up(bare_engine: Engine) -> None:  # noqa: F811
    _move_to(bare_engine, "0024")
    assert "eeo_quarter" not in sa.inspect(bare_engine).get_table_names()
    _move_to(bare_engine, "0025")
    columns = {c["name"] for c in sa.inspect(bare_engine).get_columns("eeo_quarter_count")}
    assert not columns & {"application_id", "candidate_id"}  # nothing leads back to a person
    insert = sa.text(
        "insert into eeo_quarter (quarter_start, frozen_at) values ('2026-07-01', '2026-10-02 00:00:00+00:00')"
    )
    with bare_engine.begin() as conn:
        conn.execute(insert)
    with pytest.raises(sa.exc.IntegrityError), bare_engine.begin() as conn:
        conn.execute(insert)
    _move_to(bare_engine, "0024", down=True)
    assert "eeo_quarter_count" not in sa.inspect(bare_engine).get_table_names()
    _move_to(bare_engine, "0025")
    assert "eeo_quarter_count" in sa.inspect(bare_engine).get_table_names()
