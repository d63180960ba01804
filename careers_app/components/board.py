"""The pipeline board: a small local React component around @hello-pangea/dnd.

Droppable and Draggable take functions as children, which Reflex cannot express in
Python, so the board itself is JSX (assets/pipeline_board.jsx); moves and clicks come
back to Python as events.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app.services.pipeline import Column


def _one_arg(value: rx.Var[Any]) -> list[rx.Var[Any]]:
    return [value]


class PipelineBoard(rx.Component):
    library = "$/public/pipeline_board.jsx"
    tag = "PipelineBoard"
    lib_dependencies: list[str] = ["@hello-pangea/dnd@18.0.1"]

    columns: rx.Var[list[Column]]
    last_change: rx.Var[dict[str, Any]]  # "application N changed", from the shared feed
    card_update: rx.Var[dict[str, Any]]  # one card's current state, from the server

    on_move: rx.EventHandler[_one_arg]
    on_open: rx.EventHandler[_one_arg]
    on_change: rx.EventHandler[_one_arg]  # asks the server for a changed card


pipeline_board = PipelineBoard.create
