"""Bar charts (Reflex's recharts) with their numbers in a table beside them.

A chart is a picture of the table next to it: screen readers skip the picture (the
table says the same), and the browser tests check that the two agree.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app.components.layout import MUTED

BAR = "#1a56db"
FLAGGED = "#b42318"
GRID = "#e1e8ed"
# Recharts 3 makes a chart focusable (tabIndex 0, keyboard tooltips) by default; these
# charts are hidden from screen readers (the table beside says the same), and a focusable
# element inside aria-hidden is a stop that announces nothing (axe: aria-hidden-focus).
NOT_FOCUSABLE = {"accessibilityLayer": False}


def _rows_of(data: Any) -> Any:
    """A state var holding a list of dataclasses, typed as what recharts takes (objects)."""
    return data.to(list[dict[str, Any]]) if isinstance(data, rx.Var) else data


def figure(chart: rx.Component, table: rx.Component, *, name: str) -> rx.Component:
    """Chart and table side by side where there is room, the table under it on a phone."""
    return rx.el.div(
        rx.el.div(chart, aria_hidden="true", data_testid=f"chart-{name}", style={"min_width": "0"}),
        rx.el.div(table, style={"overflow_x": "auto", "min_width": "0"}),
        style={
            "display": "grid",
            "grid_template_columns": "repeat(auto-fit, minmax(min(100%, 22rem), 1fr))",
            "gap": "1rem 2rem",
            "align_items": "start",
            "margin": "0 0 2rem",
        },
    )


def columns(data: Any, x_key: str, y_key: str, *, name: str, height: int = 260) -> rx.Component:
    """Upright bars, one per row (weeks), each labelled with its value."""
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke=GRID, vertical=False),
        rx.recharts.x_axis(data_key=x_key, tick={"fontSize": 12}, interval="preserveStartEnd"),
        rx.recharts.y_axis(allow_decimals=False, tick={"fontSize": 12}, width=32),
        rx.recharts.bar(
            rx.recharts.label_list(data_key=y_key, position="top", font_size=11, fill=MUTED),
            data_key=y_key,
            name=name,
            fill=BAR,
            is_animation_active=False,
        ),
        data=_rows_of(data),
        width="100%",
        height=height,
        margin={"top": 18, "right": 8, "bottom": 4, "left": 0},
        custom_attrs=NOT_FOCUSABLE,
    )


def rows(
    data: Any,
    label_key: str,
    value_key: str,
    *,
    name: str,
    height: int = 260,
    domain: list[Any] | None = None,
    extra: tuple[rx.Component, ...] = (),
    bar_children: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """Sideways bars (long labels read better): one per row, each labelled with its value."""
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke=GRID, horizontal=False),
        rx.recharts.x_axis(
            type_="number", tick={"fontSize": 12}, domain=domain or [0, "auto"], allow_decimals=False
        ),
        rx.recharts.y_axis(
            data_key=label_key, type_="category", width=130, tick={"fontSize": 12}, interval=0
        ),
        rx.recharts.bar(
            *bar_children,
            rx.recharts.label_list(data_key=value_key, position="right", font_size=11, fill=MUTED),
            data_key=value_key,
            name=name,
            fill=BAR,
            is_animation_active=False,
        ),
        *extra,
        data=_rows_of(data),
        layout="vertical",
        width="100%",
        height=height,
        margin={"top": 4, "right": 40, "bottom": 4, "left": 0},
        custom_attrs=NOT_FOCUSABLE,
    )
