"""Migration 0010 on SQLite and PostgreSQL: applications from before it keep their rows and
read as "consent not asked"; the status link tables come and go; down and up again."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.migrations import move_to, seed_0003

CONSENT = {"consent_text_id", "consent_text", "consent_processing", "consent_future_openings", "consent_at"}


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


def test_0010_adds_links_and_consent_and_keeps_old_applications(bare_engine: Engine) -> None:
    move_to(bare_engine, "0009")
    seed_0003(bare_engine)  # rows as an older release wrote them (the columns they all have)
    move_to(bare_engine, "0010")
    assert _columns(bare_engine, "application") >= CONSENT
    assert {"candidate_id", "token_hash", "expires_at"} <= _columns(bare_engine, "status_link")
    assert {"email_key", "client_key", "at"} <= _columns(bare_engine, "status_link_request")
    with bare_engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "select id, consent_text_id, consent_text, consent_processing, consent_future_openings, "
                "consent_at from application order by id"
            )
        ).all()
    assert [(r[0], r[1], r[2], bool(r[3]), bool(r[4]), r[5]) for r in rows] == [
        (1, "", "", False, False, None),
        (2, "", "", False, False, None),
    ]
    with bare_engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into status_link (candidate_id, token_hash, created_at, expires_at) "
                "values (1, :h, '2026-11-01 00:00:00+00:00', '2027-01-30 00:00:00+00:00')"
            ),
            {"h": "a" * 64},
        )
    move_to(bare_engine, "0009", down=True)
    inspector = sa.inspect(bare_engine)
    assert not CONSENT & _columns(bare_engine, "application")
    assert "status_link" not in inspector.get_table_names()
    move_to(bare_engine, "0010")
    with bare_engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from application")).scalar() == 2
        assert conn.execute(sa.text("select count(*) from status_link")).scalar() == 0
