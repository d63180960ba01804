"""Exports and delivered mail hand out no live link; the admin's zip holds no EEO answer.

A person's emails carry links that work without an account (status page, interview booking,
job alert confirm): whoever holds one gets the person's own zip (their equal-opportunity
answers), and can withdraw or erase as them. The admin's zip carried the emails raw, and a
delivered message's stored body kept the link, though the database is meant to hold only
SHA-256s of link tokens. A draft kept its EEO answers, and the admin's zip printed them.

Production's path: the app's unit of work (``db.session_scope``) on a committed SQLite and
PostgreSQL database, the services that queue the real emails, the outbox's own sender, and
the person's download endpoint (``POST /status/export.zip`` with a link's token) over HTTP.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import data_rights_api
from careers_app.models import Outbox, User
from careers_app.models.types import utcnow
from careers_app.services.applying import applications
from careers_app.services.candidates import candidate_access
from careers_app.services.interviews import interviews
from careers_app.services.jobboard import job_alerts
from careers_app.services.mail import mail, outbox
from careers_app.services.platform import audit, db, link_tokens
from careers_app.services.platform.reference import EEO_FIELDS
from careers_app.services.privacy import data_export, personal_data
from careers_app.services.visibility import identity
from tests.people import make_person

BASE = "https://careers.example.com"
ADMIN = audit.Actor(audit.USER, None, "admin@example.com", "203.0.113.9")
# The draft's answers, each a value no other field of the person holds.
EEO_DRAFT = {
    "gender": "Male",
    "race_ethnicity": "Hispanic or Latinx",
    "veteran_status": "I identify as a U.S. veteran",
    "gender_identity": "Transgender",
    "sexual_orientation": "Bisexual",
    "veteran_branch": "Coast Guard",
}
LINK = re.compile(r"(?:token=|/interview/)([A-Za-z0-9_-]{43})")


def _person_with_links(upload_dir: Path) -> tuple[int, str]:
    """A person in an interview stage who was sent a status link, an interview invitation and
    a job alert confirmation, with a draft holding their EEO answers: (candidate id, email)."""
    with db.session_scope() as session:
        person = make_person(session, upload_dir, stages=("phone_interview",))
        admin_id = session.exec(select(User.id).where(User.email == "admin@example.com")).one()
        day = (utcnow() + timedelta(days=10)).strftime("%Y-%m-%d")
        interviews.propose(
            person.application_ids[0],
            person.postings[0].id or 0,
            [{"date": day, "start": "10:00", "duration": "45", "time_zone": "UTC", "location": "Room 1"}],
            user_id=admin_id or 0,
            base_url=BASE,
            session=session,
        )
        sent = candidate_access.request_link(
            person.email, "client-1", session=session, secret="s", base_url=BASE, company="Acme"
        )
        assert sent.sent
        alert = job_alerts.subscribe(
            person.email,
            job_alerts.Criteria.clean(keyword="engineer"),
            client_key="client-1",
            page="/careers",
            secret="s",
            mailing=job_alerts.Mailing(base_url=BASE, company="Acme"),
            session=session,
        )
        assert not alert.errors
        applications.save_draft(
            applications.new_token(),
            person.postings[0].id or 0,
            {"email": person.email, "first_name": person.first_name, **EEO_DRAFT},
            4,
            session=session,
        )
    return person.candidate_id, person.email


def _stored_tokens(email: str) -> set[str]:
    """The tokens of every link in the stored emails to this address, each checked live."""
    with db.session_scope() as session:
        rows = session.exec(select(Outbox).where(Outbox.to_email == email)).all()
        tokens = {t for r in rows for text in (r.body, r.html_body) for t in LINK.findall(text)}
        assert len(tokens) == 3, tokens
        for token in tokens:
            assert _opens_something(token, session=session), token
    return tokens


def _opens_something(token: str, *, session: Session) -> bool:
    return bool(
        candidate_access.candidate_for_token(token, session=session)
        or interviews.for_token(token, session=session)
        or job_alerts.view_for_confirm(token, session=session)
    )


def _zip_texts(export: data_export.Export) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _own_zip(token: str) -> int:
    """The person's download, as their status page's form posts it: the HTTP status."""
    app = Starlette(
        routes=[Route(routes.CANDIDATE_EXPORT, data_rights_api.candidate_export, methods=["POST"])]
    )
    origin = data_rights_api.get_settings().base_url  # the app's own page posts the form
    with TestClient(app, base_url=origin) as client:
        answer = client.post(routes.CANDIDATE_EXPORT, data={"token": token}, headers={"Origin": origin})
    return answer.status_code


def test_the_admins_zip_holds_no_live_link_and_no_eeo_answer(
    app_db: Engine, stores: personal_data.Stores
) -> None:
    candidate_id, email = _person_with_links(stores.upload_dir)
    tokens = _stored_tokens(email)
    with db.session_scope() as session:
        export = data_export.export_person(
            candidate_id, stores.upload_dir, ADMIN, include_eeo=False, session=session
        )
    files = _zip_texts(export)
    data = json.loads(files["person.json"])
    assert data["emails_sent_to_them"] and data["application_drafts"]
    for name, content in files.items():
        assert not [t for t in tokens if t.encode() in content], name
        assert not [v for v in EEO_DRAFT.values() if v.encode() in content], name
    for draft in data["application_drafts"]:
        assert draft["data"]["email"].lower() == email and not set(EEO_FIELDS) & set(draft["data"])
    assert any(f"/status?token={link_tokens.REMOVED}" in m["body"] for m in data["emails_sent_to_them"])


def test_the_persons_own_zip_keeps_their_answers_but_no_live_link(
    app_db: Engine, stores: personal_data.Stores
) -> None:
    candidate_id, email = _person_with_links(stores.upload_dir)
    tokens = _stored_tokens(email)
    with db.session_scope() as session:
        export = data_export.export_person(
            candidate_id,
            stores.upload_dir,
            audit.Actor.candidate("203.0.113.9"),
            include_eeo=True,
            session=session,
            viewer=identity.Viewer.CANDIDATE,
        )
    files = _zip_texts(export)
    data = json.loads(files["person.json"])
    [draft] = [d for d in data["application_drafts"] if "gender_identity" in d["data"]]
    assert {k: draft["data"][k] for k in EEO_DRAFT} == EEO_DRAFT
    assert data["applications"][0]["equal_opportunity_answers"]["gender"] == "Female"
    for name, content in files.items():
        assert not [t for t in tokens if t.encode() in content], name


@pytest.mark.parametrize("kind", ["status_link", "interview_invitation", "job_alert_confirm"])
def test_a_delivered_message_keeps_no_live_link(
    app_db: Engine, stores: personal_data.Stores, kind: str
) -> None:
    _candidate_id, email = _person_with_links(stores.upload_dir)
    tokens = _stored_tokens(email)
    transport = mail.transport_from("", sender="careers@example.com", reply_to="", drop_dir=stores.outbox_dir)
    assert outbox.send_due(transport, domain="example.com").sent >= 3
    with db.session_scope() as session:
        rows = session.exec(select(Outbox).where(Outbox.to_email == email)).all()
        [row] = [r for r in rows if r.kind == kind or (kind == "status_link" and "/status?" in r.body)]
        assert row.status == outbox.SENT
        kept = "\n".join((row.body, row.html_body, row.ics, row.list_unsubscribe))
        assert not [t for t in tokens if t in kept]
        assert link_tokens.REMOVED in row.body
        [stored] = re.findall(r"(?:token=|/interview/)(\S+)", row.body)
        assert not _opens_something(stored, session=session)
        # What the person received still works: the email itself went out whole.
        eml = message_from_bytes((stores.outbox_dir / f"{row.id}.eml").read_bytes(), policy=policy.default)
        text = eml.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        [mailed] = LINK.findall(text)
        assert mailed in tokens and _opens_something(mailed, session=session)
    if kind == "status_link":  # the attacker's use of it: the person's own zip, EEO answers included
        assert _own_zip(mailed) == 200
        assert _own_zip(stored) == 403
