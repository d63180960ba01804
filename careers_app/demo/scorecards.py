"""Demo scorecards: the hiring team's assessments of demo applicants who reached an
interview stage, leaning the way each application went (hired: mostly yes; rejected after
an interview: mostly no), so cards and panels have something to show on a fresh install."""

from __future__ import annotations

import random

from sqlmodel import Session, col, select

from careers_app.models import Application, Scorecard, StageEvent, User
from careers_app.services.interviews import interview_plans
from careers_app.services.interviews.interview_plans import PlannedInterview

NOTES = (
    "Clear answers with concrete examples.",
    "Strong on fundamentals; less sure about scale.",
    "Good questions about the team; would like a second opinion on depth.",
    "Struggled to explain past decisions.",
    "Thoughtful about trade-offs and honest about gaps.",
    "",
)


def _recommendation(rng: random.Random, outcome: str, last_interview: bool) -> str:
    # The outcome's own side always (a handful of draws can otherwise come out against it,
    # which read as nonsense in the demo and depended on the database's id sequence).
    if outcome in ("offer", "hired"):
        return rng.choice(("strong_yes", "yes", "yes"))
    if outcome == "rejected" and last_interview:
        return rng.choice(("strong_no", "no", "no"))
    return rng.choice(("strong_yes", "yes", "no"))


def load_demo_scorecards(*, session: Session, seed: int = 13) -> int:
    """Once (no scorecard yet), after the demo applications and accounts exist."""
    if session.exec(select(Scorecard.id).limit(1)).first() is not None:
        return 0
    interviewers = session.exec(
        select(User).where(col(User.role).in_(("recruiter", "admin")), User.active).order_by(col(User.id))
    ).all()
    if not interviewers:
        return 0
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    reached: dict[int, set[str]] = {}
    for app_id, stage in session.exec(select(StageEvent.application_id, StageEvent.to_stage)).all():
        reached.setdefault(app_id, set()).add(stage)
    plans: dict[int, list[PlannedInterview]] = {}
    added = 0
    for application in session.exec(select(Application).order_by(col(Application.id))).all():
        if application.posting_id not in plans:
            plan = interview_plans.current_plan(application.posting_id, session=session)
            plans[application.posting_id] = plan
        seen = reached.get(application.id or 0, set())
        stages = [s for s in dict.fromkeys(i.stage for i in plans[application.posting_id]) if s in seen]
        if not stages:
            continue
        for interview in plans[application.posting_id]:
            if interview.stage not in stages or (interview.stage == application.stage and rng.random() < 0.5):
                continue  # not reached, or (at the current stage) not held yet
            recommendation = _recommendation(rng, application.stage, interview.stage == stages[-1])
            good = recommendation in ("yes", "strong_yes")
            ratings = {a: rng.choice((3, 4, 4, 2) if good else (1, 2, 2, 3)) for a in interview.attributes}
            session.add(
                Scorecard(
                    application_id=application.id or 0,
                    interview_id=interview.id,
                    interviewer_id=rng.choice(interviewers).id or 0,
                    ratings=ratings,
                    recommendation=recommendation,
                    notes=rng.choice(NOTES),
                    submitted_at=application.stage_changed_at,
                )
            )
            added += 1
    session.flush()
    return added
