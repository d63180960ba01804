"""Bulk actions on a board: move, reject with one reason, add a note; undo the last one.

The browser keeps the selection (it knows the columns' order for shift-click ranges) and
sends the ids with the version of each card it saw; everything else is decided here and
in services/board/bulk.py. The posting comes from the page's own URL at load, never from the
request. After the commit, the other recruiters on the board get one push naming the
changed ids ("these applications changed"), and each fetches the cards through
``refresh_cards``, a guarded handler, as with single moves.

BulkState lives under PipelineState: the posting, the filter and the column sorts it
shows cards and counts for are the board's own (``PipelineState._viewer``), so a bulk
action, its undo and a refresh show each card and count exactly as the page load did
(services/board/board_view.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services.board import board_view, bulk, pipeline
from careers_app.services.board.board_view import CardsUpdate, Selected, Selection
from careers_app.services.platform.errors import DomainError
from careers_app.settings import get_settings
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import PipelineState, as_id

ACTIONS = ("move", "reject", "note")


class BulkState(PipelineState):
    report: str = ""  # the last bulk action's outcome, names of cards left alone included
    report_kind: str = ""  # "" | done | partial | refused
    undo_available: bool = False
    bulk_select: Selection = board_view.NO_SELECTION  # select these ("Select all in the filtered result")
    bulk_update: CardsUpdate = board_view.NO_CARDS_UPDATE  # cards a bulk action changed, and the counts

    @rx.event
    @handler(Access.BOARD)
    def load(self) -> None:
        """After the board's own load (PipelineState.load: the posting, the filter)."""
        if not self._posting_id:  # on its own (no board loaded in this tab): the page's posting
            slug = routes.path_slug(self.router.url.path, "recruiting")
            found = pipeline.posting_id_for_slug(slug, session=uow().session)
            self._posting_id = found[0] if found else 0
        self.report, self.report_kind, self.undo_available = "", "", False
        self.bulk_update, self.bulk_select = board_view.NO_CARDS_UPDATE, board_view.NO_SELECTION

    def _show_cards(self, ids: Sequence[int], *, clear: bool = False, own: bool = False) -> None:
        """These cards as this viewer sees them now, with the counts under the board's filter."""
        found = board_view.changes(self._viewer(), ids, session=uow().session)
        self.bulk_update = CardsUpdate.of(found, clear=clear, own=own, seq=time.time())

    def _show(self, result: bulk.BulkResult, *, clear: bool) -> None:
        """The outcome of this browser's own action: the cards it changed, and those someone
        else had changed (shown where they really are)."""
        ids = [c.id for c in result.changed]
        self._show_cards([*ids, *result.skipped_ids], clear=clear, own=True)
        self.report = result.message
        self.report_kind = "partial" if result.skipped else "done"
        if ids:
            uow().after.append(lambda: self._announce(ids))

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
        self._show(result, clear=action != "note")

    @rx.event
    @handler(Access.BOARD)
    def select_filtered(self) -> None:
        """Select every card matching the board's filter, loaded or not: as many as its counts."""
        if not self._posting_id:
            return
        try:
            items = bulk.selectable_items(self._posting_id, self._filter(), session=uow().session)
        except DomainError as refused:
            self._refuse(str(refused))
            return
        self.bulk_select = Selection(items=[Selected(id=i, version=v) for i, v in items], seq=time.time())

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
        self._show(result, clear=False)

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
        self._show_cards(ids)
