"""Recruiter states. Every handler checks the signed-in user against the database first.

Hiding a page or a button protects nothing: any browser can send any event to any
handler with any arguments. So each public handler here starts with ``_user()``, and
arguments are checked for type and range before use. Recruiter data is kept in these
states only, and equal-opportunity answers are never loaded here.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services import auth, pipeline, posting_editor
from careers_app.services.db import session_scope
from careers_app.services.reference import STAGE_KEYS
from careers_app.settings import get_settings

SESSION_COOKIE = "careers_session"
# Shared board rooms live in Redis beyond one process: tie them to this database.
_DATABASE_TAG = hashlib.sha256(get_settings().database_url.encode()).hexdigest()[:12]
SIGN_IN = "/recruiting/sign-in"
HOME = "/recruiting"


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 12:
        return int(value)
    return None


def _card_dict(card: pipeline.Card) -> dict[str, Any]:
    return {
        "id": card.id,
        "name": card.name,
        "stage": card.stage,
        "version": card.version,
        "days_applied": card.days_applied,
        "days_in_stage": card.days_in_stage,
        "cover": card.has_cover_letter,
    }


class RecruiterState(rx.State):
    """Base of every recruiter state: the session cookie and the access check."""

    session_token: str = rx.Cookie(
        "",
        name=SESSION_COOKIE,
        path="/",
        same_site="strict",
        max_age=12 * 3600,
        secure=get_settings().base_url.startswith("https://"),
    )
    user_name: str = ""
    user_role: str = ""

    def _user(self, roles: frozenset[str] = auth.BOARD_ROLES) -> auth.CurrentUser | None:
        """The signed-in user, re-read from the database on every call, if the role fits."""
        with session_scope() as session:
            user = auth.current_user(self.session_token, session=session)
        if user is None or user.role not in roles:
            return None
        return user

    def _refuse(self) -> rx.event.EventSpec:
        self.user_name = self.user_role = ""
        return rx.redirect(SIGN_IN)

    @rx.event
    def sign_out(self) -> rx.event.EventSpec:
        with session_scope() as session:
            auth.sign_out(self.session_token, session=session)
        self.session_token = ""
        self.user_name = self.user_role = ""
        return rx.redirect(SIGN_IN)


class SignInState(RecruiterState):
    error: str = ""

    @rx.event
    def check_already(self) -> Any:
        user = self._user(frozenset(auth.ROLES))
        if user is not None:
            return rx.redirect(HOME)
        self.error = ""
        return None

    @rx.event
    def submit(self, form_data: dict[str, Any]) -> Any:
        data = form_data if isinstance(form_data, dict) else {}
        try:
            with session_scope() as session:
                token = auth.sign_in(data.get("email", ""), data.get("password", ""), session=session)
        except auth.AuthError as exc:
            self.error = str(exc)
            return rx.set_focus("signin-email")
        self.session_token = token
        self.error = ""
        return rx.redirect(HOME)


class PostingsState(RecruiterState):
    rows: list[dict[str, Any]] = []

    @rx.event
    def load(self) -> Any:
        user = self._user()
        if user is None:
            return self._refuse()
        self.user_name, self.user_role = user.name, user.role
        with session_scope() as session:
            found = pipeline.postings_with_counts(session=session)
        self.rows = [
            {
                "slug": p.slug,
                "title": p.title,
                "office": p.office,
                "status": p.status,
                "total": p.total,
                "stages": [{"key": k, "count": p.counts.get(k, 0)} for k in STAGE_KEYS],
            }
            for p in found
        ]
        return None


class BoardFeed(rx.SharedState):
    """The moves on one board, shared by the recruiters viewing it (linked per posting).

    Linking happens only from PipelineState.load after the role check; this state has
    no public handlers, so a browser can neither join a board nor write to it.
    """

    last_move: dict[str, Any] = {}


class PipelineState(RecruiterState):
    posting_slug: str = ""
    posting_title: str = ""
    columns: list[dict[str, Any]] = []
    query: str = ""
    selected: dict[str, Any] = {}
    panel_open: bool = False
    pending_reject: dict[str, Any] = {}
    correction: dict[str, Any] = {}
    status: str = "loading"  # loading | ready | missing
    loaded_at: float = 0.0  # moves older than the loaded columns are already in them
    _posting_id: int = 0
    _linked: str = ""

    # ----- loading ---------------------------------------------------------------
    @rx.event
    async def load(self) -> Any:
        user = self._user()
        if user is None:
            return self._refuse()
        self.user_name, self.user_role = user.name, user.role
        slug = routes.path_slug(self.router.url.path, "recruiting")
        with session_scope() as session:
            found = pipeline.posting_id_for_slug(slug, session=session)
        if found is None:
            self.status = "missing"
            return None
        self._posting_id, self.posting_title = found
        self.posting_slug = slug
        self.query = ""
        self.panel_open, self.selected, self.pending_reject, self.correction = False, {}, {}, {}
        self._reload()
        room = f"board{self._posting_id}x{_DATABASE_TAG}"
        if self._linked != room:
            feed = await self.get_state(BoardFeed)
            if self._linked:
                await feed._unlink()
            await feed._link_to(room)
            self._linked = room
        self.status = "ready"
        return None

    def _reload(self) -> None:
        with session_scope() as session:
            cols = pipeline.board(self._posting_id, session=session, query=self.query)
        self.columns = [
            {
                "key": c.key,
                "label": c.label,
                "count": c.count,
                "cards": [_card_dict(card) for card in c.cards],
            }
            for c in cols
        ]

    @rx.event
    def search(self, form_data: dict[str, Any]) -> Any:
        if self._user() is None:
            return self._refuse()
        query = form_data.get("q", "") if isinstance(form_data, dict) else ""
        self.query = query.strip()[:200] if isinstance(query, str) else ""
        self._reload()
        return None

    # ----- moving ---------------------------------------------------------------------
    def _counts(self) -> dict[str, int]:
        with session_scope() as session:
            return pipeline.stage_counts(self._posting_id, session=session)

    async def _apply_move(
        self, user: auth.CurrentUser, app_id: int, to: str, version: int, reason: str
    ) -> Any:
        try:
            with session_scope() as session:
                moved = pipeline.move(
                    app_id, self._posting_id, to, version, user.name, session=session, reason=reason
                )
        except pipeline.MoveConflict as conflict:
            current = conflict.card
            if current is not None:
                self.correction = {
                    **_card_dict(current),
                    "to": current.stage,
                    "force": True,
                    "counts": self._counts(),
                    "seq": time.time(),
                }
                where = pipeline.STAGE_LABELS.get(current.stage, current.stage)
                return rx.toast.warning(
                    f"{current.name} was just moved to {where} by someone else; the board shows it there now."
                )
            return rx.toast.error("That application is no longer on this board.")
        except pipeline.MoveRefused as refused:
            return rx.toast.error(str(refused))
        update = {
            **_card_dict(moved),
            "to": moved.stage,
            "counts": self._counts(),
            "by": user.name,
            "seq": time.time(),
        }
        feed = await self.get_state(BoardFeed)
        feed.last_move = update
        if self.selected.get("application_id") == app_id:
            self._open(app_id)
        return None

    @rx.event
    async def move(self, request: dict[str, Any]) -> Any:
        """A card was dropped on another column (mouse or keyboard)."""
        user = self._user()
        if user is None:
            return self._refuse()
        if not isinstance(request, dict):
            return None
        app_id, version, to = _as_int(request.get("id")), _as_int(request.get("version")), request.get("to")
        if app_id is None or version is None or to not in STAGE_KEYS:
            return rx.toast.error("That move was not understood.")
        if to == "rejected":
            with session_scope() as session:
                current = pipeline.card(app_id, session=session)
            if current is None:
                return None
            self.pending_reject = {
                "id": app_id,
                "version": version,
                "name": current.name,
                "from": current.stage,
            }
            return None
        return await self._apply_move(user, app_id, str(to), version, "")

    @rx.event
    async def confirm_reject(self, form_data: dict[str, Any]) -> Any:
        user = self._user()
        if user is None:
            return self._refuse()
        reason = form_data.get("reason", "") if isinstance(form_data, dict) else ""
        pending = self.pending_reject
        if not pending:
            return None
        if reason not in pipeline.REJECTION_REASONS:
            return rx.toast.error("Choose a reason for rejecting.")
        self.pending_reject = {}
        return await self._apply_move(
            user, int(pending["id"]), "rejected", int(pending["version"]), str(reason)
        )

    @rx.event
    def cancel_reject(self) -> Any:
        if self._user() is None:
            return self._refuse()
        pending = self.pending_reject
        self.pending_reject = {}
        if pending:
            with session_scope() as session:
                current = pipeline.card(int(pending["id"]), session=session)
            if current is not None:  # put the card back where it really is
                self.correction = {
                    **_card_dict(current),
                    "to": current.stage,
                    "force": True,
                    "counts": self._counts(),
                    "seq": time.time(),
                }
        return None

    @rx.event
    async def move_from_panel(self, form_data: dict[str, Any]) -> Any:
        user = self._user()
        if user is None:
            return self._refuse()
        to = form_data.get("stage") if isinstance(form_data, dict) else None
        if not self.selected or to not in STAGE_KEYS:
            return rx.toast.error("Choose a stage.")
        app_id, version = int(self.selected["application_id"]), int(self.selected["version"])
        if to == "rejected":
            self.pending_reject = {
                "id": app_id,
                "version": version,
                "name": self.selected["name"],
                "from": self.selected["stage"],
            }
            return None
        return await self._apply_move(user, app_id, str(to), version, "")

    # ----- candidate panel -------------------------------------------------------------
    def _open(self, app_id: int) -> bool:
        with session_scope() as session:
            detail = pipeline.candidate_detail(app_id, self._posting_id, session=session)
        if detail is None:
            return False
        self.selected = {
            "application_id": detail.application_id,
            "name": detail.name,
            "email": detail.email,
            "phone": detail.phone,
            "location": detail.location,
            "stage": detail.stage,
            "stage_label": pipeline.STAGE_LABELS.get(detail.stage, detail.stage),
            "version": detail.version,
            "submitted": detail.submitted,
            "rejection_reason": detail.rejection_reason,
            "resume_text": detail.resume_text,
            "documents": [
                {
                    "id": d.id,
                    "kind": "Resume" if d.kind == "resume" else "Cover letter",
                    "name": d.name,
                    "pages": d.pages,
                    "size": d.size,
                    "url": f"/recruiting/documents/{d.id}",
                }
                for d in detail.documents
            ],
            "history": [{"when": h.when, "text": h.text} for h in detail.history],
            "notes": [{"when": n.when, "author": n.author, "body": n.body} for n in detail.notes],
        }
        return True

    @rx.event
    def open_candidate(self, application_id: int) -> Any:
        if self._user() is None:
            return self._refuse()
        app_id = _as_int(application_id)
        if app_id is None or not self._open(app_id):
            return rx.toast.error("That application is not on this board.")
        self.panel_open = True
        return None

    @rx.event
    def close_panel(self) -> None:
        self.panel_open = False

    @rx.event
    def add_note(self, form_data: dict[str, Any]) -> Any:
        user = self._user()
        if user is None:
            return self._refuse()
        body = form_data.get("note", "") if isinstance(form_data, dict) else ""
        if not self.selected:
            return None
        app_id = int(self.selected["application_id"])
        try:
            with session_scope() as session:
                pipeline.add_note(app_id, self._posting_id, user.id, str(body), session=session)
        except pipeline.MoveRefused as refused:
            return rx.toast.error(str(refused))
        self._open(app_id)
        return rx.toast.success("Note added.")


ADMIN_ROLES = frozenset({"admin"})


class AccountsState(RecruiterState):
    """Admins manage the hiring team's accounts."""

    accounts: list[dict[str, Any]] = []
    message: str = ""

    def _admin(self) -> auth.CurrentUser | None:
        return self._user(ADMIN_ROLES)

    def _refresh(self) -> None:
        with session_scope() as session:
            self.accounts = [
                {"id": a.id, "email": a.email, "name": a.name, "role": a.role, "active": a.active}
                for a in auth.list_accounts(session=session)
            ]

    @rx.event
    def load(self) -> Any:
        user = self._admin()
        if user is None:
            return self._refuse()
        self.user_name, self.user_role = user.name, user.role
        self.message = ""
        self._refresh()
        return None

    @rx.event
    def create(self, form_data: dict[str, Any]) -> Any:
        if self._admin() is None:
            return self._refuse()
        data = form_data if isinstance(form_data, dict) else {}
        values = {k: data.get(k, "") for k in ("email", "name", "role", "password")}
        if not all(isinstance(v, str) for v in values.values()):
            return rx.toast.error("That request was not understood.")
        try:
            with session_scope() as session:
                auth.create_user(
                    values["email"], values["name"], values["password"], values["role"], session=session
                )
        except ValueError as exc:
            self.message = str(exc).capitalize() + "."
            return None
        except Exception:
            self.message = "An account with that email already exists."
            return None
        self.message = f"Account created for {values['email'].strip().lower()}."
        self._refresh()
        return None

    @rx.event
    def set_active(self, user_id: int, active: bool) -> Any:
        admin = self._admin()
        if admin is None:
            return self._refuse()
        target = _as_int(user_id)
        if target is None or not isinstance(active, bool):
            return rx.toast.error("That request was not understood.")
        try:
            with session_scope() as session:
                auth.set_active(target, active, acting_user_id=admin.id, session=session)
        except ValueError as exc:
            return rx.toast.error(str(exc))
        self._refresh()
        return rx.toast.success(
            "Account reactivated." if active else "Account deactivated; its sessions ended."
        )


