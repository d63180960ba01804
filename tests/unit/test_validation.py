"""Field validators: the seed's messages, real syntax checks, and no input that raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from careers_app.models import Candidate
from careers_app.services.candidates.validation import (
    step_errors,
    validate_applicant,
    validate_country,
    validate_email_address,
    validate_name,
    validate_phone,
    validate_state,
    validate_zip,
)
from careers_app.services.platform.reference import COUNTRY_NAMES, REQUIRED_MESSAGE, US_STATES


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Zoë ", "Zoë"),
        ("O'Brien", "O'Brien"),
        ("D’Angelo", "D’Angelo"),
        ("Jean-Luc", "Jean-Luc"),
        ("李小龍", "李小龍"),
        ("Мария", "Мария"),
        ("محمد", "محمد"),
        ("Nguyễn  Văn", "Nguyễn Văn"),
        ("अनुष्का", "अनुष्का"),  # combining marks
        ("Ngozi\tOkonjo", "Ngozi Okonjo"),
    ],
)
def test_names_in_any_script_are_accepted_and_trimmed(raw: str, clean: str) -> None:
    assert validate_name(raw) == (clean, "")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", REQUIRED_MESSAGE),
        ("   ", REQUIRED_MESSAGE),
        ("Bob\x00", "Remove the invisible control characters."),
        ("Eve\u202e", "Remove the invisible control characters."),
        ("<script>", "Use letters, spaces, hyphens and apostrophes only."),
        ("R2D2", "Use letters, spaces, hyphens and apostrophes only."),
        ("'-'", "Enter a name with at least one letter."),
        ("a" * 101, "Use at most 100 characters."),
    ],
)
def test_bad_names_get_specific_messages(raw: str, message: str) -> None:
    assert validate_name(raw)[1] == message


def test_email_is_checked_and_normalised_without_network() -> None:
    assert validate_email_address(" Ada.Lovelace@Example.COM ") == ("ada.lovelace@example.com", "")
    assert validate_email_address("")[1] == REQUIRED_MESSAGE
    for bad in ("ada", "ada@", "@example.com", "ada@@example.com", "ada@example", "a b@example.com x"):
        assert validate_email_address(bad)[1].startswith("Enter a valid email address"), bad


def test_phone_uses_the_country_and_is_stored_in_e164() -> None:
    assert validate_phone("(415) 555-0132", "United States") == ("+14155550132", "")
    assert validate_phone("415 555 0132", "") == ("+14155550132", "")  # US until a country is chosen
    assert validate_phone("020 7946 0958", "United Kingdom") == ("+442079460958", "")
    assert validate_phone("+44 20 7946 0958", "United States") == ("+442079460958", "")
    assert validate_phone("030 123456", "Germany") == ("+4930123456", "")
    assert validate_phone("", "Germany")[1] == REQUIRED_MESSAGE
    assert "for Germany" in validate_phone("12", "Germany")[1]
    assert "digits" in validate_phone("call me maybe", "")[1]


def test_zip_is_checked_where_the_format_is_known() -> None:
    assert validate_zip("94103", "United States") == ("94103", "")
    assert validate_zip("941031234", "United States") == ("94103-1234", "")
    assert validate_zip("94103-1234", "United States") == ("94103-1234", "")
    for bad in ("9410", "941031", "ABCDE", "94103-12"):
        assert "ZIP code for United States" in validate_zip(bad, "United States")[1], bad
    assert validate_zip("k1a 0b1", "Canada") == ("K1A 0B1", "")
    assert validate_zip("12-345 XYZ", "Chile") == ("12-345 XYZ", "")  # no known format: accepted
    assert validate_zip("", "United States") == ("", "")  # optional


def test_country_and_state_come_from_the_seed_lists() -> None:
    assert len(COUNTRY_NAMES) == 239 and COUNTRY_NAMES[0] == "Afghanistan"
    assert len(US_STATES) == 57 and US_STATES[-1] == "Virgin Islands, U.S."
    assert validate_country("united states") == ("United States", "")
    assert validate_country("Curaçao") == ("Curaçao", "")
    assert validate_country("Narnia")[1] == "Choose a country from the list."
    assert validate_country("")[1] == REQUIRED_MESSAGE
    assert validate_state("California", "United States") == ("California", "")
    assert validate_state("Bavaria", "United States")[1] == "Choose a state from the list."
    assert validate_state("Bavaria", "Germany") == ("", "")  # only kept for the United States


def test_step_errors_and_whole_applicant() -> None:
    data = {"first_name": "Ada", "last_name": "", "email": "nope", "phone": "4155550132"}
    assert set(step_errors(1, data)) == {"last_name", "email"}
    assert step_errors(2, data) == {"country": REQUIRED_MESSAGE}
    data.update(last_name="Lovelace", email="ada@example.com", country="United States", state="New York")
    applicant, errors = validate_applicant(data)
    assert errors == {} and applicant is not None
    assert applicant.phone_e164 == "+14155550132" and applicant.state == "New York"


text_anything = st.text(max_size=300)


@settings(max_examples=300, deadline=None)
@given(value=text_anything, country=st.sampled_from(["", "United States", "Germany", "Japan", "Narnia"]))
def test_no_validator_raises(value: str, country: str) -> None:
    for result in (
        validate_name(value),
        validate_email_address(value),
        validate_phone(value, country),
        validate_zip(value, country),
        validate_country(value),
        validate_state(value, country),
    ):
        assert isinstance(result[0], str) and isinstance(result[1], str)


names = st.text(
    alphabet=st.characters(categories=["L", "M", "Zs"], include_characters="'’-."), min_size=1, max_size=100
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=names, last=names)
def test_accepted_names_round_trip_unchanged_through_the_database(
    session: Session, first: str, last: str
) -> None:
    clean_first, error_first = validate_name(first)
    clean_last, error_last = validate_name(last)
    if error_first or error_last:
        return
    email = f"rt{abs(hash((first, last)))}@example.com"
    with session.begin_nested() as nested:
        session.add(
            Candidate(
                first_name=clean_first,
                last_name=clean_last,
                email=email,
                phone_e164="+14155550132",
                country="Japan",
            )
        )
        session.flush()
        session.expire_all()
        row = session.exec(select(Candidate).where(Candidate.email == email)).one()
        assert (row.first_name, row.last_name) == (clean_first, clean_last)
        nested.rollback()
