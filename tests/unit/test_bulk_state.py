"""BulkState through the guard and production's transaction path (committed database,
SQLite and PostgreSQL): the posting comes from the page's URL, versions are checked per
card, refusals are shown next to the bar and write nothing, and who may not use the
board gets nothing."""

from __future__ import annotations

from typing import Any

import pytest
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app.models import Application, BulkAction
from careers_app.services.board import pipeline
from careers_app.services.board.board_view import NO_CARDS_UPDATE
from careers_app.services.platform import db
from careers_app.states.bulk import BulkState
from careers_app.states.guard import SESSION_COOKIE
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import new_root, substate
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop

pytestmark = pytest.mark.usefixtures("no_live_feed")


NAMES = [f"Person{i} Test" for i in range(12)]


def fresh(token: str, path: str) -> BulkState:
    root = new_root()
    state = substate(root, BulkState)
    state.router = RouterData.from_router_data(
        {
            "headers": {"cookie": f"{SESSION_COOKIE}={token}" if token else ""},
            "ip": "203.0.113.7",
            "pathname": path,
            "asPath": path,
        }
    )
    return state


def send(state: BulkState, name: str, **payload: Any) -> Any:
    handler = getattr(BulkState, name)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


@pytest.fixture
def boards(app_db: Engine) -> tuple[str, list[int], list[int]]:
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        mine = make_posting(session, team, office, slug="bulk-board")
        other = make_posting(session, team, office, slug="other-board")
        ids = add_applications(session, mine.id or 0, NAMES)
        foreign = add_applications(session, other.id or 0, ["Far Away"])
    return "/recruiting/bulk-board", ids, foreign


def stages_of(engine: Engine, ids: list[int]) -> dict[int, tuple[str, int]]:
    with Session(engine) as session:
        rows = session.exec(select(Application).where(col(Application.id).in_(ids))).all()
        return {a.id or 0: (a.stage, a.version) for a in rows}


def test_a_recruiter_rejects_many_and_a_card_changed_meanwhile_is_named(app_db: Engine, boards: tuple[str, list[int], list[int]]) -> None:
    path, ids, _ = boards
    state = fresh(_token("recruiter"), path)
    send(state, "load")
    # Someone else moves Person3 after this browser saw version 1.
    with db.session_scope() as session:
        posting_id = session.exec(select(Application.posting_id).where(Application.id == ids[0])).one()
        pipeline.move(ids[3], posting_id, "onsite", 1, "Other", session=session)
    items = [{"id": i, "version": 1} for i in ids]
    send(
        state, "apply", request={"action": "reject", "items": items, "reason": pipeline.REJECTION_REASONS[1]}
    )
    assert state.report_kind == "partial" and state.undo_available
    assert "1 not moved because someone else changed them: Person3 Test." in state.report
    assert state.bulk_update.clear is True
    shown = {c.id: c.stage for c in state.bulk_update.cards}
    assert shown[ids[3]] == "onsite" and shown[ids[0]] == "rejected"  # the left-alone card where it is
    now = stages_of(app_db, ids)
    assert now[ids[3]] == ("onsite", 2) and {now[i] for i in ids if i != ids[3]} == {("rejected", 2)}
    send(state, "undo")
    assert state.report == "Undone: 11 back where they were." and not state.undo_available
    now = stages_of(app_db, ids)
    assert now[ids[3]] == ("onsite", 2) and {now[i] for i in ids if i != ids[3]} == {("applied", 3)}


def test_refusals_are_shown_by_the_bar_and_write_nothing(app_db: Engine, boards: tuple[str, list[int], list[int]]) -> None:
    path, ids, foreign = boards
    state = fresh(_token("admin"), path)
    send(state, "load")
    for request, message in (
        (
            {"action": "move", "items": [{"id": i, "version": 1} for i in [*ids, *foreign]], "to": "onsite"},
            "1 selected",
        ),
        (
            {"action": "move", "items": [{"id": i, "version": 1} for i in range(1, 502)], "to": "onsite"},
            "at most 500",
        ),
        (
            {"action": "move", "items": [{"id": ids[0], "version": 1}], "to": "nowhere"},
            "this posting's stages",
        ),
        (
            {"action": "reject", "items": [{"id": ids[0], "version": 1}], "reason": "Because"},
            "Choose a reason",
        ),
        ({"action": "drop_table", "items": []}, "not understood"),
        ("not a dict", "not understood"),
    ):
        send(state, "apply", request=request)
        assert state.report_kind == "refused" and message in state.report, state.report
    assert set(stages_of(app_db, [*ids, *foreign]).values()) == {("applied", 1)}
    with Session(app_db) as session:
        assert session.exec(select(BulkAction)).all() == []
    send(state, "refresh_cards", application_ids=[*ids[:2], *foreign, "x", True])
    assert sorted(c.id or 0 for c in state.bulk_update.cards) == sorted(ids[:2])  # never another board's


def test_a_path_that_is_no_board_acts_on_nothing(app_db: Engine, boards: tuple[str, list[int], list[int]]) -> None:
    _, ids, _ = boards
    state = fresh(_token("recruiter"), "/recruiting/no-such-posting")
    send(state, "load")
    send(state, "apply", request={"action": "move", "items": [{"id": ids[0], "version": 1}], "to": "onsite"})
    assert stages_of(app_db, ids)[ids[0]] == ("applied", 1)


@pytest.mark.parametrize("who", ["anonymous", "compliance"])
def test_who_may_not_work_the_board_gets_nothing(app_db: Engine, boards: tuple[str, list[int], list[int]], who: str) -> None:
    path, ids, _ = boards
    state = fresh("" if who == "anonymous" else _token("compliance"), path)
    for name, payload in (
        ("load", {}),
        ("apply", {"request": {"action": "move", "items": [{"id": ids[0], "version": 1}], "to": "onsite"}}),
        ("undo", {}),
        ("refresh_cards", {"application_ids": ids[:3]}),
    ):
        assert _redirect_target(send(state, name, **payload)) is not None
        assert state.bulk_update == NO_CARDS_UPDATE and state.report == ""
    assert stages_of(app_db, ids)[ids[0]] == ("applied", 1)
