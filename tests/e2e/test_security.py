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
from reflex.state import State

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.services.pipeline import REJECTION_REASONS
from careers_app.states.guard import Access, access_of

CORTEX = "machine-learning-engineer-data-science-cortex"


def _state_classes() -> list[type]:
    """Every state class of the app's own code, found by walking Reflex's state tree."""
    import careers_app.careers_app  # noqa: F401  (imports every page and state)

    found: list[type] = []
    todo: list[type] = list(State.get_substates())
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("careers_app.states"):
            found.append(cls)
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


def _session_cookie(app: RunningApp, email: str) -> str:
    """Sign in through the real HTTP route, as a browser does, and return the cookie header."""
    answer = httpx.post(
        f"{app.base_url}/recruiting/session",
        data={"email": email, "password": TEST_DEMO_PASSWORD},
        headers={"Origin": app.base_url},
        timeout=15,
    )
    token = answer.cookies.get("careers_session")
    assert token, f"could not sign in {email}: {answer.status_code} {answer.headers.get('location')}"
    return f"careers_session={token}"


def _connect(app: RunningApp, cookie: str = ""):  # type: ignore[no-untyped-def]
    frames: list[str] = []
    client = socketio.Client(reconnection=False)
    client.on("event", lambda data: frames.append(json.dumps(data)), namespace="/_event")
    client.connect(
        f"{app.base_url}?token={uuid.uuid4()}",
        socketio_path="/_event",
        namespaces=["/_event"],
        transports=["websocket"],
        headers={"Cookie": cookie} if cookie else {},
        wait_timeout=10,
    )
    return client, frames


def _send_everything(app: RunningApp, client, allowed: set[Access]) -> int:  # type: ignore[no-untyped-def]
    """Every handler of every state the caller may NOT use, with valid and hostile arguments."""
    sent = 0
    for cls in _state_classes():
        for name, handler in cls.event_handlers.items():
            access = access_of(handler.fn)
            if access in allowed or (access is None and name != "setvar"):
                continue
            params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
            for payload in _argument_sets(app, params, sorted(cls.vars)):
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
    return sent


def _eeo_values(app: RunningApp) -> list[str]:
    with sa.create_engine(app.database_url).connect() as conn:
        rows = conn.execute(sa.text("select gender, race_ethnicity from eeo_answer")).all()
    return sorted({v for row in rows for v in row if v and len(v) > 12})


@pytest.mark.parametrize("who", ["anonymous", "compliance", "deactivated"])
def test_role_matrix_nobody_reaches_what_their_role_may_not(app_server: RunningApp, who: str) -> None:
    """Over a raw Socket.IO connection, as each role that may not work the board: every
    recruiter and admin handler, enumerated from the classes, with valid and hostile
    arguments. The database is unchanged and no frame carries candidate data."""
    cookie = ""
    allowed = {Access.PUBLIC}
    if who == "compliance":
        cookie = _session_cookie(app_server, "compliance@example.com")
        allowed |= {Access.COMPLIANCE, Access.SIGNED_IN}
    if who == "deactivated":
        cookie = _session_cookie(app_server, "recruiter2@example.com")
        with sa.create_engine(app_server.database_url).begin() as conn:
            conn.execute(sa.text("update app_user set active = false where email = 'recruiter2@example.com'"))
    client, frames = _connect(app_server, cookie)
    try:
        before = _snapshot(app_server)
        assert _send_everything(app_server, client, allowed) > 60
        time.sleep(2.0)
        assert _snapshot(app_server) == before
    finally:
        client.disconnect()
        if who == "deactivated":
            with sa.create_engine(app_server.database_url).begin() as conn:
                conn.execute(
                    sa.text("update app_user set active = true where email = 'recruiter2@example.com'")
                )
    received = "\n".join(frames)
    assert received, "the server answered nothing at all"
    expected = "/recruiting/not-allowed" if who == "compliance" else "/recruiting/sign-in"
    assert expected in received  # the handlers ran, and sent the caller where they belong
    for secret in _secrets(app_server) + _eeo_values(app_server):
        assert secret not in received
    assert '"cards"' not in received and '"resume_text"' not in received


def test_role_matrix_recruiters_cannot_do_admin_work(app_server: RunningApp) -> None:
    client, frames = _connect(app_server, _session_cookie(app_server, "recruiter@example.com"))
    try:
        before = _snapshot(app_server)
        assert _send_everything(app_server, client, {Access.PUBLIC, Access.SIGNED_IN, Access.BOARD}) > 10
        time.sleep(2.0)
        after = _snapshot(app_server)
    finally:
        client.disconnect()
    assert after["users"] == before["users"]
    with sa.create_engine(app_server.database_url).connect() as conn:
        statuses = conn.execute(sa.text("select count(*) from posting where status = 'open'")).scalar()
    assert statuses and statuses > 10
    assert "/recruiting/not-allowed" in "\n".join(frames)


def test_sign_in_over_http_needs_the_apps_own_origin(app_server: RunningApp) -> None:
    before = _snapshot(app_server)
    for headers in ({}, {"Origin": "https://evil.example"}):
        answer = httpx.post(
            f"{app_server.base_url}/recruiting/session",
            data={"email": "recruiter@example.com", "password": TEST_DEMO_PASSWORD},
            headers=headers,
            timeout=15,
        )
        assert "careers_session" not in answer.cookies
    assert _snapshot(app_server) == before


def test_the_session_cookie_is_httponly(app_server: RunningApp) -> None:
    answer = httpx.post(
        f"{app_server.base_url}/recruiting/session",
        data={"email": "recruiter@example.com", "password": TEST_DEMO_PASSWORD},
        headers={"Origin": app_server.base_url},
        timeout=15,
    )
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and "careers_session=" in v)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_documents_and_reflex_upload_folder_are_closed_to_anonymous_requests(app_server: RunningApp) -> None:
    with sa.create_engine(app_server.database_url).connect() as conn:
        ids = [row[0] for row in conn.execute(sa.text("select id from document order by id limit 5"))]
        keys = [
            row[0] for row in conn.execute(sa.text("select storage_key from document order by id limit 3"))
        ]
    assert ids
    for document_id in (*ids, 999999):
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
