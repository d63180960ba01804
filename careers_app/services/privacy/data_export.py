"""Everything held about a person, as one zip: ``person.json`` plus their documents.

A person is a candidate row (one email), with every application made with that email.
The export carries the candidate row, each application with its contact snapshot and
consent, its stage history, notes, documents (as files), the email sent to them, drafts
started with their address, and any other row another feature keeps about one of their
applications (interviews, scorecards ...), found through the schema's foreign keys so a
new table is never silently left out, and whether a table's rows are about the person is
the inventory's call (services/privacy/personal_data.py: the same list erasure walks). Equal-
opportunity answers go only to the person themselves (``include_eeo``): nobody on the
hiring team reads them, an admin included; that holds for the answers a draft keeps too
(``reference.EEO_FIELDS`` left out of its data). No zip carries a live credential link: the
emails sent to them held their status link, an interview's booking link and job alert
links, and whoever has the file could open the person's status page (their own zip, with
those answers; withdraw; erase) with it. Every text of ``person.json`` goes through
``link_tokens.without_links`` (the person's own zip too: a file is shared further than a
session).

Blind screening holds here too (services/visibility/identity.py): an admin is on the hiring team, so
while any of a person's applications is masked the People page does not name them (they are
found only by their whole email address, without their name) and their zip is refused
(``Refused``) until the admin reveals them (``blind_screening.reveal_person``: a reveal row
and an audit entry per application). The person's own zip is never held back.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import time
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, or_, select

from careers_app.models import (
    Application,
    ApplicationDraft,
    AuditEntry,
    Candidate,
    Document,
    DraftDocument,
    EeoAnswer,
    Note,
    Outbox,
    Posting,
    StageEvent,
)
from careers_app.models.types import utcnow
from careers_app.services.candidates import documents as docs
from careers_app.services.platform import audit, link_tokens
from careers_app.services.platform.errors import NotFound, Refused
from careers_app.services.platform.reference import EEO_FIELDS
from careers_app.services.privacy import personal_data
from careers_app.services.visibility import blind_screening, identity

FORMAT_VERSION = 1
# Tables read explicitly above, or that hold nothing about the person.
_HANDLED = {
    t.__tablename__
    for t in (
        Application,
        Candidate,
        Document,
        DraftDocument,
        EeoAnswer,
        Note,
        Outbox,
        StageEvent,
        AuditEntry,
    )
}
_SECRET_COLUMN = re.compile(r"(hash|token|secret|password)", re.IGNORECASE)
ERASED_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class PersonSummary:
    """A person as an admin finds them on the People page."""

    candidate_id: int
    email: str
    name: str  # "" while any of their applications is masked by blind screening
    applications: int
    erased: bool
    masked: int = 0  # how many of their applications are masked (shown after a recorded reveal)


@dataclass(frozen=True)
class Export:
    filename: str
    data: bytes
    candidate_id: int


def is_erased(candidate: Candidate) -> bool:
    return candidate.email.endswith("@" + ERASED_DOMAIN)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: SQLModel, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        name: _plain(value)
        for name, value in obj.model_dump().items()
        if name not in skip and not _SECRET_COLUMN.search(name)
    }


def find_people(query: str, *, session: Session, limit: int = 20) -> list[PersonSummary]:
    """People whose email contains the text (case-insensitive), erased shells left out. A
    person with a masked application is found only by their whole address (as when they
    write in with a request): a part of one must not list who is on a blind board."""
    text = query.strip().lower()[:254]
    if len(text) < 3:
        return []
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = session.exec(
        select(Candidate)
        .where(sa.func.lower(Candidate.email).like(f"%{escaped}%", escape="\\"))
        .where(~col(Candidate.email).endswith("@" + ERASED_DOMAIN))
        .order_by(col(Candidate.email))
    ).all()
    found: list[PersonSummary] = []
    for c in rows:  # the limit after leaving the masked out: a short page must not hint at them
        p = person_summary(c.id, session=session) if c.id is not None else None
        if p is not None and (not p.masked or p.email.lower() == text):
            found.append(p)
            if len(found) == limit:
                break
    return found


def person_applications(candidate_id: int, *, session: Session) -> list[Application]:
    return list(
        session.exec(
            select(Application).where(Application.candidate_id == candidate_id).order_by(col(Application.id))
        ).all()
    )


def drafts_for_person(
    candidate: Candidate, applications: list[Application], *, session: Session
) -> list[ApplicationDraft]:
    """The person's drafts, as erasure finds them (``personal_data.drafts_of_person``: what
    was typed, or a document naming their address or phone)."""
    return personal_data.drafts_of_person(
        personal_data.Person.of_rows(candidate, applications), session=session
    )


def mail_to_person(candidate: Candidate, application_ids: list[int], *, session: Session) -> list[Outbox]:
    conditions = [sa.func.lower(Outbox.to_email) == candidate.email.lower()]
    if application_ids:
        conditions.append(col(Outbox.application_id).in_(application_ids))
    return list(session.exec(select(Outbox).where(or_(*conditions)).order_by(col(Outbox.id))).all())


def related_tables(parent: str) -> list[tuple[sa.Table, sa.Column[Any]]]:
    """Tables with a foreign key to ``parent``.id, and that column (from the models' metadata)."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == parent and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def _other_records(
    application_ids: list[int], candidate_id: int, *, session: Session
) -> dict[str, list[Any]]:
    """Rows of other features' tables about this person, and rows hanging off those."""
    out: dict[str, list[Any]] = {}

    def collect(parent: str, ids: list[Any], depth: int) -> None:
        if not ids or depth > 3:
            return
        for table, column in related_tables(parent):
            if table.name in _HANDLED or not personal_data.about_the_person(table.name):
                continue
            rows = session.execute(sa.select(table).where(column.in_(ids))).mappings().all()
            if not rows:
                continue
            out.setdefault(table.name, []).extend(
                {k: _plain(v) for k, v in row.items() if not _SECRET_COLUMN.search(k)} for row in rows
            )
            if "id" in table.c:
                collect(table.name, [r["id"] for r in rows], depth + 1)

    collect("application", application_ids, 0)
    collect("candidate", [candidate_id], 0)
    return out


