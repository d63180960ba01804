"""The board as one viewer sees it (services/board/board_view.py), through the real handlers and
production's transaction path (committed SQLite and PostgreSQL): page load, the next page,
a move, a refresh, a bulk action and its undo show the same card and the counts of the
viewer's filter; a later page load does not replay the board feed's old bulk change.

The board feed (a Reflex shared state) needs a running app to link rooms; here each tab's
``BoardFeed`` is a stand-in linked to an in-memory room, so ``_link_feed`` and
``_announce`` run as written and other tabs see what they wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from careers_app import routes
from careers_app.models import Application, Candidate, Document, Interview, PlanInterview, Scorecard, User
from careers_app.services.board.board_view import BoardCard, CardUpdate, FeedChange
from careers_app.services.interviews import interview_plans
from careers_app.services.platform import db
from careers_app.states.bulk import BulkState
from careers_app.states.pipeline import BoardFeed, PipelineState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for

SOURCE = "referral"
_n = count(1)
CARD_FIELDS = [f.name for f in fields(BoardCard)]


# ----- a stand-in for the shared board feed ----------------------------------------------------


class Rooms:
    def __init__(self) -> None:
        self.last: dict[str, FeedChange] = {}


class LinkedFeed:
    """One tab's BoardFeed: once linked, reads and writes go to the room, as Reflex does."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms, self.room = rooms, ""

    async def _link_to(self, room: str) -> LinkedFeed:
        self.room = room
        return self

    async def _unlink(self) -> None:
        self.room = ""

    @property
    def last_change(self) -> FeedChange:
        return self.rooms.last.get(self.room, FeedChange())

    @last_change.setter
    def last_change(self, change: FeedChange) -> None:
        self.rooms.last[self.room] = change


@pytest.fixture
def rooms(monkeypatch: pytest.MonkeyPatch) -> Rooms:
    found = Rooms()
    feeds: dict[int, LinkedFeed] = {}
    real = PipelineState.get_state

    async def get_state(self: Any, cls: type) -> Any:
        if cls is BoardFeed:
            return feeds.setdefault(id(self._get_root_state()), LinkedFeed(found))
        return await real(self, cls)

    monkeypatch.setattr(PipelineState, "get_state", get_state)
    return found


def replay(tab: Tab, rooms: Rooms, room: str) -> bool:
    """What the board component does with the room's last change (assets/pipeline_board.jsx):
    fetch it, unless it is the one the page load already read the board after."""
    change = rooms.last.get(room, FeedChange())
    if not change.seq or change.seq == tab.state(PipelineState).feed_seen:
        return False
    if change.id:
        tab.send(PipelineState, "refresh_card", application_id=change.id)
    elif change.ids:
        tab.send(BulkState, "refresh_cards", application_ids=change.ids)
    return True


# ----- a board with two sources, interviews, scorecards and cover letters -------------------------


