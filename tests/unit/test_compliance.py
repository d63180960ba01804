"""Compliance home figures: counts only, per posting, on SQLite and PostgreSQL (applications
of a closed quarter: the reports count closed quarters only)."""

from __future__ import annotations

from dataclasses import fields

from sqlmodel import Session

from careers_app.models import Application, Candidate, EeoAnswer
from careers_app.services.compliance import compliance, eeo_reports
from tests.eeo_data import REPORTED  # a closed quarter's day: the reports count closed quarters
from tests.factories import make_office, make_posting, make_team


def _applications(session: Session, posting_id: int, count: int, answered: int) -> None:
    for i in range(count):
        person = Candidate(
            first_name="A",
            last_name=str(i),
            email=f"p{posting_id}-{i}@example.com",
            phone_e164="+1",
            country="US",
        )
        session.add(person)
        session.flush()
        application = Application(candidate_id=person.id or 0, posting_id=posting_id, submitted_at=REPORTED)
        session.add(application)
        session.flush()
        if i < answered:
            session.add(EeoAnswer(application_id=application.id or 0, posting_id=posting_id, gender="Female"))
    session.flush()


def test_response_rates_count_answers_without_saying_whose(session: Session) -> None:
    team = make_team(session)
    big = make_posting(session, team, make_office(session, "Berlin, DE"), title="Data Engineer")
    small = make_posting(session, team, make_office(session, "Oslo, NO"), title="Data Analyst")
    _applications(session, big.id or 0, 20, 15)
    _applications(session, small.id or 0, 4, 3)
    shown = eeo_reports.disclosures(session=session)
    rows = {r.title: r for r in compliance.response_rates(shown, session=session)}
    row = rows["Data Engineer"]
    assert (row.office, row.applications, row.answered, row.percent) == ("Berlin, DE", 20, "15", "75 %")
    # 3 of 4: the answered count (and the one who did not answer) are under five: hidden,
    # like every other equal-opportunity count, through the same rule
    assert (
        rows["Data Analyst"].applications,
        rows["Data Analyst"].answered,
        rows["Data Analyst"].percent,
    ) == (
        4,
        "—",
        "",
    )
    shown_fields = {f.name for f in fields(row)}
    assert shown_fields == {"title", "office", "status", "applications", "answered", "percent"}
