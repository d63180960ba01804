"""The scenarios of the commit-cut property (tests/unit/test_commit_cut.py), one per
writing event handler, and the handlers that only read, each with the reason.

A scenario makes what its handler needs (a posting, an application, a draft, a status link),
sends the events a person sends first (the page's ``load``, opening a candidate), and
returns the tab and the event under test, with what one successful such event writes:
rows added, changed and removed per table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import reflex as rx
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from careers_app import routes
from careers_app.devtools.pdfs import make_resume
from careers_app.models import Application, Candidate, Office, Outbox, PlanInterview, Posting, Team
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.board import board_query, board_views, pipeline
from careers_app.services.candidates import candidate_access, race_2024
from careers_app.services.candidates import documents as docs
from careers_app.services.interviews import interview_plans, interviews
from careers_app.services.mail import email_templates as et
from careers_app.services.platform import api_keys, auth, db
from careers_app.services.visibility import blind_screening
from careers_app.states.admin import AccountsState, PostingAdminState, PostingEditorState
from careers_app.states.api_keys import ApiKeysState
from careers_app.states.apply import ApplyState
from careers_app.states.board_views import BoardViewsState
from careers_app.states.bulk import BulkState
from careers_app.states.candidate_status import CandidateStatusState
from careers_app.states.data_rights import CandidateDataState, PeopleState
from careers_app.states.email_templates import EmailTemplatesState
from careers_app.states.interviews import InterviewPanelState, InterviewPickState
from careers_app.states.job_alerts import JobAlertState
from careers_app.states.pipeline import PipelineState
from careers_app.states.scorecards import ScorecardState
from careers_app.states.stage_editor import StageEditorState
from tests.commit_cut import CommitCut, WriteCounter
from tests.factories import make_posting
from tests.handler_calls import Tab, toast_levels
from tests.people import make_person

NAMES = count(1)  # unique emails, slugs and names across a run
Event = tuple[type[rx.State], str, dict[str, Any]]
ADDED, CHANGED, REMOVED = (1, 0, 0), (0, 1, 0), (0, 0, 1)

READ_ONLY: dict[str, str] = {
    # Page loads and views: they read and fill the tab's state.
    "AccountsState.load": "lists accounts and failed mail",
    "AnalyticsState.load": "reads the funnel",
    "AnalyticsState.choose": "a redirect to the chosen filter's URL",
    "ApiKeysState.load": "lists keys",
    "ApplyState.file_rejected": "the browser refused a file: an error message only",
    "ApplyState.set_consent": "a review-step box: kept in the state only, never in the draft",
    "ApplyState.upload_progress": "a progress number in the state",
    "ResumeAutofillState.suggest": "reads the draft's resume text; suggestions stay out of the draft",
    "ResumeAutofillState.accept": "a suggestion confirmed in the state (saved as typing is)",
    "ResumeAutofillState.accept_all": "every suggestion confirmed in the state",
    "ResumeAutofillState.clear": "a suggestion removed from the state (it never was in the draft)",
    "AuditLogState.load": "reads the audit log",
    "AuditLogState.choose": "a redirect to the chosen filter's URL",
    "BoardState.load": "the job board: reads open postings",
    "BoardState.choose_team": "a redirect",
    "BoardState.choose_office": "a redirect",
    "BoardState.search": "a redirect",
    "BoardState.clear_filters": "a redirect",
    "BoardViewsState.load": "lists the recruiter's views",
    "BulkState.load": "reads the posting id",
    "BulkState.dismiss": "clears the report",
    "BulkState.refresh_cards": "reads cards another recruiter changed",
    "BulkState.select_filtered": "reads the ids the filter matches",
    "CandidateDataState.ask_erase": "opens the confirm step (the token is checked, nothing written)",
    "CandidateDataState.cancel_erase": "closes the confirm step",
    "CandidateDataState.download": "a signed ticket for the zip route (the export is audited there, over HTTP)",
    "CandidateStatusState.load": "reads the token's applications",
    "CandidateStatusState.ask_withdraw": "opens the confirm step",
    "CandidateStatusState.cancel_withdraw": "closes the confirm step",
    "CandidateStatusState.set_contact": "a typed value, kept in the state until save_contact",
    "CandidateStatusState.leave_contact": "validates a typed value",
    "ComplianceState.load": (
        "reads aggregate reports; the first read after a quarter ends also freezes that quarter "
        "(services/compliance/eeo_snapshots.py), once: a cut commit leaves it unfrozen and the next read writes it"
    ),
    "ComplianceState.choose": "a redirect",
    "EmailTemplatesState.load": "reads templates",
    "EmailTemplatesState.choose": "a redirect",
    "EmailTemplatesState.edit": "a typed value and its preview, kept until save",
    "InterviewPanelState.load_interview": "reads the candidate's interview",
    "InterviewPanelState.add_slot_row": "one more row in the form",
    "InterviewPanelState.remove_slot_row": "one row fewer in the form",
    "InterviewPanelState.toggle_change": "opens the change form",
    "InterviewPickState.load": "reads the link's interview",
    "LanguageState.detect": "the tab's language from the URL, its cookie and the browser's headers",
    "NotAllowedState.load": "the refusal page",
    "PeopleState.load": "an empty search page",
    "PeopleState.search": "reads people by email",
    "PeopleState.ask_erase": "opens the typed confirmation",
    "PeopleState.cancel_erase": "closes it",
    "PeopleState.download": "a link to the zip route (the export is audited there, over HTTP), "
    "or, for a person under blind screening, the reveal's confirmation",
    "PeopleState.cancel_reveal": "closes the reveal's confirmation",
    "PipelineState.load": "reads the board",
    "PipelineState.search": "reads the board again, or redirects",
    "PipelineState.clear_filters": "a redirect",
    "PipelineState.load_more": "reads a column's next page",
    "PipelineState.sort_column": "reads a column in another order",
    "PipelineState.refresh_card": "reads a card another recruiter changed",
    "PipelineState.open_candidate": "reads the candidate panel",
    "PipelineState.close_panel": "closes the panel",
    "PipelineState.cancel_reject": "closes the reject dialog, reads the card back",
    "PostingState.load": "reads the posting page",
    "PostingsState.load": "reads the pipelines list",
    "ScorecardState.cancel": "closes the form",
    "SignInState.load": "the sign-in page",
    "StageEditorState.load": "reads the posting's stages",
}
# Background handlers open their own units of work (call.unit()): the last one, which
# records the stored file on the draft, is cut (see _cut_attach); the kind each uploads.
BACKGROUND = {"ApplyState.upload_resume": "resume", "ApplyState.upload_cover_letter": "cover_letter"}


# ----- the world a backend's scenarios share --------------------------------------------------


@dataclass
class World:
    engine: Engine
    uploads: Path
    cut: CommitCut
    writes: WriteCounter
    tokens: dict[str, str] = field(default_factory=dict)
    after_commit: list[str] = field(default_factory=list)  # work queued with call.after that ran
    team_id: int = 0
    office_id: int = 0

    def tab(self, role: str, path: str) -> Tab:
        return Tab(self.tokens.get(role, ""), path)

    def step(self, tab: Tab, state_cls: type[rx.State], event: str, /, **payload: Any) -> Any:
        """A set-up event: it must not fail, and a read-only one must not write."""
        before = self.writes.count
        result = tab.send(state_cls, event, **payload)
        key = f"{state_cls.__name__}.{event}"
        assert "error" not in toast_levels(result), f"set-up step {key} failed: {result}"
        if key in READ_ONLY:
            assert self.writes.count == before, f"{key} is listed as read-only but wrote"
        return result

    def user_id(self, role: str) -> int:
        with db.session_scope() as session:
            return next(a.id for a in auth.list_accounts(session=session) if a.email == f"{role}@example.com")

    def posting(self, **fields: Any) -> tuple[int, str]:
        with db.session_scope() as session:
            team, office = session.get(Team, self.team_id), session.get(Office, self.office_id)
            assert team is not None and office is not None
            made = make_posting(session, team, office, slug=f"cut-{next(NAMES)}", **fields)
            return made.id or 0, made.slug

    def applicant(self, posting_id: int, stage: str = "applied") -> int:
        """One candidate's application at ``stage`` (moved there through the pipeline)."""
        n = next(NAMES)
        with db.session_scope() as session:
            candidate = Candidate(
                first_name=f"Ada{n}",
                last_name="Lovelace",
                email=f"ada{n}@example.com",
                phone_e164="+14155550100",
                country="United States",
            )
            session.add(candidate)
            session.flush()
            app = Application(
                candidate_id=candidate.id or 0,
                posting_id=posting_id,
                stage="applied",
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                country="United States",
            )
            session.add(app)
            session.flush()
            if stage != "applied":
                pipeline.move(app.id or 0, posting_id, stage, app.version, "Riley", session=session)
            return app.id or 0

    def version(self, app_id: int) -> int:
        with Session(self.engine) as session:
            found = session.get(Application, app_id)
            assert found is not None
            return found.version

    def draft(self, posting_id: int, step: int = 1, *, resume: bool = False, **data: str) -> str:
        """A wizard draft (what the browser's localStorage token points to)."""
        token = apps.new_token()
        values = {**APPLICANT, "email": f"applicant{next(NAMES)}@example.com", **data}
        with db.session_scope() as session:
            apps.save_draft(token, posting_id, values, step, session=session)
            if resume:
                pdf = make_resume(f"Applicant {next(NAMES)}", "Engineer", ["Ten years of pipelines."])
                digest = hashlib.sha256(pdf).hexdigest()
                checked = docs.CheckedPdf(size_bytes=len(pdf), sha256=digest, page_count=1, text="Engineer")
                key = docs.store(pdf, digest, self.uploads)
                apps.attach_document(
                    token, posting_id, "resume", "cv.pdf", checked, key, self.uploads, session=session
                )
        return token


