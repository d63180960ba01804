"""Real concurrency against real databases: committed transactions from several threads."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.platform.db import session_scope
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


def test_one_draft_submitted_again_after_its_answer_was_lost_is_one_application(
    committed_engine: Engine, tmp_path: Path
) -> None:
    """A Submit that committed but whose answer never reached the tab (a worker killed in
    between), then clicked again from the same browser, at once from four tabs: one
    application, one confirmation email, and every click told it went through. Before,
    the clicks after the first found no draft and were refused as blank forms (or, from a
    refilled wizard, sent a second email)."""
    ref, tokens = _prepare(committed_engine, tmp_path, ["lost.answer@example.com"])
    assert _submit_all(committed_engine, ref, tokens * 4, tmp_path) == ["submitted"] * 4
    assert _submit_all(committed_engine, ref, tokens, tmp_path) == ["submitted"]  # later, once more
    with committed_engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from application")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from stageevent")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from outbox")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from application_draft")).scalar() == 0
    with session_scope(committed_engine) as session:  # another browser's draft is not this one
        assert apps.submitted_from(apps.new_token(), ref.id, session=session) is None
        assert apps.submitted_from(tokens[0], ref.id + 1, session=session) is None
        assert apps.submitted_from(tokens[0], ref.id, session=session) is not None