class PostingAdminState(RecruiterState):
    @rx.event
    def set_status(self, slug: str, status: str) -> Any:
        if self._user(ADMIN_ROLES) is None:
            return self._refuse()
        if not isinstance(slug, str) or not isinstance(status, str):
            return rx.toast.error("That request was not understood.")
        try:
            with session_scope() as session:
                pipeline.set_posting_status(slug[:200], status, session=session)
        except pipeline.MoveRefused as exc:
            return rx.toast.error(str(exc))
        return PostingsState.load


class PostingEditorState(RecruiterState):
    """Admins create and edit postings (/team/postings/edit?slug=...)."""

    editing_slug: str = ""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    teams: list[dict[str, str]] = []
    offices: list[dict[str, str]] = []
    form_key: str = ""
    status: str = "loading"

    @rx.event
    def load(self) -> Any:
        user = self._user(ADMIN_ROLES)
        if user is None:
            return self._refuse()
        self.user_name, self.user_role = user.name, user.role
        slug = str(self.router.url.query_parameters.get("slug", ""))[:200]
        with session_scope() as session:
            teams, offices = posting_editor.choices(session=session)
            current = posting_editor.load_input(slug, session=session) if slug else None
        if slug and current is None:
            self.status = "missing"
            return None
        data = current or posting_editor.PostingInput(status="draft")
        self.editing_slug = slug
        self.values = {
            "title": data.title,
            "team": data.team,
            "office": data.office,
            "employment_type": data.employment_type,
            "status": data.status,
            "process_name": data.process_name,
            "steps": data.steps,
            **{name: data.sections.get(name, "") for name in posting_editor.SECTION_FIELDS},
        }
        self.errors = {}
        self.teams = [{"value": v, "label": label} for v, label in teams]
        self.offices = [{"value": v, "label": label} for v, label in offices]
        self.form_key = f"{slug}-{time.time()}"
        self.status = "ready"
        return None

    @rx.event
    def save(self, form_data: dict[str, Any]) -> Any:
        if self._user(ADMIN_ROLES) is None:
            return self._refuse()
        data = posting_editor.PostingInput.from_form(form_data)
        try:
            with session_scope() as session:
                slug = posting_editor.save(data, session=session, slug=self.editing_slug)
        except posting_editor.PostingInvalid as invalid:
            self.errors = invalid.errors
            self.values = {**self.values, **{k: v for k, v in form_data.items() if isinstance(v, str)}}
            self.form_key = f"{self.editing_slug}-{time.time()}"
            first = next(iter(invalid.errors))
            return rx.set_focus(f"posting-{first}")
        self.errors = {}
        return [rx.redirect(HOME), rx.toast.success(f"Saved: {data.title} ({slug}).")]
