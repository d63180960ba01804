"""Blind screening on SQLite and PostgreSQL: redacted resume text (from a real PDF through
pypdf), masked cards and panel, search that cannot find a hidden person by who they are,
the logged reveal, and the PDF withheld."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from careers_app.devtools.pdfs import make_pdf
from careers_app.models import Application, AuditEntry, Candidate, Document, Posting, StageEvent
from careers_app.services.board import board_query, pipeline
from careers_app.services.platform import audit
from careers_app.services.platform.auth import CurrentUser, Role, create_user
from careers_app.services.platform.errors import Refused
from careers_app.services.visibility import blind_screening, identity
from careers_app.services.visibility.blind_screening import Identity, redact
from tests.factories import board_columns, demo_applications, make_office, make_posting, make_team

JANE = Identity(
    first_name="Jane",
    last_name="O'Neil-Smith",
    email="jane.oneil@mail.example.org",
    phone="+14155550134",
    address="12 Market Street",
    city="Springfield",
    zip_code="94105",
)


def _pdf_text(lines: list[str]) -> str:
    reader = PdfReader(io.BytesIO(make_pdf([lines])))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_redaction_of_text_extracted_from_a_pdf() -> None:
    text = _pdf_text(
        [
            "JANE O'NEIL-SMITH",
            "jane.oneil@mail.example.org | +1 (415) 555-0134 | linkedin.com/in/janeos",
            "12 Market Street, Springfield 94105, USA",
            "Experience 2019 - 2023: Python and SQL at Acme; contact j.smith@acme.io or 415.555.0199",
            "Portfolio: https://janeos.dev/work and www.example.com/x",
            "Smithson Award 2021; worked with Janet.",
        ]
    )
    assert "Jane" in text and "555-0134" in text  # pypdf really extracted it
    out = redact(text, JANE)
    for name in ("JANE", "O'NEIL", "SMITH"):  # as whole words ("Janet" and "Smithson" stay)
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", out, re.IGNORECASE), name
    for gone in (
        "555",
        "linkedin",
        "Market Street",
        "94105",
        "Springfield",
        "j.smith",
        "janeos",
        "example.",
        "https",
    ):
        assert gone.lower() not in out.lower(), gone
    for kept in ("Experience 2019 - 2023", "Python and SQL at Acme", "USA", "Smithson Award 2021", "Janet"):
        assert kept in out, kept
    assert out.startswith("[name]\n") and "[email]" in out and "[phone]" in out and "[link]" in out
    assert "[address]" in out


def test_redaction_leaves_text_without_identity_alone() -> None:
    plain = "Led a team of 5 engineers for 3 years (2018-2021), cutting costs by 40%."
    assert redact(plain, Identity()) == plain
    assert redact("Call 555 0100", Identity()) == "Call 555 0100"  # too few digits for a phone number


def _user(session: Session, name: str) -> CurrentUser:
    row = create_user(f"{name.lower()}@example.com", name, "a long password 1", "recruiter", session=session)
    assert row.id is not None
    return CurrentUser(id=row.id, email=row.email, name=row.name, role=Role.RECRUITER)


@pytest.fixture
def board(session: Session, tmp_path: Path) -> dict:
    team, office = make_team(session), make_office(session)
    posting = make_posting(session, team, office, title="Data Engineer")
    assert posting.id is not None
    demo_applications(posting.id, 12, tmp_path, session=session)
    apps = session.exec(select(Application).where(Application.posting_id == posting.id)).all()
    for stage in ("applied", "phone_interview"):  # one of each for every test
        if not any(a.stage == stage for a in apps):
            target = next(a for a in apps if a.stage not in ("applied", "phone_interview"))
            target.stage = stage
            session.add(target)
    session.flush()
    blind_screening.set_enabled(posting.id, True, user_id=None, session=session)
    hidden = next(a for a in apps if a.stage == "applied")
    shown = next(a for a in apps if a.stage == "phone_interview")
    return {"posting": posting.id, "hidden": hidden, "shown": shown, "riley": _user(session, "Riley")}


def _cards(session: Session, posting_id: int, query: str = "") -> dict[int, pipeline.Card]:
    columns = board_columns(posting_id, session=session, query=query)
    return {card.id: card for column in columns for card in column.cards}


def test_cards_and_panel_hide_who_it_is_at_applied_and_screen_only(session: Session, board: dict) -> None:
    hidden, shown, posting = board["hidden"], board["shown"], board["posting"]
    cards = _cards(session, posting)
    assert cards[hidden.id].name == f"Candidate #{hidden.id}" and cards[hidden.id].blind
    assert cards[shown.id].name == f"{shown.first_name} {shown.last_name}" and not cards[shown.id].blind
    assert pipeline.card(hidden.id, session=session) == cards[hidden.id]

    detail = pipeline.candidate_detail(hidden.id, posting, session=session)
    assert detail is not None and detail.blind
    assert (detail.name, detail.email, detail.phone, detail.location) == (
        f"Candidate #{hidden.id}",
        "",
        "",
        "",
    )
    assert detail.documents == []
    assert hidden.first_name not in detail.resume_text and hidden.last_name not in detail.resume_text
    assert "[name]" in detail.resume_text and detail.resume_text.strip()
    resume = session.exec(
        select(Document).where(Document.application_id == hidden.id, Document.kind == "resume")
    ).one()
    assert blind_screening.document_hidden(resume.id or 0, session=session)

    visible = pipeline.candidate_detail(shown.id, posting, session=session)
    assert visible is not None and not visible.blind and visible.email and visible.documents

    pipeline.move(hidden.id, posting, "phone_interview", hidden.version, "Riley", session=session)
    moved = pipeline.card(hidden.id, session=session)
    assert moved is not None
    assert moved.name == f"{hidden.first_name} {hidden.last_name}" and not moved.blind
    assert not blind_screening.document_hidden(resume.id or 0, session=session)


def test_a_posting_without_the_switch_shows_everyone(session: Session, board: dict) -> None:
    blind_screening.set_enabled(board["posting"], False, user_id=None, session=session)
    assert not any(card.blind for card in _cards(session, board["posting"]).values())
    assert not blind_screening.is_enabled(board["posting"], session=session)


def test_search_never_matches_a_hidden_person_by_name_email_or_phone(session: Session, board: dict) -> None:
    hidden, shown, posting = board["hidden"], board["shown"], board["posting"]
    email = session.get_one(Candidate, hidden.candidate_id).email
    for query in (
        hidden.first_name,
        hidden.last_name.upper(),
        f"{hidden.first_name} {hidden.last_name}",
        email,
        email.split("@")[0],
        hidden.phone_e164,
        f"{hidden.first_name}{hidden.last_name}".lower(),
    ):
        assert hidden.id not in _cards(session, posting, query), query
    # Nor by where they live, with punctuation or not (second attack review: "tokyo,"
    # passed the city check and the country was not checked at all).
    resume = session.exec(select(Document).where(Document.application_id == hidden.id)).first()
    assert resume is not None and hidden.city and hidden.city in resume.text  # else vacuous
    for query in (hidden.city, f"{hidden.city},", f"({hidden.country})", hidden.country.lower()):
        assert hidden.id not in _cards(session, posting, query), query
    # ...but by what the resume says about the work, yes; and visible people by name.
    assert hidden.id in _cards(session, posting, "experience")
    assert shown.id in _cards(session, posting, shown.last_name)
    counts = board_columns(posting, session=session, query=hidden.last_name)
    assert sum(c.count for c in counts) == sum(
        1 for c in _cards(session, posting, hidden.last_name).values() if c.id != hidden.id
    )


def test_search_on_a_blind_board_tells_nothing_the_redacted_text_does_not(session: Session, board: dict) -> None:
    """Issue 18's attack run: a hidden card used to drop out of a search whose word was in
    its redacted text (which the searcher reads in the panel) whenever the word was also part
    of the person's own name, email or address, so the card dropping out spelled the name a
    piece at a time. Now a hidden card matches exactly when its redacted text holds the word."""
    posting = board["posting"]
    hidden_cards = [c for c in _cards(session, posting).values() if c.blind]
    assert len(hidden_cards) >= 2  # else vacuous
    shown_text = {
        c.id: (pipeline.candidate_detail(c.id, posting, session=session) or pytest.fail("no panel")).resume_text.lower()
        for c in hidden_cards
    }
    probes = 0
    for card in hidden_cards:
        person = session.get(Application, card.id)
        assert person is not None
        # Pieces of the person's own name, as the attack used them: 2 and 3 letters.
        name = f"{person.first_name}{person.last_name}".lower()
        pieces = {name[i : i + n] for n in (2, 3) for i in range(len(name) - n + 1) if name[i : i + n].isalpha()}
        for piece in sorted(pieces):
            if piece not in shown_text[card.id]:
                continue
            probes += 1
            found = _cards(session, posting, piece)
            assert card.id in found, (piece, card.id)  # it is in the text the searcher can read
    assert probes >= 3  # the resumes share words with the names: else this checks nothing


def test_reveal_is_logged_in_history_and_audit_and_happens_once(session: Session, board: dict) -> None:
    hidden, posting, riley = board["hidden"], board["posting"], board["riley"]
    blind_screening.reveal(hidden.id, posting, riley, session=session, client_address="203.0.113.9")
    detail = pipeline.candidate_detail(hidden.id, posting, session=session)
    assert (
        detail is not None and not detail.blind and detail.name == f"{hidden.first_name} {hidden.last_name}"
    )
    assert detail.history[-1].text == "Identity revealed by Riley"
    assert hidden.id in _cards(session, posting, hidden.last_name)
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == audit.IDENTITY_REVEALED)).all()
    assert (entry.application_id, entry.actor_label, entry.candidate_id) == (
        hidden.id,
        "riley@example.com",
        hidden.candidate_id,
    )
    assert hidden.last_name not in entry.detail
    with pytest.raises(Refused):
        blind_screening.reveal(hidden.id, posting, riley, session=session)
    with pytest.raises(Refused):  # nothing to reveal at a later stage
        blind_screening.reveal(board["shown"].id, posting, riley, session=session)
    assert session.get(Posting, posting) is not None


def test_sorting_by_name_puts_hidden_people_in_id_order_and_pages_still_meet(
    session: Session, board: dict
) -> None:
    posting = board["posting"]
    apps = session.exec(select(Application).where(Application.posting_id == posting)).all()
    for app in apps:  # everyone at Applied, never further: hidden
        app.stage = "applied"
        session.add(app)
        for event in session.exec(select(StageEvent).where(StageEvent.application_id == app.id)).all():
            session.delete(event)
    shown = apps[0]
    shown.stage = "applied"
    session.flush()
    blind_screening.reveal(shown.id or 0, posting, board["riley"], session=session)
    whole = board_query.column_page(posting, "applied", session=session, sort="name", limit=50)
    hidden_ids = sorted(a.id or 0 for a in apps if a.id != shown.id)
    assert [c.id for c in whole.cards] == [*hidden_ids, shown.id]  # hidden first, by id; then names
    first = board_query.column_page(posting, "applied", session=session, sort="name", limit=5)
    rest = board_query.column_page(
        posting, "applied", session=session, sort="name", after=first.cursor, limit=50
    )
    assert [c.id for c in first.cards + rest.cards] == [c.id for c in whole.cards]


def test_rejected_from_screening_stays_hidden_and_once_seen_stays_shown(
    session: Session, board: dict
) -> None:
    """The identity rule (services/visibility/identity.py): a candidate rejected during screening stays
    anonymous (the Rejected column and an undo back to Applied reveal nobody); one who went on
    to an interview stage was seen, so moving them back does not pretend otherwise."""
    hidden, posting, riley = board["hidden"], board["posting"], board["riley"]
    rejected = pipeline.move(
        hidden.id,
        posting,
        "rejected",
        hidden.version,
        "Riley",
        session=session,
        reason=pipeline.REJECTION_REASONS[0],
    )
    seen = pipeline.card(hidden.id, session=session)
    assert seen is not None and seen.blind and seen.name == f"Candidate #{hidden.id}"
    assert not identity.may_see_identity(identity.Viewer.HIRING_TEAM, hidden.id, session=session)
    assert identity.may_see_identity(identity.Viewer.CANDIDATE, hidden.id, session=session)
    pipeline.move(hidden.id, posting, "applied", rejected.version, "Riley", session=session)
    back = pipeline.card(hidden.id, session=session)
    assert back is not None and back.blind
    shown = identity.shown_as(identity.Viewer.HIRING_TEAM, hidden.id, session=session)
    assert (shown.name, shown.first_name, shown.email, shown.phone, shown.masked) == (
        f"Candidate #{hidden.id}",
        f"Candidate #{hidden.id}",
        "",
        "",
        True,
    )

    onward = pipeline.move(hidden.id, posting, "phone_interview", back.version, "Riley", session=session)
    seen = pipeline.card(hidden.id, session=session)
    assert seen is not None and not seen.blind
    pipeline.move(hidden.id, posting, "recruiter_screen", onward.version, "Riley", session=session)
    again = pipeline.card(hidden.id, session=session)
    assert again is not None and not again.blind and again.name == f"{hidden.first_name} {hidden.last_name}"
    own = identity.shown_as(identity.Viewer.HIRING_TEAM, hidden.id, session=session)
    assert not own.masked and own.email and own.phone == hidden.phone_e164
    with pytest.raises(Refused):  # nothing left to reveal
        blind_screening.reveal(hidden.id, posting, riley, session=session)


def test_turning_blind_screening_off_is_a_logged_reveal_of_everyone_still_hidden(
    session: Session, board: dict
) -> None:
    hidden, posting, riley = board["hidden"], board["posting"], board["riley"]
    still_hidden = blind_screening.hidden_ids(
        [a.id or 0 for a in session.exec(select(Application).where(Application.posting_id == posting)).all()],
        session=session,
    )
    assert hidden.id in still_hidden
    blind_screening.set_enabled(posting, False, user_id=riley.id, session=session)
    entries = session.exec(select(AuditEntry).where(AuditEntry.action == audit.IDENTITY_REVEALED)).all()
    assert {e.application_id for e in entries} == still_hidden
    assert {e.actor_label for e in entries} == {"riley@example.com"}
    detail = pipeline.candidate_detail(hidden.id, posting, session=session)
    assert detail is not None and detail.history[-1].text == "Identity revealed by Riley"
    blind_screening.set_enabled(posting, True, user_id=riley.id, session=session)  # seen stays seen
    assert not blind_screening.hidden_ids(list(still_hidden), session=session)
