"""Compliance home figures: counts only, per posting, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import fields

from sqlmodel import Session

from careers_app.models import Application, Candidate, EeoAnswer
from careers_app.services import compliance
from tests.factories import make_office, make_posting, make_team


def test_response_rates_count_answers_without_saying_whose(session: Session) -> None:
    posting = make_posting(
        session, make_team(session), make_office(session, "Berlin, DE"), title="Data Engineer"
    )
    for i in range(4):
        person = Candidate(
            first_name="A", last_name=str(i), email=f"p{i}@example.com", phone_e164="+1", country="US"
        )
        session.add(person)
        session.flush()
        application = Application(candidate_id=person.id, posting_id=posting.id)  # type: ignore[arg-type]
        session.add(application)
        session.flush()
        if i < 3:
            session.add(EeoAnswer(application_id=application.id, posting_id=posting.id, gender="Female"))  # type: ignore[arg-type]
    session.flush()
    row = next(r for r in compliance.response_rates(session=session) if r.title == "Data Engineer")
    assert (row.office, row.applications, row.answered, row.percent) == ("Berlin, DE", 4, 3, 75)
    shown = {f.name for f in fields(row)}
    assert shown == {"title", "office", "status", "applications", "answered", "percent"}
