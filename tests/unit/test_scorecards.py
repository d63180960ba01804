"""Interview plans and scorecards on SQLite and PostgreSQL: the default plan, editing the
plan, validation, one scorecard per interviewer and interview, and who sees what."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from careers_app.models import Application, InterviewPlan, PlanInterview, Posting, Scorecard
from careers_app.services.board import scorecards
from careers_app.services.interviews import interview_plans
from careers_app.services.platform.auth import CurrentUser, Role, create_user
from careers_app.services.platform.errors import Conflict, Invalid, NotFound
from careers_app.services.postings import stages
from careers_app.services.visibility import blind_screening
from tests.factories import demo_applications, make_office, make_posting, make_team


def _user(session: Session, name: str, role: Role) -> CurrentUser:
    row = create_user(f"{name.lower()}@example.com", name, "a long password 1", role.value, session=session)
    assert row.id is not None
    return CurrentUser(id=row.id, email=row.email, name=row.name, role=role)


@pytest.fixture
def world(session: Session, tmp_path: Path) -> dict:
    team, office = make_team(session), make_office(session)
    posting = make_posting(session, team, office, title="Data Engineer")
    other = make_posting(session, team, office, title="Designer")
    assert posting.id is not None and other.id is not None
    demo_applications(posting.id, 3, tmp_path, session=session)
    demo_applications(other.id, 1, tmp_path, session=session, salt="other")
    apps = session.exec(select(Application.id).where(Application.posting_id == posting.id)).all()
    return {
        "posting": posting.id,
        "other": other.id,
        "apps": sorted(a for a in apps if a is not None),
        "riley": _user(session, "Riley", Role.RECRUITER),
        "sam": _user(session, "Sam", Role.RECRUITER),
        "ada": _user(session, "Ada", Role.ADMIN),
    }


def _interview(session: Session, posting_id: int, name: str = "Technical interview") -> PlanInterview:
    interview_plans.ensure_plan(posting_id, session=session)
    row = session.exec(
        select(PlanInterview).where(PlanInterview.posting_id == posting_id, PlanInterview.name == name)
    ).one()
    return row


def _form(recommendation: str = "yes", notes: str = "", ratings: tuple[str, ...] = ("3", "4", "2")) -> dict:
    return {
        **{f"rating_{n}": value for n, value in enumerate(ratings)},
        "recommendation": recommendation,
        "notes": notes,
    }


# ----- plans ------------------------------------------------------------------------------


def test_a_posting_gets_the_default_plan_once(session: Session, world: dict) -> None:
    first = interview_plans.current_plan(world["posting"], session=session)
    again = interview_plans.current_plan(world["posting"], session=session)
    assert [(i.stage, i.name) for i in first] == [
        ("recruiter_screen", "Recruiter screen"),
        ("phone_interview", "Hiring manager interview"),
        ("onsite", "Technical interview"),
        ("onsite", "Team interview"),
    ]
    assert [i.id for i in again] == [i.id for i in first]
    assert session.get(InterviewPlan, world["posting"]) is not None
    assert first[2].attributes == ["Technical skills", "Problem solving", "Code quality"]


def test_plan_text_round_trips_and_bad_lines_say_which_and_why() -> None:
    texts = interview_plans.format_plan(interview_plans.DEFAULT_PLAN)
    assert (
        texts["onsite"].splitlines()[0]
        == "Technical interview: Technical skills, Problem solving, Code quality"
    )
    form: dict[str, object] = {interview_plans.field_name(s): t for s, t in texts.items()}
    assert interview_plans.parse_plan(form) == {s: interview_plans.DEFAULT_PLAN.get(s, []) for s in texts}
    cases = {
        "Technical interview": "list what “Technical interview” assesses",
        ": Python": "name the interview",
        "A: x, X": "listed twice",
        "A: x\nB: y\nA: z": "Line 3: “A” is already planned",
        "A: " + ", ".join(f"a{n}" for n in range(9)): "at most 8 attributes",
        "A: " + "x" * 61: "at most 60 characters per attribute",
        "\n".join(f"I{n}: x" for n in range(7)): "at most 6 interviews",
    }
    for text, message in cases.items():
        with pytest.raises(interview_plans.PlanInvalid) as bad:
            interview_plans.parse_plan({"plan_onsite": text})
        assert message in bad.value.errors["plan_onsite"], text
    assert interview_plans.parse_plan({"plan_onsite": "  \n Pairing :  Python ,  Testing , \n"})[
        "onsite"
    ] == [("Pairing", ["Python", "Testing"])]


def test_editing_the_plan_keeps_scored_interviews_and_their_scorecards(session: Session, world: dict) -> None:
    technical = _interview(session, world["posting"])
    team = _interview(session, world["posting"], "Team interview")
    scorecards.submit(
        world["apps"][0], world["posting"], team.id or 0, _form(), world["riley"], session=session
    )
    plan = interview_plans.parse_plan(
        {
            "plan_recruiter_screen": "Recruiter screen: Communication",
            "plan_onsite": "technical INTERVIEW: Python, SQL\nSystem design: Architecture",
        }
    )
    interview_plans.save_plan(world["posting"], plan, user_id=world["ada"].id, session=session)
    now = interview_plans.current_plan(world["posting"], session=session)
    assert [(i.stage, i.name, i.attributes) for i in now] == [
        ("recruiter_screen", "Recruiter screen", ["Communication"]),
        ("onsite", "technical INTERVIEW", ["Python", "SQL"]),
        ("onsite", "System design", ["Architecture"]),
    ]
    assert now[1].id == technical.id  # same interview, renamed in case only
    session.refresh(team)
    assert team.removed_at is not None  # scored: kept, marked removed
    assert session.exec(select(Scorecard).where(Scorecard.interview_id == team.id)).one()
    gone = session.exec(select(PlanInterview).where(PlanInterview.name == "Hiring manager interview")).all()
    assert all(g.posting_id != world["posting"] for g in gone)  # never scored: deleted


# ----- submitting ---------------------------------------------------------------------------


def test_a_scorecard_needs_every_rating_and_a_recommendation(session: Session, world: dict) -> None:
    interview = _interview(session, world["posting"])
    app_id = world["apps"][0]
    with pytest.raises(Invalid) as bad:
        scorecards.submit(
            app_id,
            world["posting"],
            interview.id or 0,
            _form("maybe", ratings=("3", "5")),
            world["riley"],
            session=session,
        )
    assert bad.value.errors == {
        "rating_1": "Rate Problem solving.",
        "rating_2": "Rate Code quality.",
        "recommendation": "Choose an overall recommendation.",
    }
    with pytest.raises(Invalid) as long_notes:
        scorecards.submit(
            app_id,
            world["posting"],
            interview.id or 0,
            _form(notes="x" * 5001),
            world["riley"],
            session=session,
        )
    assert "notes" in long_notes.value.errors
    hostile: object
    for hostile in (None, [], "rating_0=4", {"rating_0": 4, "rating_1": ["3"], "recommendation": 1}):
        with pytest.raises(Invalid):
            scorecards.submit(
                app_id, world["posting"], interview.id or 0, hostile, world["riley"], session=session
            )
    assert session.exec(select(Scorecard)).all() == []


def test_one_scorecard_per_interviewer_and_interview_and_only_on_the_right_board(
    session: Session, world: dict
) -> None:
    interview = _interview(session, world["posting"])
    app_id, posting = world["apps"][0], world["posting"]
    scorecards.submit(
        app_id, posting, interview.id or 0, _form(notes="Solid."), world["riley"], session=session
    )
    with pytest.raises(Conflict):
        scorecards.submit(app_id, posting, interview.id or 0, _form(), world["riley"], session=session)
    scorecards.submit(app_id, posting, interview.id or 0, _form("no"), world["sam"], session=session)
    other_interview = _interview(session, world["other"])
    with pytest.raises(NotFound):  # an interview of another posting's plan
        scorecards.submit(app_id, posting, other_interview.id or 0, _form(), world["sam"], session=session)
    with pytest.raises(NotFound):  # an application of another board
        scorecards.submit(
            app_id, world["other"], other_interview.id or 0, _form(), world["sam"], session=session
        )
    saved = session.exec(select(Scorecard).where(Scorecard.interviewer_id == world["riley"].id)).one()
    assert saved.ratings == {"Technical skills": 3, "Problem solving": 4, "Code quality": 2}
    assert (saved.recommendation, saved.notes) == ("yes", "Solid.")


# ----- who sees what ----------------------------------------------------------------------------


def test_others_scorecards_stay_hidden_until_you_submit_your_own(session: Session, world: dict) -> None:
    technical = _interview(session, world["posting"])
    team = _interview(session, world["posting"], "Team interview")
    app_id, posting = world["apps"][0], world["posting"]
    riley, sam, ada = world["riley"], world["sam"], world["ada"]
    scorecards.submit(
        app_id, posting, technical.id or 0, _form("strong_yes", "Riley's secret"), riley, session=session
    )

    before = scorecards.panel(app_id, posting, sam, session=session)
    assert before.scorecards == [] and before.hidden == 1
    assert before.summary_text == "1 scorecard"  # how many, not what they say
    assert "Riley's secret" not in repr(before)
    assert scorecards.summaries([app_id], sam, session=session)[app_id].yes == 0

    mine = scorecards.panel(app_id, posting, riley, session=session)
    assert [c.notes for c in mine.scorecards] == ["Riley's secret"] and mine.scorecards[0].mine
    assert mine.summary_text == "1 yes · 0 no"
    assert next(i for i in mine.interviews if i.id == technical.id).done

    everything = scorecards.panel(app_id, posting, ada, session=session)  # admins see all
    assert [c.interviewer for c in everything.scorecards] == ["Riley"] and everything.hidden == 0

    scorecards.submit(app_id, posting, team.id or 0, _form("no", "Sam's view"), sam, session=session)
    after = scorecards.panel(app_id, posting, sam, session=session)
    assert sorted(c.notes for c in after.scorecards) == ["Riley's secret", "Sam's view"] and after.hidden == 0
    assert after.summary_text == "1 yes · 1 no"
    ratings = next(c for c in after.scorecards if c.interviewer == "Riley").ratings
    assert [(r.attribute, r.score, r.label) for r in ratings][1] == ("Problem solving", 4, "Strong yes")

    # Seeing one application's scorecards says nothing about another's.
    other_app = world["apps"][1]
    scorecards.submit(other_app, posting, technical.id or 0, _form("no", "Elsewhere"), riley, session=session)
    assert scorecards.panel(other_app, posting, sam, session=session).scorecards == []
    counts = scorecards.summaries([app_id, other_app], sam, session=session)
    assert counts[other_app].text == "1 scorecard" and counts[app_id].text == "1 yes · 1 no"


def test_the_panel_refuses_an_application_of_another_board(session: Session, world: dict) -> None:
    with pytest.raises(NotFound):
        scorecards.panel(world["apps"][0], world["other"], world["sam"], session=session)


def test_the_plan_follows_the_postings_own_stages(session: Session, world: dict) -> None:
    posting = world["other"]
    interview_plans.ensure_plan(posting, session=session)
    stages.rename_stage(posting, "onsite", "Final round", session=session)
    take_home = stages.add_stage(posting, "Take-home task", session=session)
    stages.remove_stage(posting, "recruiter_screen", session=session)
    keys = [s["key"] for s in interview_plans.editor_stages("", session=session)]
    assert keys == ["recruiter_screen", "phone_interview", "onsite", "offer"]  # a new posting: the template
    slug = session.get_one(Posting, posting).slug
    fields = interview_plans.editor_stages(slug, session=session)
    assert [(f["key"], f["label"]) for f in fields] == [
        ("phone_interview", "Phone interview"),
        ("onsite", "Final round"),
        ("offer", "Offer"),
        (take_home.key, "Take-home task"),
    ]
    form = {f["field"]: "" for f in fields} | {f"plan_{take_home.key}": "Take-home review: Code quality"}
    assert interview_plans.editor_errors(form | {"plan_onsite": "Oops"}, slug, session=session) == {
        "plan_onsite": "Line 1: list what “Oops” assesses after a colon, separated by commas."
    }
    interview_plans.save_editor_values(slug, form, user_id=world["ada"].id, session=session)
    plan = interview_plans.current_plan(posting, session=session)
    # The removed stage's interview stays (not in the editor), last, under its last name.
    assert [(i.stage_label, i.name) for i in plan] == [
        ("Take-home task", "Take-home review"),
        ("Recruiter screen", "Recruiter screen"),
    ]
    assert not blind_screening.is_enabled(posting, session=session)
