"""Real concurrency against real databases: committed transactions from several threads."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from careers_app.services import applications as apps
from careers_app.services import consent
from careers_app.services.db import session_scope
from tests.applying import prepare_drafts as _prepare


def _submit_all(engine: Engine, ref: apps.PostingRef, tokens: list[str], uploads: Path) -> list[str]:
    outcomes: list[str] = []
    barrier = threading.Barrier(len(tokens))

    def one(token: str) -> None:
        barrier.wait()
        try:
            with session_scope(engine) as session:
                result = apps.submit_draft(
                    token,
                    ref.id,
                    uploads,
                    "Acme",
                    session=session,
                    agreed=consent.from_wizard(True, False, "Acme"),
                )
            outcomes.append("already" if result.already_applied else "submitted")
        except Exception as exc:  # anything is a bug: a duplicate looks like any submission
            outcomes.append(f"error: {exc!r}")

    threads = [threading.Thread(target=one, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(outcomes)


def test_many_candidates_at_once_all_get_in(committed_engine: Engine, tmp_path: Path) -> None:
    emails = [f"person{i}@example.com" for i in range(8)]
    ref, tokens = _prepare(committed_engine, tmp_path, emails)
    assert _submit_all(committed_engine, ref, tokens, tmp_path) == ["submitted"] * 8
    with committed_engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from application")).scalar() == 8


def test_the_same_person_twice_at_once_gets_one_application(committed_engine: Engine, tmp_path: Path) -> None:
    ref, tokens = _prepare(committed_engine, tmp_path, ["twin@example.com"] * 4)
    outcomes = _submit_all(committed_engine, ref, tokens, tmp_path)
    assert outcomes == ["already", "already", "already", "submitted"]
    with committed_engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from application")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from candidate")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from stageevent")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from application_draft")).scalar() == 0
        # the confirmation, and one "we already have your application" (at most one a day)
        assert conn.execute(sa.text("select count(*) from outbox")).scalar() == 2
