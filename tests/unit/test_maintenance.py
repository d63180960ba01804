"""Housekeeping the running app does by itself, on both databases."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from careers_app import tasks
from careers_app.devtools.pdfs import make_pdf
from careers_app.models import ApplicationDraft, DraftDocument, UploadEvent
from careers_app.models.types import utcnow
from careers_app.services.applying import applications as apps
from careers_app.services.candidates.documents import store
from careers_app.services.platform.db import session_scope
from careers_app.services.privacy import maintenance
from tests.factories import make_office, make_posting, make_team
from tests.loops import run_in_own_loop
from tests.waiting import wait_until_async

HOUR = 3600


def _stored(upload_dir: Path, text: str, age_seconds: float) -> str:
    """A stored file (as an upload writes it), its modification time ``age_seconds`` ago."""
    data = make_pdf([[text]])
    key = store(data, hashlib.sha256(data).hexdigest(), upload_dir)
    _age(upload_dir / key, age_seconds)
    return key


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _draft_document(
    session: Session, posting_id: int, key: str, *, updated_at: datetime | None = None
) -> None:
    draft = ApplicationDraft(token_hash=apps.token_hash(apps.new_token()), posting_id=posting_id, data={})
    if updated_at is not None:
        draft.updated_at = updated_at
    session.add(draft)
    session.flush()
    digest = key.rsplit("/", 1)[-1].removesuffix(".pdf")
    session.add(
        DraftDocument(
            draft_id=draft.id or 0,
            kind="resume",
            original_name="cv.pdf",
            size_bytes=100,
            sha256=digest,
            page_count=1,
            storage_key=key,
        )
    )
    session.flush()


def _posting_id(session: Session) -> int:
    return make_posting(session, make_team(session), make_office(session)).id or 0


def test_sweep_removes_old_orphans_and_leftovers_and_keeps_the_rest(session: Session, tmp_path: Path) -> None:
    referenced = _stored(tmp_path, "referenced, old", 5 * HOUR)
    _draft_document(session, _posting_id(session), referenced)
    orphan = _stored(tmp_path, "orphan, old", 2 * HOUR)
    fresh_orphan = _stored(tmp_path, "orphan, fresh", 10 * 60)
    old_temp = tmp_path / orphan.split("/")[0] / ".incoming-abc123"
    old_temp.write_bytes(b"half a file")
    _age(old_temp, 2 * HOUR)
    fresh_temp = tmp_path / orphan.split("/")[0] / ".incoming-def456"
    fresh_temp.write_bytes(b"being written")
    stranger = tmp_path / "ab" / "notes.txt"  # not something the app writes: left alone
    stranger.parent.mkdir(exist_ok=True)
    stranger.write_text("keep me")
    _age(stranger, 48 * HOUR)

    result = maintenance.sweep_orphaned_files(tmp_path, session=session)

    assert result == maintenance.SweepResult(orphans_removed=1, temp_files_removed=1)
    assert (tmp_path / referenced).exists()
    assert not (tmp_path / orphan).exists()
    assert (tmp_path / fresh_orphan).exists()
    assert not old_temp.exists() and fresh_temp.exists()
    assert stranger.exists()


def test_a_file_stored_again_counts_as_fresh(session: Session, tmp_path: Path) -> None:
    """An upload of the same content reuses the old orphan's file; it must not be swept
    between being stored and its row being written."""
    key = _stored(tmp_path, "same content", 3 * HOUR)
    data = make_pdf([["same content"]])
    assert store(data, hashlib.sha256(data).hexdigest(), tmp_path) == key
    assert maintenance.sweep_orphaned_files(tmp_path, session=session).orphans_removed == 0
    assert (tmp_path / key).exists()


def test_sweep_of_a_missing_folder_does_nothing(session: Session, tmp_path: Path) -> None:
    assert maintenance.sweep_orphaned_files(tmp_path / "nowhere", session=session) == maintenance.SweepResult(
        0, 0
    )


def _count(engine: Engine, table: type) -> int:
    with session_scope(engine) as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_run_maintenance_purges_sweeps_and_prunes(committed_engine: Engine, tmp_path: Path) -> None:
    long_ago = utcnow() - apps.DRAFT_LIFETIME - timedelta(days=1)
    with session_scope(committed_engine) as session:
        posting_id = _posting_id(session)
        stale_key = _stored(tmp_path, "stale draft", 40 * 24 * HOUR)
        _draft_document(session, posting_id, stale_key, updated_at=long_ago)
        live_key = _stored(tmp_path, "live draft", 2 * HOUR)
        _draft_document(session, posting_id, live_key)
        session.add(
            UploadEvent(client_key="c", token_hash="t", size_bytes=1, at=utcnow() - timedelta(days=2))
        )
        session.add(UploadEvent(client_key="c", token_hash="t", size_bytes=1, at=utcnow()))
    orphan = _stored(tmp_path, "orphan", 2 * HOUR)

    report = maintenance.run_maintenance(tmp_path, committed_engine)

    assert (report.drafts_purged, report.orphans_removed, report.events_pruned) == (1, 1, 1)
    assert report.skipped == () and report.did_anything
    assert not (tmp_path / stale_key).exists() and not (tmp_path / orphan).exists()
    assert (tmp_path / live_key).exists()
    assert _count(committed_engine, ApplicationDraft) == 1 and _count(committed_engine, UploadEvent) == 1
    assert not maintenance.run_maintenance(tmp_path, committed_engine).did_anything


def test_several_workers_running_maintenance_at_once_do_not_fail(
    committed_engine: Engine, tmp_path: Path
) -> None:
    long_ago = utcnow() - apps.DRAFT_LIFETIME - timedelta(days=1)
    with session_scope(committed_engine) as session:
        posting_id = _posting_id(session)
        for i in range(30):
            _draft_document(
                session, posting_id, _stored(tmp_path, f"stale {i}", 40 * 24 * HOUR), updated_at=long_ago
            )
    reports: list[maintenance.MaintenanceReport] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def worker() -> None:
        start.wait()
        try:
            reports.append(maintenance.run_maintenance(tmp_path, committed_engine))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.drafts_purged for r in reports) == 30
    assert _count(committed_engine, ApplicationDraft) == 0
    assert not any(p.is_file() for p in tmp_path.rglob("*.pdf"))


def test_the_loop_logs_a_failure_and_keeps_going(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Housekeeping must never take the app down: a failing round is logged, the next one runs."""
    calls: list[int] = []

    def flaky(upload_dir: Path) -> maintenance.MaintenanceReport:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return maintenance.MaintenanceReport(0, 0, 0, 0, ())

    monkeypatch.setattr(tasks, "FIRST_RUN_AFTER_SECONDS", (0.0, 0.0))
    monkeypatch.setattr(tasks, "MAINTENANCE_EVERY_SECONDS", 0.01)
    monkeypatch.setattr(maintenance, "run_maintenance", flaky)

    async def run_briefly() -> None:
        loop_task = asyncio.create_task(tasks.maintenance_loop())
        await wait_until_async(lambda: len(calls) >= 3, timeout=10, every=0.01, message="three rounds")
        loop_task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await loop_task

    with caplog.at_level(logging.ERROR, logger="careers_app.tasks"):
        run_in_own_loop(lambda: asyncio.wait_for(run_briefly(), 10))
    assert len(calls) >= 3
    assert "maintenance failed" in caplog.text and "database went away" in caplog.text


