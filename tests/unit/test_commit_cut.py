"""Every writing event handler, with its COMMIT cut: nothing is kept, nothing is shown.

For each handler that writes (SCENARIOS, one per handler) a tab is set up with the events
a person sends first (the page's ``load``, opening a candidate, ...), on a committed
database (SQLite and PostgreSQL) through the app's own unit of work. Then the event under
test runs with its COMMIT cut (tests/commit_cut.py: the PostgreSQL backend terminated at
that moment; SQLite's COMMIT interrupted), and:

(a) the cut fired (the commit was attempted), (b) the handler did write (INSERT, UPDATE or
DELETE sent), (c) every row of every table and every stored file is as before, (d) every
var of every state of the tab is as before (except what a failure hook puts back, e.g. a
dropped card), and the result is the "try again" toast; (e) the same event once more,
uncut, succeeds and writes exactly what one such event writes (rows per table).

The two background uploads open their own units of work: the last one (the row for the
checked, stored file) is cut, and the wizard must say the upload failed, with no document
row; once more, the file is attached once.

Coverage is enforced: every guarded handler is either cut here (tests/cut_scenarios.py:
SCENARIOS, BACKGROUND) or listed in READ_ONLY with the reason; a handler in neither fails
the test, and a READ_ONLY handler that runs as a set-up step must write nothing. Of the
107 guarded handlers, 49 write: 47 have a scenario (48 scenarios: submit also as a
repeated application), the 2 uploads a cut attach (and a replacing one); 58 only read.
A draft's file that an event lets go of (remove_document, discard, a repeated submit, a
replacing upload) is unlinked only after the commit (docs.delete_if_unreferenced), so a
cut commit keeps both the row and its file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine

from careers_app.devtools.pdfs import make_resume
from careers_app.services.candidates import documents as docs
from careers_app.services.platform import auth, db
from careers_app.settings import get_settings
from careers_app.states import pipeline as board_states
from careers_app.states import team as team_states
from careers_app.states.apply import ApplyState
from careers_app.states.guard import TRY_AGAIN, access_of
from careers_app.states.pipeline import PipelineState
from tests.commit_cut import (
    CommitCut,
    WriteCounter,
    database_rows,
    row_changes,
    stored_files,
    tab_vars,
    var_changes,
)
from tests.cut_scenarios import (
    ADDED,
    BACKGROUND,
    CHANGED,
    NAMES,
    READ_ONLY,
    SCENARIOS,
    Scenario,
    World,
    wizard,
)
from tests.factories import make_office, make_team
from tests.handler_calls import (
    all_states,
    own_handlers,
    toast_levels,
    token_for,
)
from tests.settings_override import use_settings


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its cheapest: accounts are made and signed in to, not attacked, here."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(
    cheap_hashes: None, app_db: Engine, commit_cut: CommitCut, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    use_settings(monkeypatch, replace(get_settings(), upload_dir=uploads, eeo_race_standard="2024"))

    writes = WriteCounter(app_db)
    found = World(app_db, uploads, commit_cut, writes)

    def heard(name: str) -> Callable[..., Any]:
        async def after_commit(*_args: object) -> None:  # the live board feed needs a running app
            found.after_commit.append(name)

        return after_commit

    monkeypatch.setattr(board_states, "announce", heard("announce"))  # every board push
    monkeypatch.setattr(PipelineState, "_link_feed", heard("PipelineState._link_feed"))
    monkeypatch.setattr(team_states, "leave_feeds", heard("leave_feeds"))  # a page that is not a board
    found.tokens = {role: token_for(role) for role in ("recruiter", "admin")}
    with db.session_scope() as session:
        found.team_id = make_team(session).id or 0
        found.office_id = make_office(session).id or 0
    try:
        yield found
    finally:
        writes.close()


# ----- the property --------------------------------------------------------------------------------


def _cut_then_retry(w: World, key: str, case: Scenario) -> None:
    tab, (state_cls, name, payload) = case.prepare(w)
    rows, files, state = database_rows(w.engine), stored_files(w.uploads), tab_vars(tab.root)
    fired, w.writes.count, heard = w.cut.fired, 0, len(w.after_commit)
    w.cut.arm()
    result = tab.send(state_cls, name, **payload)
    w.cut.disarm()
    assert w.after_commit[heard:] == [], f"{key}: work queued for after the commit ran without one"
    assert w.cut.fired == fired + 1, f"{key}: no COMMIT was attempted (the cut did not fire)"
    assert w.writes.count > 0, f"{key}: the event wrote nothing, so its cut proves nothing"
    assert row_changes(rows, database_rows(w.engine)) == {}, f"{key}: rows kept after the cut"
    assert stored_files(w.uploads) == files, f"{key}: stored files changed although nothing committed"
    changed = var_changes(state, tab_vars(tab.root))
    for var, check in case.hooks.items():
        assert var in changed and check(changed.pop(var)[1], payload), (
            f"{key}: the failure hook did not set {var}"
        )
    assert changed == {}, f"{key}: the tab shows what was not committed: {sorted(changed)}"
    assert toast_levels(result) == ["error"] and repr(TRY_AGAIN)[1:-1] in str(result), f"{key}: {result}"

    again = tab.send(state_cls, name, **payload)
    assert w.cut.fired == fired + 1
    if case.answer:
        assert toast_levels(again) == ["error"] and case.answer in str(again), f"{key}: {again}"
    else:
        assert "error" not in toast_levels(again), f"{key}: the retry failed: {again}"
    written = row_changes(rows, database_rows(w.engine))
    assert written == case.writes, f"{key}: the retry wrote {written}"


def test_every_guarded_handler_is_either_a_cut_scenario_or_read_only() -> None:
    handlers = {
        f"{cls.__name__}.{name}"
        for cls in all_states()
        for name, handler in own_handlers(cls).items()
        if access_of(handler.fn) is not None
    }
    assert len(handlers) > 100
    listed = {key.split("#")[0] for key in SCENARIOS} | READ_ONLY.keys() | BACKGROUND.keys()
    assert sorted(handlers - listed) == [], "handlers neither cut-tested nor listed as read-only"
    assert sorted(listed - handlers) == [], "listed handlers that do not exist"
    assert not {key.split("#")[0] for key in SCENARIOS} & READ_ONLY.keys()


def test_every_writing_handler_keeps_nothing_and_shows_nothing_when_its_commit_is_cut(
    world: World, subtests: pytest.Subtests, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, case in SCENARIOS.items():
        with subtests.test(handler=key):
            if not case.bug:
                _cut_then_retry(world, key, case)
                continue
            with pytest.raises(AssertionError, match=case.bug):
                _cut_then_retry(world, key, case)
            pytest.xfail(f"{key}: {case.bug}")
    for key, kind in BACKGROUND.items():
        with subtests.test(handler=key):
            _cut_attach(world, key.split(".")[1], kind, monkeypatch)
    with subtests.test(handler="ApplyState.upload_resume#replace"):
        _cut_attach(world, "upload_resume", "resume", monkeypatch, replace=True)


# ----- the background uploads: their own units of work ---------------------------------------------


@dataclass
class _Chunk:
    filename: str
    data: bytes


async def _chunks(name: str, data: bytes) -> AsyncIterator[_Chunk]:
    yield _Chunk(name, data)


FILE_KEPT = "a stored file was removed although nothing committed"


def _cut_attach(
    w: World, event: str, kind: str, monkeypatch: pytest.MonkeyPatch, *, replace: bool = False
) -> None:
    """A background upload's last unit of work (the row for the checked, stored file) cut:
    no document row, no earlier file removed, the wizard says the upload failed; once more,
    it is attached once. ``replace``: the draft already has a document of this kind."""
    tab, _ = wizard(w, 3, resume=replace)
    pdf = make_resume(f"Grace Hopper {next(NAMES)}", "Engineer", ["Compilers."])
    real_store = docs.store

    def store_then_cut(*args: Any, **kwargs: Any) -> str:
        key = real_store(*args, **kwargs)
        w.cut.arm()  # the next COMMIT is the one recording the file on the draft
        return key

    rows, files, state, fired = (
        database_rows(w.engine),
        stored_files(w.uploads),
        tab_vars(tab.root),
        w.cut.fired,
    )
    monkeypatch.setattr(docs, "store", store_then_cut)
    try:
        tab.send(ApplyState, event, chunks=_chunks(f"{kind}.pdf", pdf))
    finally:
        monkeypatch.setattr(docs, "store", real_store)
        w.cut.disarm()
    assert w.cut.fired == fired + 1
    assert row_changes(rows, database_rows(w.engine)) == {"upload_event": ADDED}  # counted, not attached
    # The new file stays until the orphan sweep; every file stored before must still be there.
    assert files.items() <= stored_files(w.uploads).items(), FILE_KEPT
    shown = tab.state(ApplyState)
    assert var_changes(state, tab_vars(tab.root)).keys() == {"ApplyState.errors"}
    assert shown.errors[kind] == "The upload did not complete. Please try again."

    rows = database_rows(w.engine)
    tab.send(ApplyState, event, chunks=_chunks(f"{kind}.pdf", pdf))
    assert w.cut.fired == fired + 1
    written = row_changes(rows, database_rows(w.engine))
    # Replacing: the old row goes and a new one comes (SQLite may give it the freed id back).
    document = written.pop("draft_document", None)
    assert document in ({(1, 0, 1), CHANGED} if replace else {ADDED}), document
    assert written == {"upload_event": ADDED, "application_draft": CHANGED}
    gone = files.keys() - stored_files(w.uploads).keys()
    assert len(gone) == (1 if replace else 0), f"the replaced file goes once its commit went through: {gone}"
    assert shown.documents[kind]["name"] == f"{kind}.pdf" and shown.errors[kind] == ""
    assert not shown.uploading[kind] and shown.progress[kind] == 100
