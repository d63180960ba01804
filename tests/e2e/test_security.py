"""Attacks that skip the UI: raw Socket.IO events to every recruiter handler, and raw HTTP.

The handlers are enumerated from the state classes, so a handler added later is covered
without touching this file.
"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
import socketio
import sqlalchemy as sa

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.states.guard import Access
from tests.raw_socket import (
    CARD,
    CORTEX,
    answered_all,
    connect,
    eeo_values,
    emit,
    failed_mail_id,
    secrets,
    send_everything,
    session_cookie,
    snapshot,
    state_classes,
    state_name,
    var_values,
)
from tests.waiting import wait_until


@pytest.mark.parametrize("who", ["anonymous", "candidate", "compliance", "deactivated"])
def test_role_matrix_nobody_reaches_what_their_role_may_not(app_server: RunningApp, who: str) -> None:
    """Over a raw Socket.IO connection, as each role that may not work the board: every
    recruiter and admin handler, enumerated from the classes, with valid and hostile
    arguments. The database is unchanged and no frame carries candidate data. A
    "candidate" is a visitor in the middle of applying (a draft in the wizard)."""
    cookie = ""
    allowed = {Access.PUBLIC}
    if who == "compliance":
        cookie = session_cookie(app_server, "compliance@example.com")
        allowed |= {Access.COMPLIANCE, Access.SIGNED_IN}
    if who == "deactivated":
        cookie = session_cookie(app_server, "recruiter2@example.com")
        with sa.create_engine(app_server.database_url).begin() as conn:
            conn.execute(sa.text("update app_user set active = false where email = 'recruiter2@example.com'"))
    client, frames = connect(app_server, cookie)
    if who == "candidate":
        wizard = f"/jobs/{CORTEX}/apply"
        apply_state = state_name("ApplyState")
        emit(client, f"{apply_state}.load", {}, wizard)
        emit(client, f"{apply_state}.set_field", {"name": "first_name", "value": "Casey"}, wizard)
        emit(client, f"{apply_state}.leave_field", {"name": "first_name"}, wizard)
        answered_all(client, frames, wizard)
    try:
        failed_mail_id(app_server)  # an email for the admin's retry handler, before the snapshot
        before = snapshot(app_server)
        assert send_everything(app_server, client, allowed) > 60
        answered_all(client, frames)
        assert snapshot(app_server) == before
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
    for secret in secrets(app_server) + eeo_values(app_server):
        assert secret not in received
    # No card and no resume reached the caller (wiped, empty states may be sent back).
    # (The board's typed empty defaults carry the field names, so look for a card's values.)
    assert not re.search(CARD, received) and not re.search(r'"resume_text": "[^"]', received)


def test_role_matrix_admins_see_no_single_persons_equal_opportunity_answers(app_server: RunningApp) -> None:
    """Admins may call every handler; still, no frame carries one person's EEO answer."""
    client, frames = connect(app_server, session_cookie(app_server, "admin@example.com"))
    try:
        before = snapshot(app_server)
        for cls in state_classes():
            if cls.__name__ == "ComplianceState":
                # Its reports name every answer option as a row of counts, by design: see
                # the test below, and tests/unit/test_eeo_reports.py for the suppression.
                continue
            for name in ("load", "open_candidate", "refresh_card", "search"):
                if name in cls.event_handlers:
                    emit(client, f"{cls.get_full_name()}.{name}", {}, f"/recruiting/{CORTEX}")
        answered_all(client, frames)
        after = snapshot(app_server)
    finally:
        client.disconnect()
    assert after["users"] == before["users"]
    received = "\n".join(frames)
    assert received
    for value in eeo_values(app_server):
        assert value not in received


def test_compliance_reports_send_counts_and_option_names_never_a_person(app_server: RunningApp) -> None:
    """The compliance report's frames name answer options (rows of counts) but carry no
    candidate's contact data, no application id and no stored answer beside a person."""
    client, frames = connect(app_server, session_cookie(app_server, "compliance@example.com"))
    try:
        state = next(cls for cls in state_classes() if cls.__name__ == "ComplianceState")
        emit(client, f"{state.get_full_name()}.load", {}, f"/compliance?posting={CORTEX}")
        answered_all(client, frames)
    finally:
        client.disconnect()
    received = "\n".join(frames)
    assert "Declined to answer" in received  # the report arrived
    for secret in secrets(app_server):
        assert secret not in received
    assert '"application_id"' not in received and '"candidate' not in received
    assert '"first_name"' not in received and '"email"' not in received


