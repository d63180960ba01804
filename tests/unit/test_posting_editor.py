"""Admins writing postings, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from careers_app.services import posting_editor
from careers_app.services.postings import BoardFilters, get_open_posting, search_board
from tests.factories import make_office, make_team

FORM = {
    "title": "Site Reliability Engineer",
    "team": "eng",
    "office": "sf",
    "employment_type": "FULL_TIME",
    "status": "open",
    "process_name": "Engineering hiring process",
    "steps": "Recruiter call\n\nTwo interviews\n",
    "who_we_are": "We keep things running.",
    "what_youll_do": "You will:\n- carry the pager\n- automate toil",
}


@pytest.fixture(autouse=True)
def places(session: Session) -> None:
    make_team(session, "Engineering", "eng")
    make_office(session, "San Francisco, CA", "sf")


def test_create_publishes_with_a_unique_slug_and_shows_on_the_board(session: Session) -> None:
    first = posting_editor.save(posting_editor.PostingInput.from_form(FORM), session=session)
    second = posting_editor.save(posting_editor.PostingInput.from_form(FORM), session=session)
    assert first == "site-reliability-engineer-san-francisco" and second == first + "-2"
    view = get_open_posting(first, session=session, company="A", base_url="http://x")
    assert view is not None and view.steps == ["Recruiter call", "Two interviews"]
    assert view.sections[1].bullets == ["carry the pager", "automate toil"]
    assert view.published
    assert len(search_board(BoardFilters(q="pager"), session=session).postings) == 2


def test_edit_keeps_the_slug_and_drafts_stay_hidden(session: Session) -> None:
    slug = posting_editor.save(posting_editor.PostingInput.from_form(FORM), session=session)
    loaded = posting_editor.load_input(slug, session=session)
    assert loaded is not None and loaded.team == "eng" and loaded.steps == "Recruiter call\nTwo interviews"
    changed = posting_editor.PostingInput.from_form({**FORM, "title": "SRE, Storage", "status": "draft"})
    assert posting_editor.save(changed, session=session, slug=slug) == slug
    assert get_open_posting(slug, session=session, company="A", base_url="http://x") is None


def test_invalid_input_says_what_is_wrong(session: Session) -> None:
    bad = posting_editor.PostingInput.from_form(
        {
            "title": "",
            "team": "nope",
            "office": "",
            "employment_type": "GIG",
            "status": "live",
            "steps": "",
            "what_youll_do": "",
        }
    )
    with pytest.raises(posting_editor.PostingInvalid) as invalid:
        posting_editor.save(bad, session=session)
    assert set(invalid.value.errors) == {
        "title",
        "team",
        "office",
        "employment_type",
        "status",
        "steps",
        "what_youll_do",
    }
    assert posting_editor.PostingInput.from_form("not a dict").title == ""
    assert posting_editor.PostingInput.from_form({"title": "A\x00B\u202e"}).title == "AB"
