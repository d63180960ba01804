"""Housekeeping the running app does by itself: stale drafts, orphaned files, old events,
and freezing each equal-opportunity quarter soon after it ends (services/compliance/eeo_snapshots.py;
the reports would freeze it on their first read anyway).

Left to an operator's CLI, none of this happened: drafts and their files piled up, and
files whose row was never written (a failed attach, a crash between store and commit)
stayed for ever. ``careers_app.tasks`` runs ``run_maintenance`` every few minutes in
every worker of every instance, so each step must be safe to run several times at once:
on PostgreSQL a step runs only in the worker that gets its advisory lock (the others
skip it this round); SQLite's write lock (BEGIN IMMEDIATE) serializes the steps anyway.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app.models import Document, DraftDocument
from careers_app.models.types import utcnow
from careers_app.services.applying import applications as apps
from careers_app.services.candidates import candidate_access, upload_limits
from careers_app.services.compliance import eeo_snapshots
from careers_app.services.platform.db import session_scope

# A stored file waits this long for its row before it counts as orphaned: an upload
# stores the file first and writes the row a moment later, in another transaction.
ORPHAN_AGE = timedelta(hours=1)
_KEY_BATCH = 500  # storage keys per IN (...) query

_DIR = re.compile(r"[0-9a-f]{2}")
_FILE = re.compile(r"[0-9a-f]{64}\.pdf")
_TEMP_PREFIX = ".incoming-"  # documents.store writes here first, then renames


@dataclass(frozen=True)
class SweepResult:
    orphans_removed: int
    temp_files_removed: int


@dataclass(frozen=True)
class MaintenanceReport:
    drafts_purged: int
    orphans_removed: int
    temp_files_removed: int
    events_pruned: int
    skipped: tuple[str, ...]  # steps another worker was already doing
    quarters_frozen: int = 0  # closed quarters whose equal-opportunity counts were written

    @property
    def did_anything(self) -> bool:
        return any(
            (
                self.drafts_purged,
                self.orphans_removed,
                self.temp_files_removed,
                self.events_pruned,
                self.quarters_frozen,
            )
        )


def claim(step: str, *, session: Session) -> bool:
    """Whether this worker should do ``step`` now (held until the transaction ends)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    key = zlib.crc32(f"careers_app.maintenance.{step}".encode())
    return bool(session.execute(sa.text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}).scalar())


def purge_stale_drafts(upload_dir: Path, *, session: Session, now: datetime | None = None) -> int:
    """Drafts untouched for 30 days, with their files (the CLI's purge, reused)."""
    return apps.purge_stale_drafts(upload_dir, session=session, now=now)


def _old(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def _referenced(keys: list[str], *, session: Session) -> set[str]:
    """Which of these storage keys a document or a draft document points to.

    Must name every table that refers to stored files (as documents.is_referenced does).
    """
    found: set[str] = set()
    for i in range(0, len(keys), _KEY_BATCH):
        batch = keys[i : i + _KEY_BATCH]
        for table in (Document, DraftDocument):
            column = col(table.storage_key)
            found.update(session.exec(select(column).where(column.in_(batch)).distinct()).all())
    return found


def _candidates(upload_dir: Path, cutoff: float) -> Iterable[tuple[str, Path]]:
    """Old files of the shapes documents.store writes; anything else is left alone."""
    if not upload_dir.is_dir():
        return
    for folder in sorted(upload_dir.iterdir()):
        if not (folder.is_dir() and _DIR.fullmatch(folder.name)):
            continue
        for path in sorted(folder.iterdir()):
            if (path.name.startswith(_TEMP_PREFIX) or _FILE.fullmatch(path.name)) and _old(path, cutoff):
                yield f"{folder.name}/{path.name}", path


def sweep_orphaned_files(
    upload_dir: Path,
    *,
    session: Session,
    older_than: timedelta = ORPHAN_AGE,
    now: datetime | None = None,
) -> SweepResult:
    """Remove stored files no row refers to, and leftover temporary files, once they are old.

    The folder is listed before the database is asked (SQLite takes its write lock at the
    first query, so the lock is held only for the lookups). A file is looked at again just
    before it goes: documents.store touches a file it would have written, so one that a
    new upload is about to use looks fresh and stays.
    """
    cutoff = ((now or utcnow()) - older_than).timestamp()
    found = list(_candidates(upload_dir, cutoff))
    temp = [path for key, path in found if path.name.startswith(_TEMP_PREFIX)]
    stored = {key: path for key, path in found if not path.name.startswith(_TEMP_PREFIX)}
    referenced = _referenced(sorted(stored), session=session) if stored else set()
    orphans = removed_temp = 0
    for key, path in stored.items():
        if key not in referenced and _old(path, cutoff):
            path.unlink(missing_ok=True)
            orphans += 1
    for path in temp:
        if _old(path, cutoff):
            path.unlink(missing_ok=True)
            removed_temp += 1
    return SweepResult(orphans_removed=orphans, temp_files_removed=removed_temp)


def run_maintenance(
    upload_dir: Path, engine: Engine | None = None, *, now: datetime | None = None
) -> MaintenanceReport:
    """Every step once, each in its own short transaction; steps another worker holds are skipped."""
    skipped: list[str] = []
    drafts = events = frozen = 0
    sweep = SweepResult(0, 0)
    with session_scope(engine) as session:
        if claim("drafts", session=session):
            drafts = purge_stale_drafts(upload_dir, session=session, now=now)
        else:
            skipped.append("drafts")
    with session_scope(engine) as session:
        if claim("files", session=session):
            sweep = sweep_orphaned_files(upload_dir, session=session, now=now)
        else:
            skipped.append("files")
    with session_scope(engine) as session:
        if claim("events", session=session):
            events = upload_limits.prune_events(session=session, now=now)
            events += candidate_access.purge_old(session=session, now=now)  # link requests, dead links
        else:
            skipped.append("events")
    with session_scope(engine) as session:
        if claim("eeo", session=session):
            frozen = eeo_snapshots.freeze_closed(session=session, now=now)
        else:
            skipped.append("eeo")
    return MaintenanceReport(
        drafts_purged=drafts,
        orphans_removed=sweep.orphans_removed,
        temp_files_removed=sweep.temp_files_removed,
        events_pruned=events,
        skipped=tuple(skipped),
        quarters_frozen=frozen,
    )
