"""Small factories for tests: rows with sensible defaults, overridable per test."""

from __future__ import annotations

import os
import zlib
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

from sqlmodel import Session

from careers_app.demo.applicants import add_demo_applications
from careers_app.models import Application, Candidate, Office, Posting, Team
from careers_app.services.board import board_query
from careers_app.services.postings.stages import stages_for

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
    values: dict[str, Any] = {
        "slug": f"posting-{next(_seq)}",
        "title": "Software Engineer",
        "status": "open",
        "published_at": datetime(2026, 11, 1, tzinfo=UTC),
        "who_we_are": "We build things.",
        "hiring_steps": ["Recruiter call", "Interviews"],
    }
    values.update(fields)
    posting = Posting(team_id=team.id or 0, office_id=office.id or 0, **values)
    session.add(posting)
    session.flush()
    return posting


def add_applications(
    session: Session, posting_id: int, names: list[str], stage: str = "applied"
) -> list[int]:
    ids = []
    for name in names:
        first, last = name.split(" ", 1)
        n = next(_seq)
        candidate = Candidate(
            first_name=first,
            last_name=last,
            email=f"c{n}-{posting_id}@example.com",
            phone_e164="+15550100",
            country="US",
        )
        session.add(candidate)
        session.flush()
        app = Application(
            candidate_id=candidate.id or 0,
            posting_id=posting_id,
            stage=stage,
            first_name=first,
            last_name=last,
        )
        session.add(app)
        session.flush()
        ids.append(app.id or 0)
    return ids


def demo_applications(
    posting_id: int, count: int, upload_dir: Path, *, session: Session, salt: str = ""
) -> int:
    """The demo's applicants (resumes, stage histories, answers) on a posting, drawn from the
    running test's own name (``salt`` for a second posting), never from the posting's id: a
    test's people do not depend on which ids the tests before it used."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0].split("[")[0]  # both databases alike
    key = zlib.crc32(f"{test}{salt}".encode())
    return add_demo_applications(posting_id, count, upload_dir, session=session, key=key)


def board_columns(
    posting_id: int, *, session: Session, query: str = "", limit: int = board_query.PAGE_SIZE
) -> list[board_query.BoardColumn]:
    """The board's columns as a page load reads them (board_view.board's query, every stage
    of the posting's own pipeline), searched by ``query``; no viewer, no masking."""
    stages = [(s.key, s.label) for s in stages_for(posting_id, session=session)]
    columns, _ = board_query.board(
        posting_id, session=session, filter=board_query.BoardFilter(q=query), stages=stages, limit=limit
    )
    return columns