APPLICANT = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "phone": "4155550132",
    "country": "United States",
    "address": "1 Main Street",
    "city": "Arlington",
    "state": "Virginia",
    "zip_code": "22201",
}


# ----- the scenarios: one per writing handler ---------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    prepare: Callable[[World], tuple[Tab, Event]]
    writes: dict[str, tuple[int, int, int]]  # what one successful event writes: rows added, changed, removed
    # Vars a failure hook sets (to put back what the browser already shows): a check of the
    # value each is left with, given the event's arguments.
    hooks: dict[str, Callable[[Any, dict[str, Any]], bool]] = field(default_factory=dict)
    answer: str = ""  # the retry's error message, when a committed event still says no
    bug: str = ""  # a known bug this scenario shows (the failure expected, until it is fixed)


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    key: str, writes: dict[str, tuple[int, int, int]], **more: Any
) -> Callable[[Callable[[World], tuple[Tab, Event]]], Callable[[World], tuple[Tab, Event]]]:
    """Register a scenario; ``key`` is ``State.handler``, with ``#variant`` for another path."""

    def register(prepare: Callable[[World], tuple[Tab, Event]]) -> Callable[[World], tuple[Tab, Event]]:
        assert key not in SCENARIOS, key
        SCENARIOS[key] = Scenario(prepare, writes, **more)
        return prepare

    return register


