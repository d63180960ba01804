"""Demo scorecards on SQLite and PostgreSQL: only for interviews a demo applicant reached,
leaning the way the application went, made once."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from careers_app.demo.scorecards import load_demo_scorecards
from careers_app.models import Application, PlanInterview, Scorecard, StageEvent
from careers_app.services.platform.auth import create_user
from tests.factories import demo_applications, make_office, make_posting, make_team


def test_demo_scorecards_follow_the_stages_reached_and_are_made_once(
    session: Session, tmp_path: Path
) -> None:
    posting = make_posting(session, make_team(session), make_office(session), title="Data Engineer")
    assert posting.id is not None
    # The people come from this test's name, not the posting's id (demo_applications): the
    # same 150 every run, with a dozen or more at offer or hired.
    demo_applications(posting.id, 150, tmp_path, session=session)
    assert load_demo_scorecards(session=session) == 0  # nobody to have written them yet
    for name, role in (("Riley", "recruiter"), ("Alex", "admin"), ("Casey", "compliance")):
        create_user(f"{name.lower()}@example.com", name, "a long password 1", role, session=session)
    added = load_demo_scorecards(session=session)
    cards = session.exec(
        select(Scorecard, PlanInterview, Application).join(PlanInterview).join(Application)
    ).all()
    assert added == len(cards) > 10
    for card, interview, application in cards:
        reached = set(
            session.exec(select(StageEvent.to_stage).where(StageEvent.application_id == application.id))
        )
        assert interview.posting_id == application.posting_id and interview.stage in reached
        assert set(card.ratings) == set(interview.attributes) and all(
            1 <= v <= 4 for v in card.ratings.values()
        )
    interviewers = {card.interviewer_id for card, _i, _a in cards}
    assert len(interviewers) == 2  # recruiters and admins, never compliance
    hired = [c.recommendation for c, _i, a in cards if a.stage in ("offer", "hired")]
    assert hired and sum(r in ("yes", "strong_yes") for r in hired) > len(hired) / 2
    assert load_demo_scorecards(session=session) == 0