def test_role_matrix_recruiters_cannot_do_admin_work(app_server: RunningApp) -> None:
    client, frames = connect(app_server, session_cookie(app_server, "recruiter@example.com"))
    try:
        failed_mail_id(app_server)
        before = snapshot(app_server)
        assert send_everything(app_server, client, {Access.PUBLIC, Access.SIGNED_IN, Access.BOARD}) > 10
        answered_all(client, frames)
        after = snapshot(app_server)
    finally:
        client.disconnect()
    assert after["users"] == before["users"]
    assert after["failed_mail"] == before["failed_mail"]  # no retry of undelivered email
    with sa.create_engine(app_server.database_url).connect() as conn:
        statuses = conn.execute(sa.text("select count(*) from posting where status = 'open'")).scalar()
    assert statuses and statuses > 10
    assert "/recruiting/not-allowed" in "\n".join(frames)


def test_sign_in_over_http_needs_the_apps_own_origin(app_server: RunningApp) -> None:
    before = snapshot(app_server)
    for headers in ({}, {"Origin": "https://evil.example"}):
        answer = httpx.post(
            f"{app_server.base_url}/recruiting/session",
            data={"email": "recruiter@example.com", "password": TEST_DEMO_PASSWORD},
            headers=headers,
            timeout=15,
        )
        assert "careers_session" not in answer.cookies
    assert snapshot(app_server) == before


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
    upload = next(c for c in state_classes() if c.__name__ == "ApplyState").get_full_name() + ".upload_resume"
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


@pytest.mark.parametrize("how", ["signed out", "deactivated"])
def test_a_tab_that_signed_out_or_was_deactivated_gets_no_candidate_data_back(
    app_server: RunningApp, how: str
) -> None:
    """Reflex sends a tab's whole server-side state on every reconnect: after signing out
    (or being refused once deactivated) it must hold nothing of the boards it showed."""
    email = "recruiter2@example.com"
    cookie = session_cookie(app_server, email)
    board = f"/recruiting/{CORTEX}"
    with sa.create_engine(app_server.database_url).connect() as conn:
        app_id, candidate_email = conn.execute(
            sa.text(
                "select a.id, c.email from application a join candidate c on c.id = a.candidate_id "
                "join posting p on p.id = a.posting_id where p.slug = :s order by a.id limit 1"
            ),
            {"s": CORTEX},
        ).one()
    client, frames = connect(app_server, cookie)
    token = client.reflex_token
    pipeline = state_name("PipelineState")
    emit(client, f"{pipeline}.load", {}, board)
    emit(client, f"{pipeline}.open_candidate", {"application_id": app_id}, board)
    wait_until(
        lambda: candidate_email in "\n".join(frames), timeout=30, message="the recruiter sees the panel"
    )
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
            again, later = connect(app_server, "", token=token)
        else:
            with sa.create_engine(app_server.database_url).begin() as conn:
                conn.execute(sa.text("update app_user set active = false where email = :e"), {"e": email})
            again, later = connect(app_server, cookie, token=token)
            emit(again, f"{pipeline}.close_panel", {}, board)  # refused: the guard wipes the tab
            wait_until(lambda: "/recruiting/sign-in" in "\n".join(later), timeout=30, message="the refusal")
            again.disconnect()
            again, later = connect(app_server, "", token=token)
        answered_all(again, later, "/recruiting/sign-in", keep=True)  # the reconnected tab's whole state
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
    client, frames = connect(app_server)
    token = client.reflex_token
    apply_state = state_name("ApplyState")
    emit(client, f"{apply_state}.load", {}, wizard)
    wait_until(lambda: "ready" in var_values(frames, apply_state, "status"), timeout=30, message="the wizard")
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
    uploading = lambda: [v.get("resume") for v in var_values(frames, apply_state, "uploading")]  # noqa: E731
    wait_until(lambda: True in uploading(), timeout=30, message="the upload under way")
    raw.close()  # the person's connection drops halfway
    wait_until(  # the server has given up on it: the wizard is no longer uploading
        lambda: uploading()[uploading().index(True) :].count(False) > 0,
        timeout=30,
        message="the cut-off upload ended",
    )
    answer = httpx.post(
        f"{app_server.base_url}/_upload",
        headers={"Reflex-Client-Token": token, "Reflex-Event-Handler": f"{apply_state}.upload_resume"},
        files={"files": ("resume.pdf", make_resume("Jane Doe", "x", ["y"]), "application/pdf")},
        timeout=60,
    )
    assert answer.status_code < 300
    # The retry went through and is shown (a failure: the wizard was left stuck).
    wait_until(lambda: '"resume.pdf"' in "\n".join(frames), timeout=30, message="the retried upload shown")
    client.disconnect()