# --- admin: accounts, postings ---


@scenario("AccountsState.create", {"app_user": ADDED})
def _create_account(w: World) -> tuple[Tab, Event]:
    tab = w.tab("admin", routes.ACCOUNTS)
    w.step(tab, AccountsState, "load")
    form = {
        "email": f"new{next(NAMES)}@example.com",
        "name": "New Person",
        "role": "recruiter",
        "password": "a long password 12",
    }
    return tab, (AccountsState, "create", {"form_data": form})


@scenario("AccountsState.set_active", {"app_user": CHANGED, "user_session": CHANGED})
def _deactivate(w: World) -> tuple[Tab, Event]:
    n = next(NAMES)
    with db.session_scope() as session:
        auth.create_user(
            f"leaving{n}@example.com", "Leaving", "a long password 12", "recruiter", session=session
        )
        auth.sign_in(f"leaving{n}@example.com", "a long password 12", session=session)
        target = next(
            a.id for a in auth.list_accounts(session=session) if a.email == f"leaving{n}@example.com"
        )
    tab = w.tab("admin", routes.ACCOUNTS)
    w.step(tab, AccountsState, "load")
    return tab, (AccountsState, "set_active", {"user_id": target, "active": False})


@scenario("AccountsState.retry_mail", {"outbox": CHANGED})
def _retry_mail(w: World) -> tuple[Tab, Event]:
    with db.session_scope() as session:
        row = Outbox(to_email="gone@example.com", subject="Hello", body="Hi", status="failed", attempts=8)
        session.add(row)
        session.flush()
        message_id = row.id
    tab = w.tab("admin", routes.ACCOUNTS)
    w.step(tab, AccountsState, "load")
    return tab, (AccountsState, "retry_mail", {"message_id": message_id})


@scenario("PostingAdminState.set_status", {"posting": CHANGED})
def _close_posting(w: World) -> tuple[Tab, Event]:
    _, slug = w.posting()
    tab = w.tab("admin", routes.RECRUITING_HOME)
    return tab, (PostingAdminState, "set_status", {"slug": slug, "status": "closed"})


