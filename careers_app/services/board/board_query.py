"""The board's read side: filters, sort per column, and keyset paging of each column.

Every column is read one page at a time, in its own sort order; the next page starts
after the last card already sent (keyset, never OFFSET), so cards that move in or out
of a column meanwhile neither skip nor repeat anyone. Counts are exact for the filter.

The filter comes from the URL (``?q=...&days=7&cover=1&source=...&country=...&state=...``)
and is cleaned here: a browser may send anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from careers_app.models import Application, Document
from careers_app.models.types import utcnow
from careers_app.services.board.pipeline import WITHDRAWN, Card, _card_query, _search_clause, _to_card
from careers_app.services.platform.reference import STAGES
from careers_app.services.visibility import blind_screening

PAGE_SIZE = 50
MAX_PAGE = 200
MAX_DAYS = 3650
SORTS: tuple[tuple[str, str], ...] = (
    ("waiting", "Longest waiting"),
    ("newest", "Newest"),
    ("name", "Name"),
)
SORT_KEYS = frozenset(k for k, _ in SORTS)
DEFAULT_SORT = "waiting"
FILTER_PARAMS = ("q", "days", "cover", "source", "country", "state")  # the URL query's names
_FIELD_MAX = 100


@dataclass(frozen=True)
class BoardFilter:
    """What narrows the board. Empty values mean "any"."""

    q: str = ""
    days: int = 0  # at least this many days in the current stage
    cover: bool = False  # only applications with a cover letter
    source: str = ""
    country: str = ""
    state: str = ""  # only with a country

    def params(self) -> dict[str, str]:
        """The URL query for this filter, in a fixed order (shareable, bookmarkable)."""
        values = (
            ("q", self.q),
            ("days", str(self.days) if self.days else ""),
            ("cover", "1" if self.cover else ""),
            ("source", self.source),
            ("country", self.country),
            ("state", self.state if self.country else ""),
        )
        return {k: v for k, v in values if v}

    def query_string(self) -> str:
        return urlencode(self.params())

    @property
    def active(self) -> bool:
        return bool(self.params())


NO_FILTER = BoardFilter()


def _text(value: object, name: str, errors: dict[str, str], label: str) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        errors[name] = f"{label} was not understood."
        return ""
    text = " ".join(value.split())
    if any(ord(ch) < 32 for ch in text):
        errors[name] = f"{label} was not understood."
        return ""
    if len(text) > _FIELD_MAX:
        errors[name] = f"{label} can be at most {_FIELD_MAX} characters."
        return ""
    return text


def parse_filter(params: Mapping[str, object]) -> tuple[BoardFilter, dict[str, str]]:
    """A clean filter from URL parameters or a form, and a message per field it refused.

    A refused field is left out of the filter (the rest still applies), so a mistyped
    link shows a board and says what it ignored.
    """
    errors: dict[str, str] = {}
    if not isinstance(params, Mapping):
        return NO_FILTER, {"q": "The filter was not understood."}
    raw_q = params.get("q", "")
    q = ""
    if isinstance(raw_q, str):
        q = " ".join(raw_q.split())[:200]
    elif raw_q not in (None, ""):
        errors["q"] = "Search text was not understood."
    days = 0
    raw_days = params.get("days", "")
    if isinstance(raw_days, int) and not isinstance(raw_days, bool):
        raw_days = str(raw_days)
    if raw_days not in (None, ""):
        text = raw_days.strip() if isinstance(raw_days, str) else ""
        if text.isdigit() and len(text) <= 5 and int(text) <= MAX_DAYS:
            days = int(text)
        else:
            errors["days"] = f"Days in stage must be a whole number from 0 to {MAX_DAYS}."
    raw_cover = params.get("cover", "")
    cover = False
    if raw_cover in (True, "1", "on", "true", "yes"):
        cover = True
    elif raw_cover not in (None, "", False, "0", "false", "off"):
        errors["cover"] = "Cover letter filter was not understood."
    source = _text(params.get("source", ""), "source", errors, "Source")
    country = _text(params.get("country", ""), "country", errors, "Country")
    state = _text(params.get("state", ""), "state", errors, "State")
    if state and not country:
        errors["state"] = "Choose a country with the state."
        state = ""
    return BoardFilter(q=q, days=days, cover=cover, source=source, country=country, state=state), errors


def _filter_clauses(f: BoardFilter, now: datetime) -> list[sa.ColumnElement[bool]]:
    clauses: list[sa.ColumnElement[bool]] = []
    search = _search_clause(f.q)
    if search is not None:
        clauses.append(search)
    if f.days:
        clauses.append(col(Application.stage_changed_at) <= now - timedelta(days=f.days))
    if f.cover:
        clauses.append(
            select(Document.id)
            .where(col(Document.application_id) == col(Application.id), Document.kind == "cover_letter")
            .exists()
        )
    if f.source or f.country:
        # A masked card never matches by where it came from or its address (nor is counted):
        # on a blind board, "?country=Japan" would single out the one masked applicant in
        # Japan, and a source made for one referral ("ref-from-dana-whitfield") its one
        # masked applicant (issue 18's attack run).
        clauses.append(sa.not_(blind_screening.hidden_clause()))
    if f.source:
        clauses.append(col(Application.source) == f.source)
    if f.country:
        clauses.append(col(Application.country) == f.country)
        if f.state:
            clauses.append(col(Application.state) == f.state)
    return clauses


# ----- sort orders and keyset cursors ---------------------------------------------------------


def _name_key() -> sa.ColumnElement[str]:
    """Sort by name; people hidden by blind screening sort first, by id only, so their
    place in the column says nothing about their name."""
    name = func.lower(col(Application.first_name) + " " + col(Application.last_name))
    return sa.case((blind_screening.hidden_clause(), sa.literal("")), else_=name)


def _sort_column(sort: str) -> Any:
    if sort == "newest":
        return col(Application.submitted_at)
    if sort == "name":
        return _name_key()
    return col(Application.stage_changed_at)


def _descending(sort: str) -> bool:
    return sort == "newest"


def _order_by(sort: str) -> list[sa.ColumnElement]:
    key, ident = _sort_column(sort), col(Application.id)
    return [key.desc(), ident.desc()] if _descending(sort) else [key.asc(), ident.asc()]


def _comes_after(sort: str, value: object, ident: int) -> sa.ColumnElement[bool]:
    key, id_col = _sort_column(sort), col(Application.id)
    if _descending(sort):
        return sa.or_(key < value, sa.and_(key == value, id_col < ident))
    return sa.or_(key > value, sa.and_(key == value, id_col > ident))


def _comes_before(sort: str, value: object, ident: int) -> sa.ColumnElement[bool]:
    key, id_col = _sort_column(sort), col(Application.id)
    if _descending(sort):
        return sa.or_(key > value, sa.and_(key == value, id_col > ident))
    return sa.or_(key < value, sa.and_(key == value, id_col < ident))


def _sort_value(application_id: int, sort: str, *, session: Session) -> object | None:
    return session.execute(
        sa.select(_sort_column(sort)).where(col(Application.id) == application_id)
    ).scalar_one_or_none()


def _encode_cursor(sort: str, value: object, ident: int) -> str:
    if isinstance(value, datetime):
        return json.dumps([sort, "t", value.isoformat(), ident])
    return json.dumps([sort, "s", str(value), ident])


def _decode_cursor(cursor: str, sort: str) -> tuple[object, int] | None:
    try:
        got_sort, kind, raw, ident = json.loads(cursor)
    except (ValueError, TypeError):
        return None
    if got_sort != sort or not isinstance(ident, int) or not isinstance(raw, str):
        return None
    if kind == "t":
        try:
            return datetime.fromisoformat(raw), ident
        except ValueError:
            return None
    return raw, ident


# ----- reading the board -----------------------------------------------------------------------


@dataclass(frozen=True)
class BoardColumn:
    key: str
    label: str
    count: int  # every card in this stage that matches the filter
    sort: str = DEFAULT_SORT
    cards: list[Card] = field(default_factory=list)


@dataclass(frozen=True)
class ColumnPage:
    stage: str
    count: int
    cards: list[Card]
    cursor: str  # after the last card sent; "" when nothing was sent


def clean_sort(sort: object) -> str:
    return sort if isinstance(sort, str) and sort in SORT_KEYS else DEFAULT_SORT


def counts(
    posting_id: int, *, session: Session, filter: BoardFilter = NO_FILTER, now: datetime | None = None
) -> dict[str, int]:
    """Cards per stage matching the filter (one grouped query)."""
    stmt = (
        select(Application.stage, func.count())
        .where(Application.posting_id == posting_id, *_filter_clauses(filter, now or utcnow()))
        .group_by(Application.stage)
    )
    return {stage: n for stage, n in session.exec(stmt).all()}


def column_page(
    posting_id: int,
    stage: str,
    *,
    session: Session,
    filter: BoardFilter = NO_FILTER,
    sort: str = DEFAULT_SORT,
    after: str = "",
    limit: int = PAGE_SIZE,
    now: datetime | None = None,
    count: int | None = None,
) -> ColumnPage:
    """One page of one column in ``sort`` order, after the cursor ``after`` ("" = first page)."""
    now = now or utcnow()
    sort = clean_sort(sort)
    limit = max(1, min(int(limit), MAX_PAGE))
    where = [
        col(Application.posting_id) == posting_id,
        col(Application.stage) == stage,
        *_filter_clauses(filter, now),
    ]
    if count is None:
        count = int(
            session.execute(sa.select(func.count()).select_from(Application).where(*where)).scalar_one()
        )
    page_where = list(where)
    if after:
        decoded = _decode_cursor(after, sort)
        if decoded is not None:
            page_where.append(_comes_after(sort, *decoded))
    rows = session.execute(_card_query().where(*page_where).order_by(*_order_by(sort)).limit(limit)).all()
    cards = [_to_card(row, now) for row in rows]
    cursor = after
    if cards:
        last = cards[-1].id
        value = _sort_value(last, sort, session=session)
        cursor = _encode_cursor(sort, value, last)
    return ColumnPage(stage=stage, count=count, cards=cards, cursor=cursor)


def board(
    posting_id: int,
    *,
    session: Session,
    filter: BoardFilter = NO_FILTER,
    sorts: Mapping[str, str] | None = None,
    stages: Sequence[tuple[str, str]] = STAGES,
    limit: int = PAGE_SIZE,
    now: datetime | None = None,
) -> tuple[list[BoardColumn], dict[str, str]]:
    """Every stage with its exact count and its first page; and each column's cursor."""
    now = now or utcnow()
    sorts = sorts or {}
    per_stage = counts(posting_id, session=session, filter=filter, now=now)
    columns: list[BoardColumn] = []
    cursors: dict[str, str] = {}
    for key, label in stages:
        sort = clean_sort(sorts.get(key))
        n = per_stage.get(key, 0)
        cards: list[Card] = []
        if n:
            page = column_page(
                posting_id, key, session=session, filter=filter, sort=sort, limit=limit, now=now, count=n
            )
            cards, cursors[key] = page.cards, page.cursor
        columns.append(BoardColumn(key=key, label=label, count=n, sort=sort, cards=cards))
    return columns, cursors


