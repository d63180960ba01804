"""Saved views of a posting's board: the recruiter's own named filters, as board links.

A view is the board's URL filter under a name. Saving reads the filter from the URL the
board is showing and cleans it again (``board_query.parse_filter``); picking a view is
following its link, so the board restores it exactly as on any reload.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.services.board import board_query, board_views, pipeline
from careers_app.services.platform.errors import Invalid
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import as_id
from careers_app.states.team import HiringTeamState


class BoardViewsState(HiringTeamState):
    views: list[board_views.SavedView] = []
    view_error: str = ""
    _posting_id: int = 0
    _slug: str = ""

    def _refresh(self) -> None:
        call = uow()
        self.views = board_views.list_views(call.user.id, self._posting_id, self._slug, session=call.session)

    def _current_filter(self) -> board_query.BoardFilter:
        params = self.router.url.query_parameters
        return board_query.parse_filter({k: params.get(k, "") for k in board_query.FILTER_PARAMS})[0]

    @rx.event
    @handler(Access.BOARD)
    def load(self) -> None:
        slug = routes.path_slug(self.router.url.path, "recruiting")
        found = pipeline.posting_id_for_slug(slug, session=uow().session)
        self.view_error = ""
        if found is None:
            self._posting_id, self._slug, self.views = 0, "", []
            return
        self._posting_id, self._slug = found[0], slug
        self._refresh()

    @rx.event
    @handler(Access.BOARD)
    def save(self, form_data: dict[str, Any]) -> Any:
        """Save the board's current filter under a name (the same name replaces it)."""
        if not self._posting_id:
            return None
        name = form_data.get("view_name", "") if isinstance(form_data, dict) else ""
        call = uow()
        try:
            view = board_views.save_view(
                call.user.id, self._posting_id, name, self._current_filter(), session=call.session
            )
        except Invalid as invalid:
            self.view_error = invalid.errors.get("view_name", str(invalid))
            return rx.set_focus("board-view-name")
        self.view_error = ""
        self._refresh()
        return rx.toast.success(f"View “{view.name}” saved.")

    @rx.event
    @handler(Access.BOARD)
    def delete(self, view_id: int) -> Any:
        found = as_id(view_id)
        if found is None or not self._posting_id:
            return rx.toast.error("That saved view does not exist.")
        call = uow()
        name = board_views.delete_view(call.user.id, found, session=call.session)
        self._refresh()
        return rx.toast.success(f"View “{name}” deleted.")
