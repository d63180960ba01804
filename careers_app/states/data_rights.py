"""Admins: the audit log (/team/audit-log) and people (/team/people: find, export, erase);
the person themselves: download and erase their data from the status page."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services.candidates import candidate_access
from careers_app.services.platform import audit
from careers_app.services.platform.errors import NotFound
from careers_app.services.privacy import data_export, erasure
from careers_app.services.visibility import blind_screening
from careers_app.settings import get_settings
from careers_app.states import pipeline as board_feed
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import as_id
from careers_app.states.team import HiringTeamState

NOT_UNDERSTOOD = "That request was not understood."
LINK_EXPIRED = "This link has expired or is not valid. Ask for a new link on this page."


class AuditLogState(HiringTeamState):
    """Newest first; the filter and page live in the URL, so a view can be shared."""

    rows: list[audit.AuditRow] = []
    action: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    pages: int = 1
    total: int = 0
    notice: str = ""
    form_key: str = ""

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        params = self.router.url.query_parameters
        values = [str(params.get(k, ""))[:40] for k in ("action", "from", "to", "page")]
        flt, self.notice = audit.parse_filter(*values)
        result = audit.list_entries(flt, session=uow().session)
        self.rows, self.page, self.pages, self.total = result.rows, result.page, result.pages, result.total
        self.action = flt.action
        self.date_from = flt.day_from.isoformat() if flt.day_from else ""
        self.date_to = flt.day_to.isoformat() if flt.day_to else ""
        self.form_key = f"{self.action}|{self.date_from}|{self.date_to}"

    @rx.event
    @handler(Access.ADMIN)
    def choose(self, form_data: dict[str, Any]) -> Any:
        data = form_data if isinstance(form_data, dict) else {}
        action, date_from, date_to = (str(data.get(k, ""))[:40] for k in ("action", "from", "to"))
        return rx.redirect(routes.audit_log_url(action=action, date_from=date_from, date_to=date_to))

    @rx.var
    def newer_url(self) -> str:
        if self.page <= 1:
            return ""
        return routes.audit_log_url(
            action=self.action, date_from=self.date_from, date_to=self.date_to, page=self.page - 1
        )

    @rx.var
    def older_url(self) -> str:
        if self.page >= self.pages:
            return ""
        return routes.audit_log_url(
            action=self.action, date_from=self.date_from, date_to=self.date_to, page=self.page + 1
        )


class PeopleState(HiringTeamState):
    """Find a person by email; download everything about them; erase them (typed confirmation).

    Blind screening: an admin is on the hiring team, so a person with a masked application is
    listed unnamed (and only by their whole address), and downloading their data is a reveal
    the admin confirms first, recorded like the board's Reveal button."""

    query: str = ""
    people: list[data_export.PersonSummary] = []
    searched: bool = False
    message: str = ""
    confirm_email: str = ""  # the person whose erasure waits for a typed confirmation
    confirm_error: str = ""
    _confirm_id: int = 0  # set by the server only; the browser cannot choose whom it erases
    reveal_person: int = 0  # the person whose download waits for a confirmed reveal (shown as #id)
    reveal_count: int = 0  # how many of their applications the reveal shows
    _reveal_id: int = 0  # set by the server only; the browser cannot choose whom it reveals
    alerts_only: int = 0  # job alerts of the searched whole address, which is nobody's found here
    _alerts_address: str = ""  # set by the server only: the address those alerts are of

    def _search(self) -> None:
        session = uow().session
        self.people = data_export.find_people(self.query, session=session)
        self.searched = bool(self.query)
        kept = erasure.kept_by_address(self.query, session=session) if "@" in self.query else 0
        self.alerts_only = 0 if self.people else kept
        self._alerts_address = self.query if self.alerts_only else ""

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        self.query, self.people, self.searched, self.message = "", [], False, ""
        self.confirm_email = self.confirm_error = ""
        self._confirm_id = 0
        self.alerts_only, self._alerts_address = 0, ""
        self._clear_reveal()

    def _clear_reveal(self) -> None:
        self._reveal_id = self.reveal_person = self.reveal_count = 0

    @rx.event
    @handler(Access.ADMIN)
    def search(self, form_data: dict[str, Any]) -> Any:
        text = form_data.get("q", "") if isinstance(form_data, dict) else ""
        if not isinstance(text, str):
            return rx.toast.error(NOT_UNDERSTOOD)
        self.query = text.strip()[:254]
        self.message = (
            "" if len(self.query) >= 3 or not self.query else "Type at least 3 characters of the email."
        )
        self.confirm_email, self._confirm_id = "", 0
        self._clear_reveal()
        self._search()
        return None

    @rx.event
    @handler(Access.ADMIN)
    def download(self, candidate_id: int) -> Any:
        """Start the zip's download: the browser GETs it with its cookie, checked there again.
        A person with a masked application: first ask the admin to confirm the reveal."""
        target = as_id(candidate_id)
        if target is None:
            return rx.toast.error(NOT_UNDERSTOOD)
        masked = blind_screening.hidden_of_person(target, session=uow().session)
        if masked:
            self._reveal_id = self.reveal_person = target
            self.reveal_count = len(masked)
            return rx.set_focus("reveal-confirm")
        self._clear_reveal()
        return _download(target)

    @rx.event
    @handler(Access.ADMIN)
    def cancel_reveal(self) -> None:
        self._clear_reveal()

    @rx.event
    @handler(Access.ADMIN)
    def confirm_reveal(self) -> Any:
        """Reveal who made the person's masked applications (a reveal row and an audit entry
        naming this admin, each), then start the zip's download once that is committed."""
        if not self._reveal_id:
            return rx.toast.error(NOT_UNDERSTOOD)
        call = uow()
        target = self._reveal_id
        blind_screening.reveal_person(target, call.user, session=call.session, client_address=call.client_ip)
        self._clear_reveal()
        if self.query:
            self._search()
        return [
            rx.toast.success("Identity revealed; the audit log records it. The download starts."),
            _download(target),
        ]

    @rx.event
    @handler(Access.ADMIN)
    def ask_erase(self, candidate_id: int) -> Any:
        target = as_id(candidate_id)
        if target is None:
            return rx.toast.error(NOT_UNDERSTOOD)
        found = next((p for p in self.people if p.candidate_id == target), None)
        if found is None:
            return rx.toast.error("Search for the person first.")
        self._confirm_id, self.confirm_email, self.confirm_error = target, found.email, ""
        return rx.set_focus("erase-confirm")

    @rx.event
    @handler(Access.ADMIN)
    def erase_alerts(self) -> Any:
        """Delete the job alerts of an address that is no candidate's (services/privacy/erasure.py)."""
        if not self._alerts_address:
            return rx.toast.error(NOT_UNDERSTOOD)
        call = uow()
        actor = audit.Actor.user(call.user.id, call.user.email, call.client_ip)
        found = erasure.erase_address(self._alerts_address, actor, session=call.session)
        # As after an erasure: nothing in this tab's state may keep the address.
        self.query, self.people, self.searched, self.alerts_only, self._alerts_address = "", [], False, 0, ""
        self.message = f"Deleted {audit.counted(found, 'job alert')} of an address with no applications."
        return None

    @rx.event
    @handler(Access.ADMIN)
    def cancel_erase(self) -> None:
        self._confirm_id, self.confirm_email, self.confirm_error = 0, "", ""

    @rx.event
    @handler(Access.ADMIN)
    def erase(self, form_data: dict[str, Any]) -> Any:
        typed = form_data.get("confirm", "") if isinstance(form_data, dict) else ""
        if not isinstance(typed, str) or not self._confirm_id:
            return rx.toast.error(NOT_UNDERSTOOD)
        call = uow()
        shown = data_export.person_summary(self._confirm_id, session=call.session)
        if shown is None:
            self._confirm_id, self.confirm_email = 0, ""
            raise NotFound("That person has already been erased.")
        if typed.strip().lower() != shown.email.lower():
            self.confirm_error = "Type the person's email address exactly as shown to confirm."
            return rx.set_focus("erase-confirm")
        actor = audit.Actor.user(call.user.id, call.user.email, call.client_ip)
        done = erasure.erase_person(self._confirm_id, actor, session=call.session)
        call.after.append(lambda: _remove_files(done))
        call.after.append(lambda: board_feed.announce(self, done.boards))  # their cards on open boards
        self._confirm_id, self.confirm_email, self.confirm_error = 0, "", ""
        # Reflex keeps this tab's state on the server: nothing here may name the erased person
        # (not the message, not the search that found them), or the state store would.
        self.query, self.people, self.searched = "", [], False
        self.message = (
            f"Erased person #{shown.candidate_id}: {done.summary}. "
            "Anonymous stage history stays for the funnel counts."
        )
        return None


