"""Drafts and submission, on SQLite and PostgreSQL: all or nothing, no duplicates."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from careers_app.devtools.pdfs import make_pdf
from careers_app.models import (
    Application,
    ApplicationDraft,
    Candidate,
    Document,
    DraftDocument,
    EeoAnswer,
    Outbox,
    Posting,
    StageEvent,
)
from careers_app.models.types import utcnow
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.board import pipeline
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.platform.db import session_scope
from tests.applying import GOOD
from tests.applying import attach as _attach
from tests.factories import board_columns, make_office, make_posting, make_team


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _submit(session: Session, token: str, posting: apps.PostingRef, upload_dir: Path) -> apps.Submitted:
    return apps.submit_draft(
        token,
        posting.id,
        upload_dir,
        "Acme",
        session=session,
        agreed=consent.from_wizard(True, False, "Acme"),
    )


def test_draft_keeps_fields_step_and_documents(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    assert apps.load_draft(token, posting.id, session=session) is None
    apps.save_draft(token, posting.id, {**GOOD, "bogus": "x", "gender": "Female"}, 2, session=session)
    _attach(session, token, posting, "resume", tmp_path, "My resume")
    draft = apps.load_draft(token, posting.id, session=session)
    assert draft is not None and draft.step == 2
    assert (
        draft.data["first_name"] == "Ngozi" and "bogus" not in draft.data and draft.data["gender"] == "Female"
    )
    assert draft.documents["resume"].page_count == 1
    assert (
        apps.load_draft(apps.new_token(), posting.id, session=session) is None
    )  # another browser sees nothing
    stored = session.exec(select(ApplicationDraft)).one()
    assert stored.token_hash != token and len(stored.token_hash) == 64


def test_replacing_a_document_removes_the_old_file(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, GOOD, 3, session=session)
    first = _attach(session, token, posting, "resume", tmp_path, "first version")
    second = _attach(session, token, posting, "resume", tmp_path, "second version")
    assert (tmp_path / first).exists()  # until the commit: it may fail and bring the row back
    session.commit()
    assert not (tmp_path / first).exists() and (tmp_path / second).exists()
    apps.remove_document(token, posting.id, "resume", tmp_path, session=session)
    assert (tmp_path / second).exists()
    session.commit()
    assert not (tmp_path / second).exists()
    assert _count(session, DraftDocument) == 0


def test_submit_saves_everything_in_one_go(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, {**GOOD, "gender": "Female", "veteran_status": ""}, 5, session=session)
    resume_key = _attach(session, token, posting, "resume", tmp_path, "Economist, Spark")
    _attach(session, token, posting, "cover_letter", tmp_path, "Dear team")
    result = _submit(session, token, posting, tmp_path)
    application = session.get(Application, result.application_id)
    assert application is not None and application.stage == "applied" and application.version == 1
    candidate = session.get(Candidate, application.candidate_id)
    assert candidate is not None
    assert (candidate.email, candidate.phone_e164, candidate.last_name) == (
        "ngozi@example.org",
        "+2348031234567",
        "Okonjo-Iweala",
    )
    documents = session.exec(select(Document).where(Document.application_id == application.id)).all()
    assert {d.kind for d in documents} == {"resume", "cover_letter"}
    assert next(d for d in documents if d.kind == "resume").text.strip() == "Economist, Spark"
    assert (tmp_path / resume_key).exists()  # the file now belongs to the application
    events = session.exec(select(StageEvent).where(StageEvent.application_id == application.id)).all()
    assert [(e.from_stage, e.to_stage, e.actor) for e in events] == [(None, "applied", "candidate")]
    eeo = session.exec(select(EeoAnswer)).one()
    assert eeo.application_id == application.id and eeo.gender == "Female" and eeo.veteran_status == ""
    outbox = session.exec(select(Outbox)).one()
    assert outbox.to_email == "ngozi@example.org" and "1. Call" in outbox.body
    assert _count(session, ApplicationDraft) == 0 and _count(session, DraftDocument) == 0


def test_skipped_eeo_stores_no_answers(session: Session, posting: apps.PostingRef, tmp_path: Path) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, GOOD, 5, session=session)
    _attach(session, token, posting, "resume", tmp_path, "cv")
    _submit(session, token, posting, tmp_path)
    assert _count(session, EeoAnswer) == 0


def test_invalid_submission_saves_nothing_and_says_what_to_fix(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, {**GOOD, "email": "broken@", "gender": "Robot"}, 5, session=session)
    with pytest.raises(apps.SubmissionInvalid) as invalid:
        _submit(session, token, posting, tmp_path)
    assert set(invalid.value.errors) == {"email", "gender", "resume"}
    assert invalid.value.first_step == 1
    assert _count(session, Application) == 0 and _count(session, Candidate) == 0
    assert _count(session, ApplicationDraft) == 1  # the person's work is kept


def test_a_lost_file_blocks_submission(session: Session, posting: apps.PostingRef, tmp_path: Path) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, GOOD, 5, session=session)
    key = _attach(session, token, posting, "resume", tmp_path, "cv")
    (tmp_path / key).unlink()
    with pytest.raises(apps.SubmissionInvalid) as invalid:
        _submit(session, token, posting, tmp_path)
    assert "upload it again" in invalid.value.errors["resume"]
    assert _count(session, Application) == 0


def test_discard_and_purge_remove_drafts_and_their_files(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, GOOD, 1, session=session)
    key = _attach(session, token, posting, "resume", tmp_path, "to be discarded")
    apps.discard_draft(token, posting.id, tmp_path, session=session)
    assert _count(session, ApplicationDraft) == 0 and (tmp_path / key).exists()
    session.commit()
    assert not (tmp_path / key).exists()

    old = apps.new_token()
    apps.save_draft(old, posting.id, GOOD, 1, session=session)
    draft = session.exec(select(ApplicationDraft)).one()
    assert (
        apps.purge_stale_drafts(tmp_path, session=session, now=draft.updated_at + apps.DRAFT_LIFETIME / 2)
        == 0
    )
    assert (
        apps.purge_stale_drafts(tmp_path, session=session, now=draft.updated_at + apps.DRAFT_LIFETIME * 2)
        == 1
    )


def test_closed_posting_cannot_be_applied_to(session: Session) -> None:
    p = make_posting(session, make_team(session), make_office(session), status="closed")
    assert apps.open_posting_ref(p.slug, session=session) is None


# ----- helpers for the trust tests ---------------------------------------------------------

IMPOSTOR = {
    "first_name": "Mallory",
    "last_name": "Stranger",
    "email": "ngozi@EXAMPLE.org",  # somebody else's address
    "phone": "+44 20 7946 0958",
    "address": "1 Fake Street",
    "city": "London",
    "country": "United Kingdom",
    "zip_code": "SW1A 1AA",
}


def _other_posting(session: Session, title: str = "Data Engineer") -> apps.PostingRef:
    p = make_posting(session, make_team(session), make_office(session), title=title)
    ref = apps.open_posting_ref(p.slug, session=session)
    assert ref is not None
    return ref


def _apply(
    session: Session, posting: apps.PostingRef, upload_dir: Path, data: dict[str, str], text: str = "cv"
) -> apps.Submitted:
    token = apps.new_token()
    apps.save_draft(token, posting.id, data, 5, session=session)
    _attach(session, token, posting, "resume", upload_dir, text)
    return _submit(session, token, posting, upload_dir)


def _set_status(session: Session, posting_id: int, status: str) -> None:
    session.execute(sa.update(Posting).where(col(Posting.id) == posting_id).values(status=status))
    session.flush()


def _already_received(session: Session) -> list[Outbox]:
    return list(
        session.exec(
            select(Outbox).where(col(Outbox.body).contains("no need to apply again")).order_by(col(Outbox.id))
        ).all()
    )


def _rows(session: Session) -> dict[str, int]:
    return {
        m.__name__: _count(session, m)
        for m in (Application, Candidate, Document, EeoAnswer, StageEvent, Outbox, ApplicationDraft)
    }


# ----- defect 2: each application keeps what its submitter entered -------------------------


def test_applying_elsewhere_with_an_existing_email_changes_no_earlier_application(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    other = _other_posting(session)
    first = _apply(session, posting, tmp_path, {**GOOD, "address": "12 Marina Rd", "zip_code": ""})
    second = _apply(session, other, tmp_path, IMPOSTOR)

    # What a recruiter sees for the first application is still what its submitter entered.
    card = pipeline.card(first.application_id, session=session)
    assert card is not None and card.name == "Ngozi Okonjo-Iweala"
    detail = pipeline.candidate_detail(first.application_id, posting.id, session=session)
    assert detail is not None
    assert (detail.name, detail.phone, detail.location) == (
        "Ngozi Okonjo-Iweala",
        "+2348031234567",
        "Lagos, Nigeria",
    )
    found = board_columns(posting.id, session=session, query="mallory")
    assert sum(c.count for c in found) == 0  # search by name reads the application's own name
    assert sum(c.count for c in board_columns(posting.id, session=session, query="okonjo")) == 1

    # The second application shows what its own submitter entered.
    theirs = pipeline.candidate_detail(second.application_id, other.id, session=session)
    assert theirs is not None
    assert (theirs.name, theirs.phone, theirs.location) == (
        "Mallory Stranger",
        "+442079460958",
        "London, United Kingdom",
    )
    assert sum(c.count for c in board_columns(other.id, session=session, query="mallory")) == 1

    # Shared candidate data is untouched (no path proves control of the email yet).
    candidate = session.exec(select(Candidate)).one()
    assert (candidate.first_name, candidate.last_name, candidate.phone_e164, candidate.city) == (
        "Ngozi",
        "Okonjo-Iweala",
        "+2348031234567",
        "Lagos",
    )
    mine = session.get(Application, first.application_id)
    assert mine is not None
    assert (mine.first_name, mine.last_name, mine.phone_e164, mine.address, mine.city, mine.country) == (
        "Ngozi",
        "Okonjo-Iweala",
        "+2348031234567",
        "12 Marina Rd",
        "Lagos",
        "Nigeria",
    )
    stranger = session.get(Application, second.application_id)
    assert stranger is not None and stranger.candidate_id == mine.candidate_id
    assert (stranger.first_name, stranger.address, stranger.zip_code, stranger.state) == (
        "Mallory",
        "1 Fake Street",
        "SW1A 1AA",
        "",
    )


# ----- defect 3: a duplicate is caught at submit, quietly, and the address's owner is told ---


def test_a_duplicate_creates_nothing_and_tells_the_address_by_email(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    first = _apply(session, posting, tmp_path, {**GOOD, "gender": "Female"}, text="the real cv")
    before = _rows(session)
    token = apps.new_token()
    apps.save_draft(
        token, posting.id, {**IMPOSTOR, "email": "  NGOZI@example.ORG ", "gender": "Male"}, 5, session=session
    )
    key = _attach(session, token, posting, "resume", tmp_path, "a stranger's cv")
    _attach(session, token, posting, "cover_letter", tmp_path, "a stranger's letter")

    result = _submit(session, token, posting, tmp_path)  # no error: the same outcome as a first application

    assert result.already_applied and result.application_id == first.application_id
    after = _rows(session)
    assert after == {**before, "Outbox": before["Outbox"] + 1}  # nothing twice, no draft left
    session.commit()
    assert _count(session, DraftDocument) == 0 and not (tmp_path / key).exists()
    application = session.get(Application, first.application_id)
    assert application is not None and application.first_name == "Ngozi"
    [notice] = _already_received(session)
    when = application.submitted_at
    assert notice.to_email == "ngozi@example.org" and notice.application_id == first.application_id
    assert posting.title in notice.subject
    assert (
        f"We already have your application for {posting.title}, received on {when:%B} {when.day}, {when:%Y}; "
        "there is no need to apply again." in " ".join(notice.body.split())
    )
    for typed in ("Mallory", "Stranger", "7946", "Fake"):  # nothing a stranger typed reaches the owner
        assert typed not in notice.body and typed not in notice.subject


def test_at_most_one_already_received_email_per_address_and_posting_a_day(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    _apply(session, posting, tmp_path, GOOD)
    for attempt in range(3):
        assert _apply(session, posting, tmp_path, IMPOSTOR, text=f"spam {attempt}").already_applied
    assert len(_already_received(session)) == 1

    other = _other_posting(session, title="Economist")
    _apply(session, other, tmp_path, GOOD)
    assert _apply(session, other, tmp_path, IMPOSTOR).already_applied
    assert len(_already_received(session)) == 2  # another posting has its own allowance

    session.execute(
        sa.update(Outbox)
        .where(col(Outbox.body).contains("no need to apply again"))
        .values(created_at=utcnow() - timedelta(hours=24, minutes=1))
    )
    session.flush()
    _apply(session, posting, tmp_path, IMPOSTOR)
    assert len(_already_received(session)) == 3  # a day later one more may go out
    assert _count(session, Application) == 2


def test_a_duplicate_is_committed_like_any_submission(committed_engine: Engine, tmp_path: Path) -> None:
    """Through session_scope, as production runs it: the notice and the draft's removal stay."""
    with session_scope(committed_engine) as session:
        posting = _other_posting(session)
        _apply(session, posting, tmp_path, GOOD)
    with session_scope(committed_engine) as session:
        token = apps.new_token()
        apps.save_draft(token, posting.id, IMPOSTOR, 5, session=session)
        key = _attach(session, token, posting, "resume", tmp_path, "stranger")
    with session_scope(committed_engine) as session:
        assert _submit(session, token, posting, tmp_path).already_applied
    with session_scope(committed_engine) as session:
        assert _count(session, Application) == 1 and _count(session, ApplicationDraft) == 0
        assert len(_already_received(session)) == 1
    assert not (tmp_path / key).exists()


