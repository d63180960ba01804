"""The daily retention purge removes exactly what the policy says, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from careers_app.models import Application, AuditEntry, Candidate, ScheduledRun
from careers_app.models.types import utcnow
from careers_app.services.platform.db import session_scope
from careers_app.services.privacy import retention
from careers_app.services.privacy.retention import RetentionPolicy
from careers_app.settings import load_settings
from tests.people import Person, make_person

NOW = utcnow()
NOON = NOW.replace(hour=12, minute=0)  # so that an hour or eleven later is the same UTC day


def _person(engine: Engine, tmp_path: Path, *, days_ago: float, **kwargs: Any) -> Person:
    with session_scope(engine) as session:
        return make_person(session, tmp_path, last_change=NOW - timedelta(days=days_ago), **kwargs)


def _erased(engine: Engine, person: Person) -> bool:
    with Session(engine) as session:
        candidate = session.get(Candidate, person.candidate_id)
        assert candidate is not None
        return candidate.email.endswith("@erased.invalid")


def test_the_purge_erases_exactly_who_the_policy_says(committed_engine: Engine, tmp_path: Path) -> None:
    engine = committed_engine
    policy = RetentionPolicy(default_days=180, by_country=(("DE", 365), ("US", 730)), minimum_days=90)
    old_rejected = _person(engine, tmp_path, days_ago=181, stages=("rejected",), country="France")
    just_over = _person(engine, tmp_path, days_ago=180.001, stages=("rejected",), country="France")
    exactly = _person(engine, tmp_path, days_ago=180, stages=("rejected",), country="France")
    recent = _person(engine, tmp_path, days_ago=179, stages=("rejected",), country="France")
    withdrawn = _person(engine, tmp_path, days_ago=200, stages=("withdrawn", "rejected"), country="France")
    still_open = _person(engine, tmp_path, days_ago=400, stages=("rejected", "interview"), country="France")
    consented = _person(engine, tmp_path, days_ago=400, stages=("rejected",), country="France")
    with session_scope(engine) as session:
        application = session.get(Application, consented.application_ids[0])
        assert application is not None
        application.consent_future_openings = True
        session.add(application)
    german_kept = _person(engine, tmp_path, days_ago=300, stages=("rejected",), country="Germany")
    german_gone = _person(engine, tmp_path, days_ago=366, stages=("rejected",), country="Germany")
    us_kept = _person(engine, tmp_path, days_ago=700, stages=("rejected",), country="United States")
    us_gone = _person(engine, tmp_path, days_ago=731, stages=("rejected",), country="United States")

    report = retention.purge(policy, tmp_path, engine=engine, now=NOW)

    gone = [old_rejected, just_over, withdrawn, german_gone, us_gone]
    kept = [exactly, recent, still_open, consented, german_kept, us_kept]
    assert sorted(report.candidate_ids) == sorted(p.candidate_id for p in gone)
    assert [_erased(engine, p) for p in gone] == [True] * len(gone)
    assert [_erased(engine, p) for p in kept] == [False] * len(kept)
    assert report.files_removed == sum(len(p.storage_keys) + 1 for p in gone)  # resumes and drafts' files
    for p in gone:
        assert not any((tmp_path / k).exists() for k in [*p.storage_keys, p.draft_key])
    for p in kept:
        assert all((tmp_path / k).exists() for k in p.storage_keys)
    with Session(engine) as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "purge")).all()
    assert sorted(e.candidate_id or 0 for e in entries) == sorted(p.candidate_id for p in gone)
    assert {(e.actor_kind, e.actor_user_id) for e in entries} == {("system", None)}
    # Erased shells are never due again.
    assert retention.purge(policy, tmp_path, engine=engine, now=NOW).erased == 0


def test_the_legal_minimum_wins_over_a_shorter_period(committed_engine: Engine, tmp_path: Path) -> None:
    person = _person(committed_engine, tmp_path, days_ago=200, stages=("rejected",), country="France")
    short = RetentionPolicy(default_days=30, minimum_days=365)  # as if settings had let it through
    assert short.days_for("France") == 365
    assert retention.purge(short, tmp_path, engine=committed_engine, now=NOW).erased == 0
    assert (
        retention.purge(RetentionPolicy(default_days=30), tmp_path, engine=committed_engine, now=NOW).erased
        == 1
    )
    assert _erased(committed_engine, person)


def test_policy_from_settings_per_country() -> None:
    settings = load_settings(
        {"CAREERS_RETENTION_BY_COUNTRY": "us=730,DE=365", "CAREERS_RETENTION_MINIMUM_DAYS": "180"}
    )
    policy = RetentionPolicy.from_settings(settings)
    assert [policy.days_for(c) for c in ("United States", "Germany", "France", "", "US")] == [
        730,
        365,
        180,
        180,
        730,
    ]


def test_the_purge_runs_once_a_day_however_many_workers_ask(committed_engine: Engine, tmp_path: Path) -> None:
    person = _person(committed_engine, tmp_path, days_ago=400, stages=("rejected",), country="France")
    policy = RetentionPolicy()
    results: list[retention.PurgeReport | None] = []

    def worker() -> None:
        results.append(retention.purge_if_due(policy, tmp_path, engine=committed_engine, now=NOON))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ran = [r for r in results if r is not None]
    assert len(ran) == 1 and ran[0].erased == 1
    assert _erased(committed_engine, person)
    assert (
        retention.purge_if_due(policy, tmp_path, engine=committed_engine, now=NOON + timedelta(hours=11))
        is None
    )
    with Session(committed_engine) as session:
        row = session.get(ScheduledRun, retention.JOB)
        assert (
            row is not None
            and row.last_run_on == NOON.date().isoformat()
            and row.result.startswith("1 people")
        )
    tomorrow = retention.purge_if_due(policy, tmp_path, engine=committed_engine, now=NOON + timedelta(days=1))
    assert tomorrow is not None and tomorrow.erased == 0


@pytest.mark.parametrize(
    "env",
    [
        {"CAREERS_RETENTION_MINIMUM_DAYS": "365"},  # the default 180 is below it
        {
            "CAREERS_RETENTION_DAYS": "730",
            "CAREERS_RETENTION_MINIMUM_DAYS": "365",
            "CAREERS_RETENTION_BY_COUNTRY": "DE=180",
        },
        {"CAREERS_RETENTION_BY_COUNTRY": "Germany=180"},
        {"CAREERS_RETENTION_BY_COUNTRY": "DE=0"},
        {"CAREERS_RETENTION_DAYS": "ten"},
    ],
)
def test_settings_refuse_periods_below_the_minimum_and_nonsense(env: dict[str, str]) -> None:
    from careers_app.settings import SettingsError

    with pytest.raises(SettingsError) as error:
        load_settings(env)
    assert "CAREERS_RETENTION" in str(error.value)


def test_the_maintenance_loop_step_purges_with_the_apps_settings(
    committed_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from careers_app import tasks
    from careers_app.services.platform import db
    from careers_app.settings import get_settings

    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    settings = replace(get_settings(), upload_dir=tmp_path, retention_days=30, retention_by_country=())
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    due = _person(committed_engine, tmp_path, days_ago=31, stages=("withdrawn",), country="France")
    not_yet = _person(committed_engine, tmp_path, days_ago=29, stages=("rejected",), country="France")
    report = tasks.retention_purge_once()
    assert report is not None and report.candidate_ids == (due.candidate_id,)
    assert not (tmp_path / due.storage_keys[0]).exists() and (tmp_path / not_yet.storage_keys[0]).exists()
    assert tasks.retention_purge_once() is None  # today's run is done
