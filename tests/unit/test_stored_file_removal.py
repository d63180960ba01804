"""A stored file is unlinked only after the commit of the unit of work that let go of it.

documents.delete_if_unreferenced notes the file on the session; once the transaction has
committed, a fresh transaction looks again at what is committed and only then unlinks. A
COMMIT that fails (cut here as a database restart would cut it) or any rollback keeps
the file, so the row that comes back still has it. Through the app's own session_scope
on a committed database (SQLite and PostgreSQL), as production runs it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from careers_app.devtools.pdfs import make_pdf
from careers_app.models import DraftDocument
from careers_app.services.applying import applications as apps
from careers_app.services.candidates.documents import CheckedPdf, check_pdf, store
from careers_app.services.platform.db import session_scope
from tests.commit_cut import CommitCut
from tests.factories import make_office, make_posting, make_team


def _posting(engine: Engine, **fields: object) -> int:
    with session_scope(engine) as session:
        return make_posting(session, make_team(session), make_office(session), **fields).id or 0


def _upload(text: str, upload_dir: Path) -> tuple[CheckedPdf, str]:
    """What the wizard does before its unit of work: check and store the file."""
    data = make_pdf([[text]])
    checked = check_pdf(data)
    return checked, store(data, checked.sha256, upload_dir)


def _attach(engine: Engine, token: str, posting_id: int, upload_dir: Path, text: str) -> str:
    checked, key = _upload(text, upload_dir)
    with session_scope(engine) as session:
        apps.attach_document(token, posting_id, "resume", "cv.pdf", checked, key, upload_dir, session=session)
    return key


def _remove(token: str, posting_id: int, upload_dir: Path, session: Session) -> None:
    apps.remove_document(token, posting_id, "resume", upload_dir, session=session)


def _draft_keys(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return sorted(session.exec(select(DraftDocument.storage_key)).all())


def test_a_cut_commit_keeps_the_file_and_a_commit_that_goes_through_removes_it(
    commit_cut: CommitCut, committed_engine: Engine, tmp_path: Path
) -> None:
    posting_id, token = _posting(committed_engine), apps.new_token()
    key = _attach(committed_engine, token, posting_id, tmp_path, "Grace Hopper, compilers")
    path = tmp_path / key

    commit_cut.arm()
    with pytest.raises(sa.exc.DBAPIError), session_scope(committed_engine) as session:
        _remove(token, posting_id, tmp_path, session)
    assert commit_cut.fired == 1  # the COMMIT was sent and failed
    assert _draft_keys(committed_engine) == [key] and path.is_file()  # the row is back, with its file

    def remove_then_fail() -> None:
        with session_scope(committed_engine) as session:
            _remove(token, posting_id, tmp_path, session)
            raise RuntimeError("the handler fails after the removal")

    with pytest.raises(RuntimeError, match="the handler fails"):
        remove_then_fail()
    assert _draft_keys(committed_engine) == [key] and path.is_file()

    with session_scope(committed_engine) as session:
        _remove(token, posting_id, tmp_path, session)
        assert path.is_file()  # not before the commit
    assert _draft_keys(committed_engine) == [] and not path.exists()


def test_a_savepoint_is_not_the_commit(committed_engine: Engine, tmp_path: Path) -> None:
    posting_id, token = _posting(committed_engine), apps.new_token()
    key = _attach(committed_engine, token, posting_id, tmp_path, "savepoint")

    def remove_in_a_savepoint_then_fail() -> None:
        with session_scope(committed_engine) as session:
            with session.begin_nested():
                _remove(token, posting_id, tmp_path, session)
            assert (tmp_path / key).is_file()
            raise RuntimeError("the outer transaction rolls back")

    with pytest.raises(RuntimeError, match="the outer transaction rolls back"):
        remove_in_a_savepoint_then_fail()
    assert _draft_keys(committed_engine) == [key] and (tmp_path / key).is_file()


def test_the_check_after_the_commit_sees_what_another_transaction_committed(
    committed_engine: Engine, tmp_path: Path
) -> None:
    """Two drafts with the same file: one removes it while the other, already stored and
    not yet committed when the first looked, commits its row first. The file stays."""
    if committed_engine.dialect.name == "sqlite":
        pytest.skip("SQLite runs one writing transaction at a time (BEGIN IMMEDIATE): they cannot overlap")
    posting_id, first, second = _posting(committed_engine), apps.new_token(), apps.new_token()
    key = _attach(committed_engine, first, posting_id, tmp_path, "the same cv")
    checked, again = _upload("the same cv", tmp_path)  # the second draft's upload: same bytes
    assert again == key
    with session_scope(committed_engine) as session:
        _remove(first, posting_id, tmp_path, session)  # no other row yet: noted for removal
        with session_scope(committed_engine) as other:
            apps.attach_document(
                second, posting_id, "resume", "cv.pdf", checked, key, tmp_path, session=other
            )
    assert _draft_keys(committed_engine) == [key] and (tmp_path / key).is_file()

    with session_scope(committed_engine) as session:
        _remove(second, posting_id, tmp_path, session)
    assert not (tmp_path / key).exists()  # the last one to let go of it removes it


def test_a_file_stored_again_before_the_commit_stays(committed_engine: Engine, tmp_path: Path) -> None:
    """documents.store touches a file it hands to another upload (whose row may commit only
    later): a file touched after it was let go of is left to the orphan sweep."""
    posting_id, token = _posting(committed_engine), apps.new_token()
    key = _attach(committed_engine, token, posting_id, tmp_path, "stored twice")
    then = time.time() - 60
    os.utime(tmp_path / key, (then, then))
    with session_scope(committed_engine) as session:
        _remove(token, posting_id, tmp_path, session)
        assert _upload("stored twice", tmp_path)[1] == key  # another draft's upload, meanwhile
    assert _draft_keys(committed_engine) == [] and (tmp_path / key).is_file()


def test_a_file_stored_for_a_refused_upload_goes_although_nothing_commits(
    committed_engine: Engine, tmp_path: Path
) -> None:
    posting_id = _posting(committed_engine, status="closed")
    checked, key = _upload("too late", tmp_path)
    with pytest.raises(apps.PostingClosed), session_scope(committed_engine) as session:
        apps.attach_document(
            apps.new_token(), posting_id, "resume", "cv.pdf", checked, key, tmp_path, session=session
        )
    assert not (tmp_path / key).exists()
