"""Drafts and submission of applications.

A draft belongs to one browser (a random token it keeps) and one posting. Submission
turns the draft into candidate, application, documents, stage event, EEO answers and an
outbox message in one transaction: all are saved or none is.

Anyone can type anyone's email address, so nothing here tells a visitor whether an
address has applied, and nothing a visitor submits changes what an earlier application
shows. A repeated application is answered by email to the address instead.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app import i18n
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
from careers_app.services.applying import consent, sources
from careers_app.services.candidates import candidate_access
from careers_app.services.candidates import documents as docs
from careers_app.services.candidates.validation import (
    APPLICANT_FIELDS,
    FIELD_STEP,
    CleanApplicant,
    validate_applicant,
    validate_eeo,
)
from careers_app.services.mail import email_templates
from careers_app.services.platform.db import saved_id
from careers_app.services.platform.errors import Refused
from careers_app.services.platform.reference import EEO_FIELDS
from careers_app.services.postings import hiring_steps
from careers_app.services.postings.postings import is_open_values, open_clause
from careers_app.services.visibility import blind_screening

DRAFT_FIELDS: tuple[str, ...] = APPLICANT_FIELDS + EEO_FIELDS
DRAFT_LIFETIME = timedelta(days=30)
SOURCE_KEY = "source"  # a tracked link's source, kept in the draft's data beside the answers
ALREADY_RECEIVED_SUBJECT = "We already have your application"
ALREADY_RECEIVED_EVERY = timedelta(days=1)  # at most one such email per address and posting


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def valid_token(token: object) -> bool:
    return isinstance(token, str) and 20 <= len(token) <= 100 and token.isascii()


@dataclass(frozen=True)
class PostingRef:
    id: int
    slug: str
    title: str
    steps: list[str]
    title_es: str = ""  # the posting's Spanish version's title, if any


def _ref(posting: Posting | sa.Row[Any]) -> PostingRef:
    """From a posting, or a row of its columns (``_REF_COLUMNS``: the same names)."""
    steps = list(posting.hiring_steps)
    title_es = str(getattr(posting, "title_es", "") or "")
    return PostingRef(
        id=posting.id or 0, slug=posting.slug, title=posting.title, steps=steps, title_es=title_es
    )


def open_posting_ref(slug: object, *, session: Session) -> PostingRef | None:
    if not isinstance(slug, str) or not slug or len(slug) > 160:
        return None
    posting = session.exec(select(Posting).where(Posting.slug == slug, open_clause())).first()
    if posting is None or posting.id is None:
        return None
    return _ref(posting)


class PostingClosed(Refused):
    """The posting is closed, a draft or gone: it takes no drafts, uploads or submissions."""

    def __init__(self) -> None:
        super().__init__("This job is no longer accepting applications.")


_REF_COLUMNS = (
    col(Posting.id),
    col(Posting.slug),
    col(Posting.title),
    col(Posting.hiring_steps),
    col(Posting.status),
    col(Posting.closes_at),
)


def _require_open(posting_id: int, *, session: Session, lock: bool = False) -> PostingRef:
    """Read the posting now, in this transaction: what the wizard loaded may be stale.

    Only the columns a PostingRef needs are read: every typed field of the wizard asks
    this, and the whole row (descriptions, JSON) cost most of such an event's time.
    With ``lock``, PostgreSQL keeps the row shared-locked until commit, so a posting being
    closed waits for submissions already under way instead of racing them (SQLite takes
    the write lock at BEGIN and needs nothing more).
    """
    query = sa.select(*_REF_COLUMNS).where(col(Posting.id) == posting_id)
    if lock:
        query = query.with_for_update(read=True)
    row = session.execute(query).first()
    if row is None or not is_open_values(row.status, row.closes_at):
        raise PostingClosed()
    return _ref(row)


@dataclass(frozen=True)
class DocumentInfo:
    kind: str
    name: str
    size_bytes: int
    page_count: int

    @property
    def size_label(self) -> str:
        return docs.format_size(self.size_bytes)


@dataclass
class DraftView:
    data: dict[str, str] = field(default_factory=dict)
    step: int = 1
    documents: dict[str, DocumentInfo] = field(default_factory=dict)


def _find_draft(
    token: str, posting_id: int, *, session: Session, lock: bool = False
) -> ApplicationDraft | None:
    """``lock``: held until commit (PostgreSQL), so two Submits of one draft take turns and
    the second finds it gone, and the application it became (submit_draft)."""
    if not valid_token(token):
        return None
    query = select(ApplicationDraft).where(
        ApplicationDraft.token_hash == token_hash(token), ApplicationDraft.posting_id == posting_id
    )
    return session.exec(query.with_for_update() if lock else query).first()


def _get_or_create_draft(token: str, posting_id: int, *, session: Session) -> ApplicationDraft:
    draft = _find_draft(token, posting_id, session=session)
    if draft is None:
        if not valid_token(token):
            raise ValueError("invalid draft token")
        draft = _new_draft(token, posting_id, session=session)
    return draft


def _new_draft(token: str, posting_id: int, *, session: Session) -> ApplicationDraft:
    draft = ApplicationDraft(token_hash=token_hash(token), posting_id=posting_id, data={})
    session.add(draft)
    session.flush()
    return draft


def load_draft(token: str, posting_id: int, *, session: Session) -> DraftView | None:
    draft = _find_draft(token, posting_id, session=session)
    if draft is None:
        return None
    rows = session.exec(select(DraftDocument).where(DraftDocument.draft_id == draft.id)).all()
    return DraftView(
        data={k: v for k, v in draft.data.items() if k in DRAFT_FIELDS and isinstance(v, str)},
        step=draft.step,
        documents={
            r.kind: DocumentInfo(
                kind=r.kind, name=r.original_name, size_bytes=r.size_bytes, page_count=r.page_count
            )
            for r in rows
        },
    )


def _open_posting_with_draft(token: str, posting_id: int, *, session: Session) -> ApplicationDraft:
    """``_require_open`` and ``_get_or_create_draft`` in one query (the posting's columns and
    this browser's draft, if any): every field the person leaves saves the draft."""
    if not valid_token(token):
        raise ValueError("invalid draft token")
    row = session.execute(
        sa.select(col(Posting.status), col(Posting.closes_at), ApplicationDraft)
        .outerjoin(
            ApplicationDraft,
            sa.and_(
                col(ApplicationDraft.posting_id) == col(Posting.id),
                col(ApplicationDraft.token_hash) == token_hash(token),
            ),
        )
        .where(col(Posting.id) == posting_id)
    ).first()
    if row is None or not is_open_values(row.status, row.closes_at):
        raise PostingClosed()
    draft: ApplicationDraft | None = row[2]
    return draft if draft is not None else _new_draft(token, posting_id, session=session)


def save_draft(token: str, posting_id: int, data: dict[str, str], step: int, *, session: Session) -> None:
    """Keep what was typed (bounded, known fields only) so a reload or closed tab loses nothing."""
    draft = _open_posting_with_draft(token, posting_id, session=session)
    kept = {SOURCE_KEY: draft.data[SOURCE_KEY]} if isinstance(draft.data.get(SOURCE_KEY), str) else {}
    draft.data = {k: v[:1000] for k, v in data.items() if k in DRAFT_FIELDS and isinstance(v, str)} | kept
    draft.step = max(1, min(5, int(step)))
    draft.updated_at = utcnow()
    session.add(draft)
    session.flush()


def remember_source(token: str, posting_id: int, source: str, *, session: Session) -> None:
    """Keep a tracked link's source on the draft (the latest link wins), for the submission.

    It is kept beside the answers, not among them: the person never edits it.
    """
    _require_open(posting_id, session=session)
    draft = _get_or_create_draft(token, posting_id, session=session)
    draft.data = {**draft.data, SOURCE_KEY: sources.clean_slug(source)}
    session.add(draft)
    session.flush()


def attach_document(
    token: str,
    posting_id: int,
    kind: str,
    name: str,
    checked: docs.CheckedPdf,
    key: str,
    upload_dir: Path,
    *,
    session: Session,
) -> DocumentInfo:
    """Record a checked, stored PDF on the draft, replacing any earlier one (whose file goes
    once this unit of work commits, see documents.delete_if_unreferenced)."""
    if kind not in docs.KINDS:
        raise ValueError("unknown document kind")
    try:
        _require_open(posting_id, session=session)
    except PostingClosed:
        # Stored for nothing: it goes as this unit of work ends, although that is a rollback.
        docs.delete_if_unreferenced(key, upload_dir, session=session, also_on_rollback=True)
        raise
    draft = _get_or_create_draft(token, posting_id, session=session)
    old = session.exec(
        select(DraftDocument).where(DraftDocument.draft_id == draft.id, DraftDocument.kind == kind)
    ).first()
    old_key = old.storage_key if old else None
    if old is not None:
        session.delete(old)
        session.flush()
    row = DraftDocument(
        draft_id=saved_id(draft),
        kind=kind,
        original_name=docs.safe_display_name(name),
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
        page_count=checked.page_count,
        text=checked.text,
        storage_key=key,
    )
    session.add(row)
    draft.updated_at = utcnow()
    session.add(draft)
    session.flush()
    if old_key and old_key != key:
        docs.delete_if_unreferenced(old_key, upload_dir, session=session)
    return DocumentInfo(
        kind=kind, name=row.original_name, size_bytes=row.size_bytes, page_count=row.page_count
    )


def remove_document(token: str, posting_id: int, kind: str, upload_dir: Path, *, session: Session) -> None:
    draft = _find_draft(token, posting_id, session=session)
    if draft is None:
        return
    row = session.exec(
        select(DraftDocument).where(DraftDocument.draft_id == draft.id, DraftDocument.kind == kind)
    ).first()
    if row is not None:
        key = row.storage_key
        session.delete(row)
        session.flush()
        docs.delete_if_unreferenced(key, upload_dir, session=session)


def discard_draft(token: str, posting_id: int, upload_dir: Path, *, session: Session) -> None:
    draft = _find_draft(token, posting_id, session=session)
    if draft is not None:
        _delete_draft(draft, upload_dir, session=session)


def _delete_draft(
    draft: ApplicationDraft,
    upload_dir: Path,
    *,
    session: Session,
    rows: list[DraftDocument] | None = None,
    kept: AbstractSet[str] = frozenset(),
) -> None:
    """Delete a draft and its documents, and each file no other row uses. ``rows``: its
    documents, when the caller has just read them; ``kept``: storage keys the caller knows
    another row uses now (a submission's documents), not looked up again."""
    if rows is None:
        rows = list(session.exec(select(DraftDocument).where(DraftDocument.draft_id == draft.id)).all())
    keys = {r.storage_key for r in rows} - kept
    for r in rows:
        session.delete(r)
    session.flush()  # documents before their draft (no ORM relationship orders them)
    session.delete(draft)
    session.flush()
    for key in keys:
        docs.delete_if_unreferenced(key, upload_dir, session=session)


def purge_stale_drafts(upload_dir: Path, *, session: Session, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - DRAFT_LIFETIME
    stale = session.exec(select(ApplicationDraft).where(col(ApplicationDraft.updated_at) < cutoff)).all()
    for draft in stale:
        _delete_draft(draft, upload_dir, session=session)
    return len(stale)


class SubmissionInvalid(Exception):
    """What must be fixed, by field, with the step each field lives on."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("submission has errors")
        self.errors = errors

    @property
    def first_step(self) -> int:
        steps = [error_step(name) for name in self.errors]
        return min(steps) if steps else 1


def error_step(name: str) -> int:
    """The wizard step where a field with an error lives (consent is on the review step)."""
    if name == consent.PROCESSING_FIELD:
        return 5
    return FIELD_STEP.get(name, 3 if name in docs.KINDS else 4)


@dataclass(frozen=True)
class Submitted:
    """The outcome of a submission.

    ``already_applied`` is for logs and tests only: the person sees the same result either
    way, so the screen never tells a stranger that an address has applied.
    """

    application_id: int
    candidate_email: str
    already_applied: bool = False


def confirmation_values(
    first_name: str, last_name: str, posting: PostingRef, company: str, lang: str = i18n.DEFAULT
) -> dict[str, str]:
    """The placeholders of the "application received" email (services/mail/email_templates.py);
    ``lang``: the application's, for the posting's standard hiring steps."""
    return {
        "candidate_first_name": first_name,
        "candidate_name": f"{first_name} {last_name}".strip(),
        "posting_title": posting.title,
        "company_name": company,
        "next_steps": "\n".join(
            f"{i}. {step}" for i, step in enumerate(hiring_steps.steps_in(posting.steps, lang), 1)
        ),
    }


def _date(at: datetime) -> str:
    return f"{at:%B} {at.day}, {at:%Y}"


def already_received_values(posting: PostingRef, submitted_at: datetime, company: str) -> dict[str, str]:
    """The email for a repeated application; nothing in it comes from what was just typed."""
    return {"posting_title": posting.title, "company_name": company, "submitted_on": _date(submitted_at)}


def find_existing_application(
    email: str, posting_id: int, *, session: Session, lock: bool = False
) -> Application | None:
    query = (
        select(Application)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .where(Candidate.email == email, Application.posting_id == posting_id)
    )
    if lock:  # serialises repeated applications on PostgreSQL (SQLite writers queue anyway)
        query = query.with_for_update(of=Application)
    return session.exec(query).first()


@dataclass(frozen=True)
class StoredDocument:
    """A checked PDF already in storage, ready to become an application's document (from a
    draft's upload or from the job board API)."""

    kind: str
    original_name: str
    size_bytes: int
    sha256: str
    page_count: int
    text: str
    storage_key: str

    @classmethod
    def from_draft(cls, row: DraftDocument) -> StoredDocument:
        return cls(
            kind=row.kind,
            original_name=row.original_name,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            page_count=row.page_count,
            text=row.text,
            storage_key=row.storage_key,
        )


def check_answers(data: Mapping[str, object]) -> tuple[CleanApplicant | None, dict[str, str], dict[str, str]]:
    """The applicant, the EEO answers and every field error: the submit-time validation,
    also run by the job board API before it spends a PDF check on a doomed application."""
    applicant, errors = validate_applicant(data)
    eeo: dict[str, str] = {}
    for name in EEO_FIELDS:
        value, error = validate_eeo(name, data.get(name, ""))
        eeo[name] = value
        if error:
            errors[name] = error
    return applicant, eeo, errors


def submit_draft(
    token: str,
    posting_id: int,
    upload_dir: Path,
    company: str,
    *,
    session: Session,
    agreed: consent.Consent | None = None,
    language: str = i18n.DEFAULT,
) -> Submitted:
    """Validate everything again and save it all, or raise without saving anything.
    ``language``: the wizard's, kept on the application (its emails speak it).

    The posting is read again here, in the submitting transaction: the one the wizard
    loaded may have been closed since. A repeated application (same email, same posting)
    creates nothing new; the draft goes and the address is told by email.
    """
    earlier = submitted_from(token, posting_id, session=session)
    if earlier is not None:  # this draft was submitted, and the answer never reached the tab
        again = _find_draft(token, posting_id, session=session)
        if again is not None:  # the stale tab saved its answers again just before this Submit
            _delete_draft(again, upload_dir, session=session)
        return earlier
    posting = _require_open(posting_id, session=session, lock=True)
    draft = _find_draft(token, posting.id, session=session, lock=True)
    if draft is None:  # a concurrent Submit of this draft held its lock and won
        earlier = submitted_from(token, posting_id, session=session)
        if earlier is not None:
            return earlier
    data = dict(draft.data) if draft else {}
    rows = (
        session.exec(select(DraftDocument).where(DraftDocument.draft_id == draft.id)).all() if draft else []
    )
    documents = {r.kind: StoredDocument.from_draft(r) for r in rows}
    source = sources.for_submission(draft.data.get(SOURCE_KEY) if draft else None)
    agreed = agreed or consent.from_wizard(False, False, company)  # not asked: refused below
    result = _submit(
        posting,
        data,
        documents,
        upload_dir,
        company,
        source=source,
        session=session,
        agreed=agreed,
        language=language,
        draft_token_hash=token_hash(token),
    )
    assert draft is not None  # no draft means no answers: _submit raised SubmissionInvalid
    # Its documents were read above (not read again); a new application's documents now use
    # their files (same storage keys: none to unlink); a duplicate made none (unlinked if unused).
    kept = set() if result.already_applied else {r.storage_key for r in rows}
    _delete_draft(draft, upload_dir, session=session, rows=list(rows), kept=kept)
    return result


def submitted_from(token: str, posting_id: int, *, session: Session) -> Submitted | None:
    """The application this browser's draft for this posting became, if it was submitted
    (the draft itself is gone then). A submit can commit and its answer still never reach
    the tab (the worker or the connection died in between): the tab that comes back is
    told its application was received, and its second Submit saves and sends nothing."""
    if not valid_token(token):
        return None
    row = session.exec(
        select(Application.id, Candidate.email)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .where(Application.draft_token_hash == token_hash(token), Application.posting_id == posting_id)
    ).first()
    return Submitted(application_id=row[0] or 0, candidate_email=row[1]) if row else None


def submit_application(
    posting_id: int,
    data: Mapping[str, object],
    documents: Mapping[str, StoredDocument],
    upload_dir: Path,
    company: str,
    *,
    source: str,
    session: Session,
) -> Submitted:
    """The same submission as the wizard's, for answers and stored documents that arrive
    whole (the job board API): same checks, same duplicate handling, same rows."""
    posting = _require_open(posting_id, session=session, lock=True)
    agreed = consent.from_api()  # Greenhouse's format has no consent field: the integrator asked
    return _submit(
        posting, data, documents, upload_dir, company, source=source, session=session, agreed=agreed
    )


def _submit(
    posting: PostingRef,
    data: Mapping[str, object],
    documents: Mapping[str, StoredDocument],
    upload_dir: Path,
    company: str,
    *,
    source: str,
    session: Session,
    agreed: consent.Consent,
    language: str = i18n.DEFAULT,
    draft_token_hash: str | None = None,
) -> Submitted:
    applicant, eeo, errors = check_answers(data)
    if not agreed.processing:
        errors[consent.PROCESSING_FIELD] = consent.PROCESSING_REQUIRED
    if "resume" not in documents:
        errors["resume"] = "This field is required."
    for kind, doc in documents.items():
        if not docs.path_for(doc.storage_key, upload_dir).is_file():
            errors[kind] = "This file was lost; please upload it again."
    if errors or applicant is None:
        raise SubmissionInvalid(errors)

    existing = find_existing_application(applicant.email, posting.id, session=session, lock=True)
    if existing is None:
        try:
            with session.begin_nested():
                application = _create_application(
                    applicant,
                    posting,
                    documents,
                    eeo,
                    company,
                    source=source,
                    session=session,
                    agreed=agreed,
                    language=language,
                    draft_token_hash=draft_token_hash,
                )
            return Submitted(application_id=application.id or 0, candidate_email=applicant.email)
        except sa.exc.IntegrityError:  # a concurrent submission with this email won the race
            existing = find_existing_application(applicant.email, posting.id, session=session, lock=True)
            if existing is None:
                raise
    _acknowledge_repeat(existing, applicant.email, posting, company, session=session)
    return Submitted(application_id=existing.id or 0, candidate_email=applicant.email, already_applied=True)


def _acknowledge_repeat(
    existing: Application, email: str, posting: PostingRef, company: str, *, session: Session
) -> None:
    """Tell the address it already applied, at most once a day per posting (no spamming it)."""
    since = utcnow() - ALREADY_RECEIVED_EVERY
    recent = session.exec(
        select(Outbox.id).where(
            Outbox.application_id == existing.id,
            Outbox.to_email == email,
            Outbox.kind == "already_received",
            col(Outbox.created_at) > since,
        )
    ).first()
    if recent is not None:
        return
    values = already_received_values(posting, existing.submitted_at, company)
    values["status_link"] = candidate_access.new_status_link(existing.candidate_id, session=session)
    email_templates.queue("already_received", email, values, application_id=existing.id, session=session)


def _create_application(
    applicant: CleanApplicant,
    posting: PostingRef,
    documents: Mapping[str, StoredDocument],
    eeo: dict[str, str],
    company: str,
    *,
    source: str = sources.JOB_BOARD,
    session: Session,
    agreed: consent.Consent,
    language: str = i18n.DEFAULT,
    draft_token_hash: str | None = None,
) -> Application:
    contact: dict[str, Any] = {  # as entered for this application (validated)
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "phone_e164": applicant.phone_e164,
        "address": applicant.address,
        "city": applicant.city,
        "state": applicant.state,
        "country": applicant.country,
        "zip_code": applicant.zip_code,
    }
    candidate = session.exec(select(Candidate).where(Candidate.email == applicant.email)).first()
    if candidate is None:
        candidate = Candidate(email=applicant.email, **contact)
        session.add(candidate)
        session.flush()
    # An existing candidate's shared details are left as they are: whoever submitted this
    # has not shown they control the email. Changing them needs a path that proves it (the
    # candidate status page, a later issue); there is none yet. This application keeps
    # what its submitter entered, and recruiters read that.
    now = utcnow()
    application = Application(
        candidate_id=saved_id(candidate),
        posting_id=posting.id,
        stage="applied",
        source=source,
        language=i18n.supported(language) or i18n.DEFAULT,
        submitted_at=now,
        stage_changed_at=now,
        consent_text_id=agreed.text_id,
        consent_text=agreed.text,
        consent_processing=agreed.processing,
        consent_future_openings=agreed.future_openings,
        consent_at=agreed.at,
        draft_token_hash=draft_token_hash,
        linkedin=applicant.linkedin,
        github=applicant.github,
        website=applicant.website,
        **contact,
    )
    session.add(application)
    session.flush()
    assert application.id is not None
    app_id = application.id
    session.add(
        StageEvent(application_id=app_id, from_stage=None, to_stage="applied", actor="candidate", at=now)
    )
    for kind, row in documents.items():
        session.add(
            Document(
                application_id=app_id,
                kind=kind,
                original_name=row.original_name,
                size_bytes=row.size_bytes,
                sha256=row.sha256,
                page_count=row.page_count,
                text=row.text,
                text_sha256=docs.text_sha256(row.text),
                redacted_text=blind_screening.redacted_text(application, applicant.email, kind, row.text),
                storage_key=row.storage_key,
            )
        )
    if any(eeo.values()):
        session.add(EeoAnswer(application_id=app_id, posting_id=posting.id, **eeo))  # type: ignore[arg-type]
    values = confirmation_values(
        applicant.first_name, applicant.last_name, posting, company, application.language
    )
    values["status_link"] = candidate_access.new_status_link(candidate.id or 0, session=session)
    email_templates.queue(
        "application_received", applicant.email, values, application_id=app_id, session=session
    )
    return application


def draft_resume_text(token: str, posting_id: int, *, session: Session) -> str:
    """The text of the resume on this browser's draft ("" if there is none)."""
    if not valid_token(token):
        return ""
    text = session.exec(
        select(DraftDocument.text)
        .join(ApplicationDraft, col(ApplicationDraft.id) == col(DraftDocument.draft_id))
        .where(
            ApplicationDraft.token_hash == token_hash(token),
            ApplicationDraft.posting_id == posting_id,
            DraftDocument.kind == "resume",
        )
    ).first()
    return text or ""
