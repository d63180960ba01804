"""Interview invitations: the panel's section on the board, and the candidate's pick page.

The panel section learns the posting from the URL and the application when it mounts for
the board's selected candidate, checks that the application is on that posting, and then
acts only on what it checked (``_posting_id``, ``_application_id``). The candidate's page
is public; its link's token is read from the URL on the server and checked again by the
service on every pick.
"""

from __future__ import annotations

import time
from typing import Any

import reflex as rx

from careers_app import i18n, routes
from careers_app.i18n import N_
from careers_app.services.board import pipeline
from careers_app.services.interviews import interviews
from careers_app.services.platform.errors import Conflict, Invalid
from careers_app.settings import get_settings
from careers_app.states import pipeline as board_feed
from careers_app.states.guard import Access, handler, tab_language, uow
from careers_app.states.pipeline import PipelineState, as_id
from careers_app.states.team import HiringTeamState

# The candidate's page (InterviewPickState) speaks the tab's language: these and the services'
# Conflict messages are in the catalog, shown with tr() or translated here.
CHOOSE_A_TIME = N_("Choose one of the times.")
BOOKED = N_("Booked. The calendar invitation is on its way to your inbox.")
SLOT_FIELDS = ("date", "start", "duration", "time_zone", "location")


def _slots_from_form(form: dict[str, Any], rows: int, prefix: str = "slot") -> list[dict[str, str]]:
    return [
        {f: str(form.get(f"{prefix}-{n}-{f}", "") or "")[:400] for f in SLOT_FIELDS}
        for n in range(1, rows + 1)
    ]


class InterviewPanelState(HiringTeamState):
    """The candidate panel's Interview section (recruiters and admins).

    Its own state (not a substate of the board, whose every handler it would inherit): it
    learns the posting from the URL and the application when the section mounts for the
    board's selected candidate, checks that the application is on that posting, and acts
    only on what it checked (underscore vars).
    """

    iv_status: str = ""  # "" (none) | proposed | scheduled
    iv_when: str = ""
    iv_location: str = ""
    iv_stage: str = ""
    iv_rescheduling: bool = False
    iv_slots: list[interviews.SlotView] = []
    slot_rows: int = 1
    iv_errors: dict[str, str] = {}
    iv_form_key: str = ""
    changing: bool = False  # the "change the time" form is open
    _posting_id: int = 0
    _application_id: int = 0
    _interview_id: int = 0

    def _show(self) -> None:
        app_id, posting_id = self._application_id, self._posting_id
        found = interviews.current(app_id, posting_id, session=uow().session) if app_id else None
        self._interview_id = found.id if found else 0
        self.iv_status = found.status if found else ""
        self.iv_when = found.when if found else ""
        self.iv_location = found.location if found else ""
        self.iv_stage = found.stage_label if found else ""
        self.iv_rescheduling = found.rescheduling if found else False
        self.iv_slots = found.slots if found else []

    def _fresh_form(self) -> None:
        self.slot_rows, self.iv_errors, self.changing = 1, {}, False
        self.iv_form_key = f"{self._application_id}-{time.time()}"

    def _after_change(self, message: str) -> Any:
        app_id = self._application_id
        self._show()
        self._fresh_form()
        posting_id = self._posting_id
        uow().after.append(lambda: board_feed.announce(self, {posting_id: [app_id]}))
        return [rx.toast.success(message), PipelineState.refresh_card(app_id)]  # type: ignore[operator]

    @rx.event
    @handler(Access.BOARD)
    def load_interview(self, application_id: int) -> None:
        """The panel opened on a candidate (the section mounts with the candidate's id)."""
        slug = routes.path_slug(self.router.url.path, "recruiting")
        found = pipeline.posting_id_for_slug(slug, session=uow().session)
        app_id = as_id(application_id)
        self._posting_id = found[0] if found else 0
        on_board = bool(
            found and app_id and interviews.on_posting(app_id, self._posting_id, session=uow().session)
        )
        self._application_id = app_id if on_board and app_id else 0
        self._show()
        self._fresh_form()

    @rx.event
    @handler(Access.BOARD)
    def add_slot_row(self) -> None:
        self.slot_rows = min(interviews.MAX_SLOTS, self.slot_rows + 1)

    @rx.event
    @handler(Access.BOARD)
    def remove_slot_row(self) -> None:
        self.slot_rows = max(1, self.slot_rows - 1)

    @rx.event
    @handler(Access.BOARD)
    def propose(self, form_data: dict[str, Any]) -> Any:
        if not self._application_id or not isinstance(form_data, dict):
            return rx.toast.error("Open a candidate first.")
        call = uow()
        raw = _slots_from_form(form_data, self.slot_rows)
        try:
            interviews.propose(
                self._application_id,
                self._posting_id,
                raw,
                user_id=call.user.id,
                base_url=get_settings().base_url,
                session=call.session,
            )
        except Invalid as invalid:
            self.iv_errors = invalid.errors
            first = next(iter(invalid.errors))
            return (
                [rx.toast.error(str(invalid)), rx.set_focus(f"iv-{first}")]
                if first != "slots"
                else rx.toast.error(str(invalid))
            )
        return self._after_change("Times proposed. The candidate gets an email with a link to pick one.")

    @rx.event
    @handler(Access.BOARD)
    def toggle_change(self) -> None:
        self.changing = not self.changing and self.iv_status == interviews.SCHEDULED
        self.iv_errors = {}

    @rx.event
    @handler(Access.BOARD)
    def change_time(self, form_data: dict[str, Any]) -> Any:
        if not self._interview_id or not isinstance(form_data, dict):
            return rx.toast.error("There is no booked interview to move.")
        raw = {f: str(form_data.get(f"change-{f}", "") or "")[:400] for f in SLOT_FIELDS}
        try:
            interviews.change_time(self._interview_id, self._posting_id, raw, session=uow().session)
        except Invalid as invalid:
            self.iv_errors = invalid.errors
            return rx.set_focus(f"iv-{next(iter(invalid.errors))}")
        return self._after_change("Interview moved. The candidate and you get the updated invitation.")

    @rx.event
    @handler(Access.BOARD)
    def cancel_interview(self) -> Any:
        if not self._interview_id:
            return rx.toast.error("There is no open interview to cancel.")
        interviews.cancel(self._interview_id, self._posting_id, session=uow().session)
        return self._after_change("Interview cancelled. The candidate is told.")


