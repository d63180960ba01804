"""The erasure proof (issue 18): after erasing a person, no store holds their email, name or phone.

One person goes through what the app does with people: applies through the wizard's
handlers (with a resume upload) and through the job board API over HTTP, subscribes to job
alerts from the board (confirmed from the emailed link, then a digest), gets emails
(delivered to .eml files, as without CAREERS_SMTP_URL), an interview proposed and booked
from the link, a scorecard and a note, an admin's export; another candidate's note, proposed
interview and scorecard that name them (a referral, typed without the accent, a phone in
another spacing), and saved board views typed the same ways; a second wizard tab typed their
details and was left; a recruiter's board tab showed their card. Tabs' state is written by
Reflex's own state managers: to disk (the single-process setup) and to Redis (several
workers). Then an admin erases them through the People page's handlers, and every store
the inventory (services/privacy/personal_data.py) lists is searched: every text and JSON column of
every table, every file under the data dir, the state folder, Redis's state keys, and every
log record of the run. Zero hits.

Production's path throughout: the app's own session_scope on a committed database (SQLite
and PostgreSQL), handlers through the guard, HTTP routes through Starlette.
"""

from __future__ import annotations

import base64
import email
import email.policy
import io
import logging
import re
import uuid
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any, cast

import pytest
import redis
import sqlalchemy as sa
from redis.asyncio import Redis as AsyncRedis
from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.redis import StateManagerRedis
from reflex.istate.manager.token import BaseStateToken
from reflex.state import State
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.devtools.pdfs import make_resume
from careers_app.http import api, board_api
from careers_app.models import (
    Application,
    BoardView,
    Candidate,
    Document,
    Interview,
    InterviewSlot,
    JobAlert,
    JobAlertToken,
    Note,
    Outbox,
    PlanInterview,
    Posting,
    Scorecard,
    User,
)
from careers_app.models.types import utcnow
from careers_app.services.applying import consent
from careers_app.services.board import pipeline, scorecards
from careers_app.services.candidates import documents as docs
from careers_app.services.interviews import interview_plans, interviews
from careers_app.services.jobboard import job_alerts
from careers_app.services.mail import mail, outbox
from careers_app.services.platform import api_keys, auth, db
from careers_app.services.privacy import personal_data
from careers_app.settings import get_settings
from careers_app.states.apply import ApplyState
from careers_app.states.board_views import BoardViewsState
from careers_app.states.data_rights import PeopleState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.job_alerts import JobAlertState
from careers_app.states.pipeline import PipelineState
from tests.factories import add_applications, make_office, make_posting, make_team
from tests.handler_calls import new_root
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop
from tests.personal_stores import REDIS_URL

FIRST, LAST = "Wilhelmína", "Zarkovskaya"
PLAIN_FIRST = "Wilhelmina"  # how colleagues type her name: without the accent
EMAIL = "wilhelmina.zarkovskaya@example.org"
PHONE_TYPED, PHONE = "+1 415 555 0199", "+14155550199"
NEEDLES = (EMAIL, FIRST, PLAIN_FIRST, LAST, PHONE, "415 555 0199", "4155550199", "555-0199", "555 01 99")


@dataclass
class _Chunk:
    filename: str
    data: bytes


async def _chunks(name: str, data: bytes) -> AsyncIterator[_Chunk]:
    yield _Chunk(name, data)


class Tab:
    """One browser tab: one root state kept across its events, as Reflex keeps it."""

    def __init__(self, path: str, token: str = "") -> None:
        from reflex.istate.data import RouterData

        self.root = new_root()
        self.root.router = RouterData.from_router_data(
            {
                "headers": {"cookie": f"{SESSION_COOKIE}={token}" if token else ""},
                "ip": "203.0.113.7",
                "pathname": path.split("?")[0],
                "asPath": path,
            }
        )

    def state(self, cls: type[Any]) -> Any:
        return self.root.get_substate(cls.get_full_name().split(".")[1:])

    def send(self, cls: type[Any], event: str, /, **payload: Any) -> Any:
        state = self.state(cls)
        handler = getattr(cls, event)
        return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def _deliver(folder: Path) -> None:
    transport = mail.transport_from("", sender="careers@example.com", reply_to="", drop_dir=folder)
    outbox.send_due(transport, domain="example.com")