@scenario("PostingEditorState.save", {"posting": CHANGED, "interview_plan": CHANGED})
def _edit_posting(w: World) -> tuple[Tab, Event]:
    _, slug = w.posting()
    tab = w.tab("admin", routes.editor_url(slug))
    w.step(tab, PostingEditorState, "load")
    form = {
        **tab.state(PostingEditorState).values,
        "title": "Senior Software Engineer",
        "what_youll_do": "Ship.",
    }
    return tab, (PostingEditorState, "save", {"form_data": form})


PLAN_MADE = {
    "interview_plan": ADDED,
    "plan_interview": (sum(map(len, interview_plans.DEFAULT_PLAN.values())), 0, 0),
}


@scenario("PostingEditorState.load", PLAN_MADE)
def _open_editor(w: World) -> tuple[Tab, Event]:
    """The first look at a posting's editor gives it the default interview plan."""
    _, slug = w.posting()
    return w.tab("admin", routes.editor_url(slug)), (PostingEditorState, "load", {})


@scenario("ApiKeysState.revoke", {"api_key": CHANGED})
def _revoke_key(w: World) -> tuple[Tab, Event]:
    with db.session_scope() as session:
        made = api_keys.create_key("Old partner", created_by=None, session=session)
    tab = w.tab("admin", routes.API_KEYS)
    w.step(tab, ApiKeysState, "load")
    return tab, (ApiKeysState, "revoke", {"key_id": made.info.id})


@scenario("EmailTemplatesState.save", {"email_template": ADDED})
def _save_template(w: World) -> tuple[Tab, Event]:
    key = "already_received"
    with db.session_scope() as session:
        et.reset(key, session=session)
    tab = w.tab("admin", routes.email_templates_url(key))
    w.step(tab, EmailTemplatesState, "load")
    subject = tab.state(EmailTemplatesState).values["subject"]
    w.step(tab, EmailTemplatesState, "edit", field="subject", value=subject + " (again)")
    return tab, (EmailTemplatesState, "save", {})


@scenario("EmailTemplatesState.reset_to_default", {"email_template": REMOVED})
def _reset_template(w: World) -> tuple[Tab, Event]:
    key = "application_received"
    with db.session_scope() as session:
        now = et.load(key, session=session)
        et.save(key, now.subject + " (edited)", now.text, now.html, user_id=None, session=session)
    tab = w.tab("admin", routes.email_templates_url(key))
    w.step(tab, EmailTemplatesState, "load")
    return tab, (EmailTemplatesState, "reset_to_default", {})


# --- stage editor ---


def _stage_editor(w: World) -> tuple[Tab, int]:
    posting_id, slug = w.posting()
    tab = w.tab("admin", routes.editor_url(slug))
    w.step(tab, StageEditorState, "load")
    return tab, posting_id


@scenario("StageEditorState.add", {"posting_stage": (9, 0, 0)})
def _add_stage(w: World) -> tuple[Tab, Event]:
    tab, _ = _stage_editor(w)
    return tab, (StageEditorState, "add", {"form_data": {"label": "Take-home exercise"}})


@scenario("StageEditorState.rename", {"posting_stage": (8, 0, 0)})
def _rename_stage(w: World) -> tuple[Tab, Event]:
    tab, _ = _stage_editor(w)
    return tab, (
        StageEditorState,
        "rename",
        {"form_data": {"key": "recruiter_screen", "label": "Intro call"}},
    )


@scenario("StageEditorState.move", {"posting_stage": (8, 0, 0)})
def _move_stage(w: World) -> tuple[Tab, Event]:
    tab, _ = _stage_editor(w)
    return tab, (StageEditorState, "move", {"key": "onsite", "offset": -1})


@scenario("StageEditorState.remove", {"posting_stage": (8, 0, 0)})
def _remove_stage(w: World) -> tuple[Tab, Event]:
    tab, _ = _stage_editor(w)
    return tab, (StageEditorState, "remove", {"key": "phone_interview"})


# --- the board: moves, notes, views, bulk ---


def _board(w: World, stage: str = "applied", **posting: Any) -> tuple[Tab, int, int]:
    posting_id, slug = w.posting(**posting)
    app_id = w.applicant(posting_id, stage)
    tab = w.tab("recruiter", routes.pipeline_url(slug))
    w.step(tab, PipelineState, "load")
    return tab, posting_id, app_id


def _card_put_back(update: Any, payload: dict[str, Any]) -> bool:
    """The dropped card goes back to the column it came from (PipelineState._put_back)."""
    request = payload["request"]
    return bool(update.id == request["id"] and update.to == request["from"] and update.force)


MOVED = {"application": CHANGED, "stageevent": ADDED}


