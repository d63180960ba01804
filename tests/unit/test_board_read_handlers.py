"""The board's read-side handlers through the guard, on production's path (the app's own
session_scope, committed, SQLite and PostgreSQL): the URL filter restored on load, refused
values named, next pages per column, sorts, hostile arguments, and saved views."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine

from careers_app import routes
from careers_app.models import Application, Candidate
from careers_app.services.platform import auth, db
from careers_app.states.board_views import BoardViewsState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.pipeline import PipelineState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import new_root
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop

WAITING = 70


@pytest.fixture
def slug(app_db: Engine, no_live_feed: None) -> str:
    now = datetime.now(UTC)
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Paging")
        for i in range(WAITING):
            person = Candidate(
                first_name=f"N{i:02d}", last_name="Z", email=f"n{i}@example.com", phone_e164="+1", country="X"
            )
            session.add(person)
            session.flush()
            session.add(
                Application(
                    candidate_id=person.id or 0,
                    posting_id=posting.id or 0,
                    first_name=person.first_name,
                    last_name="Z",
                    country="Canada" if i < 10 else "Peru",
                    stage="applied",
                    submitted_at=now - timedelta(days=i),
                    stage_changed_at=now - timedelta(days=100 - i),
                )
            )
        found = posting.slug
    return found


class Tab:
    """One browser tab: one root state kept across events, as Reflex keeps it per tab."""

    def __init__(self, token: str, path: str) -> None:
        self.root = new_root()
        self.token, self.path = token, path

    def state(self, cls: type[rx.State]) -> Any:
        return self.root.get_substate(cls.get_full_name().split(".")[1:])

    def send(self, cls: type[rx.State], name: str, **payload: Any) -> Any:
        state = self.state(cls)
        state.router = RouterData.from_router_data(
            {
                "headers": {"cookie": f"{SESSION_COOKIE}={self.token}" if self.token else ""},
                "ip": "203.0.113.7",
                "pathname": self.path.split("?")[0],
                "asPath": self.path,
            }
        )
        handler = getattr(cls, name)
        return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def _applied(board: Any) -> Any:
    return next(c for c in board.columns if c.key == "applied")


def test_the_url_filter_is_restored_on_load_and_bad_values_are_named(slug: str) -> None:
    tab = Tab(_token("recruiter"), routes.pipeline_url(slug) + "?country=Canada&days=nope&cover=")
    assert tab.send(PipelineState, "load") is None
    board = tab.state(PipelineState)
    assert board.status == "ready" and _applied(board).count == 10
    assert board.filters.location == "Canada" and board.filters.days == ""
    assert board.filter_errors == {"days": "Days in stage must be a whole number from 0 to 3650."}
    assert board.filter_active is True
    assert [o.value for o in board.location_options] == ["Canada", "Peru"]


def test_next_pages_and_sorts_per_column_and_hostile_arguments(slug: str) -> None:
    tab = Tab(_token("recruiter"), routes.pipeline_url(slug))
    tab.send(PipelineState, "load")
    board = tab.state(PipelineState)
    first = [c.id for c in _applied(board).cards]
    assert len(first) == 50 and _applied(board).count == WAITING
    tab.send(PipelineState, "load_more", stage="applied")
    page = board.column_page
    assert page.stage == "applied" and page.count == WAITING and len(page.cards) == 20
    assert not {c.id for c in page.cards} & set(first)
    tab.send(PipelineState, "load_more", stage="applied")
    assert board.column_page.cards == []  # the column has been read to its end
    tab.send(PipelineState, "sort_column", request={"stage": "applied", "sort": "newest"})
    newest = board.column_page
    assert newest.replace is True and newest.sort == "newest" and len(newest.cards) == 50
    assert [c.name for c in newest.cards[:2]] == ["N00 Z", "N01 Z"]
    before = board.column_page
    for name, payload in (
        ("load_more", {"stage": "no_such_stage"}),
        ("load_more", {"stage": ["applied"]}),
        ("sort_column", {"request": {"stage": "applied", "sort": "random()"}}),
        ("sort_column", {"request": "applied"}),
        ("sort_column", {"request": {"stage": {"$ne": 1}, "sort": "name"}}),
    ):
        assert tab.send(PipelineState, name, **payload) is None
        assert board.column_page == before, (name, payload)


def test_the_filter_form_puts_a_clean_filter_in_the_url_or_names_the_field(slug: str) -> None:
    tab = Tab(_token("recruiter"), routes.pipeline_url(slug))
    tab.send(PipelineState, "load")
    result = tab.send(
        PipelineState,
        "search",
        form_data={"q": " n0 ", "days": "7", "cover": "on", "location": "Canada", "source": ""},
    )
    assert _redirect_target(result) == routes.pipeline_url(slug) + "?q=n0&days=7&cover=1&country=Canada"
    result = tab.send(PipelineState, "search", form_data={"days": "-1", "location": "X|Y"})
    assert _redirect_target(result) is None
    assert set(tab.state(PipelineState).filter_errors) == {"days"}
    assert _redirect_target(tab.send(PipelineState, "clear_filters")) == routes.pipeline_url(slug)


def test_saved_views_belong_to_their_recruiter(slug: str) -> None:
    riley = Tab(_token("recruiter"), routes.pipeline_url(slug) + "?days=95&bogus=1")
    riley.send(BoardViewsState, "load")
    riley.send(BoardViewsState, "save", form_data={"view_name": "Long wait"})
    views = riley.state(BoardViewsState).views
    assert [(v.name, v.url) for v in views] == [("Long wait", routes.pipeline_url(slug) + "?days=95")]
    riley.send(BoardViewsState, "save", form_data={"view_name": "   "})
    assert riley.state(BoardViewsState).view_error == "Name the view."

    with db.session_scope() as session:
        auth.create_user("sam@example.com", "Sam", "sam password 123", "recruiter", session=session)
        sam_token, _ = auth.sign_in("sam@example.com", "sam password 123", session=session)
    sam = Tab(sam_token, routes.pipeline_url(slug))
    sam.send(BoardViewsState, "load")
    assert sam.state(BoardViewsState).views == []
    sam.send(BoardViewsState, "delete", view_id=views[0].id)  # not Sam's: refused, kept
    riley.send(BoardViewsState, "load")
    assert len(riley.state(BoardViewsState).views) == 1
    for hostile in ("1 or 1=1", -1, True, 2**40):
        riley.send(BoardViewsState, "delete", view_id=hostile)
    riley.send(BoardViewsState, "delete", view_id=views[0].id)
    assert riley.state(BoardViewsState).views == []

    compliance = Tab(_token("compliance"), routes.pipeline_url(slug))
    assert _redirect_target(compliance.send(BoardViewsState, "save", form_data={"view_name": "x"})) == (
        routes.NOT_ALLOWED
    )
    anonymous = Tab("", routes.pipeline_url(slug))
    target = _redirect_target(anonymous.send(PipelineState, "load_more", stage="applied"))
    assert target is not None and target.startswith(routes.SIGN_IN)
