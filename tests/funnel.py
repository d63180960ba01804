"""Applications that went through the stages on given days, for the analytics tests (and the
analytics browser test): one submitted at BASE + the first day, then moved along a path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from sqlmodel import Session

from careers_app.models import Application, Candidate, EeoAnswer, StageEvent

BASE = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
_n = count(1)


def application_along(session: Session, posting_id: int, source: str, path: list[tuple[str, float]]) -> int:
    """An application submitted at BASE + the first day offset, then moved along ``path``."""
    n = next(_n)
    person = Candidate(
        first_name="A", last_name=f"B{n}", email=f"an{n}@example.com", phone_e164="+1555", country="US"
    )
    session.add(person)
    session.flush()
    submitted = BASE + timedelta(days=path[0][1])
    application = Application(
        candidate_id=person.id or 0,
        posting_id=posting_id,
        stage=path[-1][0],
        source=source,
        submitted_at=submitted,
        stage_changed_at=BASE + timedelta(days=path[-1][1]),
    )
    session.add(application)
    session.flush()
    assert application.id is not None
    previous = None
    for stage, day in path:
        session.add(
            StageEvent(
                application_id=application.id,
                from_stage=previous,
                to_stage=stage,
                at=BASE + timedelta(days=day),
            )
        )
        previous = stage
    # Answers are present, so a query that read them could leak them: none may.
    session.add(EeoAnswer(application_id=application.id, posting_id=posting_id, gender="Female"))
    session.flush()
    return application.id
