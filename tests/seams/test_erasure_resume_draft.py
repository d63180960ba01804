"""A draft started from a resume is the person's: erasure removes it, both exports show it.

"Start from my resume" saves the resume on the draft but none of its suggestions until the
person accepts them, so the draft's typed answers are empty while its document's text (and
the stored PDF) name the person. ``personal_data.drafts_of_person`` counts a draft whose
documents' text holds the person's address (any case) or phone (its E.164 digits in any
spacing) as theirs, unless another address was typed on it.

Production's path: the wizard's own attach path (services/applying/applications.attach_document)
with a real PDF checked by the real checker, the app's session_scope on a committed
database (SQLite and PostgreSQL), the erasure and the export as the People page and the
status page run them.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from careers_app.devtools.pdfs import make_resume
from careers_app.models import Application, ApplicationDraft, DraftDocument
from careers_app.services.applying import applications as apps
from careers_app.services.candidates import documents as docs
from careers_app.services.platform import audit
from careers_app.services.platform.db import session_scope
from careers_app.services.privacy import data_export, erasure, personal_data
from careers_app.services.visibility import identity
from tests.factories import make_office, make_posting, make_team

EMAIL, PHONE_TYPED = "youssef.khalil.2@example.com", "+971 4 555 0102"
APPLIED = {
    "first_name": "Youssef",
    "last_name": "Khalil",
    "email": EMAIL,
    "phone": PHONE_TYPED,
    "country": "United States",
    "state": "California",
    "city": "Oakland",
    "zip_code": "94607",
}


def _attach_resume(token: str, posting_id: int, lines: list[str], upload_dir: Path) -> str:
    """What the wizard's "Start from my resume" does: check and store the file, then record
    it on this browser's draft (nothing typed yet)."""
    data = make_resume(lines[0], "Site reliability engineer", lines[1:])
    checked = docs.check_pdf(data)
    key = docs.store(data, checked.sha256, upload_dir)
    with session_scope() as session:
        apps.attach_document(token, posting_id, "resume", "cv.pdf", checked, key, upload_dir, session=session)
    return key


def _exported_drafts(candidate_id: int, upload_dir: Path, viewer: identity.Viewer) -> list[dict[str, object]]:
    with session_scope() as session:
        export = data_export.export_person(
            candidate_id,
            upload_dir,
            audit.Actor.system(),
            include_eeo=viewer is identity.Viewer.CANDIDATE,
            session=session,
            viewer=viewer,
        )
    with zipfile.ZipFile(io.BytesIO(export.data)) as z:
        person = json.loads(z.read("person.json"))
    drafts: list[dict[str, object]] = person["application_drafts"]
    return drafts


def test_a_draft_started_from_a_resume_is_erased_and_exported(
    app_db: Engine, stores: personal_data.Stores
) -> None:
    upload_dir = stores.upload_dir
    upload_dir.mkdir(parents=True, exist_ok=True)
    with session_scope() as session:
        team, office = make_team(session), make_office(session)
        applied = make_posting(session, team, office).id or 0
        other_job = make_posting(session, team, office).id or 0
    data = make_resume("Youssef Khalil", "Engineer", ["Applied through the API"])
    checked = docs.check_pdf(data)
    key = docs.store(data, checked.sha256, upload_dir)
    resume = apps.StoredDocument("resume", "cv.pdf", checked.size_bytes, checked.sha256, 1, "", key)
    with session_scope() as session:
        submitted = apps.submit_application(
            applied, APPLIED, {"resume": resume}, upload_dir, "Acme", source="api", session=session
        )
        application = session.get(Application, submitted.application_id)
        assert application is not None
        candidate_id = application.candidate_id
    # Their resume on another job, the address in capitals and the phone spaced otherwise:
    # the draft's typed answers stay empty.
    theirs_key = _attach_resume(
        apps.new_token(),
        other_job,
        ["Youssef Khalil", "YOUSSEF.KHALIL.2@EXAMPLE.COM", "Dubai"],
        upload_dir,
    )
    by_phone_key = _attach_resume(
        apps.new_token(), other_job, ["Youssef Khalil", "Phone: (+971) 4-555-0102"], upload_dir
    )
    # Someone else's, on the same job: another address, another phone.
    stranger_key = _attach_resume(
        apps.new_token(),
        other_job,
        ["Nadia Farouk", "nadia.farouk@example.com", "+971 4 555 0177"],
        upload_dir,
    )
    with session_scope() as session:
        assert all(d.data == {} for d in session.exec(select(ApplicationDraft)).all())

    for viewer in (identity.Viewer.HIRING_TEAM, identity.Viewer.CANDIDATE):
        drafts = _exported_drafts(candidate_id, upload_dir, viewer)
        assert [d["posting_id"] for d in drafts] == [other_job, other_job], viewer

    with session_scope() as session:
        done = erasure.erase_person(candidate_id, audit.Actor.system(), session=session)
    erasure.after_erasure(done, upload_dir)
    assert done.drafts == 2

    with session_scope() as session:
        left = session.exec(select(DraftDocument)).all()
        assert [d.storage_key for d in left] == [stranger_key]
        assert len(session.exec(select(ApplicationDraft)).all()) == 1
    assert not docs.path_for(theirs_key, upload_dir).exists()
    assert not docs.path_for(by_phone_key, upload_dir).exists()
    assert docs.path_for(stranger_key, upload_dir).exists()
