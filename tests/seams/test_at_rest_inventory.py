"""The inventory of personal data (services/privacy/personal_data.py) lists every table and every
personal-looking column, and erasure and export follow it."""

from __future__ import annotations

import careers_app.models  # noqa: F401  (every table registered in the metadata)
from careers_app.services.privacy import data_export, erasure, personal_data
from careers_app.services.privacy.personal_data import Erase, Reach


def test_every_table_of_the_schema_is_in_the_inventory() -> None:
    assert personal_data.unlisted() == []


def test_every_column_named_like_personal_data_is_listed_with_its_table() -> None:
    """email, name, phone, address, ip/client, free text ...: listed as personal, or as plain."""
    assert personal_data.personal_looking_columns_unlisted() == []


def test_every_table_pointing_at_a_person_is_erased_or_kept_on_purpose() -> None:
    """A table with a foreign key to an application or a candidate is either deleted on erasure
    or listed as kept history; and export carries it unless it is not about the person."""
    for parent in ("application", "candidate"):
        for table, _column in data_export.related_tables(parent):
            entry = personal_data.table(table.name)
            assert entry is not None, table.name
            assert entry.reach in (Reach.APPLICATION, Reach.CANDIDATE, Reach.CHILD), table.name
            assert entry.erase in (Erase.DELETE, Erase.KEEP, Erase.BLANK), table.name
            assert personal_data.about_the_person(table.name), table.name


def test_erasure_blanks_exactly_the_inventorys_columns() -> None:
    assert personal_data.blank_columns("application") == erasure._CONTACT
    assert {*erasure._PERSON, "email"} == set(personal_data.blank_columns("candidate"))
    # The application keeps its own copy of the contact details, and its links besides.
    assert set(erasure._PERSON) | {"linkedin", "github", "website"} == set(erasure._CONTACT)


def test_a_person_is_found_in_a_store_by_address_phone_or_both_names() -> None:
    wanted = personal_data.needles("Ada@Example.org", "+442079460958", "Ada", "Lovelace")
    assert personal_data.names_person(b"...ada@example.org...", wanted)
    assert personal_data.names_person(b"x+442079460958x", wanted)
    assert personal_data.names_person(b"first: Ada, last: LOVELACE", wanted)
    assert not personal_data.names_person(b"Ada Smith, +1 415", wanted)
