"""An upload whose handler is cancelled half-way (the browser went away, or the worker stops
at a deploy and its grace period ran out) tells the tab so, on production's path: the
wizard's real upload handler through the guard, its own committed units of work.

Before, the tab was only unstuck (no progress, no spinner) and showed neither a file nor a
message: a person back on another worker saw their resume silently gone.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from reflex_components_core.core._upload import UploadChunk, UploadChunkIterator
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

import careers_app.careers_app  # noqa: F401 (registers every state, as the app does)
from careers_app import routes
from careers_app.devtools.pdfs import make_resume
from careers_app.models import DraftDocument
from careers_app.services.platform import db
from careers_app.settings import get_settings
from careers_app.states.apply import UPLOAD_INCOMPLETE, ApplyState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import new_root, substate
from tests.loops import run_in_own_loop
from tests.settings_override import use_settings


@pytest.fixture
def wizard(committed_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ApplyState:
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    use_settings(monkeypatch, replace(get_settings(), data_dir=tmp_path, upload_dir=tmp_path / "uploads"))
    with db.session_scope() as session:
        slug = make_posting(session, make_team(session), make_office(session), title="Data Engineer").slug
    root = new_root()
    state: Any = substate(root, ApplyState)
    path = routes.apply_url(slug)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": ""}, "ip": "203.0.113.9", "pathname": path, "asPath": path}
    )
    load = ApplyState.event_handlers["load"]
    run_in_own_loop(lambda: load.fn(state, **_prepare_event_payload(load, {})))
    assert state.status == "ready"
    return state


def test_an_upload_cancelled_half_way_says_it_did_not_complete(
    wizard: ApplyState, committed_engine: Engine
) -> None:
    handler = ApplyState.event_handlers["upload_resume"]
    pdf = make_resume("Cut Off", "Engineer", ["Go"])

    async def send_half_then_cancel() -> None:
        chunks = UploadChunkIterator()
        task = asyncio.ensure_future(handler.fn(wizard, chunks=chunks))
        await chunks.push(
            UploadChunk(filename="resume.pdf", offset=0, content_type="application/pdf", data=pdf[:100])
        )
        while not wizard.uploading["resume"]:  # the handler has taken the upload on
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run_in_own_loop(send_half_then_cancel)
    assert wizard.uploading["resume"] is False and wizard.progress["resume"] == 0
    assert wizard.errors["resume"] == UPLOAD_INCOMPLETE
    assert wizard.documents["resume"]["name"] == ""
    with Session(committed_engine) as session:
        assert session.exec(select(func.count()).select_from(DraftDocument)).one() == 0