def _apply_in_the_wizard(slug: str) -> None:
    tab = Tab(f"/jobs/{slug}/apply")
    tab.send(ApplyState, "load")
    fields = {
        "first_name": FIRST,
        "last_name": LAST,
        "email": EMAIL,
        "phone": PHONE_TYPED,
        "country": "United States",
        "address": "12 Larkspur Lane",
        "city": "Arlington",
        "state": "Virginia",
        "zip_code": "22201",
    }
    for name, value in fields.items():
        tab.send(ApplyState, "set_field", name=name, value=value)
    pdf = make_resume(f"{FIRST} {LAST}", "Engineer", [EMAIL, PHONE_TYPED])
    tab.send(ApplyState, "upload_resume", chunks=_chunks(f"{FIRST}_{LAST}_cv.pdf", pdf))
    wizard = tab.state(ApplyState)
    assert wizard.documents["resume"]["name"], wizard.errors
    tab.send(ApplyState, "set_consent", name=consent.PROCESSING_FIELD, checked=True)
    tab.send(ApplyState, "submit")
    assert wizard.status == "done", (wizard.errors, wizard.fixes)


def _left_wizard_tab(slug: str) -> Tab:
    """A second tab: typed their details for another job, then closed without applying."""
    tab = Tab(f"/jobs/{slug}/apply")
    tab.send(ApplyState, "load")
    for name, value in (("first_name", FIRST), ("last_name", LAST), ("email", EMAIL), ("phone", PHONE_TYPED)):
        tab.send(ApplyState, "set_field", name=name, value=value)
    return tab


def _apply_through_the_api(job_id: int) -> None:
    with db.session_scope() as session:
        admin = session.exec(select(User).where(User.email == "admin@example.com")).one()
        key = api_keys.create_key("Aggregator", created_by=admin.id, session=session).key
    pdf = make_resume(f"{FIRST} {LAST}", "Engineer", [EMAIL])
    body = {
        "first_name": FIRST,
        "last_name": LAST,
        "email": EMAIL,
        "phone": PHONE_TYPED,
        "question_1004": "United States",
        "resume_content": base64.b64encode(pdf).decode(),
        "resume_content_filename": f"{LAST}.pdf",
    }
    auth_header = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    answer = TestClient(board_api.http_routes()).post(
        f"/v1/boards/acme/jobs/{job_id}", json=body, headers={"Authorization": auth_header}
    )
    assert answer.status_code == 200, answer.text


def _subscribe_to_job_alerts(team_slug: str) -> Tab:
    """From the job board, filtered by a team: an alert for that team's new jobs."""
    tab = Tab(f"/careers?team={team_slug}")
    form = {"email": EMAIL, "team": team_slug, "office": "", "keyword": "engineer"}
    tab.send(JobAlertState, "subscribe", form_data=form)
    assert tab.state(JobAlertState).answer == job_alerts.ANSWER
    return tab


def _confirm_and_get_a_digest(stores: personal_data.Stores, team: Any, office: Any) -> None:
    """The confirmation link from the delivered email, then a new posting and a day's digest."""
    _deliver(stores.outbox_dir)
    mailed = [
        message_from_bytes(p.read_bytes(), policy=policy.default) for p in stores.outbox_dir.glob("*.eml")
    ]
    texts = [m.get_body(preferencelist=("plain",)).get_content() for m in mailed]  # type: ignore[union-attr]
    [token] = [t for text in texts for t in re.findall(r"/alerts/confirm\?token=([A-Za-z0-9_-]{43})", text)]
    with db.session_scope() as session:
        assert job_alerts.confirm(token, session=session) is not None
        make_posting(
            session, team, office, title="Platform Engineer", published_at=utcnow() + timedelta(hours=1)
        )
    tomorrow = utcnow() + timedelta(days=1)
    settings = get_settings()
    mailing = job_alerts.Mailing(base_url=settings.base_url, company=settings.company_name)
    assert job_alerts.send_digests(mailing, now=tomorrow).sent == 1
    transport = mail.transport_from("", sender="careers@example.com", reply_to="", drop_dir=stores.outbox_dir)
    outbox.send_due(transport, domain="example.com", now=tomorrow)
    with db.session_scope() as session:
        assert session.exec(select(JobAlert).where(JobAlert.email == EMAIL)).one().confirmed_at is not None