@scenario("PipelineState.move", MOVED, hooks={"PipelineState.card_update": _card_put_back})
def _move(w: World) -> tuple[Tab, Event]:
    tab, _, app_id = _board(w)
    request = {"id": app_id, "version": w.version(app_id), "to": "recruiter_screen", "from": "applied"}
    return tab, (PipelineState, "move", {"request": request})


@scenario("PipelineState.confirm_reject", {**MOVED, "outbox": ADDED})
def _reject(w: World) -> tuple[Tab, Event]:
    tab, _, app_id = _board(w)
    request = {"id": app_id, "version": w.version(app_id), "to": "rejected"}
    w.step(tab, PipelineState, "move", request=request)  # asks for the reason: nothing written yet
    form = {"reason": pipeline.REJECTION_REASONS[0], "send_email": "on"}
    return tab, (PipelineState, "confirm_reject", {"form_data": form})


@scenario("PipelineState.move_from_panel", MOVED)
def _move_from_panel(w: World) -> tuple[Tab, Event]:
    tab, _, app_id = _board(w)
    w.step(tab, PipelineState, "open_candidate", application_id=app_id)
    return tab, (PipelineState, "move_from_panel", {"form_data": {"stage": "phone_interview"}})


@scenario("PipelineState.add_note", {"note": ADDED})
def _add_note(w: World) -> tuple[Tab, Event]:
    tab, _, app_id = _board(w)
    w.step(tab, PipelineState, "open_candidate", application_id=app_id)
    return tab, (PipelineState, "add_note", {"form_data": {"note": "Called back; free on Tuesdays."}})


@scenario("BoardViewsState.save", {"board_view": ADDED})
def _save_view(w: World) -> tuple[Tab, Event]:
    tab, _, _ = _board(w)
    tab.go(tab.path + "?q=Ada")
    w.step(tab, BoardViewsState, "load")
    return tab, (BoardViewsState, "save", {"form_data": {"view_name": "Adas"}})


@scenario("BoardViewsState.delete", {"board_view": REMOVED})
def _delete_view(w: World) -> tuple[Tab, Event]:
    tab, posting_id, _ = _board(w)
    with db.session_scope() as session:
        plain = board_query.parse_filter({})[0]
        view = board_views.save_view(w.user_id("recruiter"), posting_id, "Everyone", plain, session=session)
    w.step(tab, BoardViewsState, "load")
    return tab, (BoardViewsState, "delete", {"view_id": view.id})


@scenario("BulkState.apply", {**MOVED, "bulk_action": ADDED})
def _bulk_move(w: World) -> tuple[Tab, Event]:
    tab, _, app_id = _board(w)
    w.step(tab, BulkState, "load")
    request = {"action": "move", "items": [{"id": app_id, "version": w.version(app_id)}], "to": "onsite"}
    return tab, (BulkState, "apply", {"request": request})


@scenario("BulkState.undo", {"application": CHANGED, "stageevent": ADDED, "bulk_action": CHANGED})
def _bulk_undo(w: World) -> tuple[Tab, Event]:
    tab, _, app_id = _board(w)
    w.step(tab, BulkState, "load")
    request = {"action": "move", "items": [{"id": app_id, "version": w.version(app_id)}], "to": "onsite"}
    w.step(tab, BulkState, "apply", request=request)
    return tab, (BulkState, "undo", {})


# --- interviews ---

SOON = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
SLOT = {"date": SOON, "start": "09:00", "duration": "45", "time_zone": "Europe/Berlin", "location": "Zoom"}


def _proposed(w: World) -> tuple[Tab, int, int, str]:
    """A board tab on an onsite candidate with times proposed; the pick link's token."""
    tab, posting_id, app_id = _board(w, "onsite")
    with db.session_scope() as session:
        _, token = interviews.propose(
            app_id, posting_id, [SLOT], user_id=w.user_id("recruiter"), base_url="http://x", session=session
        )
    return tab, posting_id, app_id, token


@scenario("InterviewPanelState.propose", {"interview": ADDED, "interview_slot": ADDED, "outbox": ADDED})
def _propose(w: World) -> tuple[Tab, Event]:
    tab, _, app_id = _board(w, "onsite")
    w.step(tab, InterviewPanelState, "load_interview", application_id=app_id)
    form = {f"slot-1-{k}": v for k, v in SLOT.items()}
    return tab, (InterviewPanelState, "propose", {"form_data": form})


