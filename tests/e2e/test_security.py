"""Attacks that skip the UI: raw Socket.IO events to every recruiter handler, and raw HTTP.

The handlers are enumerated from the state classes, so a handler added later is covered
without touching this file.
"""

from __future__ import annotations

import inspect
import json
import re
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


# A card as the board sends it (an id and a name), not an empty typed default (id null or 0).
CARD = r'"id":\s*[1-9][0-9]*,\s*"name":\s*"[^"]'

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
            # the sender leaves failed email alone; only an admin's retry changes it
            "failed_mail": conn.execute(
                sa.text("select id, attempts from outbox where status = 'failed' order by id")
            ).all(),
        }


def _failed_mail_id(app: RunningApp) -> int:
    """A failed email for the admin's retry handler to be tried on (one is added if none is)."""
    with sa.create_engine(app.database_url).begin() as conn:
        found = conn.execute(sa.text("select min(id) from outbox where status = 'failed'")).scalar()
        if found is None:
            found = conn.execute(
                sa.text(
                    "insert into outbox (to_email, subject, body, created_at, status, attempts,"
                    " next_attempt_at, last_error) values ('matrix@example.org', 'Matrix', 'Hi',"
                    " CURRENT_TIMESTAMP, 'failed', 6, CURRENT_TIMESTAMP, '550 refused') returning id"
                )
            ).scalar_one()
    return int(found)


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
        "message_id": _failed_mail_id(app) if "message_id" in params else 0,
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


