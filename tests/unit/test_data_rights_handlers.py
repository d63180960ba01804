"""The audit log and people pages through the guard, and the zip and document routes over
HTTP, on production's path (the app's own session_scope, committed, SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import api
from careers_app.models import AuditEntry, Candidate, Document
from careers_app.models.types import utcnow
from careers_app.services.candidates import candidate_access
from careers_app.services.platform import audit, db
from careers_app.services.privacy import data_export
from careers_app.settings import get_settings
from careers_app.states.data_rights import AuditLogState, CandidateDataState, PeopleState
from careers_app.states.guard import SESSION_COOKIE
from tests.handler_calls import call
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop
from tests.people import Person, make_person
from tests.settings_override import use_settings

pytestmark = pytest.mark.usefixtures("no_live_feed")  # an erasure tells open boards


@pytest.fixture
def world(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Person:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path))
    with db.session_scope() as session:
        person = make_person(session, tmp_path)
    return person


def _entries(engine: Engine, action: str) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


def _client(token: str = "") -> TestClient:
    base = get_settings().base_url
    client = TestClient(api.http_routes(), base_url=base, headers={"origin": base})
    if token:
        client.cookies.set(SESSION_COOKIE, token)
    return client


def test_admin_downloads_a_persons_zip_and_it_is_audited(world: Person, app_db: Engine) -> None:
    answer = _client(_token("admin")).get(routes.person_export_url(world.candidate_id))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert "attachment" in answer.headers["content-disposition"] and answer.headers[
        "cache-control"
    ].startswith("private")
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert json.loads(archive.read("person.json"))["person"]["email"] == world.email
    assert len([n for n in archive.namelist() if n.startswith("documents/")]) == 2
    [entry] = _entries(app_db, audit.EXPORT)
    assert entry.candidate_id == world.candidate_id and entry.actor_label == "admin@example.com"


@pytest.mark.parametrize("who", ["anonymous", "recruiter", "compliance"])
def test_nobody_but_an_admin_gets_a_persons_zip(world: Person, app_db: Engine, who: str) -> None:
    token = "" if who == "anonymous" else _token(who)
    answer = _client(token).get(routes.person_export_url(world.candidate_id))
    assert answer.status_code == 403 and world.email not in answer.text
    assert _entries(app_db, audit.EXPORT) == []


def test_unknown_people_and_hostile_ids_are_404(world: Person) -> None:
    client = _client(_token("admin"))
    for path in (
        "/team/people/999999/export.zip",
        "/team/people/0/export.zip",
        "/team/people/99999999999/export.zip",
    ):
        assert client.get(path).status_code == 404


def test_the_person_downloads_their_own_zip_with_their_status_link(world: Person, app_db: Engine) -> None:
    with db.session_scope() as session:
        token = candidate_access.issue_link(world.candidate_id, session=session)
        expired = candidate_access.issue_link(
            world.candidate_id,
            session=session,
            now=utcnow() - timedelta(days=400),
            lifetime=timedelta(days=1),
        )
    answer = _client().post(routes.CANDIDATE_EXPORT, data={"token": token})
    assert answer.status_code == 200
    mine = json.loads(zipfile.ZipFile(io.BytesIO(answer.content)).read("person.json"))
    assert mine["applications"][0]["equal_opportunity_answers"]["gender"] == "Female"
    [entry] = _entries(app_db, audit.EXPORT)
    assert entry.actor_kind == "candidate" and entry.candidate_id == world.candidate_id
    for bad in (expired, "x" * 43, "", "../../etc"):
        refused = _client().post(routes.CANDIDATE_EXPORT, data={"token": bad})
        assert refused.status_code == 403 and "expired or is not valid" in refused.text
    foreign = TestClient(
        api.http_routes(), base_url=get_settings().base_url, headers={"origin": "https://evil.example"}
    )
    assert foreign.post(routes.CANDIDATE_EXPORT, data={"token": token}).status_code == 403
    assert len(_entries(app_db, audit.EXPORT)) == 1


def test_every_document_view_is_audited(world: Person, app_db: Engine) -> None:
    with Session(app_db) as session:
        doc = session.exec(select(Document).where(Document.application_id == world.application_ids[0])).one()
    client = _client(_token("recruiter"))
    assert client.get(routes.document_url(doc.id or 0)).status_code == 200
    assert client.get(routes.document_url(doc.id or 0)).status_code == 200
    assert _client().get(routes.document_url(doc.id or 0)).status_code == 403  # refused: not a view
    entries = _entries(app_db, audit.DOCUMENT_VIEWED)
    assert len(entries) == 2
    assert {(e.actor_label, e.candidate_id, e.application_id) for e in entries} == {
        ("recruiter@example.com", world.candidate_id, world.application_ids[0])
    }
    assert world.last_name not in entries[0].detail and entries[0].detail == f"resume (document {doc.id})"


def test_audit_log_page_filters_pages_and_is_for_admins_only(world: Person, app_db: Engine) -> None:
    with db.session_scope() as session:
        for i in range(60):
            audit.record(
                audit.DOCUMENT_VIEWED,
                audit.Actor.system(),
                candidate_id=i + 1,
                session=session,
                at=utcnow() - timedelta(minutes=i),
            )
        audit.record(
            audit.ERASURE,
            audit.Actor.system(),
            candidate_id=7,
            session=session,
            at=utcnow() - timedelta(days=3),
        )
    admin = _token("admin")
    state, result = call(AuditLogState, "load", token=admin, path=routes.AUDIT_LOG)
    assert result is None and state.total == 61 and state.pages == 2 and len(state.rows) == 50
    assert state.rows[0].candidate == "#1" and state.older_url == routes.audit_log_url(page=2)
    state, _ = call(AuditLogState, "load", token=admin, path=routes.audit_log_url(page=2))
    assert (
        len(state.rows) == 11 and state.rows[-1].action == "erasure" and state.newer_url == routes.AUDIT_LOG
    )
    day = (utcnow() - timedelta(days=3)).date().isoformat()
    state, _ = call(AuditLogState, "load", token=admin, path=routes.audit_log_url(date_from=day, date_to=day))
    assert [r.action for r in state.rows] == ["erasure"]
    state, _ = call(
        AuditLogState, "load", token=admin, path=routes.AUDIT_LOG + "?action=nope&from=2026-13-01"
    )
    assert state.total == 61 and "action" in state.notice and "start date" in state.notice
    _, result = call(
        AuditLogState,
        "choose",
        token=admin,
        path=routes.AUDIT_LOG,
        form_data={"action": "erasure", "from": day, "to": ""},
    )
    assert _redirect_target(result) == routes.audit_log_url(action="erasure", date_from=day)
    _, result = call(AuditLogState, "load", token=_token("recruiter"), path=routes.AUDIT_LOG)
    assert _redirect_target(result) == routes.NOT_ALLOWED


def test_admin_erases_a_person_only_with_their_email_typed(
    world: Person,
    app_db: Engine,
    tmp_path: Path,
) -> None:
    admin = _token("admin")
    state, _ = call(PeopleState, "search", token=admin, path=routes.PEOPLE, form_data={"q": world.email[:8]})
    assert [p.email for p in state.people] == [world.email]
    # A fresh event (another tab, or a forged one) cannot pick whom to erase by id alone.
    _, result = call(
        PeopleState, "erase", token=admin, path=routes.PEOPLE, form_data={"confirm": world.email}
    )
    assert result is not None and _entries(app_db, audit.ERASURE) == []

    def step(name: str, **payload: object) -> object:
        nonlocal state
        handler = getattr(PeopleState, name)
        return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))

    step("ask_erase", candidate_id=world.candidate_id)
    assert state.confirm_email == world.email
    step("erase", form_data={"confirm": "someone@else.org"})
    assert state.confirm_error.startswith("Type the person's email") and _entries(app_db, audit.ERASURE) == []
    step("erase", form_data={"confirm": " " + world.email.upper()})
    assert state.confirm_email == "" and state.message.startswith(
        f"Erased person #{world.candidate_id}: 2 applications, 2 documents, 2 notes, 1 draft."
    )
    assert state.people == []
    with Session(app_db) as session:
        assert session.get_one(Candidate, world.candidate_id).email.startswith("erased-")
    assert not any(
        (tmp_path / k).exists() for k in [*world.storage_keys, world.draft_key]
    )  # unlinked after commit
    [entry] = _entries(app_db, audit.ERASURE)
    assert entry.actor_label == "admin@example.com" and entry.client_address == audit.address_key(
        "203.0.113.7"
    )
    _, result = call(
        PeopleState, "search", token=_token("recruiter"), path=routes.PEOPLE, form_data={"q": "zeb"}
    )
    assert _redirect_target(result) == routes.NOT_ALLOWED


def test_the_person_erases_their_own_data_from_the_status_page(
    world: Person, app_db: Engine, tmp_path: Path
) -> None:
    with db.session_scope() as session:
        token = candidate_access.issue_link(world.candidate_id, session=session)
    page = routes.status_url(token)
    # Without the confirm step, or with a wrong or missing link, nothing happens.
    _, result = call(CandidateDataState, "confirm_erase", path=page, form_data={"understood": "on"})
    assert result is not None and _entries(app_db, audit.ERASURE) == []
    state, result = call(CandidateDataState, "ask_erase", path=routes.status_url("y" * 43))
    assert not state.erase_open and _entries(app_db, audit.ERASURE) == []

    state, _ = call(CandidateDataState, "ask_erase", path=page)
    assert state.erase_open

    def step(name: str, **payload: object) -> object:
        handler = getattr(CandidateDataState, name)
        return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))

    step("confirm_erase", form_data={})
    assert state.erase_error.startswith("Tick the box") and _entries(app_db, audit.ERASURE) == []
    result = step("confirm_erase", form_data={"understood": "on"})
    assert _redirect_target(result) == routes.CANDIDATE_ERASED
    [entry] = _entries(app_db, audit.ERASURE)
    assert entry.actor_kind == "candidate" and entry.candidate_id == world.candidate_id
    assert not any((tmp_path / k).exists() for k in world.storage_keys)
    with db.session_scope() as session:
        assert candidate_access.candidate_for_token(token, session=session) is None  # the link is gone too
    assert _client().post(routes.CANDIDATE_EXPORT, data={"token": token}).status_code == 403


def test_the_status_page_download_mints_a_short_signed_ticket(world: Person, app_db: Engine) -> None:
    with db.session_scope() as session:
        token = candidate_access.issue_link(world.candidate_id, session=session)
    _, result = call(CandidateDataState, "download", path=routes.status_url("z" * 43))
    assert "has expired" in str(result) and routes.CANDIDATE_EXPORT not in str(result)
    _, result = call(CandidateDataState, "download", path=routes.status_url(token))
    url = next(
        part for part in str(result).split('"') if part.startswith(routes.CANDIDATE_EXPORT + "?ticket=")
    )
    answer = _client().get(url)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert _entries(app_db, audit.EXPORT)[0].actor_kind == "candidate"
    secret = get_settings().secret_key
    ticket = url.split("ticket=")[1]
    forged = ticket[:-1] + ("0" if ticket[-1] != "0" else "1")
    other = data_export.download_ticket(world.candidate_id, "another secret entirely, 32+ chars")
    expired = data_export.download_ticket(world.candidate_id, secret, now=0)
    for bad in (forged, other, expired, "1.99999999999.zz", ""):
        assert _client().get(routes.CANDIDATE_EXPORT, params={"ticket": bad}).status_code == 403
    assert len(_entries(app_db, audit.EXPORT)) == 1


def test_admin_download_button_starts_the_zip_route(world: Person) -> None:
    _, result = call(
        PeopleState, "download", token=_token("admin"), path=routes.PEOPLE, candidate_id=world.candidate_id
    )
    assert routes.person_export_url(world.candidate_id) in str(result)
    _, result = call(PeopleState, "download", token=_token("recruiter"), path=routes.PEOPLE, candidate_id=1)
    assert _redirect_target(result) == routes.NOT_ALLOWED
