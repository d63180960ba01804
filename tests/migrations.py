"""Moving a bare database to one migration at a time, with the real migration files, and
rows written as an old schema stored them (the migration tests of tests/unit)."""

from __future__ import annotations

import os

import alembic.config
import alembic.runtime.environment
import alembic.script
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext, RevisionStep
from sqlalchemy.engine import Engine

from careers_app.services.platform.db import ALEMBIC_INI
from careers_app.settings import PROJECT_ROOT

# Per process, so two runs on one server never drop each other's schema.
SCHEMA = f"careers_test_migration_{os.getpid()}"


def move_to(engine: Engine, target: str, *, down: bool = False) -> None:
    """Upgrade (or downgrade) to ``target`` with the real migration files, as migrate() does."""
    config = alembic.config.Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    script = alembic.script.ScriptDirectory.from_config(config)

    def step(rev: str, _context: MigrationContext) -> list[RevisionStep]:
        return script._downgrade_revs(target, rev) if down else script._upgrade_revs(target, rev)

    with (
        engine.begin() as connection,
        alembic.runtime.environment.EnvironmentContext(config, script, fn=step) as env,
    ):
        env.configure(connection=connection)
        env.run_migrations()


def seed_0003(engine: Engine) -> None:
    """Two applications of one candidate, written as the 0003 schema stores them."""
    now = "2026-11-01 12:00:00+00:00"
    with engine.begin() as conn:
        conn.execute(sa.text("insert into team (id, slug, name) values (1, 't', 'Team')"))
        conn.execute(
            sa.text(
                "insert into office (id, slug, name, city, region, country_code) "
                "values (1, 'o', 'Lagos', 'Lagos', '', 'NG')"
            )
        )
        for posting_id in (1, 2):
            conn.execute(
                sa.text(
                    "insert into posting (id, slug, title, team_id, office_id, employment_type, status, "
                    "who_we_are, what_youll_do, who_you_are, requirements, desired, process_name, "
                    "hiring_steps, created_at) values (:id, :slug, 'Economist', 1, 1, 'FULL_TIME', 'open', "
                    "'', '', '', '', '', 'Hiring process', '[]', :now)"
                ),
                {"id": posting_id, "slug": f"p{posting_id}", "now": now},
            )
        conn.execute(
            sa.text(
                "insert into candidate (id, first_name, last_name, email, phone_e164, address, city, state, "
                "country, zip_code, created_at) values (1, 'Ngozi', 'Okonjo-Iweala', 'ngozi@example.org', "
                "'+2348031234567', '12 Marina Rd', 'Lagos', '', 'Nigeria', '101001', :now)"
            ),
            {"now": now},
        )
        for application_id in (1, 2):
            conn.execute(
                sa.text(
                    "insert into application (id, candidate_id, posting_id, stage, rejection_reason, source, "
                    "submitted_at, stage_changed_at, version) values "
                    "(:id, 1, :id, 'applied', '', 'careers_site', :now, :now, 1)"
                ),
                {"id": application_id, "now": now},
            )
            conn.execute(  # a row pointing at the application: the downgrade must keep it valid
                sa.text(
                    "insert into stageevent (application_id, from_stage, to_stage, actor, reason, at) "
                    "values (:id, null, 'applied', 'candidate', '', :now)"
                ),
                {"id": application_id, "now": now},
            )
