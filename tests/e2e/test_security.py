"""Attacks that skip the UI: raw Socket.IO events to every recruiter handler, and raw HTTP.

The handlers are enumerated from the state classes, so a handler added later is covered
without touching this file.
"""

from __future__ import annotations

import inspect
import json
import time
import uuid
from typing import Any

import httpx
import pytest
import socketio
import sqlalchemy as sa

from careers_app.devtools.appserver import RunningApp
from careers_app.services.pipeline import REJECTION_REASONS
from careers_app.states.recruiting import BoardFeed, RecruiterState

CORTEX = "machine-learning-engineer-data-science-cortex"


def _state_classes() -> list[type]:
    found: list[type] = []
    todo: list[type] = [RecruiterState, BoardFeed]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.get_substates())
    return found


def _snapshot(app: RunningApp) -> dict[str, Any]:
    with sa.create_engine(app.database_url).connect() as conn:
        return {
            "applications": conn.execute(
                sa.text("select id, stage, version, rejection_reason from application order by id")
            ).all(),
            "events": conn.execute(sa.text("select count(*) from stageevent")).scalar(),
            "notes": conn.execute(sa.text("select count(*) from note")).scalar(),
            "live_sessions": conn.execute(
                sa.text("select count(*) from user_session where revoked_at is null")
            ).scalar(),
            "users": conn.execute(sa.text("select id, email, role, active from app_user order by id")).all(),
        }


def _secrets(app: RunningApp) -> list[str]:
    """Values that must never reach an anonymous client: candidates' contact data."""
    with sa.create_engine(app.database_url).connect() as conn:
        rows = conn.execute(
            sa.text(
                "select c.email, c.phone_e164 from candidate c join application a on a.candidate_id = c.id "
                "join posting p on p.id = a.posting_id where p.slug = :s limit 40"
            ),
            {"s": CORTEX},
        ).all()
    return [value for row in rows for value in row]


def _argument_sets(app: RunningApp, params: list[str], var_names: list[str]) -> list[dict[str, Any]]:
    with sa.create_engine(app.database_url).connect() as conn:
        app_id, version = conn.execute(
            sa.text("select id, version from application order by id limit 1")
        ).one()
    valid: dict[str, Any] = {
        "request": {"id": app_id, "to": "hired", "version": version},
        "form_data": {
            "reason": REJECTION_REASONS[0],
            "stage": "hired",
            "note": "note from nowhere",
            "q": "a",
            "email": "recruiter@example.com",
            "password": "wrong-password-here",
        },
        "application_id": app_id,
    }
    hostile: list[Any] = [
        None,
        "",
        "1; drop table application",
        {"id": "x"},
        [1, 2],
        10**20,
        -1,
        "x" * 5000,
        {"__class__": 1},
    ]
    sets: list[dict[str, Any]] = [{}]
    if params:
        sets.append({p: valid.get(p, "x") for p in params})
        sets.extend({p: bad for p in params} for bad in hostile)
    if "var_name" in params:  # setvar: try every var of the state
        sets.extend({"var_name": name, "value": "x"} for name in var_names)
    return sets


@pytest.fixture(scope="module")
def raw_client(app_server: RunningApp):  # type: ignore[no-untyped-def]
    frames: list[str] = []
    client = socketio.Client(reconnection=False)
    client.on("event", lambda data: frames.append(json.dumps(data)), namespace="/_event")
    client.connect(
        f"{app_server.base_url}?token={uuid.uuid4()}",
        socketio_path="/_event",
        namespaces=["/_event"],
        transports=["websocket"],
        wait_timeout=10,
    )
    yield client, frames
    client.disconnect()


def test_every_recruiter_handler_refuses_an_anonymous_socket(app_server: RunningApp, raw_client) -> None:  # type: ignore[no-untyped-def]
    client, frames = raw_client
    before = _snapshot(app_server)
    sent = 0
    for cls in _state_classes():
        for name, handler in cls.event_handlers.items():
            if cls.__name__ == "SignInState" and name == "submit":
                continue  # the sign-in form itself; covered below with wrong passwords
            params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
            for payload in _argument_sets(app_server, params, sorted(cls.vars)):
                client.emit(
                    "event",
                    {
                        "name": f"{cls.get_full_name()}.{name}",
                        "payload": payload,
                        "router_data": {
                            "pathname": f"/recruiting/{CORTEX}",
                            "query": {},
                            "asPath": f"/recruiting/{CORTEX}",
                        },
                    },
                    namespace="/_event",
                )
                sent += 1
    assert sent > 60
    time.sleep(2.0)
    assert _snapshot(app_server) == before
    received = "\n".join(frames)
    assert received, "the server answered nothing at all"
    assert "/recruiting/sign-in" in received  # the handlers ran, and sent the caller to sign in
    for secret in _secrets(app_server):
        assert secret not in received
    # no board cards or candidate panel were sent (those carry "cards" and "resume_text" keys)
    assert '"cards"' not in received and '"resume_text"' not in received


def test_sign_in_with_wrong_passwords_over_the_socket_changes_nothing_else(
    app_server: RunningApp, raw_client
) -> None:  # type: ignore[no-untyped-def]
    client, _frames = raw_client
    before = _snapshot(app_server)
    name = next(c for c in _state_classes() if c.__name__ == "SignInState").get_full_name() + ".submit"
    for password in ("", "x", "demo-recruiter-2025", {"$ne": None}):
        client.emit(
            "event",
            {
                "name": name,
                "payload": {"form_data": {"email": "recruiter@example.com", "password": password}},
                "router_data": {},
            },
            namespace="/_event",
        )
    time.sleep(1.0)
    after = _snapshot(app_server)
    assert after == before  # no session was created


def test_documents_and_reflex_upload_folder_are_closed_to_anonymous_requests(app_server: RunningApp) -> None:
    with sa.create_engine(app_server.database_url).connect() as conn:
        ids = [row[0] for row in conn.execute(sa.text("select id from document order by id limit 5"))]
        keys = [
            row[0] for row in conn.execute(sa.text("select storage_key from document order by id limit 3"))
        ]
    assert ids
    for document_id in (*ids, 0, 999999):
        assert (
            httpx.get(f"{app_server.base_url}/recruiting/documents/{document_id}", timeout=10).status_code
            == 403
        )
    for path in ("/_upload/x.pdf", "/_upload/../careers.db", *(f"/_upload/{k}" for k in keys)):
        assert httpx.get(app_server.base_url + path, timeout=10).status_code == 404
    big = httpx.post(
        f"{app_server.base_url}/_upload",
        headers={"Reflex-Client-Token": str(uuid.uuid4()), "Reflex-Event-Handler": "x"},
        content=b"0" * (3 * 1024 * 1024),
        timeout=30,
    )
    assert big.status_code == 413


def test_websocket_from_another_origin_is_refused(app_server: RunningApp) -> None:
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            f"{app_server.base_url}?token={uuid.uuid4()}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers={"Origin": "https://evil.example"},
            wait_timeout=5,
        )


def test_pages_carry_hardening_headers(app_server: RunningApp) -> None:
    for path in ("/careers", f"/jobs/{CORTEX}", "/ping"):
        response = httpx.get(app_server.base_url + path, timeout=10, follow_redirects=True)
        assert response.headers.get("x-content-type-options") == "nosniff", path
        assert response.headers.get("x-frame-options") == "SAMEORIGIN", path
        assert response.headers.get("referrer-policy") == "strict-origin-when-cross-origin", path