def _interview_scorecard_and_note(application_id: int, posting_id: int) -> None:
    with db.session_scope() as session:
        recruiter = auth.current_user(_token("recruiter"), session=session)
        assert recruiter is not None
        row = session.get(Application, application_id)
        assert row is not None
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
        interview, link = interviews.propose(
            application_id,
            posting_id,
            [slot],
            user_id=recruiter.id,
            base_url="https://x.example",
            session=session,
        )
    with db.session_scope() as session:
        slot_id = session.exec(
            select(InterviewSlot.id).where(InterviewSlot.interview_id == interview.id)
        ).one()
        interviews.pick(link, slot_id or 0, session=session)
    with db.session_scope() as session:
        interview_plans.ensure_plan(posting_id, session=session)
        plan = session.exec(select(PlanInterview).where(PlanInterview.posting_id == posting_id)).first()
        assert plan is not None and recruiter is not None
        form = {
            **{f"rating_{n}": "3" for n in range(len(plan.attributes))},
            "recommendation": "yes",
            "notes": f"{FIRST} {LAST} explained pipelines well; call {PHONE_TYPED}.",
        }
        scorecards.submit(application_id, posting_id, plan.id or 0, form, recruiter, session=session)
        session.add(
            Note(application_id=application_id, author_id=recruiter.id, body=f"Spoke to {FIRST} at {PHONE}")
        )


OTHERS_NOTE = f"Referred by {PLAIN_FIRST} {LAST} ({EMAIL}, {PHONE})"


def _others_name_them(posting_id: int) -> int:
    """Another candidate's application whose staff text names the person (issue 18's attack
    run: erasure left a referral in application 44's note and "Room booked by ..." in its
    interview's location): a note, a proposed interview's location, a scorecard's notes."""
    signed_in = _token("recruiter")  # its own unit of work: before this one writes
    with db.session_scope() as session:
        recruiter = auth.current_user(signed_in, session=session)
        assert recruiter is not None
        [other] = add_applications(session, posting_id, ["Boris Ivanov"])
        row = session.get(Application, other)
        assert row is not None
        pipeline.move(other, posting_id, "phone_interview", row.version, recruiter.name, session=session)
        slot = {
            "date": "2027-03-03",
            "start": "11:00",
            "duration": "30",
            "time_zone": "UTC",
            "location": f"Room booked by {PLAIN_FIRST} {LAST}, call (415) 555-0199",
        }
        interview, link = interviews.propose(
            other,
            posting_id,
            [slot],
            user_id=recruiter.id or 0,
            base_url="https://x.example",
            session=session,
        )
        session.add(Note(application_id=other, author_id=recruiter.id or 0, body=OTHERS_NOTE))
    # He books it: his confirmation and its .ics, and the team's, carry the typed location (the
    # remaining finding of issue 18: erasure left those emails to others naming the person).
    with db.session_scope() as session:
        slot_id = session.exec(select(InterviewSlot.id).where(InterviewSlot.interview_id == interview.id)).one()
        interviews.pick(link, slot_id or 0, session=session)
    with db.session_scope() as session:
        plan = session.exec(select(PlanInterview).where(PlanInterview.posting_id == posting_id)).first()
        assert plan is not None
        form = {
            **{f"rating_{n}": "2" for n in range(len(plan.attributes))},
            "recommendation": "no",
            "notes": f"Asked for {LAST.upper()}, {PLAIN_FIRST.upper()} as a reference: 415.555.0199.",
        }
        scorecards.submit(other, posting_id, plan.id or 0, form, recruiter, session=session)
    return other


def _board_tab(slug: str) -> Tab:
    tab = Tab(f"/recruiting/{slug}", token=_token("recruiter"))
    tab.send(PipelineState, "load")
    return tab


def _save_views_naming_them(slug: str) -> None:
    """A recruiter's saved views hold what they typed (issue 18's attack run: erasure left
    "Oisin Feldspar - call back" and ``q=<their email>`` in ``board_view``)."""
    views = (
        (f"?q={EMAIL}", "Follow-up"),
        ("", f"{FIRST} {LAST} - call back"),
        (f"?q={LAST}", "Later"),
        # Issue 18's second attack run: typed without the accent, and a phone with spaces.
        ("", f"{PLAIN_FIRST.lower()} - call back"),
        (f"?q={PLAIN_FIRST}+{LAST}", "Someone"),
        ("?q=%2B1+415+555+01+99", "By phone"),
    )
    for query, name in views:
        tab = Tab(f"/recruiting/{slug}{query}", token=_token("recruiter"))
        tab.send(BoardViewsState, "load")
        tab.send(BoardViewsState, "save", form_data={"view_name": name})
        assert tab.state(BoardViewsState).view_error == ""
    with db.session_scope() as session:
        assert len(session.exec(select(BoardView)).all()) == len(views)


