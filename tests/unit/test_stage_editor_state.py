"""StageEditorState through the guard on a committed database (SQLite and PostgreSQL):
admins edit a posting's stages from the editor's URL; refusals are shown and write
nothing; recruiters, compliance and strangers can do none of it."""

from __future__ import annotations

from typing import Any

import pytest
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from careers_app.models import PostingStage
from careers_app.services.platform import db
from careers_app.services.postings import stages
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.stage_editor import StageEditorState
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import new_root, substate
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop

PATH = "/team/postings/edit?slug=stage-posting"


def fresh(token: str) -> StageEditorState:
    root = new_root()
    state = substate(root, StageEditorState)
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": f"{SESSION_COOKIE}={token}" if token else ""},
            "ip": "203.0.113.7",
            "pathname": PATH.split("?")[0],
            "asPath": PATH,
            "query": {"slug": "stage-posting"},
        }
    )
    return state


def send(state: StageEditorState, name: str, **payload: Any) -> Any:
    handler = getattr(StageEditorState, name)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


@pytest.fixture
def posting_id(app_db: Engine) -> int:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), slug="stage-posting")
        add_applications(session, posting.id or 0, ["Ana Lima"], stage="onsite")
        return posting.id or 0


def keys(engine: Engine, posting_id: int) -> list[str]:
    with Session(engine) as session:
        return [s.key for s in stages.stages_for(posting_id, session=session)]


def test_an_admin_edits_the_stages(app_db: Engine, posting_id: int) -> None:
    state = fresh(_token("admin"))
    send(state, "load")
    assert [r.key for r in state.rows] == keys(app_db, posting_id)
    assert next(r for r in state.rows if r.key == "onsite").count == 1
    send(state, "add", form_data={"label": "Take-home task"})
    assert state.message == "Stage added." and "take_home_task" in [r.key for r in state.rows]
    send(state, "move", key="take_home_task", offset=-1)
    assert keys(app_db, posting_id)[4:6] == ["take_home_task", "offer"]
    send(state, "rename", form_data={"key": "onsite", "label": "Final round"})
    assert next(r for r in state.rows if r.key == "onsite").label == "Final round"
    send(state, "remove", key="onsite")
    assert state.error == "1 application is in Final round: move them to another stage first."
    send(state, "remove", key="hired")
    assert state.error == "Hired is a fixed stage and cannot be removed."
    send(state, "add", form_data={"label": "final ROUND"})
    assert state.error == "This posting already has a stage called final ROUND."
    send(state, "remove", key="recruiter_screen")
    assert state.message == "Stage removed." and "recruiter_screen" not in keys(app_db, posting_id)
    for hostile in ({"key": ["x"], "label": "Y"}, "nope", {"key": "onsite", "label": {"a": 1}}):
        send(state, "rename", form_data=hostile)
        assert state.error
    send(state, "move", key="hired", offset=-1)
    assert state.error == "Hired is a fixed stage and stays where it is."


@pytest.mark.parametrize("who", ["anonymous", "recruiter", "compliance"])
def test_only_admins_edit_stages(app_db: Engine, posting_id: int, who: str) -> None:
    state = fresh("" if who == "anonymous" else _token(who))
    for name, payload in (
        ("load", {}),
        ("add", {"form_data": {"label": "Sneaky"}}),
        ("rename", {"form_data": {"key": "onsite", "label": "Sneaky"}}),
        ("move", {"key": "onsite", "offset": -1}),
        ("remove", {"key": "recruiter_screen"}),
    ):
        assert _redirect_target(send(state, name, **payload)) is not None, name
    with Session(app_db) as session:
        assert session.exec(select(PostingStage).where(PostingStage.posting_id == posting_id)).all() == []
