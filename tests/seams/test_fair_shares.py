"""Fair shares where features meet (issue 18, leak 8), on production's path: the wizard's
real upload handler through the guard, the job board API through Starlette, the real
upload limits in the app's own committed units of work (SQLite and PostgreSQL), the real
PDF check server and check slots (in a folder of the test's own).

- A campus behind one IPv4 address: 50 candidates each upload a resume and a cover
  letter within 10 minutes (was: refused from the 21st file on).
- An API client posting at its allowed rate (two applications a second, two costly files
  each) does not make candidates' uploads fail with "We are checking many files right
  now" (was: they waited for the same slots and mostly got that message).
- One abusive browser is still refused past its own limit, without taking its neighbours'
  share, and one address that keeps making up browsers stops at the address's ceiling.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil
import pytest
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from reflex_components_core.core._upload import UploadChunk, UploadChunkIterator
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select
from starlette.testclient import TestClient

import careers_app.careers_app  # noqa: F401 (registers every state, as the app does)
from careers_app import routes
from careers_app.devtools import pdfs
from careers_app.devtools.pdfs import make_resume
from careers_app.http import board_api
from careers_app.models import DraftDocument, UploadEvent
from careers_app.models.types import utcnow
from careers_app.services.applying.applications import token_hash
from careers_app.services.candidates import documents as docs
from careers_app.services.candidates import upload_limits as limits
from careers_app.services.candidates.check_slots import API, _try_take, slots_for
from careers_app.services.platform import api_keys, auth, db
from careers_app.settings import get_settings
from careers_app.states.apply import ApplyState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import new_root, substate
from tests.loops import run_in_own_loop
from tests.settings_override import use_settings

CAMPUS = "198.51.100.20"  # one address for a whole career fair
BUSY = docs.MESSAGES["busy"]


@pytest.fixture
def app(committed_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The app's own units of work on a committed database; data, uploads and check slots
    in the test's folder (so no other test run on this machine holds our slots)."""
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    settings = replace(get_settings(), data_dir=tmp_path, upload_dir=tmp_path / "uploads", board_token="acme")
    use_settings(monkeypatch, settings)
    with db.session_scope() as session:
        slug = make_posting(session, make_team(session), make_office(session), title="Data Engineer").slug
    return {"engine": committed_engine, "slug": slug, "settings": settings}


def _wizard(slug: str, ip: str) -> ApplyState:
    """A new browser (its own tab state and draft token) on the wizard, from ``ip``."""
    root = new_root()
    state = substate(root, ApplyState)
    path = routes.apply_url(slug)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": ""}, "ip": ip, "pathname": path, "asPath": path}
    )
    wizard: ApplyState = state
    handler = ApplyState.event_handlers["load"]
    run_in_own_loop(lambda: handler.fn(wizard, **_prepare_event_payload(handler, {})))
    assert wizard.status == "ready"
    return wizard


def _upload(wizard: ApplyState, kind: str, data: bytes, name: str = "file.pdf") -> str:
    """Send one file as the browser does (one chunk, then the end); the error shown, or ""."""
    handler = ApplyState.event_handlers["upload_resume" if kind == "resume" else "upload_cover_letter"]

    async def send() -> Any:
        chunks = UploadChunkIterator()
        await chunks.push(UploadChunk(filename=name, offset=0, content_type="application/pdf", data=data))
        await chunks.finish()
        return await handler.fn(wizard, chunks=chunks)

    run_in_own_loop(send)
    if not wizard.errors[kind]:
        assert wizard.documents[kind]["name"] == name
    return wizard.errors[kind]


def _pdf(who: str, kind: str) -> bytes:
    return make_resume(who, kind, [f"{who} wrote this {kind}"])


def _stored(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(DraftDocument)).one()


# ----- a campus behind one address -----------------------------------------------------------


def test_fifty_candidates_behind_one_address_each_upload_two_files(app: dict[str, Any]) -> None:
    started = time.monotonic()
    errors: list[str] = []
    for i in range(50):
        wizard = _wizard(app["slug"], CAMPUS)
        for kind in docs.KINDS:
            errors.append(_upload(wizard, kind, _pdf(f"Candidate {i}", kind), f"{kind}-{i}.pdf"))
    assert errors == [""] * 100, sorted(set(errors))
    assert _stored(app["engine"]) == 100
    assert time.monotonic() - started < limits.CLIENT_WINDOW.total_seconds()  # all within 10 minutes