def _keep_in_state_stores(stores: personal_data.Stores, tabs: list[Tab]) -> None:
    """Write the tabs' state as Reflex does: its disk manager, and its Redis manager."""

    async def keep() -> None:
        # Reflex redefines get_state/set_state/modify_state in these managers (overloads mypy
        # reads as new abstract methods), so its own concrete managers look abstract to mypy.
        disk = StateManagerDisk()  # type: ignore[abstract]
        assert disk.states_directory == stores.state_dir.absolute()
        client = AsyncRedis.from_url(REDIS_URL)
        in_redis = StateManagerRedis(redis=client)  # type: ignore[abstract]
        for tab in tabs:
            token = BaseStateToken(ident=str(uuid.uuid4()), cls=State)
            await disk.set_state(token, tab.root)
            await in_redis.set_state(token, tab.root)
        await disk.close()
        await client.aclose()

    run_in_own_loop(keep)  # Playwright holds this thread's loop in a whole run


def _erase_as_admin(candidate_id: int) -> Tab:
    tab = Tab(routes.PEOPLE, token=_token("admin"))
    tab.send(PeopleState, "search", form_data={"q": EMAIL})
    tab.send(PeopleState, "ask_erase", candidate_id=candidate_id)
    tab.send(PeopleState, "erase", form_data={"confirm": EMAIL})
    assert tab.state(PeopleState).message.startswith(f"Erased person #{candidate_id}:")
    return tab


def _hits_in(blob: bytes) -> list[str]:
    lowered = blob.lower()
    return [n for n in NEEDLES if n.lower().encode() in lowered]


def _database_hits(engine: Engine) -> list[str]:
    found = []
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                kind = column.type  # SQLModel's ``str`` columns are AutoString, a TypeDecorator
                kind = kind.impl_instance if isinstance(kind, sa.types.TypeDecorator) else kind
                if not isinstance(kind, sa.String | sa.Text | sa.JSON):
                    continue
                for value in conn.execute(sa.select(sa.cast(column, sa.Text))).scalars():
                    for needle in _hits_in(str(value or "").encode()):
                        found.append(f"{table.name}.{column.name}: {needle}")
    return found


def _readable(path: Path) -> bytes:
    """The file's bytes; for an email, each part decoded too (base64 or quoted-printable)."""
    raw = path.read_bytes()
    if path.suffix != ".eml":
        return raw
    message = email.message_from_bytes(raw, policy=email.policy.SMTP)
    parts = [p.get_payload(decode=True) for p in message.walk() if not p.is_multipart()]
    return b"\n".join([raw, str(message.get("Subject", "")).encode(), *(p for p in parts if isinstance(p, bytes))])


def _file_hits(root: Path) -> list[str]:
    return [
        f"{p.relative_to(root)}: {n}"
        for p in sorted(root.rglob("*"))
        if p.is_file()
        for n in _hits_in(_readable(p))
    ]


def _redis_hits() -> list[str]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        return [
            f"redis {key.decode()}: {n}"
            for key in client.scan_iter("*")
            # redis-py types a sync client's reply as "Awaitable | Any" (one annotation for both clients).
            for n in _hits_in(cast("bytes | None", client.dump(key)) or b"")
        ]
    finally:
        client.close()