def test_run_maintenance_freezes_each_equal_opportunity_quarter_once_it_has_ended(
    committed_engine: Engine, tmp_path: Path
) -> None:
    from careers_app.models import EeoQuarter
    from tests.eeo_data import add_reported

    with session_scope(committed_engine) as session:
        add_reported(session, _posting_id(session), gender="Female")  # in 2026 Q3
    in_q4 = datetime(2026, 12, 7, 12, tzinfo=UTC)
    assert maintenance.run_maintenance(tmp_path, committed_engine, now=in_q4).quarters_frozen == 1
    assert maintenance.run_maintenance(tmp_path, committed_engine, now=in_q4).quarters_frozen == 0
    in_2027 = datetime(2027, 1, 1, 0, 5, tzinfo=UTC)
    with session_scope(committed_engine) as session:  # 2026 Q4 has applications too
        add_reported(session, _posting_id(session), submitted_at=datetime(2026, 11, 4, 9, tzinfo=UTC))
    in_2027_q3 = datetime(2027, 7, 1, 0, 5, tzinfo=UTC)  # 2027 Q1 and Q2: nothing to freeze
    assert maintenance.run_maintenance(tmp_path, committed_engine, now=in_2027).quarters_frozen == 1  # Q4
    assert maintenance.run_maintenance(tmp_path, committed_engine, now=in_2027_q3).quarters_frozen == 0
    assert _count(committed_engine, EeoQuarter) == 2
