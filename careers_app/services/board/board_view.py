"""The board as one viewer sees it: every card, page and count the board shows, built once.

Page load, the next page of a column, a move, a bulk action, its undo and the refresh after
another recruiter's change all come here, so they cannot disagree about a card (whose name
it shows, its interview and scorecard lines) or about the counts (always under the
viewer's filter). Reads are batched per page: a fixed number of queries however many
cards, never one per card.

- Identity: the hiring team's rule of ``services/visibility/identity.py`` (``masked_clause``, read
  with the cards) decides whether a card names the person or says "Candidate #<id>".
- Interview line: ``interviews.card_texts``; scorecard line: ``scorecards.summaries`` for
  this viewer (others' verdicts only once the viewer may see them).
- Filter, sort, counts and a card's place in its column: ``services/board/board_query.py``.

The ``*Update`` dataclasses at the end are what the board component
(``assets/pipeline_board.jsx``) receives; their field names are the ones it reads.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from careers_app.models.types import utcnow
from careers_app.services.board import board_query, scorecards
from careers_app.services.board.pipeline import Card
from careers_app.services.interviews import interviews
from careers_app.services.platform.auth import CurrentUser
from careers_app.services.postings.stages import stages_for

# ----- who is looking -----------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """One person looking at one posting's board, through their filter and column sorts."""

    user: CurrentUser
    posting_id: int
    filter: board_query.BoardFilter = board_query.NO_FILTER
    sorts: Mapping[str, str] = field(default_factory=dict)  # stage -> sort (default: longest waiting)


# ----- what they see --------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardCard:
    """A card as one viewer sees it."""

    id: int
    name: str  # the person's name, or "Candidate #<id>" while blind screening hides them
    stage: str
    version: int
    days_applied: int
    days_in_stage: int
    has_cover_letter: bool
    blind: bool  # blind screening hides who this is
    scorecards: str  # "2 scorecards", or "1 yes · 1 no" once this viewer may see them; "" none
    interview: str  # "Interview Jan 13, 09:00 EST", "Interview: times proposed", or ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    count: int  # every card in this stage that matches the viewer's filter
    sort: str = board_query.DEFAULT_SORT
    cards: list[BoardCard] = field(default_factory=list)  # the first page, in ``sort`` order


@dataclass(frozen=True)
class Board:
    columns: list[Column]
    cursors: dict[str, str]  # stage -> keyset cursor after the last card sent


@dataclass(frozen=True)
class Page:
    stage: str
    count: int
    sort: str
    cards: list[BoardCard]
    cursor: str


@dataclass(frozen=True)
class Placed:
    """A card and where it now stands in its column under the viewer's filter and sort
    (how many matching cards come before it; -1: the filter leaves it out)."""

    card: BoardCard
    index: int


@dataclass(frozen=True)
class Changes:
    """Cards that changed, as the viewer sees them now, and the counts under their filter."""

    cards: list[Placed]
    counts: dict[str, int]  # every stage of the posting, 0 included


def as_seen(viewer: Viewer, cards: Sequence[Card], *, session: Session) -> list[BoardCard]:
    """The one place a card gets what this viewer sees on it (two or three queries for all)."""
    ids = [c.id for c in cards]
    lines = interviews.card_texts(ids, session=session)
    verdicts = scorecards.summaries(ids, viewer.user, session=session)
    return [
        BoardCard(
            id=c.id,
            name=c.name,  # already the alias where identity.masked_clause() holds (pipeline._card_query)
            stage=c.stage,
            version=c.version,
            days_applied=c.days_applied,
            days_in_stage=c.days_in_stage,
            has_cover_letter=c.has_cover_letter,
            blind=c.blind,
            scorecards=verdicts[c.id].text if c.id in verdicts else "",
            interview=lines.get(str(c.id), ""),
        )
        for c in cards
    ]


def counts(viewer: Viewer, *, session: Session, now: datetime | None = None) -> dict[str, int]:
    """Cards per stage under the viewer's filter, every stage of the posting included."""
    found = dict.fromkeys((s.key for s in stages_for(viewer.posting_id, session=session)), 0)
    found.update(board_query.counts(viewer.posting_id, session=session, filter=viewer.filter, now=now))
    return found


