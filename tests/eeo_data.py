"""Applications with equal-opportunity answers and stage histories, for the report tests.

Rows are made as a submission makes them (candidate, application, "applied" event,
answers in their own table) and moved through the real ``pipeline.move``, so the stage
events are the ones production writes. Given a submission time, the history is dated then
(one minute per move), as if the card had moved that day.

The reports count closed quarters only, as they stood at their end
(services/compliance/eeo_snapshots.py): ``add_reported`` makes an application in a closed quarter
(``REPORTED``, 2026 Q3, unless told otherwise), the one the report tests mostly read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from sqlmodel import Session, col, select

from careers_app.models import Application, Candidate, EeoAnswer, StageEvent
from careers_app.services.board import pipeline
from careers_app.services.compliance.eeo_reports import FLOW

_seq = count(1)
REPORTED = datetime(2026, 8, 14, 15, tzinfo=UTC)  # in 2026 Q3, a closed quarter


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
    extra: dict[str, Any] = {"submitted_at": submitted_at} if submitted_at else {}
    application = Application(candidate_id=person.id or 0, posting_id=posting_id, **extra)
    session.add(application)
    session.flush()
    assert application.id is not None
    session.add(StageEvent(application_id=application.id, to_stage="applied", actor="candidate"))
    if answers:
        fields: dict[str, Any] = dict(answers)  # EeoAnswer's answer columns, all text
        session.add(EeoAnswer(application_id=application.id, posting_id=posting_id, **fields))
    session.flush()
    version = 1
    path = list(FLOW[1 : FLOW.index(furthest) + 1]) + (["rejected"] if rejected else [])
    for stage in path:
        reason = pipeline.REJECTION_REASONS[0] if stage == "rejected" else ""
        pipeline.move(application.id, posting_id, stage, version, "tester", session=session, reason=reason)
        version += 1
    if submitted_at is not None:
        events = session.exec(
            select(StageEvent).where(StageEvent.application_id == application.id).order_by(col(StageEvent.id))
        ).all()
        for minutes, event in enumerate(events):
            event.at = submitted_at + timedelta(minutes=minutes)
            session.add(event)
        application.stage_changed_at = submitted_at + timedelta(minutes=len(events) - 1)
        session.add(application)
        session.flush()
    return application.id


def add_reported(
    session: Session,
    posting_id: int,
    furthest: str = "applied",
    *,
    submitted_at: datetime = REPORTED,
    rejected: bool = False,
    **answers: str,
) -> int:
    """``add_applicant`` in a closed quarter (2026 Q3 unless told), with its history then."""
    return add_applicant(
        session, posting_id, furthest, submitted_at=submitted_at, rejected=rejected, **answers
    )


# A set the attacker holding every earlier download found (tests/seams/test_eeo_disclosure_solver.py,
# seed 2, set 9, shrunk to 28 applications in 2026 Q1, Q2 and Q4): before each earlier quarter's
# report was kept as it was offered, posting 3's 2026 Q1 report downloaded at 2026 Q1's end
# showed zeros (Female, Black or African American, ... at every stage) that the decision at 2026
# Q4's end hid as covers, and with them a hidden 3 (all postings, 2026 Q1, race Black or African
# American, applied) was worked out.
# (posting 1 to 3, submitted, furthest stage as an index in FLOW, gender, race, veteran status)
G_OTHER = "Other or withhold / decline to disclose"
DECLINED = "Withhold / decline to disclose"
BLACK = "Black or African American (not Hispanic or Latinx)"
HISPANIC = "Hispanic or Latinx"
NATIVE = "Native American or Alaska Native (not Hispanic or Latinx)"
PACIFIC = "Native Hawaiian or Other Pacific Islander (not Hispanic or Latinx)"
TWO = "Two or more races / multiracial"
WHITE = "White (not Hispanic or Latinx)"
VET, NOT_VET = "I identify as a U.S. veteran", "I am not a U.S. veteran"
KEPT_QUARTERS: tuple[tuple[int, str, int, str, str, str], ...] = (
    (1, "2026-02-01", 0, "Female", BLACK, DECLINED),
    (2, "2026-02-01", 3, G_OTHER, BLACK, VET),
    (2, "2026-02-01", 5, "Female", NATIVE, DECLINED),
    (3, "2026-02-01", 3, G_OTHER, TWO, DECLINED),
    (1, "2026-02-21", 3, "Male", "", VET),
    (1, "2026-02-21", 5, "Female", BLACK, NOT_VET),
    (3, "2026-02-21", 1, "Male", HISPANIC, DECLINED),
    (3, "2026-02-21", 2, "", WHITE, NOT_VET),
    (3, "2026-02-21", 4, G_OTHER, HISPANIC, VET),
    (3, "2026-02-21", 5, "", HISPANIC, ""),
    (1, "2026-04-12", 3, "Female", WHITE, NOT_VET),
    (1, "2026-04-12", 3, G_OTHER, PACIFIC, DECLINED),
    (1, "2026-04-12", 5, G_OTHER, BLACK, VET),
    (2, "2026-04-12", 0, "Male", NATIVE, NOT_VET),
    (2, "2026-04-12", 2, G_OTHER, BLACK, NOT_VET),
    (2, "2026-04-12", 4, "", BLACK, ""),
    (3, "2026-04-12", 1, "Female", PACIFIC, VET),
    (3, "2026-04-12", 2, G_OTHER, "", ""),
    (1, "2026-05-12", 0, "Male", BLACK, NOT_VET),
    (1, "2026-05-12", 1, G_OTHER, NATIVE, ""),
    (1, "2026-05-12", 2, "Male", HISPANIC, DECLINED),
    (1, "2026-05-12", 4, "Female", BLACK, NOT_VET),
    (2, "2026-05-12", 1, "Female", BLACK, DECLINED),
    (2, "2026-05-12", 3, "Male", BLACK, NOT_VET),
    (3, "2026-05-12", 0, G_OTHER, WHITE, DECLINED),
    (3, "2026-05-12", 4, "Male", PACIFIC, NOT_VET),
    (3, "2026-05-12", 4, "Female", HISPANIC, NOT_VET),
    (3, "2026-10-09", 2, "", DECLINED, NOT_VET),
)
