"""The blind proof (issue 18, leak 3): on a blind-screening posting, nothing the hiring team
receives names the candidate until someone reveals them, one explicit, audited click.

Driven through the real handlers on production's path (the guard, one committed unit of
work per event, SQLite and PostgreSQL): the candidate applies through the wizard's
service; a recruiter moves the card and proposes an interview; the candidate books it
from the emailed link; the recruiter moves the time; scorecards, a board reject, a lost
race, a bulk move, a bulk reject and its undo; the panel; the audit log. Captured: every
state var of every hiring-team tab (what goes over the socket), every toast and message a
handler returned, every email and .ics delivered to the hiring team (written as .eml with
SMTP unset, as in the quick start) and the audit log. None holds the candidate's name,
email or phone before the reveal; after it, they may.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

import careers_app.careers_app  # noqa: F401 (registers every state, as the app does)
from careers_app import routes
from careers_app.devtools.pdfs import make_pdf
from careers_app.models import Application, AuditEntry, Outbox
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.candidates import candidate_access as access
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.interviews import interview_plans
from careers_app.services.mail import mail, outbox
from careers_app.services.platform import audit, db
from careers_app.services.visibility import blind_screening
from careers_app.states.admin import AccountsState
from careers_app.states.bulk import BulkState
from careers_app.states.candidate_status import CandidateStatusState
from careers_app.states.data_rights import AuditLogState
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.interviews import InterviewPanelState, InterviewPickState
from careers_app.states.pipeline import PipelineState
from careers_app.states.scorecards import ScorecardState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import new_root
from tests.handler_calls import token_for as _token
from tests.loops import run_in_own_loop

TEAM_ADDRESSES = {"recruiter@example.com", "admin@example.com"}
SOON = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
LATER = (datetime.now(UTC) + timedelta(days=31)).date().isoformat()
SLOT = {"date": SOON, "start": "09:00", "duration": "30", "time_zone": "Europe/Warsaw", "location": "Room 4"}


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str  # as typed in the wizard
    phone_digits: str  # as stored, without the country code
    handle: str  # their LinkedIn and GitHub name (the wizard's optional links)

    def secrets(self) -> tuple[str, ...]:
        local = self.email.split("@")[0]
        return (self.first_name, self.last_name, self.email, local, self.phone_digits, self.handle)


ZUZANNA = Person(
    "Zuzanna", "Quillfeather", "zuzanna.q@mail.example.org", "+48 601 234 567", "601234567", "zq-codes"
)
IGNACY = Person(
    "Ignacy", "Brzechwalski", "ignacy.b@mail.example.org", "+48 602 345 678", "602345678", "ibrz-builds"
)
TEODORA = Person(
    "Teodora", "Wintergreen", "teodora.w@mail.example.org", "+48 603 456 789", "603456789", "twg-labs"
)


@dataclass
class World:
    slug: str
    posting_id: int
    ids: dict[str, int]  # first name -> application id
    upload_dir: Path


def _apply(person: Person, posting_id: int, upload_dir: Path) -> int:
    """Apply as the wizard does (its own committed transaction), resume naming the person."""
    fields = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "country": "Poland",
        "state": "",
        "city": "Gdansk",
        "zip_code": "80-001",
        "linkedin": f"linkedin.com/in/{person.handle}",
        "github": f"https://github.com/{person.handle}",
        "website": f"{person.handle}.example.net",
    }
    with db.session_scope() as session:
        token = apps.new_token()
        apps.save_draft(token, posting_id, fields, 5, session=session)
        data = make_pdf(
            [
                [
                    f"{person.first_name} {person.last_name}",
                    person.email,
                    person.phone,
                    f"github.com/{person.handle} · {person.handle}.example.net",
                    "Python and SQL, 6 years",
                ]
            ]
        )
        checked = check_pdf(data)
        key = store(data, checked.sha256, upload_dir)
        apps.attach_document(token, posting_id, "resume", "cv.pdf", checked, key, upload_dir, session=session)
        result = apps.submit_draft(
            token,
            posting_id,
            upload_dir,
            "Acme",
            session=session,
            agreed=consent.from_wizard(True, False, "Acme"),
        )
        return result.application_id


@pytest.fixture
def world(app_db: Engine, tmp_path: Path, no_live_feed: None) -> World:
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Data Engineer")
        assert posting.id is not None
        blind_screening.set_enabled(posting.id, True, user_id=None, session=session)
        interview_plans.ensure_plan(posting.id, session=session)
        slug, posting_id = posting.slug, posting.id
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    ids = {p.first_name: _apply(p, posting_id, uploads) for p in (ZUZANNA, IGNACY, TEODORA)}
    with db.session_scope() as session:  # the confirmations went to the candidates: not captured
        for row in session.exec(select(Outbox)).all():
            session.delete(row)
    return World(slug, posting_id, ids, uploads)


class Tab:
    """One browser tab: one root state kept across events (as Reflex keeps it per tab), and
    everything its handlers returned (toasts, messages)."""

    def __init__(self, token: str, path: str) -> None:
        self.root = new_root()
        self.token, self.path = token, path
        self.returned: list[str] = []

    def state(self, state_cls: type[rx.State]) -> Any:
        return self.root.get_substate(state_cls.get_full_name().split(".")[1:])

    def send(self, state_cls: type[rx.State], name: str, **payload: Any) -> Any:
        state = self.state(state_cls)
        state.router = RouterData.from_router_data(
            {
                "headers": {"cookie": f"{SESSION_COOKIE}={self.token}" if self.token else ""},
                "ip": "203.0.113.7",
                "pathname": self.path.split("?")[0],
                "asPath": self.path,
            }
        )
        handler = getattr(state_cls, name)
        result = run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))
        self.returned.append(repr(result))
        return result

    def everything(self) -> str:
        """Every var of every state of this tab (what the browser can receive), and what its
        handlers returned."""
        return repr(self.root.dict()) + "\n".join(self.returned)


def _version(engine: Engine, app_id: int) -> int:
    with Session(engine) as session:
        row = session.get(Application, app_id)
        assert row is not None
        return row.version


def _deliver(engine: Engine, folder: Path) -> None:
    """What the running app does with SMTP unset: each due message becomes <id>.eml."""
    transport = mail.transport_from("", sender="jobs@example.com", reply_to="", drop_dir=folder)
    while outbox.send_due(transport, domain="example.com", engine=engine).sent:
        pass


def _mails(folder: Path) -> list[tuple[str, str]]:
    """(recipient, every header and decoded part, .ics included) of each .eml written."""
    found = []
    for path in sorted(folder.glob("*.eml"), key=lambda p: int(p.stem)):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        parts = [f"{k}: {v}" for k, v in message.items()]
        for part in message.walk():
            if not part.is_multipart():
                content = part.get_content()
                parts.append(content.decode(errors="replace") if isinstance(content, bytes) else str(content))
        found.append((str(message["To"]), "\n".join(parts)))
    return found


def _leaks(text: str, *people: Person) -> list[str]:
    """Which of these people's names, addresses (or their local part) and phone numbers
    (however spaced) appear in the text."""
    lowered = re.sub(r"(?<=\d)[\s().-]+(?=\d)", "", text.lower())
    return [s for p in people for s in p.secrets() if s.lower() in lowered]


def _slot_form(prefix: str, slot: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}-{k}": v for k, v in slot.items()}


def _score(tab: Tab) -> None:
    scoring = tab.state(ScorecardState).scoring
    chosen = scoring.interviews[0]
    tab.send(ScorecardState, "start", interview_id=chosen.id)
    form = {f"rating_{n}": "3" for n in range(len(chosen.attributes))}
    tab.send(ScorecardState, "submit", form_data={**form, "recommendation": "yes", "notes": "Clear on SQL."})


def test_nothing_the_hiring_team_receives_names_a_blind_candidate_until_the_reveal(
    world: World, app_db: Engine, tmp_path: Path
) -> None:
    z, ig, te = (world.ids[p.first_name] for p in (ZUZANNA, IGNACY, TEODORA))
    board = routes.pipeline_url(world.slug)
    riley = Tab(_token("recruiter"), board)
    admin = Tab(_token("admin"), board)
    riley.send(PipelineState, "load")
    riley.send(BulkState, "load")

    # A board move within screening, then the panel and an interview proposed from it.
    riley.send(
        PipelineState, "move", request={"id": z, "version": _version(app_db, z), "to": "recruiter_screen"}
    )
    riley.send(PipelineState, "open_candidate", application_id=z)
    riley.send(ScorecardState, "refresh")
    riley.send(InterviewPanelState, "load_interview", application_id=z)
    riley.send(InterviewPanelState, "propose", form_data=_slot_form("slot-1", SLOT))
    assert riley.state(InterviewPanelState).iv_status == "proposed"

    # The candidate books it from the email (the candidate's own page: not the hiring team's).
    with Session(app_db) as session:
        invite = session.exec(select(Outbox).where(Outbox.kind == "interview_invitation")).one()
    token = invite.body.split("/interview/")[1].split()[0]
    candidate = Tab("", routes.interview_pick_url(token))
    candidate.send(InterviewPickState, "load")
    candidate.send(
        InterviewPickState, "pick", form_data={"slot": str(candidate.state(InterviewPickState).slots[0].id)}
    )
    assert candidate.state(InterviewPickState).iv_status == "scheduled"

    # The recruiter moves the time; scorecards from two people; the live refresh of the card.
    riley.send(InterviewPanelState, "load_interview", application_id=z)
    riley.send(InterviewPanelState, "toggle_change")
    riley.send(InterviewPanelState, "change_time", form_data=_slot_form("change", {**SLOT, "date": LATER}))
    riley.send(PipelineState, "refresh_card", application_id=z)
    _score(riley)
    admin.send(PipelineState, "load")
    admin.send(PipelineState, "open_candidate", application_id=z)
    admin.send(ScorecardState, "refresh")
    _score(admin)

    # A lost race (the toast names who was moved), a board reject, bulk move, reject, undo.
    admin.send(
        PipelineState, "move", request={"id": z, "version": 1, "to": "applied", "from": "recruiter_screen"}
    )
    riley.send(PipelineState, "move", request={"id": ig, "version": _version(app_db, ig), "to": "rejected"})
    assert riley.state(PipelineState).reject_name == f"Candidate #{ig}"
    riley.send(PipelineState, "confirm_reject", form_data={"reason": "Did not respond"})
    admin.send(PipelineState, "refresh_card", application_id=ig)
    admin.send(BulkState, "load")
    items = [{"id": te, "version": _version(app_db, te)}, {"id": z, "version": 1}]  # z: stale, left alone
    admin.send(BulkState, "apply", request={"action": "move", "items": items, "to": "recruiter_screen"})
    assert admin.state(BulkState).report_kind == "partial"
    assert f"Candidate #{z}" in admin.state(BulkState).report  # named as the board names it
    items = [{"id": te, "version": _version(app_db, te)}]
    admin.send(BulkState, "apply", request={"action": "reject", "items": items, "reason": "Did not respond"})
    admin.send(BulkState, "undo")
    assert any("by someone else" in r for r in admin.returned)  # the lost race's toast
    riley.send(BulkState, "refresh_cards", application_ids=[z, ig, te])
    riley.send(PipelineState, "load")  # the board again: Rejected holds a blind candidate now
    rejected = next(c for c in riley.state(PipelineState).columns if c.key == "rejected")
    assert [(c.id, c.name, c.blind) for c in rejected.cards] == [(ig, f"Candidate #{ig}", True)]
    riley.send(PipelineState, "open_candidate", application_id=z)
    riley.send(ScorecardState, "refresh")
    audit_tab = Tab(admin.token, routes.AUDIT_LOG)
    audit_tab.send(AuditLogState, "load")

    outbox_dir = tmp_path / "outbox"
    _deliver(app_db, outbox_dir)
    delivered = _mails(outbox_dir)
    to_team = [text for to, text in delivered if to in TEAM_ADDRESSES]
    assert len(to_team) == 2  # booked, moved: the recruiter's notices, each with its invitation
    assert all("BEGIN:VCALENDAR" in text and f"Candidate #{z}" in text for text in to_team)
    with Session(app_db) as session:
        log = repr(session.exec(select(AuditEntry)).all())
    for name, seen in (
        ("riley's tab", riley.everything()),
        ("admin's tab", admin.everything()),
        ("audit log page", audit_tab.everything()),
        ("audit log", log),
        *((f"email {n} to the team", text) for n, text in enumerate(to_team)),
    ):
        assert _leaks(seen, ZUZANNA, IGNACY, TEODORA) == [], name
    assert f"Candidate #{ig}" in riley.everything() and f"Candidate #{z}" in riley.everything()

    # The candidate's own emails and invitations keep their name and address.
    own = [text for to, text in delivered if to == ZUZANNA.email]
    assert len(own) == 3 and all(f"Hi {ZUZANNA.first_name}" in text for text in own)
    assert any(ZUZANNA.last_name in text for text in own)
    assert any(f"mailto:{ZUZANNA.email}" in text.replace("\r\n ", "") for text in own)

    # The reveal: one click, logged; from then on the team may see who it is.
    riley.send(ScorecardState, "reveal")
    with Session(app_db) as session:
        [entry] = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == audit.IDENTITY_REVEALED)
        ).all()
        assert entry.application_id == z and ZUZANNA.last_name not in entry.detail
    assert riley.state(PipelineState).selected.name == f"{ZUZANNA.first_name} {ZUZANNA.last_name}"
    riley.send(InterviewPanelState, "load_interview", application_id=z)
    riley.send(InterviewPanelState, "toggle_change")
    riley.send(InterviewPanelState, "change_time", form_data=_slot_form("change", SLOT))
    _deliver(app_db, outbox_dir)
    after = [text for to, text in _mails(outbox_dir) if to in TEAM_ADDRESSES]
    assert len(after) == 3 and ZUZANNA.last_name in after[-1]
    assert _leaks(riley.everything(), IGNACY, TEODORA) == []  # the others stay hidden


def test_a_blind_candidate_who_withdraws_stays_hidden_from_the_team_and_its_notices(
    world: World, app_db: Engine, tmp_path: Path
) -> None:
    """The candidate withdraws after booking: the interview is cancelled for both sides, and
    the team's cancellation notice and the Withdrawn card still say "Candidate #<id>"."""
    z = world.ids[ZUZANNA.first_name]
    board = routes.pipeline_url(world.slug)
    riley = Tab(_token("recruiter"), board)
    riley.send(PipelineState, "load")
    riley.send(
        PipelineState, "move", request={"id": z, "version": _version(app_db, z), "to": "recruiter_screen"}
    )
    riley.send(InterviewPanelState, "load_interview", application_id=z)
    riley.send(InterviewPanelState, "propose", form_data=_slot_form("slot-1", SLOT))
    with Session(app_db) as session:
        invite = session.exec(select(Outbox).where(Outbox.kind == "interview_invitation")).one()
    token = invite.body.split("/interview/")[1].split()[0]
    pick = Tab("", routes.interview_pick_url(token))
    pick.send(InterviewPickState, "load")
    pick.send(InterviewPickState, "pick", form_data={"slot": str(pick.state(InterviewPickState).slots[0].id)})

    with db.session_scope() as session:
        application = session.get(Application, z)
        assert application is not None
        link = access.issue_link(application.candidate_id, session=session)
    status = Tab("", f"/status?token={link}")
    status.send(CandidateStatusState, "load")
    status.send(CandidateStatusState, "ask_withdraw", application_id=z)
    status.send(CandidateStatusState, "confirm_withdraw")

    riley.send(PipelineState, "refresh_card", application_id=z)
    assert riley.state(PipelineState).card_update.to == "withdrawn"
    seen_live = riley.everything()
    riley.send(PipelineState, "load")
    riley.send(PipelineState, "open_candidate", application_id=z)
    outbox_dir = tmp_path / "outbox"
    _deliver(app_db, outbox_dir)
    to_team = [text for to, text in _mails(outbox_dir) if to in TEAM_ADDRESSES]
    assert len(to_team) == 2 and "METHOD:CANCEL" in to_team[-1]  # booked, then cancelled
    for name, seen in (
        ("the live card", seen_live),
        ("riley's tab", riley.everything()),
        *((f"notice {n}", t) for n, t in enumerate(to_team)),
    ):
        assert _leaks(seen, ZUZANNA) == [], name


