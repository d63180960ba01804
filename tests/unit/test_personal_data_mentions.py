"""How erasure finds a person in what the hiring team typed (``personal_data.mentions`` and
``scrub``): accents and case aside, a phone in any spacing, both names together (one name
alone only in a saved board view), and every typed column of every row."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from careers_app.models import EmailTemplate, Note
from careers_app.services.platform import audit
from careers_app.services.privacy import erasure, personal_data
from careers_app.services.privacy.personal_data import Person, mentions, scrub
from tests.people import make_person

ADMIN = audit.Actor(audit.USER, None, "admin@example.com", "203.0.113.9")
ASA = Person.of("asa.oberg@example.com", [("+4685550152", "Åsa", "Öberg")], [1])
LINNEA = Person.of("linna.berg.52@example.com", [("+4685550152", "Linnéa", "Öberg")], [1])


@pytest.mark.parametrize(
    ("typed", "scrubbed"),
    [
        ("Åsa Öberg - call back", "[erased] - call back"),
        ("Asa Oberg - call back", "[erased] - call back"),  # typed without the accents
        ("ASA OBERG", "[erased]"),
        ("Öberg, Åsa: strong", "[erased]: strong"),  # last name first
        ("mail ASA.Oberg@Example.com today", "mail [erased] today"),
        ("call +4685550152", "call [erased]"),  # the stored E.164 itself
        ("call +46 8 555 01 52 at 10:00", "call [erased] at 10:00"),
        ("call 08-555 01 52", "call [erased]"),  # national, with the trunk prefix
        ("call 8555.0152", "call [erased]"),
        ("call +46 (0)8 555 01 52", "call [erased]"),
    ],
)
def test_each_way_of_typing_the_person_is_found_and_replaced(typed: str, scrubbed: str) -> None:
    assert mentions(typed, ASA)
    assert scrub(typed, ASA) == scrubbed


@pytest.mark.parametrize(
    "typed",
    [
        "Nils Öberg was great",  # another person with the same surname
        "Åsa from accounting",  # one name alone
        "order 1234685550152",  # their digits inside a longer number
        "ticket 855501529",
        "call +46 8 555 01 53",  # another number
        "",
    ],
)
def test_someone_else_or_one_name_alone_is_not_them_in_notes(typed: str) -> None:
    assert not mentions(typed, ASA)
    assert scrub(typed, ASA) == typed


def test_a_namesake_stays_beside_the_person() -> None:
    typed = "Referred by Linnéa Öberg (linna.berg.52@example.com, +46 8 555 01 52); Nils Öberg too"
    assert scrub(typed, LINNEA) == "Referred by [erased] ([erased], [erased]); Nils Öberg too"


def test_in_a_saved_view_one_of_their_names_is_enough() -> None:
    assert mentions("q=Oberg", ASA, single_words=True)
    assert mentions("asa - later", ASA, single_words=True)
    assert not mentions("q=Ed", Person.of("e@x.org", [("", "Ed", "Oberg")], []), single_words=True)
    assert not mentions("q=Nilsson", ASA, single_words=True)


def test_the_inventory_lists_the_typed_columns_and_each_exists() -> None:
    typed = dict(personal_data.typed_columns())
    assert typed["note"] == ("body",)
    assert typed["interview"] == ("location",) and typed["interview_slot"] == ("location",)
    assert typed["scorecard"] == ("notes",)
    for name, columns in typed.items():
        entry = personal_data.table(name)
        assert entry is not None and set(columns) <= set(entry.columns), name


def test_erasure_replaces_the_person_in_others_notes_and_templates_only(
    session: Session, tmp_path: Path
) -> None:
    person = make_person(session, tmp_path / "uploads")
    other = make_person(session, tmp_path / "uploads")
    name = f"{person.first_name} {person.last_name}"
    author = session.exec(select(Note.author_id)).first()
    assert author is not None
    referral = Note(
        application_id=other.application_ids[0],
        author_id=author,
        body=f"Referred by {name.upper()} ({person.phone[:5]} {person.phone[5:]}); not {other.last_name}",
    )
    namesake = Note(
        application_id=other.application_ids[0], author_id=author, body=f"Met Nils {person.last_name}"
    )
    template = EmailTemplate(
        key="rejection", subject="Update", text_body=f"Ask {name}", html_body="<p>Hi</p>"
    )
    session.add_all([referral, namesake, template])
    session.flush()

    erased = erasure.erase_person(person.candidate_id, ADMIN, session=session)
    session.flush()
    session.expire_all()

    assert erased.scrubbed == 2
    assert referral.body == f"Referred by [erased] ([erased]); not {other.last_name}"
    assert namesake.body == f"Met Nils {person.last_name}"  # one name alone: someone else
    assert template.text_body == "Ask [erased]" and template.html_body == "<p>Hi</p>"