@scenario("InterviewPanelState.change_time", {"interview": CHANGED, "outbox": (2, 0, 0)})
def _change_time(w: World) -> tuple[Tab, Event]:
    tab, _, app_id, token = _proposed(w)
    with db.session_scope() as session:
        slot = interviews.for_token(token, session=session).slots[0]  # type: ignore[union-attr]
        interviews.pick(token, slot.id, session=session)
    w.step(tab, InterviewPanelState, "load_interview", application_id=app_id)
    w.step(tab, InterviewPanelState, "toggle_change")
    form = {f"change-{k}": v for k, v in {**SLOT, "start": "15:00"}.items()}
    return tab, (InterviewPanelState, "change_time", {"form_data": form})


@scenario(
    "InterviewPanelState.cancel_interview", {"interview": CHANGED, "interview_slot": CHANGED, "outbox": ADDED}
)
def _cancel_interview(w: World) -> tuple[Tab, Event]:
    tab, _, app_id, _ = _proposed(w)
    w.step(tab, InterviewPanelState, "load_interview", application_id=app_id)
    return tab, (InterviewPanelState, "cancel_interview", {})


@scenario("InterviewPickState.pick", {"interview": CHANGED, "interview_slot": CHANGED, "outbox": (2, 0, 0)})
def _pick(w: World) -> tuple[Tab, Event]:
    _, _, _, token = _proposed(w)
    tab = w.tab("", routes.interview_pick_url(token))
    w.step(tab, InterviewPickState, "load")
    slot = tab.state(InterviewPickState).slots[0].id
    return tab, (InterviewPickState, "pick", {"form_data": {"slot": str(slot)}})


# --- scorecards and blind screening ---


def _scoring(w: World) -> tuple[Tab, int]:
    posting_id, slug = w.posting()
    app_id = w.applicant(posting_id)
    with db.session_scope() as session:
        blind_screening.set_enabled(posting_id, True, user_id=None, session=session)
        interview_plans.ensure_plan(posting_id, session=session)
        interview = session.exec(
            select(PlanInterview).where(
                PlanInterview.posting_id == posting_id, PlanInterview.name == "Technical interview"
            )
        ).one()
    tab = w.tab("recruiter", routes.pipeline_url(slug))
    w.step(tab, PipelineState, "load")
    w.step(tab, PipelineState, "open_candidate", application_id=app_id)
    w.step(tab, ScorecardState, "refresh")
    return tab, interview.id or 0


@scenario("ScorecardState.refresh", PLAN_MADE)
def _first_scoring_panel(w: World) -> tuple[Tab, Event]:
    """The first panel of a posting without an interview plan gives it the default one."""
    tab, _, app_id = _board(w)
    w.step(tab, PipelineState, "open_candidate", application_id=app_id)
    return tab, (ScorecardState, "refresh", {})


@scenario("ScorecardState.start", PLAN_MADE, answer="Choose an interview of this posting's plan.")
def _start_before_any_plan(w: World) -> tuple[Tab, Event]:
    """Sent before refresh (any client may): the plan is made, the unknown interview refused."""
    tab, _, app_id = _board(w)
    w.step(tab, PipelineState, "open_candidate", application_id=app_id)
    return tab, (ScorecardState, "start", {"interview_id": 1})


@scenario("ScorecardState.submit", {"scorecard": ADDED})
def _score(w: World) -> tuple[Tab, Event]:
    tab, interview_id = _scoring(w)
    w.step(tab, ScorecardState, "start", interview_id=interview_id)
    attributes = tab.state(ScorecardState).form.attributes
    form = {
        **{f"rating_{n}": "3" for n in range(len(attributes))},
        "recommendation": "yes",
        "notes": "Clear.",
    }
    return tab, (ScorecardState, "submit", {"form_data": form})


@scenario("ScorecardState.reveal", {"identity_reveal": ADDED, "audit_entry": ADDED})
def _reveal(w: World) -> tuple[Tab, Event]:
    tab, _ = _scoring(w)
    return tab, (ScorecardState, "reveal", {})


# --- the candidate: status page, erasure ---


def _status_page(w: World, stage: str = "applied") -> tuple[Tab, Any]:
    with db.session_scope() as session:
        person = make_person(session, w.uploads, stages=(stage,))
        token = candidate_access.issue_link(person.candidate_id, session=session)
    tab = w.tab("", routes.status_url(token))
    w.step(tab, CandidateStatusState, "load")
    return tab, person


@scenario("CandidateStatusState.confirm_withdraw", {**MOVED, "outbox": ADDED, "status_link": ADDED})
def _withdraw(w: World) -> tuple[Tab, Event]:
    tab, person = _status_page(w)
    w.step(tab, CandidateStatusState, "ask_withdraw", application_id=person.application_ids[0])
    return tab, (CandidateStatusState, "confirm_withdraw", {})