@dataclass
class World:
    engine: Engine
    posting_id: int
    slug: str
    referral_applied: list[int]  # each with an interview, a scorecard and a cover letter
    others: list[int]

    def path(self, query: str = f"source={SOURCE}") -> str:
        return routes.pipeline_url(self.slug) + (f"?{query}" if query else "")

    def filter_counts(self) -> dict[str, int]:
        """What the filter holds, per stage, counted straight from the database."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Application.stage, func.count())
                .where(Application.posting_id == self.posting_id, Application.source == SOURCE)
                .group_by(col(Application.stage))
            ).all()
        return {stage: n for stage, n in rows}

    def versions(self, ids: list[int]) -> list[dict[str, int]]:
        with Session(self.engine) as session:
            rows = session.exec(select(Application).where(col(Application.id).in_(ids))).all()
            return [{"id": a.id or 0, "version": a.version} for a in rows]


def _apply(session: Session, posting_id: int, stage: str, source: str, *, days: int) -> int:
    n = next(_n)
    person = Candidate(
        first_name=f"P{n:03d}",
        last_name="Viewed",
        email=f"v{n}@example.com",
        phone_e164="+15550100",
        country="US",
    )
    session.add(person)
    session.flush()
    now = datetime.now(UTC)
    app = Application(
        candidate_id=person.id or 0,
        posting_id=posting_id,
        stage=stage,
        source=source,
        first_name=person.first_name,
        last_name="Viewed",
        submitted_at=now - timedelta(days=days + 3),
        stage_changed_at=now - timedelta(days=days),
    )
    session.add(app)
    session.flush()
    return app.id or 0


def _decorate(session: Session, posting_id: int, app_id: int, interviewer_id: int) -> None:
    """An interview booked, someone's scorecard, a cover letter: every line a card can show."""
    n = next(_n)
    session.add(
        Interview(
            application_id=app_id,
            stage="phone_interview",
            uid=f"view-{n}@example.com",
            token_hash=f"{n:064d}",
            status="scheduled",
            starts_at=datetime.now(UTC) + timedelta(days=9, hours=n),
            duration_minutes=45,
            time_zone="Europe/Berlin",
        )
    )
    plan = session.exec(select(PlanInterview).where(PlanInterview.posting_id == posting_id)).first()
    assert plan is not None
    session.add(
        Scorecard(
            application_id=app_id,
            interview_id=plan.id or 0,
            interviewer_id=interviewer_id,
            recommendation="yes",
        )
    )
    session.add(
        Document(
            application_id=app_id,
            kind="cover_letter",
            original_name="cover.pdf",
            size_bytes=10,
            sha256=f"{n:064d}",
            page_count=1,
            storage_key=f"k{n}",
        )
    )


def make_world(engine: Engine, *, referral_applied: int = 6, others: int = 5, phone: int = 4) -> World:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Viewed")
        posting_id = posting.id or 0
        interview_plans.ensure_plan(posting_id, session=session)
        admin = session.exec(select(User).where(User.email == "admin@example.com")).one()
        decorated = [
            _apply(session, posting_id, "applied", SOURCE, days=20 + i) for i in range(referral_applied)
        ]
        for app_id in decorated:
            _decorate(session, posting_id, app_id, admin.id or 0)
        rest = [_apply(session, posting_id, "phone_interview", SOURCE, days=5) for _ in range(phone)]
        rest += [_apply(session, posting_id, "applied", "job_board", days=30 + i) for i in range(others)]
        rest += [_apply(session, posting_id, "phone_interview", "job_board", days=4) for _ in range(others)]
        return World(engine, posting_id, posting.slug, decorated, rest)


@pytest.fixture
def world(app_db: Engine, rooms: Rooms) -> World:
    return make_world(app_db)


def board_tab(world: World, role: str = "recruiter", query: str = f"source={SOURCE}") -> Tab:
    """A tab on the board, loaded as the page loads it (on_load: the board, then the bulk bar)."""
    tab = Tab(token_for(role), world.path(query))
    assert tab.send(PipelineState, "load") is None
    tab.send(BulkState, "load")
    return tab


def shown_counts(tab: Tab) -> dict[str, int]:
    """The counts the board shows: the page load's, then those of the last bulk update."""
    counts = {c.key: c.count for c in tab.state(PipelineState).columns}
    counts.update(tab.state(BulkState).bulk_update.counts)
    return counts


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: n for k, n in counts.items() if n}


def loaded_cards(tab: Tab) -> dict[int, BoardCard]:
    return {c.id: c for column in tab.state(PipelineState).columns for c in column.cards}


def as_card(update: CardUpdate) -> BoardCard:
    card = update.card()
    assert card is not None
    return card


# ----- a bulk action under a filter ------------------------------------------------------------