# ----- defect 4: the posting is checked again when it matters --------------------------------


@pytest.mark.parametrize("status", ["closed", "draft"])
def test_submit_refuses_a_posting_that_is_no_longer_open(
    session: Session, posting: apps.PostingRef, tmp_path: Path, status: str
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, GOOD, 5, session=session)
    key = _attach(session, token, posting, "resume", tmp_path, "cv")
    before = _rows(session)
    _set_status(session, posting.id, status)  # closed after the wizard loaded it
    with pytest.raises(apps.PostingClosed):
        _submit(session, token, posting, tmp_path)
    assert _rows(session) == before  # nothing created, the draft kept
    assert _count(session, DraftDocument) == 1 and (tmp_path / key).exists()


def test_drafts_and_uploads_for_a_closed_posting_are_refused(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, GOOD, 2, session=session)
    _set_status(session, posting.id, "closed")
    with pytest.raises(apps.PostingClosed):
        apps.save_draft(token, posting.id, {**GOOD, "city": "Abuja"}, 3, session=session)
    with pytest.raises(apps.PostingClosed):
        apps.save_draft(apps.new_token(), posting.id, GOOD, 1, session=session)
    data = make_pdf([["cv"]])
    checked = check_pdf(data)
    stored = store(data, checked.sha256, tmp_path)
    with pytest.raises(apps.PostingClosed):
        apps.attach_document(
            token, posting.id, "resume", "cv.pdf", checked, stored, tmp_path, session=session
        )
    assert _count(session, DraftDocument) == 0 and _count(session, ApplicationDraft) == 1
    draft = apps.load_draft(token, posting.id, session=session)
    assert draft is not None and draft.step == 2 and draft.data["city"] == "Lagos"


def test_a_posting_closed_in_another_transaction_refuses_the_submit(
    committed_engine: Engine, tmp_path: Path
) -> None:
    """As production runs it: loaded, closed by an admin, then submitted; nothing is kept but the draft."""
    with session_scope(committed_engine) as session:
        posting = _other_posting(session)
        token = apps.new_token()
        apps.save_draft(token, posting.id, GOOD, 5, session=session)
        _attach(session, token, posting, "resume", tmp_path, "cv")
    with session_scope(committed_engine) as session:
        pipeline.set_posting_status(posting.slug, "closed", session=session)
    with pytest.raises(apps.PostingClosed), session_scope(committed_engine) as session:
        _submit(session, token, posting, tmp_path)
    with session_scope(committed_engine) as session:
        assert _count(session, Application) == 0 and _count(session, Outbox) == 0
        assert _count(session, ApplicationDraft) == 1 and _count(session, DraftDocument) == 1
