"""The pipeline board: a small local React component around @hello-pangea/dnd.

Droppable and Draggable take functions as children, which Reflex cannot express in
Python, so the board itself is JSX (assets/pipeline_board.jsx); moves and clicks come
back to Python as events.
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def _one_arg(value: rx.Var[Any]) -> list[rx.Var[Any]]:
    return [value]


class PipelineBoard(rx.Component):
    library = "$/public/pipeline_board.jsx"
    tag = "PipelineBoard"
    lib_dependencies: list[str] = ["@hello-pangea/dnd@18.0.1"]

    columns: rx.Var[list[dict[str, Any]]]
    last_move: rx.Var[dict[str, Any]]
    correction: rx.Var[dict[str, Any]]
    loaded_at: rx.Var[float]

    on_move: rx.EventHandler[_one_arg]
    on_open: rx.EventHandler[_one_arg]


pipeline_board = PipelineBoard.create
