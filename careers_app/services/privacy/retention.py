"""Retention: people whose applications all ended long enough ago are erased by a daily purge.

The policy (docs/data-protection.md, "Data rights"): a person is erased when every application of theirs is
rejected or withdrawn, the latest of those endings (the time of each application's last
stage event) is older than the retention period for the person's country, and they did not
consent to being kept for future openings on any application. The period is
CAREERS_RETENTION_DAYS, or CAREERS_RETENTION_BY_COUNTRY for the person's country (the
country on their candidate row, as ISO code), never below CAREERS_RETENTION_MINIMUM_DAYS
(settings.py refuses such a configuration). A person with an open application keeps all
of it: erasure is per person (services/privacy/erasure.py), so nothing about a live application
is half-erased.

The purge runs once a UTC day: every worker of every instance asks, and only the one whose
conditional UPDATE of ``scheduled_run`` moves the day forward does it. Each person is erased
in their own transaction (with an audit row, action "purge"); files are unlinked after each
commit (the orphan sweep catches a crash in between), with their outbox files and the
state-store entries that name them; each run also sweeps outbox files whose message is gone
(services/privacy/personal_data.py lists every store). A failed run is logged; the next day's run
takes whoever is still due.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from careers_app.models import Application, Candidate, ScheduledRun, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.mail import outbox
from careers_app.services.platform import audit, db
from careers_app.services.platform.db import rows_changed, session_scope
from careers_app.services.platform.reference import COUNTRY_CODES, EXIT_STAGES
from careers_app.services.privacy import erasure
from careers_app.services.privacy.data_export import ERASED_DOMAIN
from careers_app.services.privacy.personal_data import Stores, flush_database_files
from careers_app.settings import Settings

logger = logging.getLogger(__name__)

JOB = "retention_purge"
ENDED = EXIT_STAGES
BATCH = 500  # people erased per run at most; the rest are still due tomorrow


@dataclass(frozen=True)
class RetentionPolicy:
    default_days: int = 180
    by_country: tuple[tuple[str, int], ...] = ()  # (ISO code, days)
    minimum_days: int = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        return cls(settings.retention_days, settings.retention_by_country, settings.retention_minimum_days)

    def days_for(self, country: str) -> int:
        """The period for a candidate's country (the name stored on the row, or an ISO code)."""
        code = COUNTRY_CODES.get(country, country.upper() if len(country) == 2 else "")
        days = dict(self.by_country).get(code, self.default_days)
        return max(days, self.minimum_days)


@dataclass(frozen=True)
class PurgeReport:
    erased: int = 0
    files_removed: int = 0
    candidate_ids: tuple[int, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.erased} people erased, {self.files_removed} files removed"


def due_for_purge(policy: RetentionPolicy, *, session: Session, now: datetime | None = None) -> list[int]:
    """The candidate ids the policy says to erase now (see module doc), oldest ending first."""
    now = now or utcnow()
    open_count = func.sum(sa.case((col(Application.stage).in_(ENDED), 0), else_=1))
    consented = func.sum(sa.case((col(Application.consent_future_openings), 1), else_=0))
    ended_people = (
        select(Application.candidate_id)
        .group_by(col(Application.candidate_id))
        .having(open_count == 0)
        .having(consented == 0)
    )
    last_event = (
        select(func.max(StageEvent.at))
        .join(Application, col(Application.id) == col(StageEvent.application_id))
        .where(Application.candidate_id == Candidate.id)
        .scalar_subquery()
    )
    rows = session.exec(
        select(Candidate.id, Candidate.country, last_event)
        .where(col(Candidate.id).in_(ended_people))
        .where(~col(Candidate.email).endswith("@" + ERASED_DOMAIN))
    ).all()
    due = []
    for candidate_id, country, ended_at in rows:
        if candidate_id is None or ended_at is None:
            continue
        if ended_at.tzinfo is None:  # SQLite returns the aggregate without the column's type
            ended_at = datetime.fromisoformat(str(ended_at)).replace(tzinfo=now.tzinfo)
        if ended_at < now - timedelta(days=policy.days_for(country)):
            due.append((ended_at, candidate_id))
    return [candidate_id for _, candidate_id in sorted(due)][:BATCH]


def purge(
    policy: RetentionPolicy,
    upload_dir: Path,
    *,
    engine: Engine | None = None,
    now: datetime | None = None,
    stores: Stores | None = None,
) -> PurgeReport:
    """Erase everyone due, one transaction each, their files (documents, outbox, state store)
    after each commit; then the outbox files no message row refers to any more."""
    stores = stores or Stores.configured()
    with session_scope(engine) as session:
        due = due_for_purge(policy, session=session, now=now)
    erased: list[int] = []
    files = 0
    for candidate_id in due:
        try:
            with session_scope(engine) as session:
                done = erasure.erase_person(
                    candidate_id, audit.Actor.system(), session=session, action=audit.PURGE
                )
            with session_scope(engine) as session:
                files += erasure.remove_files(done, upload_dir, session=session, stores=stores)
            flush_database_files(engine or db.get_engine())
            erased.append(candidate_id)
        except Exception:
            logger.exception(
                "retention purge: could not erase candidate %s; next run tries again", candidate_id
            )
    try:
        with session_scope(engine) as session:
            files += outbox.sweep_files(stores.outbox_dir, session=session, now=now)
    except Exception:
        logger.exception("retention purge: the outbox folder could not be swept; next run tries again")
    return PurgeReport(erased=len(erased), files_removed=files, candidate_ids=tuple(erased))


def claim_today(*, engine: Engine | None = None, now: datetime | None = None, job: str = JOB) -> bool:
    """Whether this worker runs today's job: one conditional UPDATE, so only one ever does."""
    now = now or utcnow()
    today = now.date().isoformat()
    try:
        with session_scope(engine) as session:
            if session.get(ScheduledRun, job) is None:
                session.add(ScheduledRun(job=job))
    except sa.exc.IntegrityError:
        pass  # another worker created the row at the same moment
    with session_scope(engine) as session:
        result = session.execute(
            sa.update(ScheduledRun)
            .where(col(ScheduledRun.job) == job, col(ScheduledRun.last_run_on) < today)
            .values(last_run_on=today, started_at=now, finished_at=None, result="")
        )
        return rows_changed(result) == 1


def purge_if_due(
    policy: RetentionPolicy, upload_dir: Path, *, engine: Engine | None = None, now: datetime | None = None
) -> PurgeReport | None:
    """Today's purge, if no worker has run it yet today (None: already done or being done)."""
    if not claim_today(engine=engine, now=now):
        return None
    report = purge(policy, upload_dir, engine=engine, now=now)
    with session_scope(engine) as session:
        audit.hash_stored_addresses(session=session)  # entries from before addresses were hashed
    with session_scope(engine) as session:
        row = session.get(ScheduledRun, JOB)
        if row is not None:
            row.finished_at, row.result = utcnow(), str(report)
            session.add(row)
    return report