def _records_by_address(email: str, *, session: Session) -> dict[str, list[Any]]:
    """Rows that are the person's by the address they typed (the inventory's
    ``found_by_address``: job alerts), secret columns left out."""
    out: dict[str, list[Any]] = {}
    for name, column in personal_data.found_by_address():
        table = SQLModel.metadata.tables[name]
        rows = (
            session.execute(sa.select(table).where(sa.func.lower(table.c[column]) == email.strip().lower()))
            .mappings()
            .all()
        )
        if rows:
            out[name] = [{k: _plain(v) for k, v in r.items() if not _SECRET_COLUMN.search(k)} for r in rows]
    return out


def person_data(
    candidate_id: int, upload_dir: Path, *, include_eeo: bool, session: Session
) -> tuple[dict[str, Any], list[tuple[str, Path]]]:
    """``person.json``'s content, and the files to put beside it (zip name, stored path)."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or is_erased(candidate):
        raise NotFound("No such person.")
    applications = person_applications(candidate_id, session=session)
    ids = [a.id for a in applications if a.id is not None]
    files: list[tuple[str, Path]] = []
    apps_out = []
    for a in applications:
        posting = session.get(Posting, a.posting_id)
        events = session.exec(
            select(StageEvent).where(StageEvent.application_id == a.id).order_by(col(StageEvent.at))
        ).all()
        notes = session.exec(
            select(Note).where(Note.application_id == a.id).order_by(col(Note.created_at))
        ).all()
        documents = session.exec(select(Document).where(Document.application_id == a.id)).all()
        doc_out = []
        for d in documents:
            name = f"documents/application-{a.id}-{d.kind}.pdf"
            path = docs.path_for(d.storage_key, upload_dir)
            present = path.is_file()
            if present:
                files.append((name, path))
            doc_out.append(
                {
                    "kind": d.kind,
                    "original_name": d.original_name,
                    "size_bytes": d.size_bytes,
                    "pages": d.page_count,
                    "uploaded_at": _plain(d.created_at),
                    "file": name if present else None,
                    "text_read_from_it": d.text,
                }
            )
        entry: dict[str, Any] = {
            **_row(a, skip=("version",)),
            "posting": {"title": posting.title, "slug": posting.slug} if posting else None,
            "stage_history": [
                {"from": e.from_stage, "to": e.to_stage, "at": _plain(e.at), "reason": e.reason}
                for e in events
            ],
            "notes": [{"written_at": _plain(n.created_at), "text": n.body} for n in notes],
            "documents": doc_out,
        }
        if include_eeo:
            answer = session.exec(select(EeoAnswer).where(EeoAnswer.application_id == a.id)).first()
            entry["equal_opportunity_answers"] = (
                _row(answer, skip=("id", "application_id", "posting_id")) if answer else None
            )
        apps_out.append(entry)
    drafts = drafts_for_person(candidate, applications, session=session)
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "exported_at": _plain(utcnow()),
        "person": _row(candidate),
        "applications": apps_out,
        "emails_sent_to_them": [
            _row(m, skip=("claimed_until", "attempts", "next_attempt_at", "last_error"))
            for m in mail_to_person(candidate, ids, session=session)
        ],
        "application_drafts": [
            {
                "posting_id": d.posting_id,
                "data": draft_answers(d.data, include_eeo=include_eeo),
                "step": d.step,
                "updated_at": _plain(d.updated_at),
            }
            for d in drafts
        ],
        "other_records": {
            **_other_records(ids, candidate_id, session=session),
            **_records_by_address(candidate.email, session=session),
        },
    }
    if not include_eeo:
        data["equal_opportunity_answers"] = (
            "Not included: voluntary equal-opportunity answers are given only to the person themselves "
            "(from their status page), never to the hiring team."
        )
    return link_tokens.without_links_in(data), files


def draft_answers(data: object, *, include_eeo: bool) -> dict[str, Any]:
    """A draft's typed answers as an export shows them: without the equal-opportunity ones
    unless the zip is the person's own (the wizard keeps those in the draft until submit)."""
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if include_eeo or k not in EEO_FIELDS}