def _download(candidate_id: int) -> Any:
    return rx.download(url=routes.person_export_url(candidate_id), filename=f"person-{candidate_id}.zip")


async def _remove_files(done: erasure.Erased) -> None:
    """After the commit: unlink the erased files and outbox files, and scrub the state store
    (files or Redis), in a thread: it reads the disk. A crash before this is left to the
    orphan sweeps; state entries expire with their tab."""

    await asyncio.to_thread(erasure.after_erasure, done, get_settings().upload_dir)


class CandidateDataState(rx.State):
    """The person's own "Download my data" and "Erase my data" on the status page.

    The status link's token is the credential: every event looks it up again
    (``candidate_access.candidate_for_token``) from the page's own URL, exactly as the
    status page's other handlers do, so an expired or revoked link does nothing.
    """

    erase_open: bool = False
    erase_error: str = ""
    _asked: bool = False  # the confirm step was shown by the server, for this tab

    def _candidate(self) -> int | None:
        token = self.router.url.query_parameters.get("token", "")
        return candidate_access.candidate_for_token(str(token)[:100], session=uow().session)

    @rx.event
    @handler(Access.PUBLIC)
    def download(self) -> Any:
        """The person's zip: the link is checked now, then a two-minute signed ticket lets the
        browser fetch it with a plain GET (no token in any other URL, nothing in the state)."""
        candidate_id = self._candidate()
        if candidate_id is None:
            return rx.toast.error(LINK_EXPIRED)
        ticket = data_export.download_ticket(candidate_id, get_settings().secret_key)
        return rx.download(url=f"{routes.CANDIDATE_EXPORT}?ticket={ticket}", filename="my-data.zip")

    @rx.event
    @handler(Access.PUBLIC)
    def ask_erase(self) -> Any:
        if self._candidate() is None:
            return rx.toast.error(LINK_EXPIRED)
        self.erase_open, self._asked, self.erase_error = True, True, ""
        return rx.set_focus("erase-my-data-confirm")

    @rx.event
    @handler(Access.PUBLIC)
    def cancel_erase(self) -> None:
        self.erase_open, self._asked, self.erase_error = False, False, ""

    @rx.event
    @handler(Access.PUBLIC)
    def confirm_erase(self, form_data: dict[str, Any]) -> Any:
        data = form_data if isinstance(form_data, dict) else {}
        if not self._asked:
            return rx.toast.error(NOT_UNDERSTOOD)
        if data.get("understood") not in ("on", True, "true"):
            self.erase_error = "Tick the box to confirm that you want everything erased."
            return None
        call = uow()
        candidate_id = self._candidate()
        if candidate_id is None:
            self.erase_open = self._asked = False
            return rx.toast.error(LINK_EXPIRED)
        done = erasure.erase_person(candidate_id, audit.Actor.candidate(call.client_ip), session=call.session)
        call.after.append(lambda: _remove_files(done))
        call.after.append(lambda: board_feed.announce(self, done.boards))  # their cards on open boards
        self.erase_open, self._asked, self.erase_error = False, False, ""
        return rx.redirect(routes.CANDIDATE_ERASED)
