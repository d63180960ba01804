"""Erasure from the person's own status link leaves nothing: their unsent drafts found by
phone or by name (not only by address), and the interview page's state, which holds their
first name and booked time but neither full name nor address.

The person applies through the wizard and the API, gets emails, books an interview from
the link (the pick page's state is kept, as Reflex keeps it), has a note, and left two
wizard drafts without an address: one for another job with another surname and the phone
typed nationally, one for a job they applied to with their names only. Then they erase
their data from the status page (``CandidateDataState.confirm_erase``) and every store is
searched. Someone else's draft on the same job stays.

Production's path: the app's own session_scope on a committed database (SQLite and
PostgreSQL), handlers through the guard, Reflex's own state managers (disk and Redis).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from typing import cast

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from careers_app import routes
from careers_app.models import Application, ApplicationDraft, Candidate, InterviewSlot, Note
from careers_app.services.board import pipeline
from careers_app.services.candidates import candidate_access
from careers_app.services.interviews import interviews
from careers_app.services.platform import auth, db
from careers_app.services.privacy import personal_data
from careers_app.states.apply import ApplyState
from careers_app.states.candidate_status import CandidateStatusState
from careers_app.states.data_rights import CandidateDataState
from careers_app.states.interviews import InterviewPickState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.seams.test_erasure_proof import (
    EMAIL,
    FIRST,
    LAST,
    PHONE,
    Tab,
    _apply_in_the_wizard,
    _apply_through_the_api,
    _deliver,
    _keep_in_state_stores,
)

OTHER_SURNAME, PHONE_NATIONAL = "Vexmoor", "415 555 0199"
NEEDLES = (EMAIL, FIRST, LAST, PHONE, PHONE_NATIONAL, "4155550199", OTHER_SURNAME)
STRANGER = {"first_name": "Ottoline", "last_name": "Brackwater", "phone": "415 555 0142"}


def _hits(blob: bytes) -> list[str]:
    lowered = blob.lower()
    return [n for n in NEEDLES if n.lower().encode() in lowered]


def _draft_tab(slug: str, fields: dict[str, str]) -> Tab:
    """A wizard tab that typed these fields (each kept as the person leaves it) and was left."""
    tab = Tab(f"/jobs/{slug}/apply")
    tab.send(ApplyState, "load")
    for name, value in fields.items():
        tab.send(ApplyState, "set_field", name=name, value=value)
        tab.send(ApplyState, "leave_field", name=name)
    return tab


def _booked_interview_tab(application_id: int, posting_id: int) -> Tab:
    """The interview is proposed, and the person books it on the pick page."""
    with db.session_scope() as session:
        recruiter = auth.current_user(_token("recruiter"), session=session)
        row = session.get(Application, application_id)
        assert recruiter is not None and row is not None
        pipeline.move(
            application_id, posting_id, "phone_interview", row.version, recruiter.name, session=session
        )
        slot = {
            "date": "2027-03-02",
            "start": "10:00",
            "duration": "45",
            "time_zone": "UTC",
            "location": "Room 4",
        }
        interview, token = interviews.propose(
            application_id,
            posting_id,
            [slot],
            user_id=recruiter.id or 0,
            base_url="https://x.example",
            session=session,
        )
        session.add(Note(application_id=application_id, author_id=recruiter.id, body=f"Spoke to {FIRST}"))
    with db.session_scope() as session:
        slot_id = session.exec(
            select(InterviewSlot.id).where(InterviewSlot.interview_id == interview.id)
        ).one()
    tab = Tab(routes.interview_pick_url(token))
    tab.send(InterviewPickState, "load")
    tab.send(InterviewPickState, "pick", form_data={"slot": str(slot_id)})
    page = tab.state(InterviewPickState)
    assert page.iv_status == "scheduled" and page.first_name == FIRST and page.when
    return tab


def _entries(stores: personal_data.Stores) -> list[str]:
    found = [f"{p.name}: {n}" for p in sorted(stores.state_dir.glob("*.pkl")) for n in _hits(p.read_bytes())]
    import redis

    client = redis.Redis.from_url(stores.redis_url)
    try:
        found += [
            f"redis {k.decode()}: {n}"
            for k in client.scan_iter("*")
            # redis-py types a sync client's reply as "Awaitable | Any" (one annotation for both clients).
            for n in _hits(cast("bytes | None", client.dump(k)) or b"")
        ]
    finally:
        client.close()
    return found


def test_erasing_from_the_status_link_leaves_no_draft_and_no_interview_page(
    stores: personal_data.Stores,
    app_db: Engine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        wizard_post, api_post, other_post = (make_posting(session, team, office) for _ in range(3))
        slugs = {p.id or 0: p.slug for p in (wizard_post, api_post, other_post)}
    wizard_id, api_id, other_id = slugs

    _apply_in_the_wizard(slugs[wizard_id])
    _apply_through_the_api(api_id)
    by_phone = _draft_tab(
        slugs[other_id], {"first_name": FIRST, "last_name": OTHER_SURNAME, "phone": PHONE_NATIONAL}
    )
    by_name = _draft_tab(slugs[api_id], {"first_name": FIRST.upper(), "last_name": f" {LAST} "})
    stranger = _draft_tab(slugs[api_id], STRANGER)
    with db.session_scope() as session:
        person = session.exec(select(Candidate.id).where(Candidate.email == EMAIL)).one() or 0
        applications = session.exec(select(Application).where(Application.candidate_id == person)).all()
        by_posting = {a.posting_id: a.id or 0 for a in applications}
        drafts = session.exec(select(ApplicationDraft)).all()
        assert len(drafts) == 3 and not any(d.data.get("email") for d in drafts)
        status_token = candidate_access.issue_link(person, session=session)
    interview_tab = _booked_interview_tab(by_posting[wizard_id], wizard_id)
    _deliver(stores.outbox_dir)

    status_tab = Tab(routes.status_url(status_token))
    status_tab.send(CandidateStatusState, "load")
    assert status_tab.state(CandidateStatusState).status == "ready"
    # The tabs' state is in both stores before the erasure (each tab's events wrote it).
    _keep_in_state_stores(stores, [by_phone, by_name, stranger, interview_tab, status_tab])
    assert _entries(stores)

    status_tab.send(CandidateDataState, "ask_erase")
    done = status_tab.send(CandidateDataState, "confirm_erase", form_data={"understood": "on"})
    assert _redirect_target(done) == routes.CANDIDATE_ERASED

    with Session(app_db) as session:
        left = session.exec(select(ApplicationDraft)).all()
    assert [d.data.get("last_name") for d in left] == [STRANGER["last_name"]]  # someone else's stays
    assert [d.data for d in left if _hits(str(d.data).encode())] == []
    assert _entries(stores) == []
    stranger_left = [p for p in stores.state_dir.glob("*.pkl") if b"Brackwater" in p.read_bytes()]
    assert stranger_left, "the stranger's wizard tab was scrubbed too"
    logged = [r.getMessage() for r in caplog.records]
    assert [line for line in logged if _hits(line.encode())] == []


def test_what_ties_a_draft_or_a_state_entry_to_a_person() -> None:
    person = personal_data.Person.of("ada@example.org", [("+14155550199", "Ada", "Lovelace")], [7])
    theirs = personal_data.draft_is_theirs
    assert theirs({"email": " ADA@example.org "}, 99, person)
    assert not theirs({"email": "other@example.org", "phone": "415 555 0199"}, 7, person)  # another's address
    assert theirs({"phone": "(415) 555-0199"}, 99, person)  # read as the wizard does: US until chosen
    assert theirs({"phone": "415 555 0199", "country": "united states"}, 99, person)
    assert not theirs({"phone": "415 555 0199", "country": "United Kingdom"}, 99, person)
    assert theirs({"first_name": " ada ", "last_name": "LOVELACE"}, 7, person)
    assert not theirs({"first_name": "Ada", "last_name": "Lovelace"}, 99, person)  # a namesake elsewhere
    assert not theirs({"first_name": "Ada", "phone": "415 555 0142"}, 7, person)
    nobody_else = personal_data.draft_names_nobody_else
    assert nobody_else({"city": "Arlington"}, person) and nobody_else({"phone": "+1 415 555 0199"}, person)
    assert not nobody_else({"first_name": "Ottoline", "last_name": "Brackwater"}, person)
    assert not nobody_else({"phone": "415 555 0142"}, person)

    token = secrets.token_urlsafe(32)
    traces = personal_data.Traces(
        phone_digits=personal_data.phone_digits("+14155550199"),
        token_hashes=frozenset({hashlib.sha256(token.encode()).hexdigest()}),
    )
    for held in (b"\x8c+" + token.encode() + b"\x94", f"/interview/{token}", f"/status?token={token}&a=1"):
        assert traces.found_in(held if isinstance(held, bytes) else held.encode())
    assert traces.found_in(b"q" + token.encode() + b"X")  # inside a longer run
    assert not traces.found_in(secrets.token_urlsafe(32).encode())
    for typed in ("415 555 0199", "(415) 555-0199", "+1 415.555.0199", "14155550199"):
        assert traces.found_in(b"\x8c\x0c" + typed.encode() + b"\x94"), typed
    assert not traces.found_in(b"415 555 0198") and not traces.found_in(b"415555019942")
