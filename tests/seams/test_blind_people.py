"""Blind screening on the admin's People page and export, and in the board's location filter.

An admin also works the boards, so the People page (search, "Download data") and the zip
route are a channel to the hiring team like any other: a person with an application still
masked by blind screening is not named there, and their zip is given only after a recorded
reveal (an ``identity_reveal`` row and an audit entry naming the admin), which the People
page asks the admin to confirm. The person's own zip (status link) is unchanged. On a blind
board a location filter never matches a masked card by its address.

Through the real paths: HTTP via Starlette's TestClient with an admin cookie, and the
handlers through the guard on production's unit of work.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import api
from careers_app.models import Application, AuditEntry, Document, IdentityReveal, Posting
from careers_app.services.candidates import candidate_access
from careers_app.services.platform import audit, auth, db
from careers_app.services.visibility import blind_screening
from careers_app.settings import get_settings
from careers_app.states.analytics import AnalyticsState
from careers_app.states.bulk import BulkState
from careers_app.states.data_rights import PeopleState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.pipeline import PipelineState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab, token_for
from tests.people import Person, make_person
from tests.settings_override import use_settings


@dataclass
class World:
    slug: str
    posting_id: int
    masked: Person  # recruiter_screen on the blind posting, applied on an open one
    open: Person  # one application on an open posting only
    uploads: Path


@pytest.fixture
def world(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_live_feed: None) -> World:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path))
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        blind = make_posting(session, team, office, title="Data Engineer London")
        other = make_posting(session, team, office, title="Analyst")
        assert blind.id is not None
        blind_screening.set_enabled(blind.id, True, user_id=None, session=session)
        masked = make_person(
            session,
            tmp_path,
            stages=("recruiter_screen", "applied"),
            country="Japan",
            postings=[blind, other],
        )
        shown = make_person(session, tmp_path, stages=("applied",), postings=[other])
        made = World(blind.slug, blind.id, masked, shown, tmp_path)
    return made


def _client(token: str = "") -> TestClient:
    base = get_settings().base_url
    client = TestClient(api.http_routes(), base_url=base, headers={"origin": base})
    if token:
        client.cookies.set(SESSION_COOKIE, token)
    return client


def _entries(engine: Engine, action: str) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


def _secrets(person: Person) -> list[str]:
    return [person.first_name, person.last_name, person.email, person.phone]


def _leaks(text: str, person: Person) -> list[str]:
    return [s for s in _secrets(person) if s.lower() in text.lower()]


def test_an_admins_zip_of_a_masked_person_waits_for_a_reveal_the_people_page_records(
    world: World, app_db: Engine
) -> None:
    person = world.masked
    blind_app = person.application_ids[0]
    admin = token_for("admin")
    url = routes.person_export_url(person.candidate_id)

    # The zip route by its sequential id: refused, nothing personal in the answer, nothing logged.
    refused = _client(admin).get(url)
    assert refused.status_code == 403 and "People page" in refused.text
    assert _leaks(refused.text, person) == []
    assert _entries(app_db, audit.EXPORT) == [] and _entries(app_db, audit.IDENTITY_REVEALED) == []

    # The person's own zip from their status link is unchanged, and reveals nothing to anyone.
    with db.session_scope() as session:
        link = candidate_access.issue_link(person.candidate_id, session=session)
    own = _client().post(routes.CANDIDATE_EXPORT, data={"token": link})
    assert own.status_code == 200
    mine = json.loads(zipfile.ZipFile(io.BytesIO(own.content)).read("person.json"))
    assert (
        mine["person"]["email"] == person.email and mine["applications"][0]["last_name"] == person.last_name
    )
    assert _entries(app_db, audit.IDENTITY_REVEALED) == []
    with Session(app_db) as session:
        assert blind_screening.is_hidden(blind_app, session=session)

    # The People page: "Download data" asks to confirm the reveal first; cancelling reveals nothing.
    tab = Tab(admin, routes.PEOPLE)
    tab.send(PeopleState, "load")
    tab.send(PeopleState, "search", form_data={"q": person.email})
    asked = tab.send(PeopleState, "download", candidate_id=person.candidate_id)
    assert url not in str(asked)
    people = tab.state(PeopleState)
    # Both applications: the open posting's is masked too while the blind one is hidden (the
    # person is blind), though one reveal shows both.
    assert people.reveal_person == person.candidate_id and people.reveal_count == 2
    tab.send(PeopleState, "cancel_reveal")
    assert tab.state(PeopleState).reveal_person == 0
    assert url not in str(tab.send(PeopleState, "confirm_reveal"))  # nothing was asked: nothing done
    assert _entries(app_db, audit.IDENTITY_REVEALED) == []
    assert _leaks(repr(tab.root.dict()), person) == [person.email]  # the address the admin typed

    # Confirmed: one reveal of the masked application, naming the admin; then the zip.
    tab.send(PeopleState, "download", candidate_id=person.candidate_id)
    started = tab.send(PeopleState, "confirm_reveal")
    assert url in str(started)
    [entry] = _entries(app_db, audit.IDENTITY_REVEALED)
    assert (entry.application_id, entry.candidate_id, entry.actor_label) == (
        blind_app,
        person.candidate_id,
        "admin@example.com",
    )
    with Session(app_db) as session:
        [row] = session.exec(select(IdentityReveal)).all()
        assert row.application_id == blind_app and row.actor == "Admin"
        assert not blind_screening.is_hidden(blind_app, session=session)
    answer = _client(admin).get(url)
    assert answer.status_code == 200
    archive = json.loads(zipfile.ZipFile(io.BytesIO(answer.content)).read("person.json"))
    assert archive["person"]["email"] == person.email
    assert len(_entries(app_db, audit.EXPORT)) == 2  # the person's own, then the admin's
    [found] = tab.state(PeopleState).people  # the list shows them now
    assert found.name == f"{person.first_name} {person.last_name}" and found.masked == 0


def test_the_people_search_does_not_name_a_masked_person(world: World, app_db: Engine) -> None:
    masked, shown = world.masked, world.open
    tab = Tab(token_for("admin"), routes.PEOPLE)
    tab.send(PeopleState, "load")
    tab.send(PeopleState, "search", form_data={"q": "example.org"})  # part of every address
    found = tab.state(PeopleState).people
    assert [p.candidate_id for p in found] == [shown.candidate_id]  # a masked person only by full address
    assert found[0].name == f"{shown.first_name} {shown.last_name}"
    assert _leaks(repr(tab.root.dict()), masked) == []

    tab.send(PeopleState, "search", form_data={"q": masked.email.upper()})
    [person] = tab.state(PeopleState).people
    assert person.candidate_id == masked.candidate_id and person.masked == 2 and person.applications == 2
    assert person.name == ""
    assert _leaks(repr(tab.root.dict()), masked) == [masked.email]  # what the admin typed, nothing more
    assert _entries(app_db, audit.IDENTITY_REVEALED) == []


def test_a_source_made_for_one_referral_never_singles_out_a_masked_card(world: World, app_db: Engine) -> None:
    """Issue 18's attack run: a link made for one referrer ("?source=ref-from-dana-whitfield")
    listed "(1)" among the source options and its filter showed exactly the masked card."""
    masked_id = world.masked.application_ids[0]
    with db.session_scope() as session:
        application = session.get(Application, masked_id)
        assert application is not None and application.posting_id == world.posting_id
        application.source = "ref-from-dana-whitfield"
        session.add(application)
    board = routes.pipeline_url(world.slug)
    tab = Tab(token_for("recruiter"), board)
    tab.send(PipelineState, "load")
    assert [c.id for col_ in tab.state(PipelineState).columns for c in col_.cards if c.blind]  # else vacuous
    assert "dana" not in repr(tab.state(PipelineState).source_options).lower()
    tab = Tab(token_for("recruiter"), board + "?source=ref-from-dana-whitfield")
    tab.send(PipelineState, "load")
    columns = tab.state(PipelineState).columns
    assert sum(c.count for c in columns) == 0 and [c for col_ in columns for c in col_.cards] == []
    tab.send(BulkState, "load")
    tab.send(BulkState, "select_filtered")
    assert tab.state(BulkState).bulk_select.items == []


def test_analytics_never_tell_a_masked_cards_source(world: World, app_db: Engine) -> None:
    """Issue 18's second attack run: the analytics page over the one day a masked card was
    submitted counted it under its source ("referral" 1), naming what the board's source
    filter hides. A masked application counts as "Not shown (blind screening)"."""
    masked_id = world.masked.application_ids[0]
    with db.session_scope() as session:
        application = session.get(Application, masked_id)
        assert application is not None and application.posting_id == world.posting_id
        application.source = "ref-from-dana-whitfield"
        session.add(application)
        day = application.submitted_at.date().isoformat()
    url = routes.analytics_url(posting=world.slug, date_from=day, date_to=day)
    tab = Tab(token_for("recruiter"), url)
    tab.send(AnalyticsState, "load")
    state = tab.state(AnalyticsState)
    shown = {s.label: s.applications for s in state.sources}
    assert state.applications >= 1 and "Not shown (blind screening)" in shown
    assert not any("dana" in label.lower() for label in shown), shown


def test_a_location_filter_never_matches_a_masked_card_by_its_address(world: World, app_db: Engine) -> None:
    masked = world.masked
    with db.session_scope() as session:  # two more masked cards on the blind board, elsewhere
        blind = session.get(Posting, world.posting_id)
        assert blind is not None
        for _ in range(2):
            make_person(session, world.uploads, stages=("applied",), country="Poland", postings=[blind])
    board = routes.pipeline_url(world.slug)
    for query in ("?country=Japan", "?country=Japan&state=IL"):
        tab = Tab(token_for("admin"), board + query)
        tab.send(PipelineState, "load")
        columns = tab.state(PipelineState).columns
        assert sum(c.count for c in columns) == 0 and [c for col_ in columns for c in col_.cards] == []
        tab.send(BulkState, "load")
        tab.send(BulkState, "select_filtered")
        assert tab.state(BulkState).bulk_select.items == []
    tab = Tab(token_for("admin"), board)
    tab.send(PipelineState, "load")
    assert "Japan" not in repr(tab.state(PipelineState).location_options)

    # The panel's redacted resume leaves out the country and state too.
    with db.session_scope() as session:
        resume = session.exec(
            select(Document).where(
                col(Document.application_id) == masked.application_ids[0], Document.kind == "resume"
            )
        ).one()
        resume.text = f"{resume.text}\nKyoto, Japan\nPython and SQL"
        application = session.get(Application, masked.application_ids[0])
        assert application is not None  # the text as the application's creation redacts it, once
        resume.redacted_text = blind_screening.redacted_text(application, masked.email, "resume", resume.text)
        session.add(resume)
    tab.send(PipelineState, "open_candidate", application_id=masked.application_ids[0])
    selected = tab.state(PipelineState).selected
    assert selected.blind and "Python and SQL" in selected.resume_text
    assert "Japan" not in selected.resume_text

    # Once revealed, the filter finds the person by their address like anyone else.
    token = token_for("admin")
    with db.session_scope() as session:
        user = auth.current_user(token, session=session)
        assert user is not None
        blind_screening.reveal(masked.application_ids[0], world.posting_id, user, session=session)
    tab = Tab(token, board + "?country=Japan")
    tab.send(PipelineState, "load")
    cards = [c for column in tab.state(PipelineState).columns for c in column.cards]
    assert [c.id for c in cards] == [masked.application_ids[0]]