def test_erasure_leaves_no_trace_in_any_store(
    stores: personal_data.Stores, app_db: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        wizard_post, api_post, left_post = (make_posting(session, team, office) for _ in range(3))
        slugs = {p.id or 0: p.slug for p in (wizard_post, api_post, left_post)}
    wizard_id, api_id, left_id = slugs

    _apply_in_the_wizard(slugs[wizard_id])
    _apply_through_the_api(api_id)
    left_tab = _left_wizard_tab(slugs[left_id])
    alert_tab = _subscribe_to_job_alerts(team.slug)
    _confirm_and_get_a_digest(stores, team, office)
    _deliver(stores.outbox_dir)
    with db.session_scope() as session:
        candidate = session.exec(select(Candidate).where(Candidate.email == EMAIL)).one()
        person = candidate.id or 0
        applications = session.exec(select(Application).where(Application.candidate_id == person)).all()
        by_posting = {a.posting_id: a.id or 0 for a in applications}
        uploaded = set(session.exec(select(Document.storage_key)).all())
    assert set(by_posting) == {wizard_id, api_id} and len(uploaded) == 2
    _interview_scorecard_and_note(by_posting[wizard_id], wizard_id)
    other = _others_name_them(wizard_id)
    _deliver(stores.outbox_dir)
    board_tab = _board_tab(slugs[wizard_id])
    _save_views_naming_them(slugs[wizard_id])
    base = get_settings().base_url
    exporter = TestClient(api.http_routes(), base_url=base, headers={"origin": base})
    exporter.cookies.set(SESSION_COOKIE, _token("admin"))
    export = exporter.get(routes.person_export_url(person))
    assert export.status_code == 200  # the zip goes to the admin's browser; nothing is kept
    exported = zipfile.ZipFile(io.BytesIO(export.content)).read("person.json").decode()
    assert EMAIL in exported and '"job_alert"' in exported and '"engineer"' in exported
    _keep_in_state_stores(stores, [left_tab, board_tab, alert_tab])

    # Every store holds them now, so the search below can find them.
    assert _database_hits(app_db) and _file_hits(stores.data_dir)
    assert any(".eml" in hit for hit in _file_hits(stores.data_dir))
    assert any(hit.startswith("states/") for hit in _file_hits(stores.data_dir))
    assert _redis_hits()
    with Session(app_db) as session:
        assert session.exec(select(Interview)).all() and session.exec(select(Posting)).all()
        assert session.exec(select(JobAlert)).all() and session.exec(select(JobAlertToken)).all()
    digests = [p for p in stores.outbox_dir.glob("*.eml") if b"List-Unsubscribe-Post" in p.read_bytes()]
    assert digests and all(_hits_in(p.read_bytes()) for p in digests)

    admin_tab = _erase_as_admin(person)
    _keep_in_state_stores(stores, [admin_tab])  # the erasing admin's own tab, kept after the event

    assert _database_hits(app_db) == []
    with Session(app_db) as session:  # the other candidate's rows stay, the mentions gone
        # Every saved view named them (the phone's view is URL-encoded: "q=%2B1+415+555+01+99").
        assert session.exec(select(BoardView)).all() == []
        [note] = session.exec(select(Note).where(Note.application_id == other)).all()
        assert note.body == "Referred by [erased] ([erased], [erased])"
        [interview] = session.exec(select(Interview).where(Interview.application_id == other)).all()
        [slot] = session.exec(select(InterviewSlot).where(InterviewSlot.interview_id == interview.id)).all()
        assert slot.location == "Room booked by [erased], call [erased]"
        [card] = session.exec(select(Scorecard).where(Scorecard.application_id == other)).all()
        assert card.notes == "Asked for [erased] as a reference: [erased]."
        booked = session.exec(select(Outbox).where(Outbox.application_id == other, Outbox.ics != "")).all()
        unfolded = [m.ics.replace("\r\n ", "") for m in booked]  # RFC 5545 folds long lines
        assert unfolded and all("LOCATION:Room booked by [erased]" in ics for ics in unfolded), unfolded
    with Session(app_db) as session:  # their job alert and its links went with them
        assert session.exec(select(JobAlert)).all() == [] and session.exec(select(JobAlertToken)).all() == []
    assert _file_hits(stores.data_dir) == []
    assert [k for k in uploaded if docs.path_for(k, stores.upload_dir).exists()] == []  # PDFs compress text
    assert _redis_hits() == []
    if app_db.dialect.name == "sqlite":  # the database's own files too: free pages, the WAL
        files = sorted(Path(str(app_db.url.database)).parent.glob("*.db*"))
        assert files and [(p.name, _hits_in(p.read_bytes())) for p in files if _hits_in(p.read_bytes())] == []
    logged = [r.getMessage() for r in caplog.records]
    assert [line for line in logged if _hits_in(line.encode())] == []
