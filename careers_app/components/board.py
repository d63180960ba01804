"""The pipeline board: a small local React component around @hello-pangea/dnd.

Droppable and Draggable take functions as children, which Reflex cannot express in
Python, so the board itself is JSX (assets/pipeline_board.jsx); moves and clicks come
back to Python as events.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app.services.board.board_view import (
    CardsUpdate,
    CardUpdate,
    Column,
    FeedChange,
    PageUpdate,
    Selection,
)


def _one_arg(value: rx.Var[Any]) -> list[rx.Var[Any]]:
    return [value]


class PipelineBoard(rx.Component):
    library = "$/public/pipeline_board.jsx"
    tag = "PipelineBoard"
    lib_dependencies: list[str] = ["@hello-pangea/dnd@18.0.1"]

    columns: rx.Var[list[Column]]  # every card and count as this viewer sees it (services/board/board_view)
    last_change: rx.Var[FeedChange]  # "application N changed", from the shared feed
    feed_seen: rx.Var[float]  # the feed's change as of the page load: not fetched again
    card_update: rx.Var[CardUpdate]  # one card's current state, from the server
    column_page: rx.Var[PageUpdate]  # one column's next page, or its first in a new sort

    on_move: rx.EventHandler[_one_arg]
    on_open: rx.EventHandler[_one_arg]
    on_change: rx.EventHandler[_one_arg]  # asks the server for a changed card
    on_more: rx.EventHandler[_one_arg]  # a column's next page (its stage key)
    on_sort: rx.EventHandler[_one_arg]  # {stage, sort}
    # Bulk actions (states/bulk.py): the selection lives in the browser, the rest on the server.
    bulk_update: rx.Var[CardsUpdate]  # cards a bulk action changed, and the counts under the filter
    reasons: rx.Var[list[str]]  # rejection reasons for the bulk bar
    on_bulk: rx.EventHandler[_one_arg]  # {action, items: [{id, version}], to | reason | note}
    on_change_many: rx.EventHandler[_one_arg]  # asks the server for several changed cards
    report: rx.Var[str]  # what the last bulk action did, names of cards left alone included
    report_kind: rx.Var[str]  # done | partial | refused
    undo_available: rx.Var[bool]
    on_undo: rx.EventHandler[rx.event.no_args_event_spec]
    on_dismiss: rx.EventHandler[rx.event.no_args_event_spec]
    bulk_select: rx.Var[Selection]  # the filtered result to select: [{id, version}]
    filtered: rx.Var[bool]  # a filter is on: offer "Select all N in the filtered result"
    on_select_filtered: rx.EventHandler[rx.event.no_args_event_spec]


pipeline_board = PipelineBoard.create


class FilterDisclosure(rx.Component):
    """The board's filters behind a "Filters" button on narrow screens (assets/pipeline_board.jsx)."""

    library = "$/public/pipeline_board.jsx"
    tag = "FilterDisclosure"
    lib_dependencies: list[str] = ["@hello-pangea/dnd@18.0.1"]

    active: rx.Var[bool]  # a filter is on: the button says so while the filters are hidden
    has_errors: rx.Var[bool]  # a filter in the link was ignored: open, so its message is seen


filter_disclosure = FilterDisclosure.create
