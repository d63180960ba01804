"""Leak 7 (issue 18): an API key belongs to an active admin, and each use is audited.

Through production's paths: the admin pages' handlers through the guard, the job board
API over HTTP, the app's own session_scope against a committed database.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import board_api
from careers_app.models import AuditEntry, User
from careers_app.services.platform import api_keys, audit, auth, db
from careers_app.settings import get_settings
from careers_app.states.admin import AccountsState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import call
from tests.handler_calls import token_for as _token
from tests.settings_override import use_settings


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


@pytest.fixture
def board(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[TestClient, str]:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path / "uploads", board_token="acme"))
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session))
        auth.create_user("second-admin@example.com", "Second", "second admin pass", "admin", session=session)
    return TestClient(board_api.http_routes()), f"/v1/boards/acme/jobs/{posting.id}"


def _key_made_by(email: str) -> tuple[int, str]:
    with db.session_scope() as session:
        maker = session.exec(select(User).where(User.email == email)).one()
        assert maker.id is not None
        return maker.id, api_keys.create_key("Aggregator", created_by=maker.id, session=session).key


def _accepted(client: TestClient, path: str, key: str) -> bool:
    status = client.post(path, json={}, headers=_auth(key)).status_code
    assert status in (401, 422), status  # 422: the key was accepted, the (empty) form was not
    return status == 422


def test_deactivating_the_maker_revokes_their_keys(app_db: Engine, board: tuple[TestClient, str]) -> None:
    client, path = board
    maker_id, key = _key_made_by("second-admin@example.com")
    assert _accepted(client, path, key)
    call(
        AccountsState,
        "set_active",
        token=_token("admin"),
        path=routes.ACCOUNTS,
        user_id=maker_id,
        active=False,
    )
    assert not _accepted(client, path, key)
    with db.session_scope() as session:  # reactivating the account does not bring the key back
        auth.set_active(maker_id, True, acting_user_id=maker_id, session=session)
    assert not _accepted(client, path, key)
    with db.session_scope() as session:
        assert [k.active for k in api_keys.list_keys(session=session)] == [False]


def test_demoting_the_maker_revokes_their_keys(app_db: Engine, board: tuple[TestClient, str]) -> None:
    client, path = board
    maker_id, key = _key_made_by("second-admin@example.com")
    with db.session_scope() as session:
        admin = session.exec(select(User).where(User.email == "admin@example.com")).one()
        auth.set_role(maker_id, "recruiter", acting_user_id=admin.id or 0, session=session)
    assert not _accepted(client, path, key)


def test_a_key_whose_maker_is_no_longer_an_active_admin_is_refused(
    app_db: Engine, board: tuple[TestClient, str]
) -> None:
    """Even when the account was changed behind the app's back (an SQL console, an old backup)."""
    client, path = board
    maker_id, key = _key_made_by("second-admin@example.com")
    with Session(app_db) as session:
        maker = session.get(User, maker_id)
        assert maker is not None
        maker.role = "compliance"
        session.add(maker)
        session.commit()
    assert not _accepted(client, path, key)


def test_each_use_of_a_key_is_audited(app_db: Engine, board: tuple[TestClient, str]) -> None:
    client, path = board
    maker_id, key = _key_made_by("second-admin@example.com")
    assert _accepted(client, path, key) and _accepted(client, path, key)
    with Session(app_db) as session:
        uses = session.exec(select(AuditEntry).where(AuditEntry.action == audit.API_KEY_USED)).all()
    assert len(uses) == 2
    assert all(u.actor_kind == audit.API_KEY and u.actor_user_id == maker_id for u in uses)
    assert all(u.client_address == audit.address_key("testclient") for u in uses)
