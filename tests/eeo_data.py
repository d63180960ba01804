"""Applications with equal-opportunity answers and stage histories, for the report tests.

Rows are made as a submission makes them (candidate, application, "applied" event,
answers in their own table) and moved through the real ``pipeline.move``, so the stage
events are the ones production writes.
"""

from __future__ import annotations

from datetime import datetime
from itertools import count

from sqlmodel import Session

from careers_app.models import Application, Candidate, EeoAnswer, StageEvent
from careers_app.services import pipeline
from careers_app.services.eeo_reports import FLOW

_seq = count(1)


def add_applicant(
    session: Session,
    posting_id: int,
    furthest: str = "applied",
    *,
    submitted_at: datetime | None = None,
    rejected: bool = False,
    **answers: str,
) -> int:
    """One application that went as far as ``furthest`` (then rejected, if asked)."""
    n = next(_seq)
    person = Candidate(
        first_name="Test",
        last_name=f"Person{n}",
        email=f"eeo{n}@example.com",
        phone_e164="+15550100",
        country="US",
    )
    session.add(person)
    session.flush()
    extra = {"submitted_at": submitted_at} if submitted_at else {}
    application = Application(candidate_id=person.id, posting_id=posting_id, **extra)  # type: ignore[arg-type]
    session.add(application)
    session.flush()
    assert application.id is not None
    session.add(StageEvent(application_id=application.id, to_stage="applied", actor="candidate"))
    if answers:
        session.add(EeoAnswer(application_id=application.id, posting_id=posting_id, **answers))
    session.flush()
    version = 1
    path = list(FLOW[1 : FLOW.index(furthest) + 1]) + (["rejected"] if rejected else [])
    for stage in path:
        reason = pipeline.REJECTION_REASONS[0] if stage == "rejected" else ""
        pipeline.move(application.id, posting_id, stage, version, "tester", session=session, reason=reason)
        version += 1
    return application.id