def test_bulk_move_under_a_filter_shows_the_filters_counts_and_keeps_interview_lines(world: World) -> None:
    tab = board_tab(world)
    before = world.filter_counts()
    assert nonzero(shown_counts(tab)) == before == {"applied": 6, "phone_interview": 4}
    lines = {i: loaded_cards(tab)[i].interview for i in world.referral_applied}
    assert all(line.startswith("Interview ") for line in lines.values())

    chosen = world.referral_applied[:3]
    tab.send(BulkState, "apply", request={"action": "move", "to": "onsite", "items": world.versions(chosen)})
    bulk = tab.state(BulkState)
    assert bulk.report_kind == "done", bulk.report
    after = world.filter_counts()
    assert after == {"applied": 3, "onsite": 3, "phone_interview": 4}
    assert nonzero(shown_counts(tab)) == after  # not the whole board's 8 / 3 / 9
    assert {c.id: c.interview for c in bulk.bulk_update.cards} == {i: lines[i] for i in chosen}
    assert {c.id: c.stage for c in bulk.bulk_update.cards} == dict.fromkeys(chosen, "onsite")

    # "Select all N in the filtered result": N is what the board's counts add up to (withdrawn
    # aside), and selecting takes exactly the filter's cards.
    offered = sum(n for k, n in shown_counts(tab).items() if k != "withdrawn")
    tab.send(BulkState, "select_filtered")
    selected = {s.id for s in tab.state(BulkState).bulk_select.items}
    assert offered == len(selected) == sum(after.values()) == 10
    with Session(world.engine) as session:
        sources = set(session.exec(select(Application.source).where(col(Application.id).in_(selected))).all())
    assert sources == {SOURCE}


def test_undo_restores_the_filters_counts_and_the_interview_lines(world: World) -> None:
    tab = board_tab(world)
    lines = {i: loaded_cards(tab)[i].interview for i in world.referral_applied}
    chosen = world.referral_applied[:3]
    tab.send(BulkState, "apply", request={"action": "move", "to": "onsite", "items": world.versions(chosen)})
    tab.send(BulkState, "undo")
    bulk = tab.state(BulkState)
    assert bulk.report == "Undone: 3 back where they were."
    assert world.filter_counts() == {"applied": 6, "phone_interview": 4}
    assert nonzero(shown_counts(tab)) == {"applied": 6, "phone_interview": 4}
    assert {c.id: (c.stage, c.interview) for c in bulk.bulk_update.cards} == {
        i: ("applied", lines[i]) for i in chosen
    }
    # Each card at its place in Applied (longest waiting first): back there just now, so
    # after the three that stayed, in id order.
    assert sorted((c.id, c.index) for c in bulk.bulk_update.cards) == [
        (i, 3 + n) for n, i in enumerate(chosen)
    ]


def test_a_later_page_load_shows_the_filters_counts_and_does_not_replay_the_old_bulk_change(
    world: World, rooms: Rooms
) -> None:
    mover = board_tab(world)
    chosen = world.referral_applied[:3]
    mover.send(
        BulkState, "apply", request={"action": "move", "to": "onsite", "items": world.versions(chosen)}
    )
    room = next(iter(rooms.last))
    assert rooms.last[room].ids == chosen  # the room keeps the bulk action's ids
    expected = world.filter_counts()

    for role in ("recruiter", "admin"):  # anyone, later
        later = board_tab(world, role)
        assert nonzero(shown_counts(later)) == expected
        assert not replay(later, rooms, room)  # the page load read the board after that change
        assert nonzero(shown_counts(later)) == expected
        # Even fetched again (a tab whose state outlived a reload), the counts are the filter's.
        later.send(BulkState, "refresh_cards", application_ids=chosen)
        assert nonzero(shown_counts(later)) == expected
        assert {c.id: c.interview for c in later.state(BulkState).bulk_update.cards} == {
            i: loaded_cards(mover)[i].interview for i in chosen
        }

    # A change made after the page load is fetched, with the counts of this viewer's filter.
    watcher = board_tab(world)
    other = world.referral_applied[3]
    mover.send(PipelineState, "move", request={**world.versions([other])[0], "to": "phone_interview"})
    assert replay(watcher, rooms, room)
    update = watcher.state(PipelineState).card_update
    assert update.id == other and update.to == "phone_interview"
    assert (
        nonzero(update.counts) == world.filter_counts() == {"applied": 2, "onsite": 3, "phone_interview": 5}
    )


# ----- one card, whichever path brings it -----------------------------------------------------------


