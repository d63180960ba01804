"""The hiring team's base state, sign-in page, "not allowed" page and compliance home.

Signing in and out are plain HTTP routes (careers_app/auth_routes.py) so the session
cookie can be HttpOnly; these states only read it, through the shared handler pattern.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services import auth, compliance
from careers_app.states.guard import Access, handler, uow

SIGN_IN_MESSAGES = {
    "credentials": "Email or password is not right.",
    "origin": "Sign in from this site's own sign-in page.",
    "expired": "Your session ended. Sign in again.",
}


class HiringTeamState(rx.State):
    """Base of every hiring-team state: who is signed in, for the header."""

    user_name: str = ""
    user_role: str = ""

    def _show_user(self) -> None:
        user = uow().user
        self.user_name, self.user_role = user.name, str(user.role)

    def _leave_board(self) -> None:
        """A page that is not a board stops this browser's live board feed (after the commit)."""
        uow().after.append(self._unlink_board)

    async def _unlink_board(self) -> None:
        from careers_app.states.pipeline import PipelineState

        board = await self.get_state(PipelineState)
        await board._unlink_feed()


class SignInState(HiringTeamState):
    error: str = ""
    next_path: str = ""

    @rx.event
    @handler(Access.PUBLIC)
    def load(self) -> Any:
        """Signed in already: go to your own home. Otherwise show why we are here, if we know."""
        call = uow()
        params = self.router.url.query_parameters
        self.next_path = routes.safe_next(str(params.get("next", "")))
        if call.user_or_none is not None:
            return rx.redirect(self.next_path or auth.home_for(call.user.role))
        self.user_name = self.user_role = ""
        self._leave_board()
        code = str(params.get("error", ""))
        wait = str(params.get("wait", ""))
        if code == "throttled" and wait.isdigit() and len(wait) < 6:
            self.error = (
                f"Too many failed sign-ins. Try again in {auth.wait_words(int(wait))}, "
                "or from a browser where you have signed in before."
            )
        else:
            self.error = SIGN_IN_MESSAGES.get(code, "")
        return rx.set_focus("signin-email") if self.error else None


class NotAllowedState(HiringTeamState):
    home: str = ""

    @rx.event
    @handler(Access.SIGNED_IN)
    def load(self) -> None:
        self._show_user()
        self.home = auth.home_for(uow().user.role)
        self._leave_board()


class ComplianceState(HiringTeamState):
    """Compliance home: aggregate response counts only; no names, no per-person answers."""

    rows: list[compliance.PostingResponseRate] = []

    @rx.event
    @handler(Access.COMPLIANCE)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        self.rows = compliance.response_rates(session=uow().session)
