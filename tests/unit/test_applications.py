"""Drafts and submission, on SQLite and PostgreSQL: all or nothing, no duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from careers_app.devtools.pdfs import make_pdf
from careers_app.models import (
    Application,
    ApplicationDraft,
    Candidate,
    Document,
    DraftDocument,
    EeoAnswer,
    Outbox,
    StageEvent,
)
from careers_app.services import applications as apps
from careers_app.services.documents import check_pdf, store
from tests.factories import make_office, make_posting, make_team

GOOD = {
    "first_name": "Ngozi",
    "last_name": "Okonjo-Iweala",
    "email": "Ngozi@Example.org",
    "phone": "+234 803 123 4567",
    "country": "Nigeria",
    "city": "Lagos",
}


@pytest.fixture
def posting(session: Session) -> apps.PostingRef:
    p = make_posting(session, make_team(session), make_office(session), hiring_steps=["Call", "Interviews"])
    ref = apps.open_posting_ref(p.slug, session=session)
    assert ref is not None
    return ref


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _attach(
    session: Session, token: str, posting: apps.PostingRef, kind: str, upload_dir: Path, text: str
) -> str:
    data = make_pdf([[text]])
    checked = check_pdf(data)
    key = store(data, checked.sha256, upload_dir)
    apps.attach_document(token, posting.id, kind, f"{kind}.pdf", checked, key, upload_dir, session=session)
    return key


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
    assert not (tmp_path / first).exists() and (tmp_path / second).exists()
    apps.remove_document(token, posting.id, "resume", tmp_path, session=session)
    assert not (tmp_path / second).exists()
    assert _count(session, DraftDocument) == 0


def test_submit_saves_everything_in_one_go(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, {**GOOD, "gender": "Female", "veteran_status": ""}, 5, session=session)
    resume_key = _attach(session, token, posting, "resume", tmp_path, "Economist, Spark")
    _attach(session, token, posting, "cover_letter", tmp_path, "Dear team")
    result = apps.submit_draft(token, posting, tmp_path, "Acme", session=session)
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
    apps.submit_draft(token, posting, tmp_path, "Acme", session=session)
    assert _count(session, EeoAnswer) == 0


def test_invalid_submission_saves_nothing_and_says_what_to_fix(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, {**GOOD, "email": "broken@", "gender": "Robot"}, 5, session=session)
    with pytest.raises(apps.SubmissionInvalid) as invalid:
        apps.submit_draft(token, posting, tmp_path, "Acme", session=session)
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
        apps.submit_draft(token, posting, tmp_path, "Acme", session=session)
    assert "upload it again" in invalid.value.errors["resume"]
    assert _count(session, Application) == 0


def test_same_email_twice_is_caught_with_the_date(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    for attempt in range(2):
        token = apps.new_token()
        email = "ngozi@example.org" if attempt == 0 else "  NGOZI@example.ORG "
        apps.save_draft(token, posting.id, {**GOOD, "email": email}, 5, session=session)
        _attach(session, token, posting, "resume", tmp_path, f"cv {attempt}")
        if attempt == 0:
            apps.submit_draft(token, posting, tmp_path, "Acme", session=session)
        else:
            with pytest.raises(apps.AlreadyApplied) as already:
                apps.submit_draft(token, posting, tmp_path, "Acme", session=session)
            assert already.value.submitted_at.tzinfo is not None
    assert _count(session, Application) == 1


def test_discard_and_purge_remove_drafts_and_their_files(
    session: Session, posting: apps.PostingRef, tmp_path: Path
) -> None:
    token = apps.new_token()
    apps.save_draft(token, posting.id, GOOD, 1, session=session)
    key = _attach(session, token, posting, "resume", tmp_path, "to be discarded")
    apps.discard_draft(token, posting.id, tmp_path, session=session)
    assert _count(session, ApplicationDraft) == 0 and not (tmp_path / key).exists()

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
