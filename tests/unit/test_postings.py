"""The board's search and the posting page's data, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import Session

from careers_app.services.postings.postings import BoardFilters, get_open_posting, search_board
from tests.factories import make_office, make_posting, make_team


def _titles(session: Session, **filters: str) -> list[str]:
    return [p.title for p in search_board(BoardFilters.clean(**filters), session=session).postings]


def test_board_lists_only_open_postings_newest_first(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    make_posting(session, team, office, title="Old", published_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_posting(session, team, office, title="New", published_at=datetime(2026, 6, 1, tzinfo=UTC))
    make_posting(session, team, office, title="Draft", status="draft")
    make_posting(session, team, office, title="Closed", status="closed")
    result = search_board(BoardFilters(), session=session)
    assert [p.title for p in result.postings] == ["New", "Old"]
    assert result.total_open == 2


def test_filters_by_team_and_office_with_counts(session: Session) -> None:
    eng, design = make_team(session, "Engineering", "eng"), make_team(session, "Design", "design")
    sf, ldn = make_office(session, "San Francisco, CA", "sf"), make_office(session, "London", "london")
    make_posting(session, eng, sf, title="Backend")
    make_posting(session, eng, ldn, title="Frontend")
    make_posting(session, design, ldn, title="Designer")
    assert sorted(_titles(session, team="eng")) == ["Backend", "Frontend"]
    assert _titles(session, team="eng", office="london") == ["Frontend"]
    result = search_board(BoardFilters(), session=session)
    assert {(o.value, o.count) for o in result.teams} == {("eng", 2), ("design", 1)}
    assert {(o.value, o.count) for o in result.offices} == {("sf", 1), ("london", 2)}


def test_keyword_matches_title_and_text_case_insensitively_all_words(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    make_posting(session, team, office, title="Data Engineer", requirements="- Experience with Spark")
    make_posting(session, team, office, title="Spark Developer")
    make_posting(session, team, office, title="Designer", who_you_are="You love typography.")
    assert sorted(_titles(session, q="SPARK")) == ["Data Engineer", "Spark Developer"]
    assert _titles(session, q="spark data") == ["Data Engineer"]
    assert _titles(session, q="typography") == ["Designer"]


def test_keyword_wildcards_are_literal(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    make_posting(session, team, office, title="100% remote")
    make_posting(session, team, office, title="Plain")
    assert _titles(session, q="%") == ["100% remote"]
    assert _titles(session, q="_") == []


def test_unknown_team_gives_empty_result_not_error(session: Session) -> None:
    team, office = make_team(session, slug="eng"), make_office(session)
    make_posting(session, team, office)
    result = search_board(BoardFilters.clean(team="no-such-team"), session=session)
    assert result.postings == [] and result.unknown_team


def test_filters_clean_hostile_input() -> None:
    filters = BoardFilters.clean(team="<script>alert(1)</script>", office="x" * 5000, q="a" * 5000)
    assert filters.team == "" and filters.office == ""
    assert len(filters.q) == 100
    assert BoardFilters.clean(q="  spark\x00\x07  scala \n").q == "spark scala"
    assert BoardFilters.clean(team="Engineering").team == "engineering"


def test_posting_view_has_sections_steps_and_json_ld(session: Session) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    make_posting(
        session,
        team,
        office,
        slug="ml-engineer",
        title="ML Engineer </script><!--",
        requirements="- Spark\n- Scala",
        hiring_steps=["Call", "Phone interviews", "Onsite"],
    )
    view = get_open_posting("ml-engineer", session=session, company="Acme", base_url="https://jobs.example")
    assert view is not None
    assert [s.heading for s in view.sections] == ["Who we are", "Requirements"]
    assert view.sections[1].bullets == ["Spark", "Scala"]
    assert view.steps == ["Call", "Phone interviews", "Onsite"]
    assert "</script" not in view.json_ld and "<!--" not in view.json_ld
    data = json.loads(view.json_ld)
    assert data["@type"] == "JobPosting"
    assert data["title"] == "ML Engineer </script><!--"
    assert data["datePosted"] == "2026-11-01"
    assert data["hiringOrganization"]["name"] == "Acme"
    assert data["jobLocation"]["address"]["addressCountry"] == "US"
    assert data["employmentType"] == "FULL_TIME"
    assert "<li>Spark</li>" in data["description"]


def test_closed_draft_and_unknown_postings_are_not_found(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    make_posting(session, team, office, slug="closed-one", status="closed")
    make_posting(session, team, office, slug="draft-one", status="draft")
    for slug in ("closed-one", "draft-one", "nope", "", "x" * 5000):
        assert get_open_posting(slug, session=session, company="A", base_url="http://x") is None
