"""Scorecards and blind screening in the candidate panel.

A substate of the board's state, so it acts on the board's own underscore vars (the
posting and the selected application), which the browser can neither read nor set.
What it shows comes from services/board/scorecards.py, which decides what this viewer may see:
other people's scorecards hidden from an interviewer are never put in any var.
"""

from __future__ import annotations

import json
import time
from typing import Any

import reflex as rx

from careers_app.services.board import scorecards
from careers_app.services.platform.errors import Invalid
from careers_app.services.visibility import blind_screening
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import PipelineState, as_id


def _focus(element_id: str) -> Any:
    """Focus a field of the form once it is drawn (rx.set_focus needs a ref, and the rating
    fields are drawn per attribute, so they have none)."""
    return rx.call_script(f"setTimeout(() => document.getElementById({json.dumps(element_id)})?.focus(), 50)")


NO_INTERVIEW = scorecards.InterviewChoice(id=0, label="", attributes=[], done=False)


class ScorecardState(PipelineState):
    scoring: scorecards.ScorecardPanel = scorecards.NO_PANEL
    scoring_for: int = 0  # the application ``scoring`` belongs to (the panel waits for it)
    form: scorecards.InterviewChoice = NO_INTERVIEW  # the interview being scored, if any
    form_errors: dict[str, str] = {}
    form_key: str = ""
    _form_interview_id: int = 0

    def _refresh_scoring(self) -> None:
        call = uow()
        if not self._selected_id or not self._posting_id:
            self.scoring, self.scoring_for = scorecards.NO_PANEL, 0
            return
        self.scoring = scorecards.panel(self._selected_id, self._posting_id, call.user, session=call.session)
        self.scoring_for = self._selected_id

    def _close_form(self) -> None:
        self.form, self.form_errors, self._form_interview_id = NO_INTERVIEW, {}, 0

    def _push_card(self, app_id: int) -> None:
        """Show this card's new state here, and tell the board's other viewers it changed."""
        if self._show_card(app_id) is None:
            return
        uow().after.append(lambda: self._announce(app_id))

    @rx.event
    @handler(Access.BOARD)
    def refresh(self) -> None:
        """The panel opened (or another candidate was chosen): load what this viewer may see."""
        self._close_form()
        self._refresh_scoring()

    @rx.event
    @handler(Access.BOARD)
    def start(self, interview_id: int) -> Any:
        target = as_id(interview_id)
        self._refresh_scoring()
        chosen = next((i for i in self.scoring.interviews if i.id == target), None)
        if chosen is None:
            return rx.toast.error("Choose an interview of this posting's plan.")
        if chosen.done:
            return rx.toast.error("You have already submitted a scorecard for this interview.")
        self.form, self.form_errors, self._form_interview_id = chosen, {}, chosen.id
        self.form_key = f"{chosen.id}-{time.time()}"
        return _focus("scorecard-rating-0")

    @rx.event
    @handler(Access.BOARD)
    def cancel(self) -> None:
        self._close_form()

    @rx.event
    @handler(Access.BOARD)
    def submit(self, form_data: dict[str, Any]) -> Any:
        if not self._selected_id or not self._form_interview_id:
            return rx.toast.error("Choose an interview to score first.")
        call = uow()
        try:
            scorecards.submit(
                self._selected_id,
                self._posting_id,
                self._form_interview_id,
                form_data,
                call.user,
                session=call.session,
            )
        except Invalid as invalid:
            self.form_errors = invalid.errors
            return _focus(f"scorecard-{next(iter(invalid.errors)).replace('_', '-')}")
        app_id = self._selected_id
        self._close_form()
        self._refresh_scoring()
        self._push_card(app_id)
        return rx.toast.success("Scorecard submitted.")

    @rx.event
    @handler(Access.BOARD)
    def reveal(self) -> Any:
        """Blind screening: show who this candidate is, for everyone, logged with your name."""
        if not self._selected_id:
            return None
        call = uow()
        app_id = self._selected_id
        blind_screening.reveal(
            app_id, self._posting_id, call.user, session=call.session, client_address=call.client_ip
        )
        self._open(app_id)
        self._push_card(app_id)
        return rx.toast.success("Identity revealed; the stage history records it.")