@scenario(
    "CandidateStatusState.save_contact", {"candidate": CHANGED, "application": CHANGED, "stageevent": ADDED}
)
def _save_contact(w: World) -> tuple[Tab, Event]:
    tab, _ = _status_page(w)
    for name, value in (("first_name", "Zeb"), ("last_name", "Quix"), ("city", "Chicago")):
        w.step(tab, CandidateStatusState, "set_contact", name=name, value=value)
    w.step(tab, CandidateStatusState, "set_contact", name="state", value="Illinois")
    return tab, (CandidateStatusState, "save_contact", {})


@scenario(
    "CandidateStatusState.request_link", {"status_link": ADDED, "outbox": ADDED, "status_link_request": ADDED}
)
def _request_link(w: World) -> tuple[Tab, Event]:
    tab, person = _status_page(w)
    tab.go(routes.status_url())
    w.step(tab, CandidateStatusState, "load")
    return tab, (CandidateStatusState, "request_link", {"form_data": {"email": person.email}})


@scenario(
    "JobAlertState.subscribe",
    {"job_alert": ADDED, "job_alert_token": ADDED, "job_alert_request": ADDED, "outbox": ADDED},
)
def _subscribe_to_job_alerts(w: World) -> tuple[Tab, Event]:
    tab = w.tab("", routes.BOARD)
    form = {"email": f"alerts{next(NAMES)}@example.com", "keyword": "pipelines"}
    return tab, (JobAlertState, "subscribe", {"form_data": form})


# Everything about the person goes; the candidate and application rows stay, emptied, with a
# stage-history line and an audit entry (services/privacy/erasure.py).
ERASED = {
    "candidate": CHANGED,
    "application": CHANGED,
    "stageevent": ADDED,
    "audit_entry": ADDED,
    "document": REMOVED,
    "note": REMOVED,
    "eeo_answer": REMOVED,
    "outbox": REMOVED,
    "application_draft": REMOVED,
    "draft_document": REMOVED,
}


@scenario("CandidateDataState.confirm_erase", {**ERASED, "status_link": REMOVED})
def _erase_mine(w: World) -> tuple[Tab, Event]:
    tab, _ = _status_page(w)
    w.step(tab, CandidateDataState, "ask_erase")
    return tab, (CandidateDataState, "confirm_erase", {"form_data": {"understood": "on"}})


@scenario("PeopleState.erase", ERASED)
def _erase_person(w: World) -> tuple[Tab, Event]:
    with db.session_scope() as session:
        person = make_person(session, w.uploads, stages=("applied",))
    tab = w.tab("admin", routes.PEOPLE)
    w.step(tab, PeopleState, "load")
    w.step(tab, PeopleState, "search", form_data={"q": person.email})
    w.step(tab, PeopleState, "ask_erase", candidate_id=person.candidate_id)
    return tab, (PeopleState, "erase", {"form_data": {"confirm": person.email}})


@scenario(
    "PeopleState.erase_alerts",
    {"job_alert": REMOVED, "job_alert_token": REMOVED, "outbox": REMOVED, "audit_entry": ADDED},
)
def _erase_alerts_of_an_address(w: World) -> tuple[Tab, Event]:
    address = f"alerts{next(NAMES)}@example.com"  # no candidate's: only a job alert keeps it
    board = w.tab("", routes.BOARD)
    w.step(board, JobAlertState, "subscribe", form_data={"email": address, "keyword": "pipelines"})
    tab = w.tab("admin", routes.PEOPLE)
    w.step(tab, PeopleState, "load")
    w.step(tab, PeopleState, "search", form_data={"q": address})
    return tab, (PeopleState, "erase_alerts", {})


@scenario("PeopleState.confirm_reveal", {"identity_reveal": ADDED, "audit_entry": ADDED})
def _reveal_person(w: World) -> tuple[Tab, Event]:
    posting_id, _ = w.posting()
    with db.session_scope() as session:
        blind_screening.set_enabled(posting_id, True, user_id=None, session=session)
    app_id = w.applicant(posting_id)
    with Session(w.engine) as session:
        candidate_id = session.get_one(Application, app_id).candidate_id
    tab = w.tab("admin", routes.PEOPLE)
    w.step(tab, PeopleState, "load")
    w.step(tab, PeopleState, "download", candidate_id=candidate_id)
    return tab, (PeopleState, "confirm_reveal", {})


# --- the application wizard ---