class RefusingServer:
    """An SMTP server that refuses the address, as a real one does (the error names it)."""

    def deliver(self, outgoing: Any) -> None:
        raise mail.MailError(f"550 5.1.1 <{outgoing.to_email}>: Recipient address rejected")


def test_an_email_to_a_blind_candidate_that_failed_is_listed_for_admins_without_their_address(
    world: World, app_db: Engine
) -> None:
    """The failed-emails list on /team/accounts is for admins, who also work the boards: a
    blind candidate's undeliverable invitation names them there by alias, and can be retried."""
    z = world.ids[ZUZANNA.first_name]
    riley = Tab(_token("recruiter"), routes.pipeline_url(world.slug))
    riley.send(PipelineState, "load")
    riley.send(
        PipelineState, "move", request={"id": z, "version": _version(app_db, z), "to": "recruiter_screen"}
    )
    riley.send(InterviewPanelState, "load_interview", application_id=z)
    riley.send(InterviewPanelState, "propose", form_data=_slot_form("slot-1", SLOT))
    for day in range(1, outbox.MAX_ATTEMPTS + 1):  # every retry refused, until the sender gives up
        later = datetime.now(UTC) + timedelta(days=day)
        outbox.send_due(RefusingServer(), domain="example.com", engine=app_db, now=later)  # type: ignore[arg-type]
    with Session(app_db) as session:
        [failed] = session.exec(select(Outbox).where(col(Outbox.status) == outbox.FAILED)).all()
        assert failed.to_email == ZUZANNA.email and ZUZANNA.email in failed.last_error

    admin = Tab(_token("admin"), routes.ACCOUNTS)
    admin.send(AccountsState, "load")
    [listed] = admin.state(AccountsState).failed_mail
    assert listed.to_email == f"Candidate #{z}" and f"<Candidate #{z}>" in listed.last_error
    assert _leaks(admin.everything(), ZUZANNA) == []
    admin.send(AccountsState, "retry_mail", message_id=listed.id)
    with Session(app_db) as session:
        assert session.get_one(Outbox, failed.id).status == outbox.PENDING


