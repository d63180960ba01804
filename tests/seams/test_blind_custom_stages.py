"""Blind screening holds for a posting's own stages (issue 18, finding 3 of the fresh attack).

Screening is every stage up to and including Recruiter screen in the posting's own order,
whatever its key: an admin adds "Resume review" in the stage editor and places it right
after Applied, and a hidden card moved there stays "Candidate #<id>" on every channel the
blind proof checks (the board's frames and columns, the panel, search), and moving it on
past Recruiter screen is the one recorded reveal. Driven through the real handlers (the
guard, one committed unit of work per event) on SQLite and PostgreSQL; the stage editor's
changes go through its service in the app's own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app import routes
from careers_app.models import Application, AuditEntry, IdentityReveal
from careers_app.services.platform import audit, db
from careers_app.services.postings import stages
from careers_app.services.visibility import blind_screening
from careers_app.states.bulk import BulkState
from careers_app.states.pipeline import PipelineState
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for

HIDDEN = ("Zuzanna Quillfeather", "Ignacy Brzechwalski")


@dataclass
class Board:
    slug: str
    posting_id: int
    ids: list[int]


@pytest.fixture
def board(app_db: Engine, no_live_feed: None) -> Board:
    """A blind posting with two applications at Applied, and a "Resume review" stage an
    admin added and placed right after Applied (before Recruiter screen)."""
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Data Engineer")
        posting_id = posting.id or 0
        blind_screening.set_enabled(posting_id, True, user_id=None, session=session)
        ids = add_applications(session, posting_id, list(HIDDEN))
        slug = posting.slug
    _add_stage(posting_id, "Resume review", after="applied")
    return Board(slug, posting_id, ids)


def _add_stage(posting_id: int, label: str, *, after: str) -> str:
    """What the stage editor does: add the stage, then move it up until it follows ``after``."""
    with db.session_scope() as session:
        key = stages.add_stage(posting_id, label, session=session).key
    while True:
        with db.session_scope() as session:
            keys = list(stages.stage_keys_for(posting_id, session=session))
            if keys.index(key) == keys.index(after) + 1:
                return key
            stages.move_stage(posting_id, key, -1, session=session)


def _version(engine: Engine, app_id: int) -> int:
    with Session(engine) as session:
        row = session.get(Application, app_id)
        assert row is not None
        return row.version


def _move(tab: Tab, engine: Engine, app_id: int, to: str) -> Any:
    request = {"id": app_id, "version": _version(engine, app_id), "to": to}
    return tab.send(PipelineState, "move", request=request)


def _reveals(engine: Engine) -> list[tuple[int | None, str]]:
    """(application, detail) of every reveal written: the audit entries, each with its row."""
    with Session(engine) as session:
        entries = session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.action) == audit.IDENTITY_REVEALED)
            .order_by(col(AuditEntry.id))
        ).all()
        rows = session.exec(select(IdentityReveal.application_id).order_by(col(IdentityReveal.id))).all()
    found = [(e.application_id, e.detail) for e in entries]
    assert [a for a, _ in found] == list(rows)  # one reveal row per audit entry
    return found


def _names_in(tab: Tab) -> list[str]:
    """Which of the hidden people's names appear anywhere in the tab's state (what the
    browser can receive) or in what its handlers returned."""
    seen = repr(tab.root.dict()).lower()
    return [part for name in HIDDEN for part in name.split() if part.lower() in seen]


def _board_cards(tab: Tab) -> dict[int, tuple[str, str, bool]]:
    return {
        c.id: (c.stage, c.name, c.blind) for column in tab.state(PipelineState).columns for c in column.cards
    }


def test_a_card_at_a_custom_stage_before_recruiter_screen_stays_hidden_on_every_channel(
    board: Board, app_db: Engine
) -> None:
    z, ig = board.ids
    url = routes.pipeline_url(board.slug)
    riley = Tab(token_for("recruiter"), url)
    riley.send(PipelineState, "load")
    assert _move(riley, app_db, z, "resume_review") is None

    frame = riley.state(PipelineState).card_update  # the moved card's frame over the socket
    assert (frame.id, frame.to) == (z, "resume_review")
    riley.send(PipelineState, "refresh_card", application_id=z)  # a live update of the card
    riley.send(PipelineState, "open_candidate", application_id=z)  # the panel
    assert riley.state(PipelineState).selected.name == f"Candidate #{z}"
    riley.send(BulkState, "load")
    items = [{"id": ig, "version": _version(app_db, ig)}]  # a bulk move there too
    riley.send(BulkState, "apply", request={"action": "move", "items": items, "to": "resume_review"})
    riley.send(PipelineState, "load")  # the board's columns, page by page
    assert _board_cards(riley)[z] == ("resume_review", f"Candidate #{z}", True)
    assert _board_cards(riley)[ig] == ("resume_review", f"Candidate #{ig}", True)
    admin = Tab(token_for("admin"), url)  # admins work the boards too
    admin.send(PipelineState, "load")
    admin.send(PipelineState, "open_candidate", application_id=ig)
    assert _names_in(riley) == [] and _names_in(admin) == []

    for word in ("Quillfeather", "zuzanna"):  # search finds nobody hidden by their name
        searching = Tab(riley.token, f"{url}?q={word}")
        searching.send(PipelineState, "load")
        assert searching.state(PipelineState).query == word
        assert z not in _board_cards(searching), word

    # Back to Applied: still hidden, and no reveal was recorded on the way.
    assert _move(riley, app_db, z, "applied") is None
    riley.send(PipelineState, "load")
    assert _board_cards(riley)[z] == ("applied", f"Candidate #{z}", True)
    assert _reveals(app_db) == []
    with db.session_scope() as session:
        assert blind_screening.hidden_ids([z, ig], session=session) == {z, ig}


def test_moving_on_past_recruiter_screen_through_the_custom_stage_is_one_recorded_reveal(
    board: Board, app_db: Engine
) -> None:
    z, _ig = board.ids
    riley = Tab(token_for("recruiter"), routes.pipeline_url(board.slug))
    riley.send(PipelineState, "load")
    for stage in ("resume_review", "recruiter_screen", "resume_review", "recruiter_screen"):
        assert _move(riley, app_db, z, stage) is None
    assert _reveals(app_db) == []  # within screening: nothing shown, nothing recorded
    assert _move(riley, app_db, z, "phone_interview") is None
    assert _reveals(app_db) == [(z, "blind screening: identity shown by moving on to phone_interview")]
    assert riley.state(PipelineState).card_update.name == "Zuzanna Quillfeather"
    # Once shown, shown: back through the screening stages, no second reveal.
    for stage in ("resume_review", "applied"):
        assert _move(riley, app_db, z, stage) is None
    riley.send(PipelineState, "load")
    assert _board_cards(riley)[z] == ("applied", "Zuzanna Quillfeather", False)
    assert len(_reveals(app_db)) == 1


def test_a_custom_stage_after_recruiter_screen_shows_the_person_as_a_recorded_reveal(
    board: Board, app_db: Engine
) -> None:
    z, ig = board.ids
    _add_stage(board.posting_id, "Portfolio review", after="recruiter_screen")
    riley = Tab(token_for("recruiter"), routes.pipeline_url(board.slug))
    riley.send(PipelineState, "load")
    assert _move(riley, app_db, z, "resume_review") is None
    assert _move(riley, app_db, z, "portfolio_review") is None
    assert _reveals(app_db) == [(z, "blind screening: identity shown by moving on to portfolio_review")]
    riley.send(BulkState, "load")
    items = [{"id": ig, "version": _version(app_db, ig)}]
    riley.send(BulkState, "apply", request={"action": "move", "items": items, "to": "portfolio_review"})
    assert [a for a, _ in _reveals(app_db)] == [z, ig]
    riley.send(PipelineState, "load")
    assert _board_cards(riley)[z] == ("portfolio_review", "Zuzanna Quillfeather", False)
    assert _board_cards(riley)[ig] == ("portfolio_review", "Ignacy Brzechwalski", False)


def test_a_posting_that_removed_recruiter_screen_screens_through_its_steps(
    board: Board, app_db: Engine
) -> None:
    """Without a Recruiter screen there is no stage to stop at: removing it reveals nobody (a
    card at the custom stage before it stays hidden); a move on to a step is not a reveal
    either, only an explicit one (or hiring) shows the person."""
    z, ig = board.ids
    riley = Tab(token_for("recruiter"), routes.pipeline_url(board.slug))
    riley.send(PipelineState, "load")
    assert _move(riley, app_db, z, "resume_review") is None
    with db.session_scope() as session:
        stages.remove_stage(board.posting_id, "recruiter_screen", session=session)
    assert _move(riley, app_db, ig, "phone_interview") is None
    riley.send(PipelineState, "load")
    assert _board_cards(riley)[z] == ("resume_review", f"Candidate #{z}", True)
    assert _board_cards(riley)[ig] == ("phone_interview", f"Candidate #{ig}", True)
    assert _reveals(app_db) == []
    assert _move(riley, app_db, ig, "hired") is None
    assert [a for a, _ in _reveals(app_db)] == [ig]