def board(viewer: Viewer, *, session: Session, now: datetime | None = None) -> Board:
    """Page load: every stage of the posting with its count and first page (queries: one per
    non-empty column, plus a fixed few; not one per card)."""
    now = now or utcnow()
    stages = [(s.key, s.label) for s in stages_for(viewer.posting_id, session=session)]
    raw, cursors = board_query.board(
        viewer.posting_id, session=session, filter=viewer.filter, sorts=viewer.sorts, stages=stages, now=now
    )
    seen = iter(as_seen(viewer, [c for column in raw for c in column.cards], session=session))
    columns = [
        Column(
            key=c.key,
            label=c.label,
            count=c.count,
            sort=c.sort,
            cards=[next(seen) for _ in c.cards],
        )
        for c in raw
    ]
    return Board(columns=columns, cursors=cursors)


def page(
    viewer: Viewer,
    stage: str,
    *,
    session: Session,
    sort: str,
    after: str = "",
    now: datetime | None = None,
) -> Page:
    """One column's next page after ``after`` (or its first page in ``sort``)."""
    found = board_query.column_page(
        viewer.posting_id, stage, session=session, filter=viewer.filter, sort=sort, after=after, now=now
    )
    return Page(
        stage=stage,
        count=found.count,
        sort=board_query.clean_sort(sort),
        cards=as_seen(viewer, found.cards, session=session),
        cursor=found.cursor,
    )


def changes(
    viewer: Viewer, application_ids: Sequence[int], *, session: Session, now: datetime | None = None
) -> Changes:
    """Cards that changed (a move, a bulk action, its undo, another recruiter's change), as
    the viewer sees them now: each with its place under their filter and sort, and the
    counts under their filter. Ids of another board are left out."""
    now = now or utcnow()
    found = board_query.cards(viewer.posting_id, application_ids, session=session, now=now)
    index = board_query.places(
        [c.id for c in found],
        viewer.posting_id,
        session=session,
        filter=viewer.filter,
        sorts=viewer.sorts,
        now=now,
        stages=[c.stage for c in found],  # read a moment ago in this transaction
    )
    shown = as_seen(viewer, found, session=session)
    return Changes(
        cards=[Placed(card=c, index=index.get(c.id, -1)) for c in shown],
        counts=counts(viewer, session=session, now=now),
    )


def selectable(viewer: Viewer, *, session: Session, limit: int | None = None) -> list[tuple[int, int]]:
    """(id, version) of every card "Select all in the filtered result" takes: the viewer's
    filter, withdrawn left out, so as many as the counts shown (withdrawn aside)."""
    return board_query.selectable(viewer.posting_id, session=session, filter=viewer.filter, limit=limit)


# ----- what the board component receives ----------------------------------------------------


@dataclass(frozen=True)
class FilterForm:
    """The filter form's values, as the URL gave them (``key`` re-renders the form when the
    URL changes)."""

    q: str = ""
    days: str = ""
    cover: str = ""  # "1" or ""
    source: str = ""
    location: str = ""  # "Country" or "Country|State"
    key: str = ""

    @classmethod
    def of(cls, found: board_query.BoardFilter) -> FilterForm:
        return cls(
            q=found.q,
            days=str(found.days) if found.days else "",
            cover="1" if found.cover else "",
            source=found.source,
            location=board_query.location_value(found.country, found.state) if found.country else "",
            key=found.query_string(),
        )


