"""The models and the newest migration describe the same schema, on SQLite and PostgreSQL.

Reflex compares them at every start (``reflex run`` calls ``check_schema_up_to_date``) and
prints "Detected database schema changes" when they differ: an index that only a migration
made (0014's index for the board's longest-waiting order) was enough. Both Alembic's own
comparison (types included) and Reflex's check must find nothing on a migrated database.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import careers_app.models  # noqa: F401 (every table on the metadata)
from careers_app.settings import PROJECT_ROOT


def test_models_and_the_newest_migration_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_reflexs_start_up_check_finds_no_schema_changes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflex import model

    monkeypatch.chdir(PROJECT_ROOT)  # Reflex reads ./alembic.ini, as `reflex run` does
    with engine.connect() as connection:
        assert model.alembic_autogenerate(connection=connection, write_migration_scripts=False) is False