# ----- the job board API and the wizard --------------------------------------------------------


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def _api_key() -> str:
    with db.session_scope() as session:
        admin = auth.create_user(
            "integrations@example.com", "Integrations", "a long enough password", "admin", session=session
        )
        return api_keys.create_key("Job board", created_by=admin.id, session=session).key


def test_an_api_client_at_its_allowed_rate_does_not_make_wizard_uploads_busy(app: dict[str, Any]) -> None:
    """Two applications a second (the key's limit), each with two files that cost the
    checker its whole CPU limit (~2 CPU-seconds each: refused as too complex, after the
    work). Meanwhile five candidates upload a resume each, all at once."""
    key, posting_id = _api_key(), _posting_id(app)
    client = TestClient(board_api.http_routes())
    costly = pdfs.make_form_heavy_pdf()
    statuses: list[int] = []
    stop = threading.Event()

    def post(n: int) -> None:
        response = client.post(
            f"/v1/boards/acme/jobs/{posting_id}",
            data={
                "first_name": "Bulk",
                "last_name": "Poster",
                "email": f"poster{n}@example.org",
                "phone": "+44 20 7946 0958",
                "question_1004": "United Kingdom",
            },
            files={
                "resume": ("cv.pdf", costly, "application/pdf"),
                "cover_letter": ("letter.pdf", costly, "application/pdf"),
            },
            headers=_auth(key),
        )
        statuses.append(response.status_code)

    posters: list[threading.Thread] = []

    def flood() -> None:
        n = 0
        while not stop.is_set():
            for _ in range(api_keys.RATE_LIMIT):  # the key's whole allowance for this second
                thread = threading.Thread(target=post, args=(n,))
                thread.start()
                posters.append(thread)
                n += 1
            stop.wait(api_keys.RATE_WINDOW.total_seconds() + 0.05)

    flooder = threading.Thread(target=flood)
    flooder.start()
    try:
        _wait_for_api_checks(statuses)
        _wait_for_api_slots_taken(app["settings"].data_dir, posters)
        wizards = [_wizard(app["slug"], f"203.0.113.{i}") for i in range(5)]
        results: dict[int, str] = {}

        def upload(i: int) -> None:
            results[i] = _upload(wizards[i], "resume", _pdf(f"Candidate {i}", "resume"), f"cv-{i}.pdf")

        uploads = [threading.Thread(target=upload, args=(i,)) for i in range(5)]
        for thread in uploads:
            thread.start()
        for thread in uploads:
            thread.join(60)
    finally:
        stop.set()
        flooder.join(30)
        for thread in posters:
            thread.join(60)
    assert results == dict.fromkeys(range(5), ""), results
    assert BUSY not in results.values()
    # The client's files were checked (and refused as too complex) all along; it is told
    # to come back when the API's own slots are taken (503 with Retry-After).
    assert 422 in statuses and set(statuses) <= {422, 429, 503}, statuses


def _posting_id(app: dict[str, Any]) -> int:
    from careers_app.models import Posting

    with Session(app["engine"]) as session:
        posting = session.exec(select(Posting).where(Posting.slug == app["slug"])).one()
        assert posting.id is not None
        return posting.id


def _wait_for_api_checks(statuses: list[int]) -> None:
    """Until a forked checker child runs (only the API is uploading so far)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid = docs.checker_pid()
        if pid is not None and psutil.Process(pid).children():
            return
        time.sleep(0.02)
    raise AssertionError(f"the API's checks never started (answers so far: {statuses})")


def _wait_for_api_slots_taken(data_dir: Path, posters: list[threading.Thread]) -> None:
    """Until the API's checks hold every slot they may take, and more API requests are running
    than those slots (so some wait for one): the moment the candidates' uploads must not suffer."""
    paths = slots_for(data_dir, pool=API).paths()

    def taken(path: Path) -> bool:
        fd = _try_take(path)
        if fd is None:
            return True
        os.close(fd)  # free: give it back at once
        return False

    deadline = time.monotonic() + 30
    while not (all(taken(p) for p in paths) and sum(t.is_alive() for t in posters) > len(paths)):
        assert time.monotonic() < deadline, "the API's checks never took all their slots"
        time.sleep(0.02)