def export_person(
    candidate_id: int,
    upload_dir: Path,
    actor: audit.Actor,
    *,
    include_eeo: bool,
    session: Session,
    viewer: identity.Viewer = identity.Viewer.HIRING_TEAM,
) -> Export:
    """The zip, and an audit entry for it (written in the caller's unit of work). For the
    hiring team, refused while any of the person's applications is masked: the People page
    reveals them first, recorded (``blind_screening.reveal_person``)."""
    if viewer is identity.Viewer.HIRING_TEAM and blind_screening.hidden_of_person(
        candidate_id, session=session
    ):
        raise Refused(MASKED_EXPORT.format(candidate_id=candidate_id))
    data, files = person_data(candidate_id, upload_dir, include_eeo=include_eeo, session=session)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("person.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        for name, path in files:
            archive.write(path, name)
    audit.record(
        audit.EXPORT,
        actor,
        candidate_id=candidate_id,
        detail=", ".join(
            (audit.counted(len(data["applications"]), "application"), audit.counted(len(files), "file"))
        ),
        session=session,
    )
    day = utcnow().strftime("%Y-%m-%d")
    return Export(
        filename=f"person-{candidate_id}-{day}.zip", data=buffer.getvalue(), candidate_id=candidate_id
    )


MASKED_EXPORT = (
    "Person #{candidate_id} has an application under blind screening. Download their data from "
    "the People page: it asks you to confirm revealing who they are, and the audit log records it."
)


def person_summary(candidate_id: int, *, session: Session) -> PersonSummary | None:
    """One person as the People page shows them, or None (unknown or erased); unnamed while
    any of their applications is masked."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or is_erased(candidate):
        return None
    count = session.exec(
        select(sa.func.count()).select_from(Application).where(Application.candidate_id == candidate_id)
    ).one()
    masked = len(blind_screening.hidden_of_person(candidate_id, session=session))
    return PersonSummary(
        candidate_id=candidate_id,
        email=candidate.email,
        name="" if masked else f"{candidate.first_name} {candidate.last_name}".strip(),
        applications=int(count),
        erased=False,
        masked=masked,
    )


TICKET_LIFETIME = 120  # seconds between the status page's check of the link and the download


def download_ticket(candidate_id: int, secret: str, *, now: float | None = None) -> str:
    """A short-lived signed ticket for the person's own zip, minted after their status-link
    token was checked, so the download (a plain GET the browser starts) needs no token."""
    expires = int((now if now is not None else time.time()) + TICKET_LIFETIME)
    return f"{candidate_id}.{expires}.{_ticket_mac(candidate_id, expires, secret)}"


def ticket_candidate(ticket: object, secret: str, *, now: float | None = None) -> int | None:
    """The candidate a ticket was minted for, or None (malformed, forged or expired)."""
    if not isinstance(ticket, str) or len(ticket) > 120:
        return None
    match = re.fullmatch(r"([0-9]{1,10})\.([0-9]{1,12})\.([0-9a-f]{64})", ticket)
    if match is None:
        return None
    candidate_id, expires = int(match[1]), int(match[2])
    if not hmac.compare_digest(match[3], _ticket_mac(candidate_id, expires, secret)):
        return None
    return candidate_id if expires >= (now if now is not None else time.time()) else None


def _ticket_mac(candidate_id: int, expires: int, secret: str) -> str:
    return hmac.new(secret.encode(), f"export:{candidate_id}:{expires}".encode(), hashlib.sha256).hexdigest()