def test_moving_a_blind_candidate_on_past_screening_is_a_recorded_reveal(
    world: World, app_db: Engine
) -> None:
    """Showing the person by moving them on to an interview stage is a reveal like the button:
    a reveal row and an audit entry name who made it; a move within screening records none."""
    z, te = world.ids[ZUZANNA.first_name], world.ids[TEODORA.first_name]
    riley = Tab(_token("recruiter"), routes.pipeline_url(world.slug))
    riley.send(PipelineState, "load")
    riley.send(
        PipelineState, "move", request={"id": z, "version": _version(app_db, z), "to": "recruiter_screen"}
    )

    def reveals() -> list[tuple[int | None, str]]:
        with Session(app_db) as session:
            rows = session.exec(select(AuditEntry).where(col(AuditEntry.action) == audit.IDENTITY_REVEALED))
            return [(e.application_id, e.detail) for e in rows.all()]

    assert reveals() == []
    riley.send(
        PipelineState, "move", request={"id": z, "version": _version(app_db, z), "to": "phone_interview"}
    )
    assert reveals() == [(z, "blind screening: identity shown by moving on to phone_interview")]
    with Session(app_db) as session:
        assert not blind_screening.is_hidden(z, session=session)
    riley.send(BulkState, "load")
    items = [{"id": te, "version": _version(app_db, te)}]
    riley.send(BulkState, "apply", request={"action": "move", "items": items, "to": "onsite"})
    assert [a for a, _ in reveals()] == [z, te]


