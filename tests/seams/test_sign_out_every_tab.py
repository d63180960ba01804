"""Signing out in one tab x the other tabs of the same browser (attack review): sign-out
wipes the tab that sent the form, and Reflex sends any tab its whole state on every
(re)connect, cookie or not. A hydrate now gets hiring-team state only with a live session."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app import routes
from careers_app.models import Application, Candidate
from careers_app.services.platform import auth, db
from careers_app.states.guard import gate_hydrate
from careers_app.states.pipeline import PipelineState
from careers_app.states.team import HiringTeamState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for
from tests.loops import run_in_own_loop

HYDRATE = "reflex___state____state.hydrate"


pytestmark = pytest.mark.usefixtures("no_live_feed")


def _board_with_one_card() -> str:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session))
        person = Candidate(
            first_name="Ada",
            last_name="Lovelace",
            email="ada@example.com",
            phone_e164="+14155550100",
            country="United States",
        )
        session.add(person)
        session.flush()
        session.add(
            Application(
                candidate_id=person.id or 0,
                posting_id=posting.id or 0,
                stage="applied",
                first_name="Ada",
                last_name="Lovelace",
                country="United States",
            )
        )
        return routes.pipeline_url(posting.slug)


def _second_tab(app_db: Engine, token: str, board: str) -> Tab:
    tab = Tab(token, board)
    tab.send(PipelineState, "load")
    assert "Ada Lovelace" in repr(tab.state(PipelineState).columns)
    return tab


def _hydrate(tab: Tab, cookie_token: str) -> None:
    tab.token = cookie_token  # a new socket: the cookie the browser has now
    tab.go(tab.path)
    run_in_own_loop(lambda: gate_hydrate(tab.root, HYDRATE))


def test_a_tab_reconnecting_after_sign_out_elsewhere_gets_no_candidate_data(app_db: Engine) -> None:
    board = _board_with_one_card()
    token = token_for("recruiter")
    other_tab = _second_tab(app_db, token, board)
    with db.session_scope() as session:  # signed out in the first tab: the session ends
        auth.sign_out(token, session=session)
    _hydrate(other_tab, "")  # no cookie any more
    assert "Ada" not in repr(other_tab.state(PipelineState).columns)
    assert other_tab.state(HiringTeamState).user_name == ""

    again = _second_tab(app_db, token_for("recruiter"), board)
    _hydrate(again, token)  # the old, ended session's cookie: the same
    assert "Ada" not in repr(again.state(PipelineState).columns)


def test_a_live_session_keeps_its_tabs_and_a_deactivated_one_does_not(app_db: Engine) -> None:
    board = _board_with_one_card()
    token = token_for("recruiter")
    tab = _second_tab(app_db, token, board)
    _hydrate(tab, token)
    assert "Ada Lovelace" in repr(tab.state(PipelineState).columns)
    with db.session_scope() as session:
        recruiter = next(a for a in auth.list_accounts(session=session) if a.role == "recruiter")
        admin = next(a for a in auth.list_accounts(session=session) if a.role == "admin")
        auth.set_active(recruiter.id, False, acting_user_id=admin.id, session=session)
    _hydrate(tab, token)
    assert "Ada" not in repr(tab.state(PipelineState).columns)
    with Session(app_db) as session:
        assert session.get(Application, 1) is not None  # only the tab was wiped


def test_another_accounts_cookie_gets_the_tab_wiped_not_its_data(app_db: Engine) -> None:
    """Second attack review: the gate let any active account's cookie have a tab another
    person had loaded (an admin signs out, a colleague signs in, the old tab reconnects)."""
    board = _board_with_one_card()
    tab = _second_tab(app_db, token_for("recruiter"), board)
    _hydrate(tab, token_for("admin"))  # a different person, with a role that may see boards
    assert "Ada" not in repr(tab.state(PipelineState).columns)
    assert tab.state(HiringTeamState).user_name == ""