@dataclass(frozen=True)
class CardUpdate:
    """One card's current state, applied by the board component where the card belongs.

    Flat, as the component reads it: the card's fields, ``to`` (its column), ``counts`` and
    ``index`` (its place under the viewer's filter), ``force`` (put it there even if the
    browser holds a newer version: a correction). A field left None keeps what the browser
    shows (a put-back after a failed event only names the column)."""

    id: int | None = None
    to: str = ""
    name: str | None = None
    stage: str | None = None
    version: int | None = None
    days_applied: int | None = None
    days_in_stage: int | None = None
    has_cover_letter: bool | None = None
    blind: bool | None = None
    scorecards: str | None = None
    interview: str | None = None
    index: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    force: bool = False
    seq: float = 0.0

    @classmethod
    def of(
        cls, placed: Placed, counts: Mapping[str, int] | None = None, *, force: bool = False, seq: float = 0.0
    ) -> CardUpdate:
        c = placed.card
        return cls(
            id=c.id,
            to=c.stage,
            name=c.name,
            stage=c.stage,
            version=c.version,
            days_applied=c.days_applied,
            days_in_stage=c.days_in_stage,
            has_cover_letter=c.has_cover_letter,
            blind=c.blind,
            scorecards=c.scorecards,
            interview=c.interview,
            index=placed.index,
            counts=dict(counts or {}),
            force=force,
            seq=seq,
        )

    @classmethod
    def put_back(cls, application_id: int, stage: str, *, seq: float) -> CardUpdate:
        """This browser's own drop did not commit: the card goes back (no database read)."""
        return cls(id=application_id, to=stage, force=True, seq=seq)

    def card(self) -> BoardCard | None:
        """The card this update carries (None for a put-back)."""
        if self.id is None or self.name is None or self.stage is None or self.version is None:
            return None
        return BoardCard(
            id=self.id,
            name=self.name,
            stage=self.stage,
            version=self.version,
            days_applied=self.days_applied or 0,
            days_in_stage=self.days_in_stage or 0,
            has_cover_letter=bool(self.has_cover_letter),
            blind=bool(self.blind),
            scorecards=self.scorecards or "",
            interview=self.interview or "",
        )


NO_CARD_UPDATE = CardUpdate()


@dataclass(frozen=True)
class CardsUpdate:
    """Several cards at once (a bulk action, its undo, another recruiter's bulk change) and
    the counts under the viewer's filter. ``clear``: the selection is done with; ``own``:
    this browser's own action (its Undo offer starts now)."""

    cards: list[CardUpdate] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    clear: bool = False
    own: bool = False
    seq: float = 0.0

    @classmethod
    def of(cls, found: Changes, *, clear: bool = False, own: bool = False, seq: float = 0.0) -> CardsUpdate:
        return cls(
            cards=[CardUpdate.of(p) for p in found.cards],
            counts=dict(found.counts),
            clear=clear,
            own=own,
            seq=seq,
        )


NO_CARDS_UPDATE = CardsUpdate()


@dataclass(frozen=True)
class PageUpdate:
    """One column's next page (appended) or its first page in a new sort (``replace``)."""

    stage: str = ""
    cards: list[BoardCard] = field(default_factory=list)
    count: int = 0
    sort: str = board_query.DEFAULT_SORT
    replace: bool = False
    seq: float = 0.0

    @classmethod
    def of(cls, found: Page, *, replace: bool, seq: float) -> PageUpdate:
        return cls(
            stage=found.stage, cards=found.cards, count=found.count, sort=found.sort, replace=replace, seq=seq
        )


NO_PAGE_UPDATE = PageUpdate()


@dataclass(frozen=True)
class FeedChange:
    """ "These applications changed on this board" (the shared board feed): ids only, never
    what a card shows; each browser fetches the cards as its viewer sees them."""

    id: int = 0  # one card (a move, an interview, a scorecard, a withdrawal)
    ids: list[int] = field(default_factory=list)  # several (a bulk action, its undo)
    seq: float = 0.0  # tells one change from the next; a page load's own is not replayed

    @classmethod
    def one(cls, application_id: int) -> FeedChange:
        return cls(id=application_id, seq=time.time())

    @classmethod
    def many(cls, application_ids: Sequence[int]) -> FeedChange:
        return cls(ids=list(application_ids), seq=time.time())


@dataclass(frozen=True)
class Selected:
    id: int
    version: int  # as read now: the bulk action checks it again


@dataclass(frozen=True)
class Selection:
    """Select these cards ("Select all in the filtered result"), loaded in a column or not."""

    items: list[Selected] = field(default_factory=list)
    seq: float = 0.0


NO_SELECTION = Selection()