def test_a_colleagues_own_failed_notice_about_a_blind_candidate_keeps_their_address(
    world: World, app_db: Engine
) -> None:
    """Review: the failed-emails list hid every address of a message about a blind candidate,
    the recruiter's own "interview booked" notice included. Only mail to the candidate names
    them; a colleague's address stays readable (the subject of mail to the candidate is
    withheld, since a template may put the name there)."""
    z = world.ids[ZUZANNA.first_name]
    riley = Tab(_token("recruiter"), routes.pipeline_url(world.slug))
    riley.send(PipelineState, "load")
    riley.send(
        PipelineState, "move", request={"id": z, "version": _version(app_db, z), "to": "recruiter_screen"}
    )
    riley.send(InterviewPanelState, "load_interview", application_id=z)
    riley.send(InterviewPanelState, "propose", form_data=_slot_form("slot-1", SLOT))
    with Session(app_db) as session:
        invite = session.exec(select(Outbox).where(Outbox.kind == "interview_invitation")).one()
        team_copy = Outbox(
            to_email="recruiter@example.com",
            subject=f"Interview booked: Candidate #{z}",
            body="-",
            application_id=z,
            status=outbox.FAILED,
            last_error="550 <recruiter@example.com>: mailbox full",
            kind="interview_team_notice",
        )
        invite.status, invite.last_error = outbox.FAILED, f"550 <{ZUZANNA.email}>: no such user"
        # A status link she asked for is about no application (issue 18's second attack run:
        # listed with her address and subject).
        link_mail = Outbox(
            to_email=ZUZANNA.email,
            subject=f"Your applications, {ZUZANNA.first_name}",
            body="-",
            application_id=None,
            status=outbox.FAILED,
            last_error=f"550 <{ZUZANNA.email}>: no such user",
            kind="status_link",
        )
        session.add_all([team_copy, invite, link_mail])
        session.commit()
    admin = Tab(_token("admin"), routes.ACCOUNTS)
    admin.send(AccountsState, "load")
    listed = {m.to_email: m for m in admin.state(AccountsState).failed_mail}
    assert listed["recruiter@example.com"].last_error == "550 <recruiter@example.com>: mailbox full"
    to_candidate = listed[f"Candidate #{z}"]
    assert to_candidate.subject == "(withheld under blind screening)"
    assert [m.to_email for m in admin.state(AccountsState).failed_mail].count(f"Candidate #{z}") == 2
    assert _leaks(admin.everything(), ZUZANNA) == []
