"""What an applicant typed and attached, for the application tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from careers_app.devtools.pdfs import make_pdf, make_resume
from careers_app.services.applying import applications as apps
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.platform.db import session_scope
from tests.factories import make_office, make_posting, make_team

GOOD = {
    "first_name": "Ngozi",
    "last_name": "Okonjo-Iweala",
    "email": "Ngozi@Example.org",
    "phone": "+234 803 123 4567",
    "country": "Nigeria",
    "city": "Lagos",
}


def attach(
    session: Session, token: str, posting: apps.PostingRef, kind: str, upload_dir: Path, text: str
) -> str:
    data = make_pdf([[text]])
    checked = check_pdf(data)
    key = store(data, checked.sha256, upload_dir)
    apps.attach_document(token, posting.id, kind, f"{kind}.pdf", checked, key, upload_dir, session=session)
    return key


def prepare_drafts(engine: Engine, uploads: Path, emails: list[str]) -> tuple[apps.PostingRef, list[str]]:
    """An open posting and one finished draft (step 5, a resume attached) per email."""
    with session_scope(engine) as session:
        posting = make_posting(session, make_team(session), make_office(session))
        ref = apps.open_posting_ref(posting.slug, session=session)
    assert ref is not None
    pdf = make_resume("Concurrent", "", ["Person"])
    checked = check_pdf(pdf)
    key = store(pdf, checked.sha256, uploads)
    tokens = []
    for email in emails:
        token = apps.new_token()
        with session_scope(engine) as session:
            data = {
                "first_name": "Sam",
                "last_name": "Lee",
                "email": email,
                "phone": "4155550132",
                "country": "United States",
            }
            apps.save_draft(token, ref.id, data, 5, session=session)
            apps.attach_document(token, ref.id, "resume", "cv.pdf", checked, key, uploads, session=session)
        tokens.append(token)
    return ref, tokens
