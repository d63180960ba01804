"""The candidate status page: no account, the emailed link's token is the credential.

Every handler here is public (a candidate has no account), so every one of them looks
the token up again (hash, expiry) in its own unit of work before doing anything:
``_candidate()``. The token is read from the page's own URL on every event and kept
nowhere (not even in a server-side var: the state store must hold no credential); what the
page shows are display values, and an application id sent by the
browser is acted on only if it belongs to the token's candidate (the services check).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import reflex as rx

from careers_app import i18n
from careers_app.i18n import N_
from careers_app.services.applying import candidate_status
from careers_app.services.candidates import candidate_access, country_names
from careers_app.services.candidates import upload_limits as limits
from careers_app.services.candidates.validation import APPLICANT_FIELDS, validate_field
from careers_app.services.platform.errors import Invalid
from careers_app.services.platform.reference import US_COUNTRY
from careers_app.settings import get_settings
from careers_app.states import pipeline as board_feed
from careers_app.states.guard import Access, handler, uow
from careers_app.states.language import tab_language
from careers_app.states.pipeline import as_id

# Messages the page shows in the tab's language (``tr()``; the catalog has them).
SAME_ANSWER = N_(
    "If we have applications for that address, we have sent a link to it. "
    "It can take a few minutes to arrive; check your spam folder too."
)
TOO_MANY = N_("Too many links were asked for just now. Please try again in an hour.")
SAVED = N_("Your details were updated on all your applications.")
CANNOT_WITHDRAW = N_("That application cannot be withdrawn.")
WITHDRAWN = N_("Your application for {title} was withdrawn.")
EXPIRED = N_("This link has expired or is not valid any more.")


def _blank_contact() -> dict[str, str]:
    return dict.fromkeys(APPLICANT_FIELDS, "")


class CandidateStatusState(rx.State):
    status: str = "loading"  # loading | ready | invalid | request
    items: list[candidate_status.StatusItem] = []
    contact: dict[str, str] = _blank_contact()
    contact_errors: dict[str, str] = _blank_contact()
    contact_saved: str = ""
    withdraw_title: str = ""  # the confirm dialog is open while this is set
    request_email: str = ""
    request_error: str = ""
    request_message: str = ""
    _pending_withdraw: int = 0

    @rx.var
    def is_us(self) -> bool:
        return self.contact.get("country", "").strip() == US_COUNTRY

    # ----- the token, checked on every event ----------------------------------------------
    def _forget(self) -> None:
        self._pending_withdraw = 0
        self.items, self.withdraw_title, self.contact_saved = [], "", ""
        self.contact, self.contact_errors = _blank_contact(), _blank_contact()

    def _candidate(self) -> int | None:
        """The token's candidate now (None, and the page says so, if it expired meanwhile)."""
        token = str(self.router.url.query_parameters.get("token", ""))[:100]
        found = candidate_access.candidate_for_token(token, session=uow().session)
        if found is None:
            self._forget()
            self.status = "invalid"
        return found

    def _show(self, candidate_id: int) -> None:
        session = uow().session
        self.items = candidate_status.applications_for(candidate_id, session=session, lang=tab_language(self))
        self.contact = {
            k: str(v)
            for k, v in dataclasses.asdict(
                candidate_status.contact_details(candidate_id, session=session)
            ).items()
        }
        self.contact_errors = _blank_contact()

    @rx.event
    @handler(Access.PUBLIC)
    def load(self) -> None:
        token = self.router.url.query_parameters.get("token", "")
        self.request_error, self.request_message = "", ""
        if not token:
            self._forget()
            self.status = "request"
            return
        candidate_id = self._candidate()
        if candidate_id is None:
            return
        self.status, self.contact_saved = "ready", ""
        self._show(candidate_id)

    # ----- withdrawing -------------------------------------------------------------------------
    @rx.event
    @handler(Access.PUBLIC)
    def ask_withdraw(self, application_id: int) -> Any:
        app_id = as_id(application_id)
        if self._candidate() is None:
            return None
        item = next((i for i in self.items if i.id == app_id and i.can_withdraw), None)
        if item is None:
            return rx.toast.error(i18n.translate(tab_language(self), CANNOT_WITHDRAW))
        self._pending_withdraw, self.withdraw_title = item.id, item.title
        return None

    @rx.event
    @handler(Access.PUBLIC)
    def cancel_withdraw(self) -> None:
        self._pending_withdraw, self.withdraw_title = 0, ""

    @rx.event
    @handler(Access.PUBLIC)
    def confirm_withdraw(self) -> Any:
        app_id, self._pending_withdraw, self.withdraw_title = self._pending_withdraw, 0, ""
        candidate_id = self._candidate()
        if candidate_id is None or not app_id:
            return None
        call = uow()
        done = candidate_status.withdraw(candidate_id, app_id, session=call.session)
        self._show(candidate_id)
        call.after.append(lambda: board_feed.announce(self, {done.posting_id: [done.application_id]}))
        said = i18n.translate(tab_language(self), WITHDRAWN)
        return rx.toast.success(said.replace("{title}", done.posting_title))

    # ----- correcting contact details -----------------------------------------------------------
    def _check(self, name: str) -> None:
        self.contact_errors[name] = validate_field(name, self.contact)[1]

    @rx.event
    @handler(Access.PUBLIC)
    def set_contact(self, name: str, value: str) -> None:
        if self.status != "ready" or name not in APPLICANT_FIELDS or not isinstance(value, str):
            return
        if name == "country":  # typed as the tab's language names it ("España"): the list's value
            value = country_names.english_name(value, tab_language(self))
        self.contact[name] = value[:1000]
        self.contact_saved = ""
        if self.contact_errors.get(name):
            self._check(name)

    @rx.event
    @handler(Access.PUBLIC)
    def leave_contact(self, name: str) -> None:
        if self.status != "ready" or name not in APPLICANT_FIELDS:
            return
        self._check(name)
        if name == "country":
            for dependent in ("phone", "state", "zip_code"):
                if self.contact.get(dependent):
                    self._check(dependent)

    @rx.event
    @handler(Access.PUBLIC)
    def save_contact(self) -> Any:
        candidate_id = self._candidate()
        if candidate_id is None:
            return None
        call = uow()
        try:
            done = candidate_status.correct_details(candidate_id, self.contact, session=call.session)
        except Invalid as invalid:
            self.contact_errors = {
                **_blank_contact(),
                **{k: v for k, v in invalid.errors.items() if k in APPLICANT_FIELDS},
            }
            self.contact_saved = ""
            first = next(iter(invalid.errors), "first_name")
            return rx.set_focus(f"contact-{first}")
        self._show(candidate_id)
        self.contact_saved = SAVED
        boards = candidate_status.posting_ids(done.application_ids, session=call.session)
        changed = {posting_id: [app_id] for app_id, posting_id in boards.items()}
        call.after.append(lambda: board_feed.announce(self, changed))
        return None

    # ----- asking for a new link ------------------------------------------------------------------
    @rx.event
    @handler(Access.PUBLIC)
    def request_link(self, form_data: dict[str, Any]) -> None:
        email = form_data.get("email", "") if isinstance(form_data, dict) else ""
        email = email[:320] if isinstance(email, str) else ""
        self.request_email = email
        settings = get_settings()
        result = candidate_access.request_link(
            email,
            limits.client_key(self.router.session.client_ip, settings.secret_key),
            session=uow().session,
            secret=settings.secret_key,
            base_url=settings.base_url,
            company=settings.company_name,
            lifetime=timedelta(days=settings.status_link_days),
            lang=tab_language(self),  # the email speaks the page's language
        )
        if result.error:
            self.request_error, self.request_message = result.error, ""
        elif result.limited:
            self.request_error, self.request_message = "", TOO_MANY
        else:
            self.request_error, self.request_message = "", SAME_ANSWER
