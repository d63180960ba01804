"""Admins edit the email templates (/team/email-templates), with a live preview."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services.mail import email_templates as et
from careers_app.settings import get_settings
from careers_app.states.guard import Access, handler, uow
from careers_app.states.team import HiringTeamState

FIELDS = ("subject", "text", "html")
PREVIEW_ERROR = "Fix the marked fields to see the preview."


@dataclasses.dataclass(frozen=True)
class TemplateChoice:
    key: str
    label: str
    customised: bool


class EmailTemplatesState(HiringTeamState):
    templates: list[TemplateChoice] = []
    key: str = ""
    label: str = ""
    when: str = ""
    placeholders: list[str] = []  # "{name}: meaning"
    customised: bool = False
    values: dict[str, str] = {"subject": "", "text": "", "html": ""}
    errors: dict[str, str] = {}
    preview_subject: str = ""
    preview_text: str = ""
    preview_html: str = ""
    preview_error: str = ""
    form_key: str = ""  # remounts the editor when another template (or the default) is loaded
    _key: str = ""  # the template being edited, as chosen through the server

    def _refresh_list(self) -> None:
        self.templates = [
            TemplateChoice(key=t.key, label=et.TEMPLATES[t.key].label, customised=t.customised)
            for t in et.list_all(session=uow().session)
        ]

    def _open(self, key: str) -> None:
        spec = et.spec(key)
        current = et.load(key, session=uow().session)
        self._key = self.key = key
        self.label, self.when, self.customised = spec.label, spec.when, current.customised
        self.placeholders = [f"{{{p}}}: {et.PLACEHOLDERS[p][0]}" for p in spec.placeholders]
        self.values = {"subject": current.subject, "text": current.text, "html": current.html}
        self.form_key = f"{key}-{uow().event_id}"
        self._preview()

    def _preview(self) -> None:
        rendered, self.errors = et.preview(
            self._key,
            self.values["subject"],
            self.values["text"],
            self.values["html"],
            company=get_settings().company_name,
        )
        if rendered is None:
            self.preview_error = PREVIEW_ERROR
            return
        self.preview_error = ""
        self.preview_subject, self.preview_text, self.preview_html = (
            rendered.subject,
            rendered.text,
            rendered.html,
        )

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        self._refresh_list()
        wanted = str(self.router.url.query_parameters.get("key", ""))[:40]
        self._open(wanted if wanted in et.TEMPLATES else next(iter(et.TEMPLATES)))

    @rx.event
    @handler(Access.ADMIN)
    def choose(self, key: str) -> Any:
        if not isinstance(key, str) or key not in et.TEMPLATES:
            return rx.toast.error("There is no such email template.")
        return rx.redirect(routes.email_templates_url(key))

    @rx.event
    @handler(Access.ADMIN)
    def edit(self, field: str, value: str) -> Any:
        """One field changed in the editor: keep it and show the preview (or what is wrong)."""
        if field not in FIELDS or not isinstance(value, str) or not self._key:
            return rx.toast.error("That request was not understood.")
        self.values = {**self.values, field: value[: et.BODY_MAX + 1]}
        self._preview()
        return None

    @rx.event
    @handler(Access.ADMIN)
    def save(self) -> Any:
        if not self._key:
            return rx.toast.error("That request was not understood.")
        call = uow()
        try:
            et.save(
                self._key,
                self.values["subject"],
                self.values["text"],
                self.values["html"],
                user_id=call.user.id,
                session=call.session,
            )
        except et.TemplateInvalid as invalid:
            self.errors = invalid.errors
            return rx.set_focus(f"template-{next(iter(invalid.errors))}")
        self.customised = True
        self._refresh_list()
        return rx.toast.success(f"Saved “{self.label}”. New emails use it; queued ones keep their text.")

    @rx.event
    @handler(Access.ADMIN)
    def reset_to_default(self) -> Any:
        if not self._key:
            return rx.toast.error("That request was not understood.")
        et.reset(self._key, session=uow().session)
        self._open(self._key)
        self._refresh_list()
        return rx.toast.success(f"“{self.label}” is back to the default.")
