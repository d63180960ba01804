"""The board's read side on SQLite and PostgreSQL: keyset pages per column, sorts, filters,
where a moved card belongs, filter options, and saved views."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from sqlmodel import Session, col

from careers_app.models import Application, Candidate, Document
from careers_app.services.board import board_query, board_views
from careers_app.services.board.board_query import BoardFilter, parse_filter
from careers_app.services.platform import auth
from careers_app.services.platform.errors import Invalid, NotFound
from tests.factories import make_office, make_posting, make_team

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
_n = count(1)


def _apply(
    session: Session,
    posting_id: int,
    first: str,
    last: str,
    *,
    stage: str = "applied",
    submitted_days_ago: int = 10,
    in_stage_days: int = 5,
    country: str = "United States",
    state: str = "",
    source: str = "careers_site",
    cover: bool = False,
) -> int:
    n = next(_n)
    candidate = Candidate(
        first_name=first,
        last_name=last,
        email=f"p{n}@example.com",
        phone_e164="+14155550100",
        country=country,
    )
    session.add(candidate)
    session.flush()
    application = Application(
        candidate_id=candidate.id or 0,
        posting_id=posting_id,
        first_name=first,
        last_name=last,
        stage=stage,
        source=source,
        country=country,
        state=state,
        submitted_at=NOW - timedelta(days=submitted_days_ago, minutes=n),
        stage_changed_at=NOW - timedelta(days=in_stage_days, minutes=n),
    )
    session.add(application)
    session.flush()
    assert application.id is not None
    if cover:
        session.add(
            Document(
                application_id=application.id,
                kind="cover_letter",
                original_name="letter.pdf",
                size_bytes=10,
                sha256="0" * 64,
                page_count=1,
                storage_key=f"k{n}",
            )
        )
        session.flush()
    return application.id


@pytest.fixture
def posting_id(session: Session) -> int:
    posting = make_posting(session, make_team(session), make_office(session))
    assert posting.id is not None
    return posting.id


def _all_pages(
    session: Session, posting_id: int, stage: str, *, sort: str, f: BoardFilter, size: int
) -> list[int]:
    seen: list[int] = []
    after = ""
    for _ in range(100):
        page = board_query.column_page(
            posting_id, stage, session=session, filter=f, sort=sort, after=after, limit=size, now=NOW
        )
        if not page.cards:
            break
        seen += [c.id for c in page.cards]
        after = page.cursor
    return seen


@pytest.mark.parametrize("sort", ["waiting", "newest", "name"])
def test_every_card_is_reached_once_page_by_page_in_sort_order(
    session: Session, posting_id: int, sort: str
) -> None:
    ids = {}
    for i in range(23):
        # days in stage repeat, so the id breaks ties across page boundaries
        app_id = _apply(
            session,
            posting_id,
            f"name{i % 7:02d}",
            f"x{i:02d}",
            submitted_days_ago=i % 5,
            in_stage_days=i % 3,
        )
        ids[app_id] = i
    _apply(session, posting_id, "other", "stage", stage="onsite")
    got = _all_pages(session, posting_id, "applied", sort=sort, f=board_query.NO_FILTER, size=5)
    assert sorted(got) == sorted(ids) and len(got) == len(set(got)) == 23
    rows = {a.id: a for a in session.query(Application).filter(col(Application.posting_id) == posting_id)}
    if sort == "waiting":
        expected = sorted(ids, key=lambda i: (rows[i].stage_changed_at, i))
    elif sort == "newest":
        expected = sorted(ids, key=lambda i: (rows[i].submitted_at, i), reverse=True)
    else:
        expected = sorted(ids, key=lambda i: (f"{rows[i].first_name} {rows[i].last_name}", i))
    assert got == expected


def test_board_counts_are_exact_and_first_pages_follow_each_columns_sort(
    session: Session, posting_id: int
) -> None:
    for i in range(12):
        _apply(session, posting_id, f"a{i:02d}", "z", in_stage_days=i)
    for i in range(3):
        _apply(session, posting_id, f"b{i}", "z", stage="offer", submitted_days_ago=i)
    columns, cursors = board_query.board(
        posting_id, session=session, sorts={"offer": "newest", "applied": "bogus"}, limit=5, now=NOW
    )
    by_key = {c.key: c for c in columns}
    assert by_key["applied"].count == 12 and len(by_key["applied"].cards) == 5
    assert by_key["applied"].sort == "waiting"  # an unknown sort falls back
    assert [c.days_in_stage for c in by_key["applied"].cards] == [11, 10, 9, 8, 7]
    assert [c.name for c in by_key["offer"].cards] == ["b0 z", "b1 z", "b2 z"]
    assert by_key["hired"].count == 0 and "hired" not in cursors
    rest = board_query.column_page(
        posting_id, "applied", session=session, after=cursors["applied"], limit=50, now=NOW
    )
    assert rest.count == 12 and [c.days_in_stage for c in rest.cards] == [6, 5, 4, 3, 2, 1, 0]


def test_cards_moving_meanwhile_neither_skip_nor_repeat_anyone(session: Session, posting_id: int) -> None:
    ids = [_apply(session, posting_id, f"m{i:02d}", "z", in_stage_days=30 - i) for i in range(10)]
    first = board_query.column_page(posting_id, "applied", session=session, limit=4, now=NOW)
    assert [c.id for c in first.cards] == ids[:4]
    # someone moves a loaded card and a not-yet-loaded card out of the column
    for app_id in (ids[1], ids[6]):
        row = session.get(Application, app_id)
        assert row is not None
        row.stage, row.stage_changed_at = "onsite", NOW
        session.add(row)
    session.flush()
    second = board_query.column_page(
        posting_id, "applied", session=session, after=first.cursor, limit=4, now=NOW
    )
    assert [c.id for c in second.cards] == [ids[4], ids[5], ids[7], ids[8]]
    assert second.count == 8


def test_filters_days_cover_source_location_and_text(session: Session, posting_id: int) -> None:
    old_cover = _apply(
        session, posting_id, "Ada", "Lovelace", in_stage_days=20, cover=True, source="referral"
    )
    _apply(session, posting_id, "Alan", "Turing", in_stage_days=2, country="United Kingdom")
    ca = _apply(session, posting_id, "Grace", "Hopper", in_stage_days=9, state="California", cover=True)
    _apply(session, posting_id, "Linus", "T", in_stage_days=9, state="Oregon", stage="onsite")

    def total(**kw: object) -> int:
        f, errors = parse_filter({k: str(v) for k, v in kw.items()})
        assert errors == {}
        return sum(board_query.counts(posting_id, session=session, filter=f, now=NOW).values())

    assert total() == 4
    assert total(days=7) == 3 and total(days=10) == 1 and total(days=0) == 4
    assert total(cover=1) == 2
    assert total(source="referral") == 1
    assert total(country="United States") == 3 and total(country="United Kingdom") == 1
    assert total(country="United States", state="California") == 1
    assert total(q="hopper") == 1 and total(q="GRACE hopper") == 1
    assert total(days=7, cover=1, country="United States") == 2
    f, _ = parse_filter({"cover": "1", "state": "California", "country": "United States"})
    page = board_query.column_page(posting_id, "applied", session=session, filter=f, now=NOW)
    assert [c.id for c in page.cards] == [ca] and page.count == 1
    assert old_cover != ca


def test_hostile_or_mistyped_filter_values_are_refused_with_a_message() -> None:
    f, errors = parse_filter(
        {
            "days": "-3",
            "cover": "maybe",
            "source": ["a", "b"],
            "country": "x" * 101,
            "state": "Texas",
            "q": "  many   spaces  ",
        }
    )
    assert f == BoardFilter(q="many spaces")
    assert set(errors) == {"days", "cover", "source", "country", "state"}
    assert "whole number" in errors["days"]
    for bad in ("1e3", "99999", "3.5", "", " 7 "):
        got, errs = parse_filter({"days": bad})
        assert (got.days, bool(errs)) == ((7, False) if bad == " 7 " else (0, bad != ""))
    assert parse_filter("not a mapping")[0] == board_query.NO_FILTER  # type: ignore[arg-type]
    assert parse_filter({"country": "bad\x00value"})[1] == {"country": "Country was not understood."}
    full = BoardFilter(
        q="go lang", days=7, cover=True, source="referral", country="United States", state="Ohio"
    )
    assert full.query_string() == "q=go+lang&days=7&cover=1&source=referral&country=United+States&state=Ohio"
    assert parse_filter(dict(full.params()))[0] == full


def test_a_moved_card_is_placed_by_sort_and_filter(session: Session, posting_id: int) -> None:
    ids = [
        _apply(session, posting_id, f"p{i:02d}", "z", in_stage_days=20 - i, submitted_days_ago=30 - i)
        for i in range(6)
    ]
    assert board_query.place(ids[0], posting_id, session=session, now=NOW) == 0
    assert board_query.place(ids[4], posting_id, session=session, now=NOW) == 4
    assert board_query.place(ids[4], posting_id, session=session, sorts={"applied": "name"}, now=NOW) == 4
    assert board_query.place(ids[4], posting_id, session=session, sorts={"applied": "newest"}, now=NOW) == 1
    recent, _ = parse_filter({"days": "17"})
    assert board_query.place(ids[4], posting_id, session=session, filter=recent, now=NOW) == -1
    assert board_query.place(ids[2], posting_id, session=session, filter=recent, now=NOW) == 2
    assert board_query.place(ids[2], posting_id + 1, session=session, now=NOW) == -1  # another board


def test_filter_options_list_sources_and_places_with_counts(session: Session, posting_id: int) -> None:
    _apply(session, posting_id, "a", "a", source="referral", state="California")
    _apply(session, posting_id, "b", "b", state="California")
    _apply(session, posting_id, "c", "c", country="Ireland")
    sources = board_query.source_options(posting_id, session=session)
    assert [(o.value, o.label) for o in sources] == [
        ("careers_site", "Careers site (2)"),
        ("referral", "Referral (1)"),
    ]
    places = board_query.location_options(posting_id, session=session)
    assert [(o.value, o.label) for o in places] == [
        ("Ireland", "Ireland (1)"),
        ("United States", "United States (2)"),
        ("United States|California", "California, United States (2)"),
    ]
    assert board_query.split_location("United States|California") == ("United States", "California")


def test_saved_views_are_per_recruiter_named_replaced_and_deleted(session: Session, posting_id: int) -> None:
    riley = auth.create_user("riley@example.com", "Riley", "riley password 1", "recruiter", session=session)
    sam = auth.create_user("sam@example.com", "Sam", "sam password 123", "recruiter", session=session)
    assert riley.id is not None and sam.id is not None
    f, _ = parse_filter({"days": "7", "cover": "1"})
    view = board_views.save_view(riley.id, posting_id, "  Waiting   a week ", f, session=session)
    assert view.name == "Waiting a week" and view.query == "days=7&cover=1"
    again = board_views.save_view(
        riley.id, posting_id, "Waiting a week", BoardFilter(days=14), session=session
    )
    assert again.id == view.id and again.query == "days=14"
    views = board_views.list_views(riley.id, posting_id, "my-posting", session=session)
    assert [(v.name, v.url) for v in views] == [("Waiting a week", "/recruiting/my-posting?days=14")]
    assert board_views.list_views(sam.id, posting_id, "my-posting", session=session) == []
    with pytest.raises(NotFound):
        board_views.delete_view(sam.id, view.id or 0, session=session)  # not Sam's
    for bad in ("", "   ", None, 7, "x" * 81):
        with pytest.raises(Invalid):
            board_views.save_view(riley.id, posting_id, bad, f, session=session)
    assert board_views.delete_view(riley.id, view.id or 0, session=session) == "Waiting a week"
    assert board_views.list_views(riley.id, posting_id, "my-posting", session=session) == []
    assert board_views.view_filter("days=7&cover=1&days=x") == BoardFilter(cover=True)  # last value wins
