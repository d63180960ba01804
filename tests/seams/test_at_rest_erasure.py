"""Leak 6 (issue 18): erasure must reach every store, and the audit log holds no address.

On production's path: the app's own session_scope against a committed database (SQLite
and PostgreSQL), the admin's erase handler through the guard, the outbox delivered to
.eml files as it is with CAREERS_SMTP_URL unset.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import api
from careers_app.models import AuditEntry
from careers_app.services.mail import mail, outbox
from careers_app.services.platform import audit, db
from careers_app.services.privacy import retention
from careers_app.settings import get_settings
from careers_app.states.data_rights import PeopleState
from careers_app.states.guard import SESSION_COOKIE
from tests.handler_calls import call
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop
from tests.people import Person, make_person
from tests.settings_override import use_settings

CLIENT_IP = "203.0.113.7"  # what tests.unit.test_handlers.call gives every event

pytestmark = pytest.mark.usefixtures("no_live_feed")  # an erasure tells open boards


@pytest.fixture
def world(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Person:
    settings = replace(get_settings(), upload_dir=tmp_path / "uploads", data_dir=tmp_path, smtp_url="")
    use_settings(monkeypatch, settings)  # every module's reference, the outbox's and inventory's too
    with db.session_scope() as session:
        person = make_person(session, settings.upload_dir)
    return person


def _deliver_to_files(folder: Path) -> list[Path]:
    """One round of the sender as the running app does it without CAREERS_SMTP_URL."""
    transport = mail.transport_from("", sender="careers@example.com", reply_to="", drop_dir=folder)
    report = outbox.send_due(transport, domain="example.com")
    assert report.sent >= 2
    return sorted(folder.glob("*.eml"))


def _erase_as_admin(person: Person) -> None:
    admin = _token("admin")
    state, _ = call(PeopleState, "search", token=admin, path=routes.PEOPLE, form_data={"q": person.email})

    def step(name: str, **payload: object) -> object:
        handler = getattr(PeopleState, name)
        return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))

    step("ask_erase", candidate_id=person.candidate_id)
    step("erase", form_data={"confirm": person.email})
    assert state.message.startswith(f"Erased person #{person.candidate_id}:")


def test_erasure_removes_the_persons_outbox_files(world: Person, tmp_path: Path) -> None:
    files = _deliver_to_files(tmp_path / "outbox")
    assert any(world.email in f.read_text() for f in files)  # the To: line, as the issue found
    _erase_as_admin(world)
    left = [f.name for f in (tmp_path / "outbox").glob("*.eml") if world.email in f.read_text()]
    assert left == []


def test_the_audit_log_keeps_a_keyed_hash_of_the_client_address_never_the_address(
    world: Person, app_db: Engine
) -> None:
    base = get_settings().base_url
    client = TestClient(api.http_routes(), base_url=base, headers={"origin": base})
    client.cookies.set(SESSION_COOKIE, _token("admin"))
    assert client.get(routes.person_export_url(world.candidate_id)).status_code == 200  # from "testclient"
    _erase_as_admin(world)  # from CLIENT_IP
    with Session(app_db) as session:
        entries = session.exec(select(AuditEntry)).all()
    assert {e.action for e in entries} == {audit.EXPORT, audit.ERASURE}
    stored = {e.client_address for e in entries}
    assert "testclient" not in stored and CLIENT_IP not in stored
    assert stored == {audit.address_key("testclient"), audit.address_key(CLIENT_IP)}
    assert all(CLIENT_IP not in value for e in entries for value in map(str, e.model_dump().values()))


def test_the_daily_run_removes_outbox_files_whose_message_is_gone_and_hashes_old_addresses(
    world: Person, app_db: Engine, tmp_path: Path
) -> None:
    """What a crash between erasure's commit and its unlinking, a sender racing the erasure,
    or an older version's audit log left behind."""
    folder = tmp_path / "outbox"
    kept = _deliver_to_files(folder)
    stray = folder / "999999.eml"  # a message row that no longer exists
    stray.write_text(f"To: {world.email}\n")
    with Session(app_db) as session:
        session.add(AuditEntry(action=audit.EXPORT, actor_kind=audit.SYSTEM, client_address=CLIENT_IP))
        session.commit()
    assert retention.purge_if_due(retention.RetentionPolicy(), tmp_path / "uploads") is not None
    assert not stray.exists() and all(f.exists() for f in kept)  # the person is not due: theirs stay
    with Session(app_db) as session:
        assert [e.client_address for e in session.exec(select(AuditEntry)).all()] == [
            audit.address_key(CLIENT_IP)
        ]
