"""Applications posted through the job board API, in Greenhouse's request format.

The body's names are Greenhouse's (``first_name``, ``resume`` or ``resume_content`` +
``resume_content_filename``, ``question_<id>``, EEO answers by name with a numeric
value or the label). They are turned into the wizard's own answers and stored
documents, and submitted through ``applications.submit_application``: the same
validation, the same bounded PDF check, storage, duplicate handling (quiet, one email)
and closed-posting check as the wizard, in one transaction. Only the ``source`` differs.

Unlike Greenhouse, which accepts applications missing required fields, every refusal
here names the field, so an integration learns what its form must ask.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlmodel import Session

from careers_app.services.applying import applications
from careers_app.services.candidates import documents as docs
from careers_app.services.candidates.check_slots import API
from careers_app.services.jobboard.job_board import ADDRESS_QUESTIONS, EEO_API_NAMES
from careers_app.services.platform.errors import Invalid
from careers_app.services.platform.reference import EEO_QUESTIONS, REQUIRED_MESSAGE

SOURCE = "api"
TEXT_MAX = 1000  # longer values are refused, not cut: an integration should know
PDF_ONLY = (
    "Send the {label} as a PDF file ({kind}, or {kind}_content with {kind}_content_filename); "
    "text-only and linked documents are not accepted."
)
_LABELS = {"resume": "resume", "cover_letter": "cover letter"}

# Text fields: request name -> the wizard's field name.
_TEXT_FIELDS: dict[str, str] = {
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "phone": "phone",
    "location": "address",  # Greenhouse: "Applicant's street address"
}
# Select fields: request name -> (the wizard's field name, options in order).
_SELECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    f"question_{qid}": (name, options) for qid, name, _l, _r, _k, options in ADDRESS_QUESTIONS if options
}
_SELECTS |= {EEO_API_NAMES.get(name, name): (name, options) for name, _label, options in EEO_QUESTIONS}
_SELECTS |= {name: (name, options) for name, _label, options in EEO_QUESTIONS}  # our own names too
_TEXT_FIELDS |= {
    f"question_{qid}": name for qid, name, _l, _r, _k, options in ADDRESS_QUESTIONS if not options
}


@dataclass(frozen=True)
class Upload:
    """A file as it arrived (not yet checked)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class ApiApplication:
    """A posted application in the wizard's terms: its answers and its uploaded files."""

    answers: dict[str, str] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)


