"""Export and erasure of a person, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

import careers_app.models as models
from careers_app.models import Application, AuditEntry, Candidate, Document, EeoAnswer, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.platform import audit
from careers_app.services.platform.errors import Conflict, NotFound
from careers_app.services.privacy import data_export, erasure, maintenance
from tests.people import Person, make_person

ADMIN = audit.Actor(audit.USER, None, "admin@example.com", "203.0.113.9")


def _needles(person: Person) -> list[str]:
    return [
        person.email.lower(),
        person.first_name.lower(),
        person.last_name.lower(),
        person.phone,
        person.phone[1:],
    ]


def scan(session: Session, needles: list[str]) -> list[str]:
    """Every text (and JSON) value of every table that contains one of the needles."""
    hits = []
    for table in SQLModel.metadata.sorted_tables:
        for row in session.execute(sa.select(table)).mappings():
            for column, value in row.items():
                if isinstance(value, str):
                    text = value.lower()
                elif isinstance(value, dict | list):
                    text = json.dumps(value).lower()
                else:
                    continue
                hits += [f"{table.name}.{column}: {n}" for n in needles if n in text]
    return hits


def _add_other_features_rows(session: Session, person: Person) -> None:
    """Rows other features keep about a person's application, each naming them somewhere."""
    app_id, posting_id = person.application_ids[0], person.postings[0].id
    user_id = session.exec(select(models.User.id)).first()
    assert posting_id is not None and user_id is not None
    name = f"{person.first_name} {person.last_name}"
    session.add(models.StatusLink(candidate_id=person.candidate_id, token_hash="a" * 64, expires_at=utcnow()))
    plan = models.PlanInterview(
        posting_id=posting_id, stage="interview", name="Technical", attributes=["Code"]
    )
    interview = models.Interview(
        application_id=app_id, stage="interview", uid=f"uid-{app_id}", token_hash="b" * 64,
        location=f"Call {person.phone}",
    )  # fmt: skip
    session.add_all([plan, interview])
    session.flush()
    assert plan.id is not None and interview.id is not None
    session.add_all(
        [
            models.Scorecard(
                application_id=app_id, interview_id=plan.id, interviewer_id=user_id, recommendation="yes",
                notes=f"{name} was great",
            ),
            models.InterviewSlot(
                interview_id=interview.id, starts_at=utcnow(), duration_minutes=30, time_zone="UTC",
                location=f"Ask for {name}",
            ),
            models.IdentityReveal(application_id=app_id, user_id=user_id, actor="Recruiter"),
        ]
    )  # fmt: skip
    session.flush()


def test_export_has_everything_and_equal_opportunity_answers_only_for_the_person(
    session: Session, tmp_path: Path
) -> None:
    person = make_person(session, tmp_path)
    _add_other_features_rows(session, person)
    other = make_person(session, tmp_path)
    export = data_export.export_person(
        person.candidate_id, tmp_path, ADMIN, include_eeo=False, session=session
    )
    archive = zipfile.ZipFile(io.BytesIO(export.data))
    names = set(archive.namelist())
    assert names == {"person.json"} | {
        f"documents/application-{a}-resume.pdf" for a in person.application_ids
    }
    for app_id, key in zip(person.application_ids, person.storage_keys, strict=True):
        assert archive.read(f"documents/application-{app_id}-resume.pdf") == (tmp_path / key).read_bytes()
    data = json.loads(archive.read("person.json"))
    assert data["person"]["email"] == person.email and data["person"]["phone_e164"] == person.phone
    assert [a["id"] for a in data["applications"]] == person.application_ids
    first = data["applications"][0]
    assert first["first_name"] == person.first_name and first["posting"]["slug"] == person.postings[0].slug
    assert [e["to"] for e in data["applications"][1]["stage_history"]] == ["applied", "rejected"]
    assert first["notes"][0]["text"].startswith(f"Called {person.first_name}")
    assert len(data["emails_sent_to_them"]) == 2 and data["application_drafts"][0]["data"]["first_name"]
    assert "equal_opportunity_answers" not in first  # an admin's export: withheld
    assert "Female" not in archive.read("person.json").decode()
    assert other.email not in archive.read("person.json").decode()
    assert "token_hash" not in archive.read("person.json").decode()
    others = data["other_records"]  # rows other features keep, found through foreign keys
    assert others["scorecard"][0]["notes"] == f"{person.first_name} {person.last_name} was great"
    assert others["interview_slot"][0]["location"].startswith("Ask for") and "status_link" in others

    own = data_export.export_person(
        person.candidate_id,
        tmp_path,
        audit.Actor.candidate("198.51.100.4"),
        include_eeo=True,
        session=session,
    )
    mine = json.loads(zipfile.ZipFile(io.BytesIO(own.data)).read("person.json"))
    assert mine["applications"][0]["equal_opportunity_answers"]["gender"] == "Female"

    entries = session.exec(select(AuditEntry).where(AuditEntry.candidate_id == person.candidate_id)).all()
    assert [(e.action, e.actor_kind, e.client_address) for e in entries] == [
        ("export", "user", audit.address_key("203.0.113.9")),  # a keyed hash, never the address
        ("export", "candidate", audit.address_key("198.51.100.4")),
    ]


