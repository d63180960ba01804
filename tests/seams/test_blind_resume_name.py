"""Blind screening x a resume that spells its own name another way (issue 18, finding D).

The person types "Robert Quillfeather" in the form; their resume says "Bob Nowak" (a nickname
and a maiden name). On production's path (the wizard's service with a real PDF read by the
app's checker, the board's handlers through the guard, one committed unit of work per event,
SQLite and PostgreSQL): while the application is hidden, nothing a hiring-team tab receives
(cards, the panel's redacted resume) holds either spelling, and board search by the resume's
name finds nothing; what the resume says about the work stays readable and searchable. After
the reveal, or once moved past screening, the name is shown and found as for anyone.

Failed before: the panel's resume read "[name]"-less "Bob Nowak" and search by "nowak" found
the hidden card (search ran over the raw resume text, excluding only the form's fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app import routes
from careers_app.devtools.pdfs import make_pdf
from careers_app.models import Application
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.platform import db
from careers_app.services.visibility import blind_screening
from careers_app.states.pipeline import PipelineState
from careers_app.states.scorecards import ScorecardState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for

FORM_NAMES = ("Robert", "Quillfeather")  # typed in the form
RESUME_NAMES = ("Bob", "Nowak")  # the resume's own
WORK = "Built the billing pipeline at Acme with Python and SQL"


@dataclass
class World:
    slug: str
    posting_id: int
    revealed: int  # the application the test reveals
    moved: int  # the application the test moves past screening


def _apply(posting_id: int, upload_dir: Path, n: int) -> int:
    """Apply as the wizard does (its own committed transaction) with a resume naming the
    person otherwise than the form."""
    fields = {
        "first_name": FORM_NAMES[0],
        "last_name": FORM_NAMES[1],
        "email": f"rq{n}@mail.example.org",
        "phone": f"+48 601 234 56{n}",
        "country": "Poland",
        "state": "",
        "city": "Gdansk",
        "zip_code": "80-001",
    }
    pdf = make_pdf(
        [
            [
                " ".join(RESUME_NAMES),
                "Data Engineer",
                f"bob.nowak{n}@mail.example.org",
                "Experience",
                f"{WORK}.",
                "Bob mentored two juniors; Nowak Prize 2021.",
            ]
        ]
    )
    with db.session_scope() as session:
        token = apps.new_token()
        apps.save_draft(token, posting_id, fields, 5, session=session)
        checked = check_pdf(pdf)
        assert "Bob Nowak" in checked.text  # the real extraction
        key = store(pdf, checked.sha256, upload_dir)
        apps.attach_document(token, posting_id, "resume", "cv.pdf", checked, key, upload_dir, session=session)
        result = apps.submit_draft(
            token,
            posting_id,
            upload_dir,
            "Acme",
            session=session,
            agreed=consent.from_wizard(True, False, "Acme"),
        )
        return result.application_id


@pytest.fixture
def world(app_db: Engine, tmp_path: Path, no_live_feed: None) -> World:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Data Engineer")
        assert posting.id is not None
        blind_screening.set_enabled(posting.id, True, user_id=None, session=session)
        slug, posting_id = posting.slug, posting.id
    return World(slug, posting_id, _apply(posting_id, tmp_path, 1), _apply(posting_id, tmp_path, 2))


def _names_in(text: str) -> list[str]:
    return [n for n in (*FORM_NAMES, *RESUME_NAMES) if re.search(rf"(?<!\w){n}(?!\w)", text, re.IGNORECASE)]


def _found(world: World, query: str) -> set[int]:
    """The card ids the board shows for a search, as a recruiter's tab loads it from the URL."""
    tab = Tab(token_for("recruiter"), routes.pipeline_url(world.slug) + "?" + urlencode({"q": query}))
    tab.send(PipelineState, "load")
    return {card.id for column in tab.state(PipelineState).columns for card in column.cards}


def _version(engine: Engine, app_id: int) -> int:
    with Session(engine) as session:
        row = session.get(Application, app_id)
        assert row is not None
        return row.version


def test_a_hidden_resume_names_nobody_by_its_own_spelling_until_the_reveal(
    world: World, app_db: Engine
) -> None:
    riley = Tab(token_for("recruiter"), routes.pipeline_url(world.slug))
    riley.send(PipelineState, "load")
    riley.send(PipelineState, "open_candidate", application_id=world.revealed)
    riley.send(ScorecardState, "refresh")
    selected = riley.state(PipelineState).selected
    assert selected.blind and selected.name == f"Candidate #{world.revealed}"
    assert WORK in selected.resume_text  # the work stays readable
    assert _names_in(repr(riley.root.dict())) == []  # every var of the tab: cards and panel

    hidden = {world.revealed, world.moved}
    for query in ("nowak", "bob", "Bob Nowak", "robert", "quillfeather", "bob.nowak1"):
        assert _found(world, query) & hidden == set(), query
    assert _found(world, "billing pipeline") == hidden  # found by what the resume says of the work

    riley.send(ScorecardState, "reveal")  # one logged click
    riley.send(PipelineState, "open_candidate", application_id=world.revealed)
    shown = riley.state(PipelineState).selected
    assert not shown.blind and shown.name == " ".join(FORM_NAMES)
    assert "Bob Nowak" in shown.resume_text and "bob.nowak1@mail.example.org" in shown.resume_text
    assert _found(world, "nowak") == {world.revealed}
    assert _found(world, "bob.nowak1") == {world.revealed}


def test_once_moved_past_screening_the_resume_name_is_shown_and_found(world: World, app_db: Engine) -> None:
    riley = Tab(token_for("recruiter"), routes.pipeline_url(world.slug))
    riley.send(PipelineState, "load")
    request = {"id": world.moved, "version": _version(app_db, world.moved), "to": "phone_interview"}
    riley.send(PipelineState, "move", request=request)
    riley.send(PipelineState, "open_candidate", application_id=world.moved)
    shown = riley.state(PipelineState).selected
    assert not shown.blind and "Bob Nowak" in shown.resume_text
    assert _found(world, "nowak") == {world.moved}
    assert _found(world, "quillfeather") == {world.moved}
    # The other one is still at Applied: still hidden, still not found by either name.
    riley.send(PipelineState, "open_candidate", application_id=world.revealed)
    assert _names_in(riley.state(PipelineState).selected.resume_text) == []