def _text(value: object) -> str | None:
    """A scalar as text (JSON numbers become text, as in a form); None for anything else."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else None


def _choice(value: object, options: tuple[str, ...]) -> str | None:
    """A select answer given as its number (Greenhouse's ``value``) or its label."""
    text = _text(value)
    if text is None:
        return None
    text = text.strip()
    if not text:
        return ""
    if text.isdigit():
        index = int(text)
        return options[index - 1] if 1 <= index <= len(options) else None
    return text if text in options else None


def _decode(content: object) -> bytes | None:
    if not isinstance(content, str):
        return None
    try:
        return base64.b64decode("".join(content.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def read_application(fields: Mapping[str, object], files: Mapping[str, Upload]) -> ApiApplication:
    """Turn the posted names into the wizard's answers and files; raise Invalid naming
    each field that cannot be read (wrong type, unknown choice, bad base64, text resume)."""
    answers: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            text = _text(value)
            if text is None or len(text) > TEXT_MAX:
                errors[name] = f"Send text of at most {TEXT_MAX} characters."
            elif text.strip() or _TEXT_FIELDS[name] not in answers:
                answers[_TEXT_FIELDS[name]] = text
        elif name in _SELECTS:
            target, options = _SELECTS[name]
            choice = _choice(value, options)
            if choice is None:
                errors[name] = f"Choose one of the listed values (1 to {len(options)}) or labels."
            else:
                answers[target] = choice
    uploads = _read_uploads(fields, files, errors)
    if errors:
        raise Invalid(errors)
    return ApiApplication(answers=answers, uploads=uploads)


def _read_uploads(
    fields: Mapping[str, object], files: Mapping[str, Upload], errors: dict[str, str]
) -> dict[str, Upload]:
    """The files sent, as multipart parts or in base64 fields; what cannot be read goes in
    ``errors`` (a resume sent as text or a URL included: the API takes PDFs only)."""
    uploads: dict[str, Upload] = {}
    for kind in docs.KINDS:
        label = _LABELS[kind]
        if kind in files:
            uploads[kind] = files[kind]
        elif fields.get(f"{kind}_content") not in (None, ""):
            data = _decode(fields.get(f"{kind}_content"))
            filename = fields.get(f"{kind}_content_filename")
            if data is None:
                errors[f"{kind}_content"] = "Send the file's bytes in base64."
            elif not isinstance(filename, str) or not filename.strip():
                errors[f"{kind}_content_filename"] = f"Give the {label}'s file name, e.g. {kind}.pdf."
            else:
                uploads[kind] = Upload(filename=filename, data=data)
        else:
            for other in (f"{kind}_text", f"{kind}_url"):
                if fields.get(other) not in (None, ""):
                    errors[other] = PDF_ONLY.format(label=label, kind=kind)
            if isinstance(fields.get(kind), str) and fields.get(kind):
                errors[kind] = PDF_ONLY.format(label=label, kind=kind)
    return uploads


def check_fields(app: ApiApplication) -> None:
    """The submit-time field checks, before any PDF is checked or stored (those cost a
    process and disk), so a doomed application costs neither."""
    _applicant, _eeo, errors = applications.check_answers(app.answers)
    if "resume" not in app.uploads:
        errors["resume"] = REQUIRED_MESSAGE
    for kind, upload in app.uploads.items():
        if len(upload.data) > docs.MAX_BYTES:
            errors[kind] = docs.too_large_message(len(upload.data))
    if errors:
        raise Invalid(errors)


UnitOfWork = Callable[[], AbstractContextManager[Session]]
Checker = Callable[[bytes], docs.CheckedPdf]


def check_api_pdf(data: bytes) -> docs.CheckedPdf:
    """The wizard's check, in the API's pool of check slots: an integration posting at its
    full rate never takes the slot kept for candidates in the wizard (see check_slots)."""
    return docs.check_pdf(data, pool=API)


def _check_and_store(
    app: ApiApplication, upload_dir: Path, check: Checker
) -> dict[str, applications.StoredDocument]:
    """Check every file (bounded, separate process) and store the accepted ones by hash.
    A refused file raises Invalid (or DocumentRejected('busy'), which is the server's
    problem, not the file's)."""
    stored: dict[str, applications.StoredDocument] = {}
    errors: dict[str, str] = {}
    for kind, upload in app.uploads.items():
        try:
            checked = check(upload.data)
        except docs.DocumentRejected as rejected:
            if rejected.code == "busy":
                raise
            errors[kind] = str(rejected)
            continue
        stored[kind] = applications.StoredDocument(
            kind=kind,
            original_name=docs.safe_display_name(upload.filename),
            size_bytes=checked.size_bytes,
            sha256=checked.sha256,
            page_count=checked.page_count,
            text=checked.text,
            storage_key="",
        )
    if errors:
        raise Invalid(errors)
    result: dict[str, applications.StoredDocument] = {}
    for kind, doc in stored.items():
        key = docs.store(app.uploads[kind].data, doc.sha256, upload_dir)
        result[kind] = replace(doc, storage_key=key)
    return result


def submit(
    posting_id: int,
    app: ApiApplication,
    *,
    upload_dir: Path,
    company: str,
    unit: UnitOfWork,
    check: Checker = check_api_pdf,
) -> applications.Submitted:
    """Check, store and submit, or raise without leaving anything behind.

    Blocking (the PDF check waits for a process): call it from a thread. Files stored
    for an application that was then refused, or that repeated an earlier one, are
    removed unless some row refers to them.
    """
    check_fields(app)
    stored = _check_and_store(app, upload_dir, check)
    try:
        with unit() as session:
            result = applications.submit_application(
                posting_id, app.answers, stored, upload_dir, company, source=SOURCE, session=session
            )
    except applications.SubmissionInvalid as invalid:
        _forget(stored, upload_dir, unit)
        raise Invalid(invalid.errors) from invalid
    except BaseException:
        _forget(stored, upload_dir, unit)
        raise
    if result.already_applied:
        _forget(stored, upload_dir, unit)
    return result


def _forget(stored: Mapping[str, applications.StoredDocument], upload_dir: Path, unit: UnitOfWork) -> None:
    with unit() as session:
        for doc in stored.values():
            # Stored for this submission only: they go as the unit ends, committed or not.
            docs.delete_if_unreferenced(doc.storage_key, upload_dir, session=session, also_on_rollback=True)


def names() -> Iterator[str]:
    """Every field name the endpoint reads (documentation and tests)."""
    yield from _TEXT_FIELDS
    yield from _SELECTS
    for kind in docs.KINDS:
        yield from (kind, f"{kind}_content", f"{kind}_content_filename")
