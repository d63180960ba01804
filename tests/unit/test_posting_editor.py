"""Admins writing postings, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from careers_app.services.postings import posting_editor
from careers_app.services.postings.postings import BoardFilters, get_open_posting, search_board
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


def test_pay_range_closing_date_and_remote_are_saved_and_shown(session: Session) -> None:
    form = {**FORM, "pay_min": "150,000", "pay_max": "210000.50", "pay_currency": "usd", "pay_unit": "year"}
    form |= {"closes_on": "2099-12-31", "workplace": "remote"}
    slug = posting_editor.save(posting_editor.PostingInput.from_form(form), session=session)
    loaded = posting_editor.load_input(slug, session=session)
    assert loaded is not None
    assert (loaded.pay_min, loaded.pay_max, loaded.pay_currency, loaded.pay_unit) == (
        "150000",
        "210000.50",
        "USD",
        "YEAR",
    )
    assert loaded.closes_on == "2099-12-31" and loaded.workplace == "remote"
    view = get_open_posting(slug, session=session, company="A", base_url="http://x")
    assert view is not None and view.pay == "$150,000 – $210,000.50 a year"
    assert view.closes == "2099-12-31" and view.remote and view.office == "Remote (US)"
    cleared = posting_editor.PostingInput.from_form({**FORM, "pay_min": "", "pay_max": "", "closes_on": ""})
    posting_editor.save(cleared, session=session, slug=slug)
    view = get_open_posting(slug, session=session, company="A", base_url="http://x")
    assert view is not None and view.pay == "" and view.closes == "" and not view.remote


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"pay_min": "100000"}, "pay_max", "Give both ends of the pay range, or neither."),
        ({"pay_min": "1e5", "pay_max": "2"}, "pay_min", "Enter an amount such as 120000 or 25.50."),
        ({"pay_min": "-5", "pay_max": "10"}, "pay_min", "Enter an amount such as 120000 or 25.50."),
        ({"pay_min": "0", "pay_max": "10"}, "pay_min", "Enter an amount such as 120000 or 25.50."),
        (
            {"pay_min": "1", "pay_max": "99999999"},
            "pay_max",
            "Enter an amount such as 120000 or 25.50.",
        ),
        ({"pay_min": "200", "pay_max": "100"}, "pay_max", "The maximum must not be below the minimum."),
        ({"pay_min": "1", "pay_max": "2", "pay_currency": "XXX"}, "pay_currency", "Choose a currency."),
        (
            {"pay_min": "1", "pay_max": "2", "pay_unit": "FORTNIGHT"},
            "pay_unit",
            "Choose per hour, day, week, month or year.",
        ),
        ({"closes_on": "31/12/2099"}, "closes_on", "Enter a date as YYYY-MM-DD."),
        ({"closes_on": "2099-02-30"}, "closes_on", "Enter a date as YYYY-MM-DD."),
        (
            {"closes_on": "2001-01-01"},
            "closes_on",
            "This date has passed: choose a later one, or close the posting.",
        ),
        ({"workplace": "moon"}, "workplace", "Choose at the office or fully remote."),
    ],
)
def test_pay_and_closing_date_are_validated(
    session: Session, changes: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(posting_editor.PostingInvalid) as invalid:
        posting_editor.save(posting_editor.PostingInput.from_form({**FORM, **changes}), session=session)
    assert invalid.value.errors == {field: message}


def test_a_closed_posting_may_keep_a_past_closing_date(session: Session) -> None:
    form = {**FORM, "status": "closed", "closes_on": "2001-01-01"}
    slug = posting_editor.save(posting_editor.PostingInput.from_form(form), session=session)
    assert get_open_posting(slug, session=session, company="A", base_url="http://x") is None
