"""A person with everything the app can hold about them, for export, erasure and retention tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path

from sqlmodel import Session

from careers_app.devtools.pdfs import make_resume
from careers_app.models import (
    Application,
    ApplicationDraft,
    Candidate,
    Document,
    DraftDocument,
    EeoAnswer,
    Note,
    Outbox,
    Posting,
    StageEvent,
    User,
)
from careers_app.models.types import utcnow
from careers_app.services.applying import applications as apps
from careers_app.services.candidates.documents import store
from tests.factories import make_office, make_posting, make_team

_seq = count(1)


@dataclass
class Person:
    candidate_id: int
    email: str
    first_name: str
    last_name: str
    phone: str
    application_ids: list[int]
    storage_keys: list[str]
    draft_key: str
    postings: list[Posting] = field(default_factory=list)


def make_author(session: Session) -> User:
    n = next(_seq)
    user = User(
        email=f"recruiter-{n}@example.com", name=f"Recruiter {n}", password_hash="x", role="recruiter"
    )
    session.add(user)
    session.flush()
    return user


def make_person(
    session: Session,
    upload_dir: Path,
    *,
    stages: tuple[str, ...] = ("applied", "rejected"),
    country: str = "United States",
    last_change: datetime | None = None,
    postings: list[Posting] | None = None,
) -> Person:
    """A person with one application per stage, each with a resume, a note, stage events, an
    EEO answer and an email; and a draft started with their address (with its own file)."""
    n = next(_seq)
    first, last = f"Zebediah{n}", f"Quixotrell{n}"
    email = f"zeb.quix{n}@example.org"
    phone = f"+1415555{n:04d}"
    team, office = make_team(session), make_office(session)
    author = make_author(session)
    candidate = Candidate(
        first_name=first,
        last_name=last,
        email=email,
        phone_e164=phone,
        address=f"{n} Elm Street",
        city="Springfield",
        state="IL",
        country=country,
        zip_code="62701",
    )
    session.add(candidate)
    session.flush()
    when = last_change or utcnow() - timedelta(days=3)
    person = Person(candidate.id or 0, email, first, last, phone, [], [], "")
    for i, stage in enumerate(stages):
        posting = postings[i] if postings else make_posting(session, team, office)
        person.postings.append(posting)
        application = Application(
            candidate_id=candidate.id or 0,
            posting_id=posting.id or 0,
            stage=stage,
            first_name=first,
            last_name=last,
            phone_e164=phone,
            address=f"{n} Elm Street",
            city="Springfield",
            state="IL",
            country=country,
            zip_code="62701",
            submitted_at=when - timedelta(days=10),
            stage_changed_at=when,
        )
        session.add(application)
        session.flush()
        app_id = application.id or 0
        person.application_ids.append(app_id)
        session.add(
            StageEvent(
                application_id=app_id, to_stage="applied", actor="candidate", at=when - timedelta(days=10)
            )
        )
        if stage != "applied":
            session.add(
                StageEvent(
                    application_id=app_id,
                    from_stage="applied",
                    to_stage=stage,
                    actor=author.name,
                    reason="Did not respond" if stage == "rejected" else "",
                    at=when,
                )
            )
        data = make_resume(f"{first} {last}", "Engineer", [email, phone, f"application {app_id}"])
        key = store(data, hashlib.sha256(data).hexdigest(), upload_dir)
        person.storage_keys.append(key)
        session.add(
            Document(
                application_id=app_id,
                kind="resume",
                original_name=f"{first}_{last}_cv.pdf",
                size_bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                page_count=1,
                text=f"{first} {last} {email} {phone}",
                storage_key=key,
            )
        )
        session.add(
            Note(application_id=app_id, author_id=author.id or 0, body=f"Called {first} {last} at {phone}.")
        )
        session.add(
            EeoAnswer(application_id=app_id, posting_id=posting.id or 0, gender="Female", race_ethnicity="Asian")
        )
        session.add(
            Outbox(to_email=email, subject=f"Hi {first}", body=f"Dear {first} {last}", application_id=app_id)
        )
    draft_pdf = make_resume(f"{first} {last}", "Draft", [email])
    digest = hashlib.sha256(draft_pdf).hexdigest()
    person.draft_key = store(draft_pdf, digest, upload_dir)
    draft = ApplicationDraft(
        token_hash=apps.token_hash(apps.new_token()),
        posting_id=person.postings[0].id or 0,
        data={"email": email.upper(), "first_name": first, "last_name": last, "phone": phone},
    )
    session.add(draft)
    session.flush()
    session.add(
        DraftDocument(
            draft_id=draft.id or 0,
            kind="resume",
            original_name=f"{last}.pdf",
            size_bytes=len(draft_pdf),
            sha256=digest,
            page_count=1,
            text=f"{first} {last}",
            storage_key=person.draft_key,
        )
    )
    session.flush()
    return person
