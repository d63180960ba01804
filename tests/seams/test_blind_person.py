"""Blind screening hides the person, not one application (the attacker run's finding).

The same person applies to a blind posting (Cortex) and an open one (London), with the same
email (one candidate row) or at least the same resume PDF. Blind screening decided per
application named them on London: searching the London board for a word of the resume the
blind card shows redacted ("zebrafish") answered with their name, no reveal recorded. Now
while the blind application is hidden, every application of the person is masked to the
hiring team: the London board's card, its search by a resume word, its panel, the People
page and the admin's zip; once the blind card moves on past screening or is revealed (on
either board), both show the name.

Through the real paths: the candidate applies through the wizard's service (its own
committed transaction), the hiring team's events run through the guard on production's unit
of work, the zip through the HTTP route with an admin cookie.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from hashlib import sha256
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.devtools.pdfs import make_pdf
from careers_app.http import api
from careers_app.models import Application, AuditEntry, IdentityReveal
from careers_app.services.applying import applications as apps
from careers_app.services.applying import candidate_status as status
from careers_app.services.applying import consent
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.platform import audit, db
from careers_app.services.visibility import blind_screening
from careers_app.settings import get_settings
from careers_app.states.data_rights import PeopleState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.pipeline import PipelineState
from careers_app.states.scorecards import ScorecardState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for
from tests.settings_override import use_settings

FIRST, LAST, PHONE_DIGITS = "Saoirse", "Vandermeer", "601234567"
RESUME_WORD = "zebrafish"

pytestmark = pytest.mark.usefixtures("no_live_feed")  # the worlds here are looked at on boards


@dataclass
class World:
    cortex: str  # the blind posting's slug
    london: str  # the open posting's slug
    blind_id: int  # the application on Cortex
    open_id: int  # the application on London
    emails: tuple[str, str]  # as given on Cortex, on London
    uploads: Path


def _resume(padding: int = 0) -> bytes:
    return make_pdf(
        [
            [
                f"{FIRST} {LAST}",
                "saoirse.v@mail.example.org",
                f"+48 {PHONE_DIGITS}",
                "Eleven years building zebrafish telemetry at Quillon Biolabs",
                "Python and SQL",
            ]
        ],
        padding=padding,
    )


def _apply(email: str, posting_id: int, resume: bytes, upload_dir: Path) -> int:
    """Apply as the wizard does (its own committed transaction)."""
    fields = {
        "first_name": FIRST,
        "last_name": LAST,
        "email": email,
        "phone": f"+48 {PHONE_DIGITS}",
        "country": "Poland",
        "state": "",
        "city": "Gdansk",
        "zip_code": "80-001",
    }
    with db.session_scope() as session:
        token = apps.new_token()
        apps.save_draft(token, posting_id, fields, 5, session=session)
        checked = check_pdf(resume)
        key = store(resume, checked.sha256, upload_dir)
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


def _world(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    emails: tuple[str, str],
    london_resume: bytes | None = None,
) -> World:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path))
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        cortex = make_posting(session, team, office, title="Neuro Engineer Cortex")
        london = make_posting(session, team, office, title="Data Engineer London")
        assert cortex.id is not None and london.id is not None
        blind_screening.set_enabled(cortex.id, True, user_id=None, session=session)
        slugs, ids = (cortex.slug, london.slug), (cortex.id, london.id)
    resume = _resume()  # the same bytes on both (the same sha256), unless London's is given
    blind_id = _apply(emails[0], ids[0], resume, tmp_path)
    open_id = _apply(emails[1], ids[1], london_resume or resume, tmp_path)
    return World(slugs[0], slugs[1], blind_id, open_id, emails, tmp_path)


@pytest.fixture
def world(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """The same email on both: one candidate row."""
    return _world(tmp_path, monkeypatch, ("saoirse.v@mail.example.org", "saoirse.v@mail.example.org"))


@pytest.fixture
def same_resume(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """Another email on London (two candidate rows), the same resume PDF."""
    return _world(tmp_path, monkeypatch, ("saoirse.v@mail.example.org", "s.vandermeer@other.example.net"))


@pytest.fixture
def same_text(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """Another email on London, and another PDF of the same resume: the same lines, one more
    (unreferenced) byte in the file, as a re-save or re-export makes it. Other bytes, so
    another sha256; the same extracted text."""
    resubmitted = _resume(padding=1)
    assert sha256(resubmitted).hexdigest() != sha256(_resume()).hexdigest()
    assert check_pdf(resubmitted).text == check_pdf(_resume()).text
    return _world(
        tmp_path, monkeypatch, ("saoirse.v@mail.example.org", "s.vandermeer@other.example.net"), resubmitted
    )


def _leaks(text: str, world: World) -> list[str]:
    secrets = (FIRST, LAST, PHONE_DIGITS, *world.emails)
    return [s for s in secrets if s.lower() in text.lower()]


def _board(token: str, slug: str, query: str = "") -> Tab:
    tab = Tab(token, routes.pipeline_url(slug) + query)
    tab.send(PipelineState, "load")
    return tab


def _cards(tab: Tab) -> list[tuple[int, str]]:
    return [(c.id, c.name) for column in tab.state(PipelineState).columns for c in column.cards]


def _reveals(engine: Engine) -> list[int]:
    with Session(engine) as session:
        rows = session.exec(select(AuditEntry).where(col(AuditEntry.action) == audit.IDENTITY_REVEALED))
        return sorted(e.application_id or 0 for e in rows.all())


def _version(engine: Engine, app_id: int) -> int:
    with Session(engine) as session:
        row = session.get(Application, app_id)
        assert row is not None
        return row.version


def _export(token: str, candidate_id: int) -> int:
    base = get_settings().base_url
    client = TestClient(api.http_routes(), base_url=base, headers={"origin": base})
    client.cookies.set(SESSION_COOKIE, token)
    return client.get(routes.person_export_url(candidate_id)).status_code


def _candidate_of(engine: Engine, app_id: int) -> int:
    with Session(engine) as session:
        row = session.get(Application, app_id)
        assert row is not None
        return row.candidate_id


def _london_names_nobody(world: World, token: str) -> None:
    """Every channel of the open posting: the card, the search by a resume word, the panel."""
    alias = f"Candidate #{world.open_id}"
    tab = _board(token, world.london)
    assert _cards(tab) == [(world.open_id, alias)]
    found = _board(token, world.london, f"?q={RESUME_WORD}")
    assert _cards(found) == [(world.open_id, alias)]  # found by the redacted text, unnamed
    assert _cards(_board(token, world.london, f"?q={FIRST.lower()}")) == []  # never by the name
    found.send(PipelineState, "open_candidate", application_id=world.open_id)
    selected = found.state(PipelineState).selected
    assert selected.blind and selected.name == alias and RESUME_WORD in selected.resume_text.lower()
    assert selected.documents == [] and selected.email == ""
    for seen in (tab, found):
        assert _leaks(repr(seen.root.dict()), world) == []


def _london_names_them(world: World, token: str) -> None:
    name = f"{FIRST} {LAST}"
    assert _cards(_board(token, world.london)) == [(world.open_id, name)]
    found = _board(token, world.london, f"?q={RESUME_WORD}")
    assert _cards(found) == [(world.open_id, name)]
    found.send(PipelineState, "open_candidate", application_id=world.open_id)
    assert found.state(PipelineState).selected.name == name
    assert _cards(_board(token, world.cortex)) == [(world.blind_id, name)]


def test_the_open_postings_card_names_nobody_while_their_blind_application_is_hidden(
    world: World, app_db: Engine
) -> None:
    """The reproduction: before the fix the London search for "zebrafish" named them."""
    recruiter = token_for("recruiter")
    assert _cards(_board(recruiter, world.cortex)) == [(world.blind_id, f"Candidate #{world.blind_id}")]
    _london_names_nobody(world, recruiter)

    # The People page and the admin's zip: unnamed, refused until a recorded reveal.
    admin = token_for("admin")
    candidate_id = _candidate_of(app_db, world.open_id)
    people = Tab(admin, routes.PEOPLE)
    people.send(PeopleState, "load")
    people.send(PeopleState, "search", form_data={"q": world.emails[1]})
    [person] = people.state(PeopleState).people
    assert person.name == "" and person.masked == 2
    assert _export(admin, candidate_id) == 403
    assert _reveals(app_db) == []

    # Moving the London card on does not show them (the blind one still screens) nor record a reveal.
    london = _board(recruiter, world.london)
    to = {"id": world.open_id, "version": _version(app_db, world.open_id), "to": "phone_interview"}
    london.send(PipelineState, "move", request=to)
    assert _reveals(app_db) == []
    _london_names_nobody(world, recruiter)

    # The blind card moves on past screening: a recorded reveal, and the person is shown everywhere.
    cortex = _board(recruiter, world.cortex)
    for stage in ("recruiter_screen", "phone_interview"):
        to = {"id": world.blind_id, "version": _version(app_db, world.blind_id), "to": stage}
        cortex.send(PipelineState, "move", request=to)
    assert _reveals(app_db) == [world.blind_id]
    _london_names_them(world, recruiter)
    people.send(PeopleState, "search", form_data={"q": world.emails[1]})
    [person] = people.state(PeopleState).people
    assert person.name == f"{FIRST} {LAST}" and person.masked == 0
    assert _export(admin, candidate_id) == 200


@pytest.mark.parametrize("board", ["cortex", "london"])
def test_a_reveal_on_either_board_shows_the_person_on_both(world: World, app_db: Engine, board: str) -> None:
    """Revealing the blind card shows the London one too; revealing the London card (masked
    by the blind one) reveals the blind application, recorded against it."""
    recruiter = token_for("recruiter")
    slug, app_id = (world.cortex, world.blind_id) if board == "cortex" else (world.london, world.open_id)
    tab = _board(recruiter, slug)
    tab.send(PipelineState, "open_candidate", application_id=app_id)
    tab.send(ScorecardState, "reveal")
    assert _reveals(app_db) == [world.blind_id]
    with Session(app_db) as session:
        [row] = session.exec(select(IdentityReveal)).all()
        assert row.application_id == world.blind_id
    assert tab.state(PipelineState).selected.name == f"{FIRST} {LAST}"
    _london_names_them(world, recruiter)


def test_the_people_pages_reveal_of_a_blind_person_is_one_reveal(world: World, app_db: Engine) -> None:
    """The admin's confirmed reveal on the People page reveals the blind application once (the
    London one follows), then gives the zip."""
    admin = token_for("admin")
    candidate_id = _candidate_of(app_db, world.open_id)
    people = Tab(admin, routes.PEOPLE)
    people.send(PeopleState, "load")
    people.send(PeopleState, "search", form_data={"q": world.emails[0]})
    people.send(PeopleState, "download", candidate_id=candidate_id)
    assert people.state(PeopleState).reveal_count == 2
    assert routes.person_export_url(candidate_id) in str(people.send(PeopleState, "confirm_reveal"))
    assert _reveals(app_db) == [world.blind_id]
    assert _export(admin, candidate_id) == 200
    _london_names_them(world, token_for("recruiter"))


def test_the_same_resume_under_another_email_is_the_same_person(same_resume: World, app_db: Engine) -> None:
    """Two candidate rows (two emails), one resume file: still one person to blind screening."""
    world = same_resume
    assert _candidate_of(app_db, world.blind_id) != _candidate_of(app_db, world.open_id)
    recruiter = token_for("recruiter")
    _london_names_nobody(world, recruiter)
    tab = _board(recruiter, world.cortex)
    tab.send(PipelineState, "open_candidate", application_id=world.blind_id)
    tab.send(ScorecardState, "reveal")
    assert _reveals(app_db) == [world.blind_id]
    _london_names_them(world, recruiter)


def test_the_same_resume_text_in_another_pdf_under_another_email_is_the_same_person(
    same_text: World, app_db: Engine
) -> None:
    """The attack run's evasion: the same resume re-saved (one byte more) under another email,
    two candidate rows and two sha256s, the same words. Before the fix the London card named
    them, with a resume identical line for line to the blind card's redacted one, and the
    admin's zip answered 200; now the text links them: masked, refused, until a reveal."""
    world = same_text
    assert _candidate_of(app_db, world.blind_id) != _candidate_of(app_db, world.open_id)
    recruiter = token_for("recruiter")
    assert _cards(_board(recruiter, world.cortex)) == [(world.blind_id, f"Candidate #{world.blind_id}")]
    _london_names_nobody(world, recruiter)
    admin = token_for("admin")
    assert _export(admin, _candidate_of(app_db, world.open_id)) == 403
    tab = _board(recruiter, world.cortex)
    tab.send(PipelineState, "open_candidate", application_id=world.blind_id)
    tab.send(ScorecardState, "reveal")
    assert _reveals(app_db) == [world.blind_id]
    _london_names_them(world, recruiter)
    assert _export(admin, _candidate_of(app_db, world.open_id)) == 200


def test_a_contact_correction_links_only_cards_that_are_masked_together(world: World, app_db: Engine) -> None:
    """The status page's correction writes one history line at one time on every application
    of the candidate row: cards it links are all the same person's, masked or named together."""
    with db.session_scope() as session:
        fields = {
            "first_name": FIRST,
            "last_name": "Vandermeer-Ode",
            "email": world.emails[0],
            "phone": f"+48 {PHONE_DIGITS}",
            "country": "Poland",
            "state": "",
            "city": "Sopot",
            "zip_code": "81-701",
        }
        done = status.correct_details(_candidate_of(app_db, world.open_id), fields, session=session)
        assert sorted(done.application_ids) == [world.blind_id, world.open_id]
    recruiter = token_for("recruiter")
    for slug, app_id in ((world.cortex, world.blind_id), (world.london, world.open_id)):
        tab = _board(recruiter, slug)
        tab.send(PipelineState, "open_candidate", application_id=app_id)
        selected = tab.state(PipelineState).selected
        assert selected.name == f"Candidate #{app_id}"
        assert status.CONTACT_UPDATED in repr(selected.history)
        assert _leaks(repr(tab.root.dict()), world) == [] and "Vandermeer-Ode" not in repr(tab.root.dict())