def _connect(app: RunningApp, cookie: str = "", token: str = ""):  # type: ignore[no-untyped-def]
    frames: list[str] = []
    client = socketio.Client(reconnection=False)
    client.on("event", lambda data: frames.append(json.dumps(data)), namespace="/_event")
    client.reflex_token = token or str(uuid.uuid4())
    client.connect(
        f"{app.base_url}?token={client.reflex_token}",
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
    """Distinctive voluntary answers stored for Cortex applicants (one is added if none is)."""
    with sa.create_engine(app.database_url).begin() as conn:
        if not conn.execute(sa.text("select count(*) from eeo_answer")).scalar():
            app_id, posting_id = conn.execute(
                sa.text(
                    "select a.id, a.posting_id from application a join posting p on p.id = a.posting_id "
                    "where p.slug = :s order by a.id limit 1"
                ),
                {"s": CORTEX},
            ).one()
            conn.execute(
                sa.text(
                    "insert into eeo_answer (application_id, posting_id, gender, race_ethnicity, "
                    "veteran_status, gender_identity, sexual_orientation, veteran_branch, created_at) "
                    "values (:a, :p, '', 'Native Hawaiian or Other Pacific Islander', '', '', '', '', "
                    "CURRENT_TIMESTAMP)"
                ),
                {"a": app_id, "p": posting_id},
            )
        rows = conn.execute(sa.text("select gender, race_ethnicity from eeo_answer")).all()
    values = sorted({v for row in rows for v in row if v and len(v) > 12})
    assert values, "no equal-opportunity answer to look for"
    return values


def _settle(frames: list[str], expected: str, quiet: float = 2.0, within: float = 60.0) -> None:
    """Wait until the server has answered the whole burst: the expected redirect has come
    and no frame has arrived for ``quiet`` seconds (a fixed sleep was too short under load
    once this round's handlers made the burst several hundred events long)."""
    deadline = time.monotonic() + within
    seen, still_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(frames) != seen:
            seen, still_since = len(frames), time.monotonic()
        elif expected in "\n".join(frames) and time.monotonic() - still_since >= quiet:
            return
        time.sleep(0.2)


@pytest.mark.parametrize("who", ["anonymous", "candidate", "compliance", "deactivated"])
def test_role_matrix_nobody_reaches_what_their_role_may_not(app_server: RunningApp, who: str) -> None:
    """Over a raw Socket.IO connection, as each role that may not work the board: every
    recruiter and admin handler, enumerated from the classes, with valid and hostile
    arguments. The database is unchanged and no frame carries candidate data. A
    "candidate" is a visitor in the middle of applying (a draft in the wizard)."""
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
    if who == "candidate":
        wizard = f"/jobs/{CORTEX}/apply"
        apply_state = _state_name("ApplyState")
        _emit(client, f"{apply_state}.load", {}, wizard)
        _emit(client, f"{apply_state}.set_field", {"name": "first_name", "value": "Casey"}, wizard)
        _emit(client, f"{apply_state}.leave_field", {"name": "first_name"}, wizard)
        time.sleep(1.0)
    try:
        _failed_mail_id(app_server)  # an email for the admin's retry handler, before the snapshot
        before = _snapshot(app_server)
        assert _send_everything(app_server, client, allowed) > 60
        _settle(frames, "/recruiting/not-allowed" if who == "compliance" else "/recruiting/sign-in")
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
    # No card and no resume reached the caller (wiped, empty states may be sent back).
    # (The board's typed empty defaults carry the field names, so look for a card's values.)
    assert not re.search(CARD, received) and not re.search(r'"resume_text": "[^"]', received)


def test_role_matrix_admins_see_no_single_persons_equal_opportunity_answers(app_server: RunningApp) -> None:
    """Admins may call every handler; still, no frame carries one person's EEO answer."""
    client, frames = _connect(app_server, _session_cookie(app_server, "admin@example.com"))
    try:
        before = _snapshot(app_server)
        for cls in _state_classes():
            if cls.__name__ == "ComplianceState":
                # Its reports name every answer option as a row of counts, by design: see
                # the test below, and tests/unit/test_eeo_reports.py for the suppression.
                continue
            for name in ("load", "open_candidate", "refresh_card", "search"):
                if name in cls.event_handlers:
                    _emit(client, f"{cls.get_full_name()}.{name}", {}, f"/recruiting/{CORTEX}")
        time.sleep(2.0)
        after = _snapshot(app_server)
    finally:
        client.disconnect()
    assert after["users"] == before["users"]
    received = "\n".join(frames)
    assert received
    for value in _eeo_values(app_server):
        assert value not in received


def test_compliance_reports_send_counts_and_option_names_never_a_person(app_server: RunningApp) -> None:
    """The compliance report's frames name answer options (rows of counts) but carry no
    candidate's contact data, no application id and no stored answer beside a person."""
    client, frames = _connect(app_server, _session_cookie(app_server, "compliance@example.com"))
    try:
        state = next(cls for cls in _state_classes() if cls.__name__ == "ComplianceState")
        _emit(client, f"{state.get_full_name()}.load", {}, f"/compliance?posting={CORTEX}")
        time.sleep(2.0)
    finally:
        client.disconnect()
    received = "\n".join(frames)
    assert "Declined to answer" in received  # the report arrived
    for secret in _secrets(app_server):
        assert secret not in received
    assert '"application_id"' not in received and '"candidate' not in received
    assert '"first_name"' not in received and '"email"' not in received


def test_role_matrix_recruiters_cannot_do_admin_work(app_server: RunningApp) -> None:
    client, frames = _connect(app_server, _session_cookie(app_server, "recruiter@example.com"))
    try:
        _failed_mail_id(app_server)
        before = _snapshot(app_server)
        assert _send_everything(app_server, client, {Access.PUBLIC, Access.SIGNED_IN, Access.BOARD}) > 10
        _settle(frames, "/recruiting/not-allowed")
        after = _snapshot(app_server)
    finally:
        client.disconnect()
    assert after["users"] == before["users"]
    assert after["failed_mail"] == before["failed_mail"]  # no retry of undelivered email
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
    upload = (
        next(c for c in _state_classes() if c.__name__ == "ApplyState").get_full_name() + ".upload_resume"
    )
    big = httpx.post(
        f"{app_server.base_url}/_upload",
        headers={"Reflex-Client-Token": str(uuid.uuid4()), "Reflex-Event-Handler": upload},
        content=b"0" * (3 * 1024 * 1024),
        timeout=30,
    )
    assert big.status_code == 413
    # Naming any handler but the two upload handlers is refused before the body is read
    # (Reflex itself answered 500 after parsing it).
    for handler in ("x", upload.replace("upload_resume", "submit")):
        wrong = httpx.post(
            f"{app_server.base_url}/_upload",
            headers={"Reflex-Client-Token": str(uuid.uuid4()), "Reflex-Event-Handler": handler},
            files={"files": ("a.pdf", b"%PDF-1.4 x", "application/pdf")},
            timeout=30,
        )
        assert wrong.status_code == 400


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


def _emit(client, name: str, payload: dict[str, Any], path: str) -> None:  # type: ignore[no-untyped-def]
    client.emit(
        "event",
        {"name": name, "payload": payload, "router_data": {"pathname": path, "query": {}, "asPath": path}},
        namespace="/_event",
    )


def _state_name(cls_name: str) -> str:
    return next(c for c in _state_classes() if c.__name__ == cls_name).get_full_name()


@pytest.mark.parametrize("how", ["signed out", "deactivated"])
def test_a_tab_that_signed_out_or_was_deactivated_gets_no_candidate_data_back(
    app_server: RunningApp, how: str
) -> None:
    """Reflex sends a tab's whole server-side state on every reconnect: after signing out
    (or being refused once deactivated) it must hold nothing of the boards it showed."""
    email = "recruiter2@example.com"
    cookie = _session_cookie(app_server, email)
    board = f"/recruiting/{CORTEX}"
    with sa.create_engine(app_server.database_url).connect() as conn:
        app_id, candidate_email = conn.execute(
            sa.text(
                "select a.id, c.email from application a join candidate c on c.id = a.candidate_id "
                "join posting p on p.id = a.posting_id where p.slug = :s order by a.id limit 1"
            ),
            {"s": CORTEX},
        ).one()
    client, frames = _connect(app_server, cookie)
    token = client.reflex_token
    pipeline = _state_name("PipelineState")
    _emit(client, f"{pipeline}.load", {}, board)
    _emit(client, f"{pipeline}.open_candidate", {"application_id": app_id}, board)
    time.sleep(1.5)
    assert candidate_email in "\n".join(frames)  # the recruiter did see the panel
    client.disconnect()
    try:
        if how == "signed out":
            answer = httpx.post(
                f"{app_server.base_url}/recruiting/sign-out",
                data={"client": token},
                headers={"Origin": app_server.base_url, "Cookie": cookie},
                timeout=15,
            )
            assert answer.status_code == 303
            again, later = _connect(app_server, "", token=token)
        else:
            with sa.create_engine(app_server.database_url).begin() as conn:
                conn.execute(sa.text("update app_user set active = false where email = :e"), {"e": email})
            again, later = _connect(app_server, cookie, token=token)
            _emit(again, f"{pipeline}.close_panel", {}, board)  # refused: the guard wipes the tab
            time.sleep(1.0)
            again.disconnect()
            again, later = _connect(app_server, "", token=token)
        _emit(again, "reflex___state____state.hydrate", {}, "/recruiting/sign-in")
        time.sleep(1.5)
        again.disconnect()
    finally:
        with sa.create_engine(app_server.database_url).begin() as conn:
            conn.execute(sa.text("update app_user set active = true where email = :e"), {"e": email})
    received = "\n".join(later)
    assert received, "no hydrate answer"
    assert candidate_email not in received
    assert not re.search(r'"resume_text": "[^"]', received)
    assert not re.search(CARD, received)  # no cards


def test_an_upload_cut_off_midway_does_not_leave_the_wizard_stuck(app_server: RunningApp) -> None:
    import socket

    from careers_app.devtools.pdfs import make_resume

    with sa.create_engine(app_server.database_url).connect() as conn:
        slug = conn.execute(
            sa.text("select slug from posting where status = 'open' order by id limit 1")
        ).scalar()
    wizard = f"/jobs/{slug}/apply"
    client, frames = _connect(app_server)
    token = client.reflex_token
    apply_state = _state_name("ApplyState")
    _emit(client, f"{apply_state}.load", {}, wizard)
    time.sleep(1.0)
    host, port = app_server.base_url.split("//")[1].split(":")
    boundary = "QQ"
    part = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="r.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%PDF-1.4\n"
        + b"0" * 200_000
    )
    head = (
        f"POST /_upload HTTP/1.1\r\nHost: {host}:{port}\r\nReflex-Client-Token: {token}\r\n"
        f"Reflex-Event-Handler: {apply_state}.upload_resume\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 500000\r\n\r\n"
    ).encode()
    raw = socket.create_connection((host, int(port)))
    raw.sendall(head + part)
    time.sleep(1.5)
    raw.close()  # the person's connection drops halfway
    time.sleep(2.0)
    answer = httpx.post(
        f"{app_server.base_url}/_upload",
        headers={"Reflex-Client-Token": token, "Reflex-Event-Handler": f"{apply_state}.upload_resume"},
        files={"files": ("resume.pdf", make_resume("Jane Doe", "x", ["y"]), "application/pdf")},
        timeout=60,
    )
    assert answer.status_code < 300
    time.sleep(3.0)
    client.disconnect()
    received = "\n".join(frames)
    assert '"resume.pdf"' in received  # the retry went through and is shown
