"""Scorecards and blind screening through the guard, on production's path (the app's own
session_scope, committed, SQLite and PostgreSQL): what the state holds (everything in it
is sent to the browser) never includes hidden scorecards or a hidden person's identity,
and the documents route withholds a hidden person's PDF until they are revealed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import api
from careers_app.models import Application, Candidate, Document, PlanInterview, Scorecard
from careers_app.services.interviews import interview_plans
from careers_app.services.platform import auth, db
from careers_app.services.visibility import blind_screening
from careers_app.settings import get_settings
from careers_app.states.admin import PostingEditorState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.pipeline import PipelineState
from careers_app.states.scorecards import ScorecardState
from tests.factories import demo_applications, make_office, make_posting, make_team
from tests.handler_calls import call, new_root, substate
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop
from tests.settings_override import use_settings

SECRET = "Riley thinks the system design answer was weak"


@dataclass
class World:
    slug: str
    posting_id: int
    app_id: int  # at Applied: hidden while the posting screens blind
    first_name: str
    last_name: str
    email: str
    interview_id: int


@pytest.fixture
def world(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_live_feed: None) -> World:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path))
    with db.session_scope() as session:
        auth.create_user("sam@example.com", "Sam", "sam password 123", "recruiter", session=session)
        posting = make_posting(
            session,
            make_team(session),
            make_office(session),
            title="Data Engineer",
            what_youll_do="Pipelines.",
        )
        assert posting.id is not None
        demo_applications(posting.id, 6, tmp_path, session=session)
        target = session.exec(select(Application).where(Application.posting_id == posting.id)).first()
        assert target is not None and target.id is not None
        target.stage = "applied"
        session.add(target)
        blind_screening.set_enabled(posting.id, True, user_id=None, session=session)
        interview_plans.ensure_plan(posting.id, session=session)
        interview = session.exec(
            select(PlanInterview).where(
                PlanInterview.posting_id == posting.id, PlanInterview.name == "Technical interview"
            )
        ).one()
        email = session.get_one(Candidate, target.candidate_id).email
        found = World(
            posting.slug, posting.id, target.id, target.first_name, target.last_name, email, interview.id or 0
        )
    return found


def _sam() -> str:
    with db.session_scope() as session:
        token, _ = auth.sign_in("sam@example.com", "sam password 123", session=session)
    return token


class Browser:
    """One browser tab: one root state kept across events, as Reflex keeps it per tab."""

    def __init__(self, token: str, path: str) -> None:
        self.root = new_root()
        self.token, self.path = token, path

    def send(self, state_cls: type[rx.State], name: str, **payload: Any) -> Any:
        state = self.root.get_substate(state_cls.get_full_name().split(".")[1:])
        state.router = RouterData.from_router_data(
            {
                "headers": {"cookie": f"{SESSION_COOKIE}={self.token}"},
                "ip": "203.0.113.7",
                "pathname": self.path.split("?")[0],
                "asPath": self.path,
            }
        )
        handler = getattr(state_cls, name)
        return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))

    def everything(self) -> str:
        """All the vars of every state of this tab: what the browser could receive."""
        return repr(self.root.dict())

    def open(self, app_id: int) -> ScorecardState:
        self.send(PipelineState, "load")
        self.send(PipelineState, "open_candidate", application_id=app_id)
        self.send(ScorecardState, "refresh")
        return substate(self.root, ScorecardState)


def _score(tab: Browser, world: World, notes: str, recommendation: str = "no") -> Any:
    tab.send(ScorecardState, "start", interview_id=world.interview_id)
    return tab.send(
        ScorecardState,
        "submit",
        form_data={
            "rating_0": "2",
            "rating_1": "1",
            "rating_2": "3",
            "recommendation": recommendation,
            "notes": notes,
        },
    )


def test_hidden_scorecards_never_reach_the_state_of_one_who_has_not_scored(
    world: World, app_db: Engine
) -> None:
    board = routes.pipeline_url(world.slug)
    riley = Browser(_token("recruiter"), board)
    riley.open(world.app_id)
    _score(riley, world, SECRET)
    with Session(app_db) as session:
        assert session.exec(select(Scorecard.notes)).all() == [SECRET]

    sam = Browser(_sam(), board)
    state = sam.open(world.app_id)
    assert state.scoring.hidden == 1 and state.scoring.scorecards == []
    assert state.scoring.summary_text == "1 scorecard"
    assert SECRET not in sam.everything() and "Strong no" not in sam.everything()
    card = next(c for col in state.columns for c in col.cards if c.id == world.app_id)
    assert card.scorecards == "1 scorecard"  # the card says how many, not what

    admin = Browser(_token("admin"), board)
    assert SECRET in admin.everything() or SECRET in repr(admin.open(world.app_id).scoring)

    bad = sam.send(ScorecardState, "submit", form_data={"recommendation": "yes"})  # no interview chosen
    assert bad is not None and SECRET not in sam.everything()
    sam.send(ScorecardState, "start", interview_id=world.interview_id)
    sam.send(ScorecardState, "submit", form_data={"rating_0": "4", "recommendation": "maybe"})
    assert set(state.form_errors) == {"rating_1", "rating_2", "recommendation"}
    assert SECRET not in sam.everything()
    _score(sam, world, "Sam's own view", "yes")
    assert SECRET in sam.everything() and state.scoring.hidden == 0
    assert state.scoring.summary_text == "1 yes · 1 no"
    assert state.card_update.scorecards == "1 yes · 1 no"


def test_a_hidden_person_never_reaches_the_state_by_card_panel_or_search(
    world: World, app_db: Engine
) -> None:
    board = routes.pipeline_url(world.slug)
    tab = Browser(_token("recruiter"), board)
    state = tab.open(world.app_id)
    assert state.selected.blind and state.selected.name == f"Candidate #{world.app_id}"
    everything = tab.everything()
    for secret in (world.email, f"{world.first_name} {world.last_name}", world.last_name):
        assert secret not in everything, secret

    for query in (world.last_name, world.first_name, world.email):
        search = Browser(_token("recruiter"), f"{board}?q={query}")
        search.send(PipelineState, "load")
        found = substate(search.root, PipelineState)
        assert all(c.id != world.app_id for col in found.columns for c in col.cards), query

    work = Browser(_token("recruiter"), f"{board}?q=experience")  # what the resume says: found
    work.send(PipelineState, "load")
    found = substate(work.root, PipelineState)
    assert any(c.id == world.app_id for col in found.columns for c in col.cards)

    with Session(app_db) as session:
        resume = session.exec(
            select(Document).where(Document.application_id == world.app_id, Document.kind == "resume")
        ).one()
    client = TestClient(api.http_routes(), base_url=get_settings().base_url)
    client.cookies.set(SESSION_COOKIE, tab.token)
    refused = client.get(routes.document_url(resume.id or 0))
    assert refused.status_code == 403 and "blind screening" in refused.text

    tab.send(ScorecardState, "reveal")
    assert not state.selected.blind and state.selected.name == f"{world.first_name} {world.last_name}"
    assert state.selected.history[-1].text == "Identity revealed by Recruiter"
    assert client.get(routes.document_url(resume.id or 0)).status_code == 200
    again = tab.send(ScorecardState, "reveal")  # already shown: a message, nothing written
    assert again is not None


def test_scorecard_and_reveal_handlers_refuse_strangers_and_compliance(world: World) -> None:
    for token, expected in (("", routes.SIGN_IN), (_token("compliance"), routes.NOT_ALLOWED)):
        for name, payload in (
            ("refresh", {}),
            ("start", {"interview_id": world.interview_id}),
            ("submit", {"form_data": {"recommendation": "yes"}}),
            ("reveal", {}),
            ("cancel", {}),
        ):
            _state, result = call(
                ScorecardState, name, token=token, path=routes.pipeline_url(world.slug), **payload
            )
            target = _redirect_target(result)
            assert target is not None and target.startswith(expected), (name, target)
    with db.session_scope() as session:
        assert session.exec(select(Scorecard)).all() == []
        assert blind_screening.is_hidden(world.app_id, session=session)


def test_the_posting_editor_saves_the_plan_and_the_switch_and_explains_a_bad_line(world: World) -> None:
    editor = Browser(_token("admin"), routes.editor_url(world.slug))
    editor.send(PostingEditorState, "load")
    state = substate(editor.root, PostingEditorState)
    values = dict(state.values)
    assert values["plan_onsite"].startswith("Technical interview: ") and values["blind"] == "on"

    bad = {**values, "plan_onsite": "Pairing", "blind": ""}
    editor.send(PostingEditorState, "save", form_data=bad)
    assert state.errors == {
        "plan_onsite": "Line 1: list what “Pairing” assesses after a colon, separated by commas."
    }
    with db.session_scope() as session:
        assert blind_screening.is_enabled(world.posting_id, session=session)  # nothing saved

    good = {**values, "plan_onsite": "Pairing: Python, Testing", "plan_phone_interview": ""}
    good.pop("blind")  # an unchecked box is not sent
    result = editor.send(PostingEditorState, "save", form_data=good)
    assert _redirect_target(result) == routes.RECRUITING_HOME
    with db.session_scope() as session:
        assert not blind_screening.is_enabled(world.posting_id, session=session)
        plan = interview_plans.current_plan(world.posting_id, session=session)
    assert [(i.stage, i.name, i.attributes) for i in plan] == [
        ("recruiter_screen", "Recruiter screen", ["Communication", "Motivation", "Role fit"]),
        ("onsite", "Pairing", ["Python", "Testing"]),
    ]
    recruiter = Browser(_token("recruiter"), routes.editor_url(world.slug))
    assert _redirect_target(recruiter.send(PostingEditorState, "save", form_data=good)) == routes.NOT_ALLOWED