def test_erasure_leaves_no_personal_field_in_any_table_and_no_file(session: Session, tmp_path: Path) -> None:
    person = make_person(session, tmp_path)
    _add_other_features_rows(session, person)
    bystander = make_person(session, tmp_path)
    needles = _needles(person)
    before = scan(session, needles)
    assert any(h.startswith("candidate.email") for h in before) and any(h.startswith("note.") for h in before)
    assert any(h.startswith("application_draft.data") for h in before)
    assert {"scorecard.notes", "interview.location", "interview_slot.location"} <= {
        h.split(":")[0] for h in before
    }

    erased = erasure.erase_person(person.candidate_id, ADMIN, session=session)
    session.flush()
    assert scan(session, needles) == []
    for table in ("status_link", "scorecard", "interview", "interview_slot", "identity_reveal"):
        assert session.execute(sa.text(f"select count(*) from {table}")).scalar() == 0, table
    removed = erasure.remove_files(erased, tmp_path, session=session)
    assert removed == 3  # two resumes and the draft's file
    session.commit()  # they go once remove_files' unit of work commits
    for key in [*person.storage_keys, person.draft_key]:
        assert not (tmp_path / key).exists()
    assert not any(
        person.email in p.read_bytes().decode("latin-1") for p in tmp_path.rglob("*") if p.is_file()
    )
    # The bystander keeps everything.
    assert scan(session, _needles(bystander))
    assert all((tmp_path / k).exists() for k in bystander.storage_keys)
    # Nothing left to export, and a second erasure is refused plainly.
    with pytest.raises(NotFound):
        data_export.export_person(person.candidate_id, tmp_path, ADMIN, include_eeo=False, session=session)
    with pytest.raises(NotFound):
        erasure.erase_person(person.candidate_id, ADMIN, session=session)


def test_erasure_keeps_anonymous_shells_and_withdraws_what_was_open(session: Session, tmp_path: Path) -> None:
    person = make_person(session, tmp_path, stages=("applied", "interview", "rejected"))
    ids = person.application_ids

    def events() -> list[tuple[Any, ...]]:
        rows = session.exec(
            select(StageEvent).where(col(StageEvent.application_id).in_(ids)).order_by(col(StageEvent.id))
        ).all()
        return [(e.application_id, e.from_stage, e.to_stage, e.actor, e.at) for e in rows]

    history = events()
    erasure.erase_person(person.candidate_id, ADMIN, session=session)
    session.flush()
    session.expire_all()
    shells = [session.get(Application, i) for i in ids]
    assert [(a.posting_id, a.stage) for a in shells if a] == [
        (person.postings[0].id, "withdrawn"),
        (person.postings[1].id, "withdrawn"),
        (person.postings[2].id, "rejected"),
    ]
    assert {(a.first_name, a.last_name, a.phone_e164, a.city) for a in shells if a} == {
        ("Erased", "applicant", "", "")
    }
    after = events()
    assert after[: len(history)] == history  # every earlier stage event stays as it was
    assert [(e[0], e[1], e[2], e[3]) for e in after[len(history) :]] == [
        (ids[0], "applied", "withdrawn", "erasure"),
        (ids[1], "interview", "withdrawn", "erasure"),
    ]
    shell = session.get(Candidate, person.candidate_id)
    assert shell is not None and shell.email == f"erased-{person.candidate_id}@erased.invalid"
    assert session.exec(select(EeoAnswer).where(col(EeoAnswer.application_id).in_(ids))).all() == []
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "erasure")).one()
    assert (
        entry.candidate_id == person.candidate_id
        and entry.detail == "3 applications, 3 documents, 3 notes, 1 draft"
    )


def test_erasure_refuses_when_a_recruiter_moved_a_card_meanwhile(session: Session, tmp_path: Path) -> None:
    person = make_person(session, tmp_path, stages=("applied",))
    stale = session.get(Application, person.application_ids[0])
    assert stale is not None
    session.execute(
        sa.update(Application).where(col(Application.id) == stale.id).values(version=col(Application.version) + 1),
        execution_options={"synchronize_session": False},
    )  # another worker's move, not seen by this session's copy
    with pytest.raises(Conflict):
        erasure.erase_person(person.candidate_id, ADMIN, session=session)


def test_a_file_another_applicant_also_uploaded_stays(session: Session, tmp_path: Path) -> None:
    person = make_person(session, tmp_path)
    other = make_person(session, tmp_path)
    shared = session.exec(select(Document).where(Document.application_id == other.application_ids[0])).one()
    shared.storage_key = person.storage_keys[0]  # the same bytes, stored once
    session.add(shared)
    session.flush()
    erased = erasure.erase_person(person.candidate_id, ADMIN, session=session)
    assert erasure.remove_files(erased, tmp_path, session=session) == 2
    session.commit()
    assert (tmp_path / person.storage_keys[0]).exists()
    assert not (tmp_path / person.storage_keys[1]).exists()


def test_files_left_by_a_crash_after_the_commit_are_swept(session: Session, tmp_path: Path) -> None:
    person = make_person(session, tmp_path)
    erasure.erase_person(person.candidate_id, ADMIN, session=session)
    session.flush()  # committed, then the process died before remove_files
    for key in [*person.storage_keys, person.draft_key]:
        then = time.time() - 2 * 3600
        os.utime(tmp_path / key, (then, then))
    result = maintenance.sweep_orphaned_files(tmp_path, session=session)
    assert result.orphans_removed == 3
    assert not any((tmp_path / k).exists() for k in person.storage_keys)


def test_people_search_finds_by_part_of_the_email_and_never_erased_shells(
    session: Session, tmp_path: Path
) -> None:
    person = make_person(session, tmp_path)
    found = data_export.find_people(person.email.split("@")[0].upper(), session=session)
    assert [p.candidate_id for p in found] == [person.candidate_id]
    assert data_export.find_people("ze", session=session) == []  # too short to search
    assert data_export.find_people("%", session=session) == []
    erasure.erase_person(person.candidate_id, ADMIN, session=session)
    assert data_export.find_people(person.email, session=session) == []
    assert data_export.find_people("erased", session=session) == []
