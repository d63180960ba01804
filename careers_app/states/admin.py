"""Admin pages: the hiring team's accounts, and writing, opening and closing postings."""

from __future__ import annotations

import json
import time
from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services.board import pipeline
from careers_app.services.interviews import interview_plans
from careers_app.services.mail import outbox
from careers_app.services.platform import auth
from careers_app.services.postings import posting_editor
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import PostingsState, as_id
from careers_app.states.team import HiringTeamState


class AccountsState(HiringTeamState):
    """Admins manage the hiring team's accounts."""

    accounts: list[auth.Account] = []
    message: str = ""
    failed_mail: list[outbox.FailedMessage] = []  # emails the sender gave up on

    def _refresh(self) -> None:
        session = uow().session
        self.accounts = auth.list_accounts(session=session)
        self.failed_mail = outbox.list_failed(session=session)

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        self.message = ""
        self._refresh()

    @rx.event
    @handler(Access.ADMIN)
    def create(self, form_data: dict[str, Any]) -> Any:
        data = form_data if isinstance(form_data, dict) else {}
        values = {k: data.get(k, "") for k in ("email", "name", "role", "password")}
        if not all(isinstance(v, str) for v in values.values()):
            return rx.toast.error("That request was not understood.")
        session = uow().session
        address = values["email"].strip().lower()
        if any(a.email == address for a in auth.list_accounts(session=session)):
            self.message = "An account with that email already exists."
            return None
        try:
            auth.create_user(
                values["email"], values["name"], values["password"], values["role"], session=session
            )
        except ValueError as exc:
            self.message = str(exc).capitalize() + "."
            return None
        self.message = f"Account created for {address}."
        self._refresh()
        return None

    @rx.event
    @handler(Access.ADMIN)
    def set_active(self, user_id: int, active: bool) -> Any:
        target = as_id(user_id)
        if target is None or not isinstance(active, bool):
            return rx.toast.error("That request was not understood.")
        call = uow()
        auth.set_active(target, active, acting_user_id=call.user.id, session=call.session)
        self._refresh()
        return rx.toast.success(
            "Account reactivated." if active else "Account deactivated; its sessions ended."
        )

    @rx.event
    @handler(Access.ADMIN)
    def retry_mail(self, message_id: int) -> Any:
        """Send a failed email again: a fresh round of attempts, with the same Message-ID."""
        target = as_id(message_id)
        if target is None:
            return rx.toast.error("That request was not understood.")
        outbox.retry(target, session=uow().session)
        self._refresh()
        return rx.toast.success("The email will be sent again in a moment.")


class PostingAdminState(HiringTeamState):
    @rx.event
    @handler(Access.ADMIN)
    def set_status(self, slug: str, status: str) -> Any:
        if not isinstance(slug, str) or not isinstance(status, str):
            return rx.toast.error("That request was not understood.")
        pipeline.set_posting_status(slug[:200], status, session=uow().session)
        return PostingsState.load


class PostingEditorState(HiringTeamState):
    """Admins create and edit postings (/team/postings/edit?slug=...)."""

    editing_slug: str = ""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    teams: list[dict[str, str]] = []
    offices: list[dict[str, str]] = []
    form_key: str = ""
    status: str = "loading"
    _editing: str = ""  # the posting being edited, as loaded by the server
    plan_stages: list[dict[str, str]] = []  # the interview plan's fields: key, label, field

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        session = uow().session
        slug = str(self.router.url.query_parameters.get("slug", ""))[:200]
        teams, offices = posting_editor.choices(session=session)
        current = posting_editor.load_input(slug, session=session) if slug else None
        if slug and current is None:
            self.status = "missing"
            return
        data = current or posting_editor.PostingInput(status="draft")
        self.editing_slug = self._editing = slug
        self.values = {
            "title": data.title,
            "team": data.team,
            "office": data.office,
            "employment_type": data.employment_type,
            "status": data.status,
            "process_name": data.process_name,
            "steps": data.steps,
            **{name: data.sections.get(name, "") for name in posting_editor.SECTION_FIELDS},
            "workplace": data.workplace,
            "pay_min": data.pay_min,
            "pay_max": data.pay_max,
            "pay_currency": data.pay_currency,
            "pay_unit": data.pay_unit,
            "closes_on": data.closes_on,
            "title_es": data.title_es,
            "body_es": data.body_es,
            **interview_plans.editor_values(slug, session=session),  # the plan, blind screening
        }
        self.plan_stages = interview_plans.editor_stages(slug, session=session)
        self.errors = {}
        self.teams = [{"value": v, "label": label} for v, label in teams]
        self.offices = [{"value": v, "label": label} for v, label in offices]
        self.form_key = f"{slug}-{time.time()}"
        self.status = "ready"

    @rx.event
    @handler(Access.ADMIN)
    def save(self, form_data: dict[str, Any]) -> Any:
        data = posting_editor.PostingInput.from_form(form_data)
        try:
            plan_errors = interview_plans.editor_errors(form_data, self._editing, session=uow().session)
            if plan_errors:  # show them with the posting's own, if any
                errors = posting_editor.validate(data, session=uow().session)
                raise posting_editor.PostingInvalid({**errors, **plan_errors})
            slug = posting_editor.save(data, session=uow().session, slug=self._editing)
            interview_plans.save_editor_values(slug, form_data, user_id=uow().user.id, session=uow().session)
        except posting_editor.PostingInvalid as invalid:
            self.errors = invalid.errors
            if isinstance(form_data, dict):
                self.values = {**self.values, **{k: v for k, v in form_data.items() if isinstance(v, str)}}
            self.form_key = f"{self._editing}-{time.time()}"
            first = next(iter(invalid.errors))
            if first.startswith("plan_"):  # drawn per stage (rx.foreach), so no ref to focus by
                return rx.call_script(f"document.getElementById({json.dumps('posting-' + first)})?.focus()")
            return rx.set_focus(f"posting-{first}")
        self.errors = {}
        return [rx.redirect(routes.RECRUITING_HOME), rx.toast.success(f"Saved: {data.title} ({slug}).")]