def test_move_refresh_page_load_next_page_and_bulk_show_the_same_card(world: World) -> None:
    tab = board_tab(world)
    x, y = world.referral_applied[0], world.referral_applied[1]
    seen: dict[str, BoardCard] = {}

    tab.send(PipelineState, "move", request={**world.versions([x])[0], "to": "phone_interview"})
    seen["move"] = as_card(tab.state(PipelineState).card_update)
    tab.send(PipelineState, "refresh_card", application_id=x)
    seen["refresh"] = as_card(tab.state(PipelineState).card_update)
    tab.send(BulkState, "refresh_cards", application_ids=[x])
    seen["bulk refresh"] = as_card(tab.state(BulkState).bulk_update.cards[0])
    tab.send(PipelineState, "load")
    seen["page load"] = loaded_cards(tab)[x]
    tab.send(PipelineState, "sort_column", request={"stage": "phone_interview", "sort": "name"})
    seen["sorted page"] = next(c for c in tab.state(PipelineState).column_page.cards if c.id == x)
    assert seen["move"].interview and seen["move"].scorecards and seen["move"].has_cover_letter
    assert all(card == seen["move"] for card in seen.values()), seen

    tab.send(BulkState, "apply", request={"action": "move", "to": "onsite", "items": world.versions([x, y])})
    by_bulk = {c.id: as_card(c) for c in tab.state(BulkState).bulk_update.cards}
    tab.send(PipelineState, "load")
    assert by_bulk == {i: loaded_cards(tab)[i] for i in (x, y)}
    tab.send(BulkState, "undo")
    by_undo = {c.id: as_card(c) for c in tab.state(BulkState).bulk_update.cards}
    tab.send(PipelineState, "refresh_card", application_id=y)
    assert by_undo[y] == as_card(tab.state(PipelineState).card_update)
    tab.send(PipelineState, "load")
    assert by_undo == {i: loaded_cards(tab)[i] for i in (x, y)}
    assert {i: c.stage for i, c in by_undo.items()} == {x: "phone_interview", y: "applied"}


# ----- a page load reads a fixed number of statements ------------------------------------------


STAGES_LOADED = ("applied", "recruiter_screen", "phone_interview", "onsite")


def make_big(engine: Engine, per_stage: int) -> World:
    """Four columns of ``per_stage`` cards; every third card with an interview, a scorecard
    and a cover letter."""
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Big")
        posting_id = posting.id or 0
        interview_plans.ensure_plan(posting_id, session=session)
        admin = session.exec(select(User).where(User.email == "admin@example.com")).one()
        ids = [
            _apply(session, posting_id, stage, SOURCE, days=i)
            for stage in STAGES_LOADED
            for i in range(per_stage)
        ]
        for app_id in ids[::3]:
            _decorate(session, posting_id, app_id, admin.id or 0)
        return World(engine, posting_id, posting.slug, ids[::3], [])


def _statements_of_a_page_load(world: World, cards: int) -> int:
    tab = Tab(token_for("recruiter"), world.path(""))
    statements: list[str] = []

    def heard(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(world.engine, "before_cursor_execute", heard)
    try:
        tab.send(PipelineState, "load")
    finally:
        sa.event.remove(world.engine, "before_cursor_execute", heard)
    shown = loaded_cards(tab)
    assert len(shown) == cards
    assert {i for i, c in shown.items() if c.interview and c.scorecards and c.has_cover_letter} == set(
        world.referral_applied
    )
    return len([s for s in statements if not s.startswith("BEGIN")])  # SQLite's BEGIN IMMEDIATE: no read


def test_a_page_load_of_a_200_card_board_reads_a_fixed_number_of_statements(
    app_db: Engine, rooms: Rooms
) -> None:
    # The statements do not grow with the cards: 100 cards or 200 (four first pages of 50),
    # each with what the viewer may see on it, read in the same number of statements.
    small = _statements_of_a_page_load(make_big(app_db, 25), 100)
    full = _statements_of_a_page_load(make_big(app_db, 50), 200)
    # The session, the posting, its stages, the counts, a page and its cursor per column, the
    # interview lines, the scorecard lines (one query: the counts and which the viewer wrote),
    # the filter's two option lists.
    assert small == full == 16