def place(
    application_id: int,
    posting_id: int,
    *,
    session: Session,
    filter: BoardFilter = NO_FILTER,
    sorts: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> int:
    """Where a card stands in its column for the filter and that column's sort: how many
    matching cards come before it; -1 when the filter leaves it out (or it is gone).

    The board uses this for a card another recruiter moved: the browser shows it at that
    index when it falls inside the part of the column already loaded, and otherwise only
    updates the count (the card arrives with the page that reaches it)."""
    now = now or utcnow()
    clauses = _filter_clauses(filter, now)
    row = session.execute(
        sa.select(col(Application.stage)).where(
            col(Application.id) == application_id, col(Application.posting_id) == posting_id, *clauses
        )
    ).first()
    if row is None:
        return -1
    stage = row[0]
    sort = clean_sort((sorts or {}).get(stage))
    value = _sort_value(application_id, sort, session=session)
    before = session.execute(
        sa.select(func.count())
        .select_from(Application)
        .where(
            col(Application.posting_id) == posting_id,
            col(Application.stage) == stage,
            *clauses,
            _comes_before(sort, value, application_id),
        )
    ).scalar_one()
    return int(before)


def places(
    application_ids: Sequence[int],
    posting_id: int,
    *,
    session: Session,
    filter: BoardFilter = NO_FILTER,
    sorts: Mapping[str, str] | None = None,
    now: datetime | None = None,
    stages: Iterable[str] | None = None,
) -> dict[int, int]:
    """``place`` for many cards at once: one query per stage they stand in (a window over the
    column in its sort), never one per card. Cards the filter leaves out get -1.
    ``stages``: the stages they stand in, when the caller has just read them (their cards);
    otherwise one more query finds them."""
    now = now or utcnow()
    wanted = sorted(set(application_ids))
    if not wanted:
        return {}
    clauses = _filter_clauses(filter, now)
    if stages is None:
        stages = [
            stage
            for (stage,) in session.execute(
                sa.select(col(Application.stage))
                .where(col(Application.id).in_(wanted), col(Application.posting_id) == posting_id, *clauses)
                .distinct()
            ).all()
        ]
    found = dict.fromkeys(wanted, -1)
    for stage in sorted(set(stages)):
        sort = clean_sort((sorts or {}).get(stage))
        ranked = (
            sa.select(
                col(Application.id).label("id"),
                (sa.func.row_number().over(order_by=_order_by(sort)) - 1).label("place"),
            )
            .where(col(Application.posting_id) == posting_id, col(Application.stage) == stage, *clauses)
            .subquery()
        )
        rows = session.execute(sa.select(ranked.c.id, ranked.c.place).where(ranked.c.id.in_(wanted))).all()
        found.update({int(i): int(n) for i, n in rows})
    return found


def cards(
    posting_id: int, application_ids: Sequence[int], *, session: Session, now: datetime | None = None
) -> list[Card]:
    """The current cards of these applications on this board, in the order asked (one query;
    applications of another board, or gone, are left out)."""
    wanted = list(dict.fromkeys(application_ids))
    if not wanted:
        return []
    now = now or utcnow()
    rows = session.execute(
        _card_query().where(col(Application.id).in_(wanted), col(Application.posting_id) == posting_id)
    ).all()
    by_id = {card.id: card for card in (_to_card(row, now) for row in rows)}
    return [by_id[i] for i in wanted if i in by_id]


def selectable(
    posting_id: int,
    *,
    session: Session,
    filter: BoardFilter = NO_FILTER,
    now: datetime | None = None,
    limit: int | None = None,
) -> list[tuple[int, int]]:
    """(id, version) of every card on the board matching the filter that may be moved (all but
    withdrawn), by id: what "Select all in the filtered result" selects (the board's counts
    for the filter, withdrawn left out, are how many)."""
    stmt = (
        sa.select(col(Application.id), col(Application.version))
        .where(
            col(Application.posting_id) == posting_id,
            col(Application.stage) != WITHDRAWN,
            *_filter_clauses(filter, now or utcnow()),
        )
        .order_by(col(Application.id))
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    return [(int(i), int(v)) for i, v in rows]


# ----- options for the filter form -------------------------------------------------------------


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str


def source_label(source: str) -> str:
    return source.replace("_", " ").capitalize() if source else "Unknown"


def source_options(posting_id: int, *, session: Session) -> list[FilterOption]:
    """Each source applicants came by, with counts (masked applications left out, as the
    source filter leaves them out)."""
    rows = session.exec(
        select(Application.source, func.count())
        .where(Application.posting_id == posting_id, sa.not_(blind_screening.hidden_clause()))
        .group_by(col(Application.source))
        .order_by(col(Application.source))
    ).all()
    return [FilterOption(value=s, label=f"{source_label(s)} ({n})") for s, n in rows if s]


LOCATION_SEPARATOR = "|"


def location_value(country: str, state: str = "") -> str:
    return f"{country}{LOCATION_SEPARATOR}{state}" if state else country


def split_location(value: object) -> tuple[str, str]:
    if not isinstance(value, str):
        return "", ""
    country, _, state = value.partition(LOCATION_SEPARATOR)
    return country, state


def location_options(posting_id: int, *, session: Session) -> list[FilterOption]:
    """Each country applicants gave, and each state within it, with counts (masked applications
    left out, as the location filter leaves them out)."""
    rows = session.exec(
        select(Application.country, Application.state, func.count())
        .where(
            Application.posting_id == posting_id,
            col(Application.country) != "",
            sa.not_(blind_screening.hidden_clause()),
        )
        .group_by(col(Application.country), col(Application.state))
    ).all()
    per_country: dict[str, int] = {}
    states: dict[str, list[tuple[str, int]]] = {}
    for country, state, n in rows:
        per_country[country] = per_country.get(country, 0) + n
        if state:
            states.setdefault(country, []).append((state, n))
    options: list[FilterOption] = []
    for country in sorted(per_country):
        options.append(FilterOption(value=country, label=f"{country} ({per_country[country]})"))
        for state, n in sorted(states.get(country, [])):
            options.append(
                FilterOption(value=location_value(country, state), label=f"{state}, {country} ({n})")
            )
    return options