def wizard(
    w: World, step: int = 1, *, resume: bool = False, posting_id: int = 0, **data: str
) -> tuple[Tab, int]:
    """A wizard tab loaded on a saved draft at ``step`` (the token its localStorage keeps)."""
    if posting_id:
        with Session(w.engine) as session:
            slug = session.get_one(Posting, posting_id).slug
    else:
        posting_id, slug = w.posting()
    token = w.draft(posting_id, step, resume=resume, **data)
    tab = w.tab("", routes.apply_url(slug))
    tab.state(ApplyState).draft_token = token
    w.step(tab, ApplyState, "load")
    return tab, posting_id


DRAFT_SAVED = {"application_draft": CHANGED}


@scenario("ApplyState.load", DRAFT_SAVED)
def _load_with_source(w: World) -> tuple[Tab, Event]:
    posting_id, slug = w.posting()
    token = w.draft(posting_id)
    tab = w.tab("", routes.apply_url(slug) + "?source=linkedin")
    tab.state(ApplyState).draft_token = token
    return tab, (ApplyState, "load", {})


@scenario("ApplyState.set_field", DRAFT_SAVED)
def _set_eeo_field(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 4)
    return tab, (ApplyState, "set_field", {"name": "gender", "value": "Female"})


@scenario("ApplyState.toggle_race", DRAFT_SAVED)
def _toggle_race(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 4)
    return tab, (ApplyState, "toggle_race", {"code": race_2024.CODES[0], "checked": True})


@scenario("ApplyState.leave_field", DRAFT_SAVED)
def _leave_field(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w)
    w.step(tab, ApplyState, "set_field", name="city", value="Boston")
    return tab, (ApplyState, "leave_field", {"name": "city"})


@scenario("ApplyState.take_unsaved", DRAFT_SAVED)
def _take_unsaved(w: World) -> tuple[Tab, Event]:
    """The values a tab that lost its state kept in sessionStorage, applied after the reload."""
    tab, _ = wizard(w, 2)
    return tab, (ApplyState, "take_unsaved", {"kept": '{"city": "Alexandria"}'})


@scenario("ApplyState.next_step", DRAFT_SAVED)
def _next_step(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 1)
    return tab, (ApplyState, "next_step", {"form_data": {"first_name": "Grace", "last_name": "Hopper"}})


@scenario("ApplyState.previous_step", DRAFT_SAVED)
def _previous_step(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 3)
    return tab, (ApplyState, "previous_step", {})


@scenario("ApplyState.go_to_step", DRAFT_SAVED)
def _go_to_step(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 5)
    return tab, (ApplyState, "go_to_step", {"step": 2})


@scenario("ApplyState.skip_voluntary", DRAFT_SAVED)
def _skip_voluntary(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 4, gender="Male")
    return tab, (ApplyState, "skip_voluntary", {})


@scenario("ApplyState.remove_document", {"draft_document": REMOVED})
def _remove_document(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 3, resume=True)
    return tab, (ApplyState, "remove_document", {"kind": "resume"})


@scenario("ApplyState.discard", {"application_draft": REMOVED, "draft_document": REMOVED})
def _discard(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 3, resume=True)
    return tab, (ApplyState, "discard", {})


@scenario(
    "ApplyState.submit",
    {
        "candidate": ADDED,
        "application": ADDED,
        "stageevent": ADDED,
        "document": ADDED,
        "status_link": ADDED,
        "outbox": ADDED,
        "application_draft": REMOVED,
        "draft_document": REMOVED,
    },
)
def _submit(w: World) -> tuple[Tab, Event]:
    tab, _ = wizard(w, 5, resume=True)
    w.step(tab, ApplyState, "set_consent", name="consent_processing", checked=True)
    return tab, (ApplyState, "submit", {})


@scenario(
    "ApplyState.submit#repeat",
    # The notice carries a fresh status link to the earlier application.
    {"outbox": ADDED, "status_link": ADDED, "application_draft": REMOVED, "draft_document": REMOVED},
)
def _submit_again(w: World) -> tuple[Tab, Event]:
    """The same address applies again: an email to the address, the new draft goes."""
    posting_id, _ = w.posting()
    email = f"twice{next(NAMES)}@example.com"
    first = w.draft(posting_id, 5, resume=True, email=email)
    with db.session_scope() as session:
        apps.submit_draft(
            first,
            posting_id,
            w.uploads,
            "Acme",
            session=session,
            agreed=consent.from_wizard(True, False, "Acme"),
        )
    tab, _ = wizard(w, 5, resume=True, posting_id=posting_id, email=email)
    w.step(tab, ApplyState, "set_consent", name="consent_processing", checked=True)
    return tab, (ApplyState, "submit", {})
