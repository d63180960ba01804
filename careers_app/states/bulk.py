"""Bulk actions on a board: move, reject with one reason, add a note; undo the last one.

The browser keeps the selection (it knows the columns' order for shift-click ranges) and
sends the ids with the version of each card it saw; everything else is decided here and
in services/bulk.py. The posting comes from the page's own URL at load, never from the
request. After the commit, the other recruiters on the board get one push naming the
changed ids ("these applications changed"), and each fetches the cards through
``refresh_cards``, a guarded handler, as with single moves.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta
from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services import bulk, pipeline, scorecards
from careers_app.services.errors import DomainError
from careers_app.settings import get_settings
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import BoardFeed, as_id
from careers_app.states.team import HiringTeamState

ACTIONS = ("move", "reject", "note")


class BulkState(HiringTeamState):
    report: str = ""  # the last bulk action's outcome, names of cards left alone included
    report_kind: str = ""  # "" | done | partial | refused
    undo_available: bool = False
    bulk_select: dict[str, Any] = {}  # {"items": [{"id", "version"}]}: select these
    bulk_update: dict[str, Any] = {}  # {"cards": [...], "counts": {...}, "seq", "clear"}
    _posting_id: int = 0

    @rx.event
    @handler(Access.BOARD)
    def load(self) -> None:
        slug = routes.path_slug(self.router.url.path, "recruiting")
        found = pipeline.posting_id_for_slug(slug, session=uow().session)
        self._posting_id = found[0] if found else 0
        self.report, self.report_kind, self.undo_available, self.bulk_update = "", "", False, {}
        self.bulk_select = {}

    def _show(self, result: bulk.BulkResult, *, clear: bool, extra_ids: list[int] | None = None) -> None:
        call = uow()
        shown = list(result.changed)
        if extra_ids:  # cards someone else changed: show them where they really are
            shown += bulk.cards(self._posting_id, extra_ids, session=call.session)
        self.bulk_update = {
            "cards": [
                dataclasses.asdict(c)
                for c in scorecards.cards_with_summaries(shown, call.user, session=call.session)
            ],
            "counts": pipeline.stage_counts(self._posting_id, session=call.session),
            "seq": time.time(),
            "clear": clear,
            "own": True,  # this browser's own action (its Undo offer starts now)
        }
        self.report = result.message
        self.report_kind = "partial" if result.skipped else "done"
        ids = [c.id for c in result.changed]
        if ids:
            call.after.append(lambda: self._announce(ids))

    async def _announce(self, ids: list[int]) -> None:
        feed = await self.get_state(BoardFeed)
        feed.last_change = {"ids": ids, "seq": time.time()}  # type: ignore[dict-item]

    def _refuse(self, message: str) -> None:
        """Shown next to the bulk bar, where the person is looking (not only as a toast)."""
        self.report, self.report_kind = message, "refused"

    @rx.event
    @handler(Access.BOARD)
    def apply(self, request: dict[str, Any]) -> None:
        """One bulk action: {"action": move|reject|note, "items": [{"id", "version"}], "to" |
        "reason" (+ "send_email": true) | "note"}."""
        if not self._posting_id:
            return
        if not isinstance(request, dict) or request.get("action") not in ACTIONS:
            self._refuse("That bulk action was not understood.")
            return
        call = uow()
        try:
            items = bulk.parse_items(request.get("items"))
            action = request["action"]
            if action == "note":
                result = bulk.bulk_note(
                    self._posting_id,
                    [i for i, _ in items],
                    request.get("note"),
                    user_id=call.user.id,
                    session=call.session,
                )
            else:
                to = "rejected" if action == "reject" else request.get("to")
                reason = request.get("reason", "")
                delay = None
                if action == "reject" and request.get("send_email") is True:
                    delay = timedelta(minutes=get_settings().rejection_email_delay_minutes)
                result = bulk.bulk_move(
                    self._posting_id,
                    items,
                    str(to) if isinstance(to, str) else "",
                    user_id=call.user.id,
                    actor=call.user.name,
                    session=call.session,
                    reason=reason if isinstance(reason, str) else "",
                    email_delay=delay,
                )
        except DomainError as refused:
            call.session.rollback()  # nothing half-written
            self._refuse(str(refused))
            return
        self.undo_available = result.action_id is not None
        # After a note the same people are often moved next: the selection stays.
        self._show(result, clear=action != "note", extra_ids=result.skipped_ids)

    @rx.event
    @handler(Access.BOARD)
    def select_filtered(self) -> None:
        """Select every card matching the board's filter (from the page's URL), loaded or not."""
        if not self._posting_id:
            return
        params = self.router.url.query_parameters
        try:
            items = bulk.filtered_items(self._posting_id, params, session=uow().session)
        except DomainError as refused:
            self._refuse(str(refused))
            return
        self.bulk_select = {"items": [{"id": i, "version": v} for i, v in items], "seq": time.time()}

    @rx.event
    @handler(Access.BOARD)
    def undo(self) -> None:
        if not self._posting_id:
            return
        call = uow()
        self.undo_available = False
        try:
            result = bulk.undo_last(
                self._posting_id, user_id=call.user.id, actor=call.user.name, session=call.session
            )
        except DomainError as refused:
            call.session.rollback()  # nothing half-written
            self._refuse(str(refused))
            return
        self._show(result, clear=False, extra_ids=result.skipped_ids)

    @rx.event
    @handler(Access.BOARD)
    def dismiss(self) -> None:
        self.report, self.report_kind = "", ""

    @rx.event
    @handler(Access.BOARD)
    def refresh_cards(self, application_ids: list[Any]) -> None:
        """Other recruiters changed these cards on this board: fetch them (guarded) and show them."""
        if not self._posting_id or not isinstance(application_ids, list):
            return
        ids = [i for i in (as_id(v) for v in application_ids[: bulk.MAX_CARDS]) if i is not None]
        if not ids:
            return
        session = uow().session
        self.bulk_update = {
            "cards": [
                dataclasses.asdict(c)
                for c in scorecards.cards_with_summaries(
                    bulk.cards(self._posting_id, ids, session=session), uow().user, session=session
                )
            ],
            "counts": pipeline.stage_counts(self._posting_id, session=session),
            "seq": time.time(),
            "clear": False,
        }