# ----- one abusive browser ---------------------------------------------------------------------


def test_one_abusive_browser_is_refused_past_its_limit_and_its_neighbours_still_upload(
    app: dict[str, Any],
) -> None:
    abuser = _wizard(app["slug"], CAMPUS)
    shown = [
        _upload(abuser, "resume", _pdf("Abuser", f"resume {i}"), f"again-{i}.pdf")
        for i in range(limits.TOKEN_MAX_UPLOADS + 3)
    ]
    assert shown[: limits.TOKEN_MAX_UPLOADS] == [""] * limits.TOKEN_MAX_UPLOADS
    for message in shown[limits.TOKEN_MAX_UPLOADS :]:
        assert message.startswith(f"You have uploaded {limits.TOKEN_MAX_UPLOADS} files in the last hour.")
    with Session(app["engine"]) as session:  # the refusals cost no check and are not counted
        events = session.exec(select(func.count()).select_from(UploadEvent)).one()
    assert events == limits.TOKEN_MAX_UPLOADS
    assert _stored(app["engine"]) == 1  # and it holds one document: each upload replaced the last

    # Its neighbours behind the same address are not refused for what it did.
    for i in range(20):
        neighbour = _wizard(app["slug"], CAMPUS)
        for kind in docs.KINDS:
            assert _upload(neighbour, kind, _pdf(f"Neighbour {i}", kind), f"{kind}-{i}.pdf") == ""


def test_an_address_that_keeps_making_up_browsers_stops_at_its_ceiling(app: dict[str, Any]) -> None:
    """The earlier uploads of the last 10 minutes are recorded as the app would have; the
    next browser from that address is refused before its file is even read."""
    client = limits.client_key(CAMPUS, app["settings"].secret_key)
    now = utcnow()
    with db.session_scope() as session:
        for i in range(limits.CLIENT_MAX_UPLOADS):
            session.add(
                UploadEvent(client_key=client, token_hash=token_hash(f"made-up-{i}"), size_bytes=1000, at=now)
            )
    message = _upload(_wizard(app["slug"], CAMPUS), "resume", _pdf("Another", "resume"))
    assert message.startswith("Too many files were uploaded from your network in the last few minutes.")
    assert _upload(_wizard(app["slug"], "192.0.2.44"), "resume", _pdf("Elsewhere", "resume")) == ""

    # A day's worth of bytes from one address is a ceiling too (disk, whatever the tokens).
    other = limits.client_key("192.0.2.99", app["settings"].secret_key)
    with db.session_scope() as session:
        for i in range(limits.CLIENT_MAX_BYTES_PER_DAY // docs.MAX_BYTES):
            session.add(
                UploadEvent(
                    client_key=other,
                    token_hash=token_hash(f"made-up-{i}"),
                    size_bytes=docs.MAX_BYTES,
                    at=now - limits.CLIENT_WINDOW - limits.CLIENT_WINDOW * (i % 5),
                )
            )
    message = _upload(_wizard(app["slug"], "192.0.2.99"), "resume", _pdf("Full", "resume"))
    assert message.startswith("Too much was uploaded from your network today.")


# ----- the pools -------------------------------------------------------------------------------


def test_the_api_never_holds_the_last_slot_and_a_one_core_host_gives_it_its_own(tmp_path: Path) -> None:
    wizard = slots_for(tmp_path, count=4)
    api = slots_for(tmp_path, count=4, pool=API)
    assert api.paths() == wizard.paths()[:3]  # the last is the wizard's alone
    single = slots_for(tmp_path, count=1, pool=API)
    assert single.count == 1 and single.paths()[0] not in slots_for(tmp_path, count=1).paths()
    with pytest.raises(ValueError, match="unknown check pool"):
        slots_for(tmp_path, pool="batch")
