"""Small factories for tests: rows with sensible defaults, overridable per test."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from sqlmodel import Session

from careers_app.models import Office, Posting, Team

_seq = count(1)


def make_team(session: Session, name: str = "Engineering", slug: str | None = None) -> Team:
    team = Team(name=name, slug=slug or f"team-{next(_seq)}")
    session.add(team)
    session.flush()
    return team


def make_office(session: Session, name: str = "San Francisco, CA", slug: str | None = None) -> Office:
    office = Office(
        name=name, slug=slug or f"office-{next(_seq)}", city=name.split(",")[0], region="", country_code="US"
    )
    session.add(office)
    session.flush()
    return office


def make_posting(session: Session, team: Team, office: Office, **fields: object) -> Posting:
    values: dict[str, object] = {
        "slug": f"posting-{next(_seq)}",
        "title": "Software Engineer",
        "status": "open",
        "published_at": datetime(2026, 11, 1, tzinfo=UTC),
        "who_we_are": "We build things.",
        "hiring_steps": ["Recruiter call", "Interviews"],
    }
    values.update(fields)
    posting = Posting(team_id=team.id, office_id=office.id, **values)  # type: ignore[arg-type]
    session.add(posting)
    session.flush()
    return posting