class InterviewPickState(rx.State):
    """/interview/<token>: the candidate picks one of the offered times (no account)."""

    status: str = "loading"  # loading | ready | missing
    posting_title: str = ""
    first_name: str = ""
    stage: str = ""
    iv_status: str = ""
    when: str = ""
    location: str = ""
    slots: list[interviews.SlotView] = []
    rescheduling: bool = False
    error: str = ""
    _link_ref: str = ""  # the link token's SHA-256 (an erasure finds this tab by it), never the token

    def _link_token(self) -> str:
        """The link's token, from the page's own URL on every event (kept nowhere: the state
        store must hold no credential)."""
        return routes.path_slug(self.router.url.path, "interview")[:100]

    def _fill(self, found: interviews.InterviewView | None) -> None:
        if found is None:
            self.status, self.slots = "missing", []
            return
        self.status = "ready"
        self.posting_title, self.first_name, self.stage = (
            found.posting_title,
            found.first_name,
            found.stage_label,
        )
        self.iv_status, self.when, self.location = found.status, found.when, found.location
        self.slots, self.rescheduling = found.slots, found.rescheduling

    @rx.event
    @handler(Access.PUBLIC)
    def load(self) -> None:
        self.error = ""
        self._link_ref = interviews.link_ref(self._link_token())
        self._fill(interviews.for_token(self._link_token(), session=uow().session, lang=tab_language(self)))

    @rx.event
    @handler(Access.PUBLIC)
    def pick(self, form_data: dict[str, Any]) -> Any:
        raw = form_data.get("slot") if isinstance(form_data, dict) else None
        slot_id = as_id(raw)
        if slot_id is None:
            self.error = CHOOSE_A_TIME
            return rx.set_focus("pick-error")
        call = uow()
        try:
            booked = interviews.pick(self._link_token(), slot_id, session=call.session)
        except Conflict as taken:  # booked or cancelled meanwhile, or a stale time: show what is now
            self._fill(
                interviews.for_token(self._link_token(), session=call.session, lang=tab_language(self))
            )
            self.error = str(taken)  # a catalog message: the page shows it with tr()
            return rx.set_focus("pick-error")
        self.error = ""
        self._fill(interviews.for_token(self._link_token(), session=call.session, lang=tab_language(self)))
        app_posting = interviews.posting_and_application(booked.id, session=call.session)
        if app_posting is not None:
            posting_id, app_id = app_posting
            call.after.append(lambda: board_feed.announce(self, {posting_id: [app_id]}))
        return rx.toast.success(i18n.translate(tab_language(self), BOOKED))
