"""The board's filter form (kept in the URL) and the recruiter's saved views."""

from __future__ import annotations

import reflex as rx

from careers_app.components.layout import MUTED
from careers_app.services.board.board_query import MAX_DAYS, FilterOption
from careers_app.services.board.board_views import NAME_MAX, SavedView
from careers_app.states.board_views import BoardViewsState
from careers_app.states.pipeline import PipelineState


def _error(name: str) -> rx.Component:
    return rx.el.p(
        PipelineState.filter_errors.get(name, ""), class_name="field-error", id=f"board-filter-{name}-error"
    )


def _select(label: str, name: str, any_label: str, options: rx.Var[list[FilterOption]]) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"board-filter-{name}"),
        rx.el.select(
            rx.el.option(any_label, value=""),
            rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
            id=f"board-filter-{name}",
            name=name,
            default_value=getattr(PipelineState.filters, name),
            aria_describedby=f"board-filter-{name}-error",
        ),
        _error(name),
        class_name="field",
    )


def board_filters() -> rx.Component:
    """Search and filters; applying puts them in the URL, so a reload or a shared link keeps them."""
    return rx.el.form(
        rx.el.div(
            rx.el.label("Search candidates by name or resume text", html_for="board-filter-q"),
            rx.el.input(
                id="board-filter-q",
                name="q",
                type="search",
                default_value=PipelineState.filters.q,
                max_length=200,
                aria_describedby="board-filter-q-error",
            ),
            _error("q"),
            class_name="field",
        ),
        rx.el.div(
            rx.el.label("Days in stage, at least", html_for="board-filter-days"),
            rx.el.input(
                id="board-filter-days",
                name="days",
                type="number",
                min=0,
                max=MAX_DAYS,
                step=1,
                input_mode="numeric",
                default_value=PipelineState.filters.days,
                aria_describedby="board-filter-days-error",
            ),
            _error("days"),
            class_name="field",
        ),
        _select("Source", "source", "Any source", PipelineState.source_options),
        _select("Location", "location", "Anywhere", PipelineState.location_options),
        rx.el.div(
            rx.el.input(
                id="board-filter-cover",
                name="cover",
                type="checkbox",
                default_checked=PipelineState.filters.cover == "1",
            ),
            rx.el.label("Has a cover letter", html_for="board-filter-cover"),
            class_name="checkbox-field",
        ),
        rx.el.div(
            rx.el.button("Apply filters", type="submit", class_name="btn"),
            rx.cond(
                PipelineState.filter_active,
                rx.el.button(
                    "Clear filters",
                    type="button",
                    class_name="btn btn-secondary",
                    on_click=PipelineState.clear_filters,
                ),
            ),
            style={"display": "flex", "gap": "0.5rem", "padding_bottom": "0.4rem"},
        ),
        on_submit=PipelineState.search,
        role="search",
        aria_label="Filter candidates",
        class_name="board-filters",
        key=PipelineState.filters.key,
    )


def _view(view: rx.Var[SavedView]) -> rx.Component:
    return rx.el.li(
        rx.el.a(view.name, href=view.url),
        rx.el.button(
            "Delete",
            type="button",
            class_name="link-button",
            aria_label="Delete view " + view.name,
            on_click=BoardViewsState.delete(view.id),
        ),
    )


def saved_views() -> rx.Component:
    """Save the current filter by name; pick a saved view (a link to the board with it)."""
    return rx.el.section(
        rx.el.form(
            rx.el.div(
                rx.el.label("Save this view as", html_for="board-view-name"),
                rx.el.div(
                    rx.el.input(
                        id="board-view-name",
                        name="view_name",
                        max_length=NAME_MAX,
                        aria_describedby="board-view-name-error",
                    ),
                    rx.el.button("Save view", type="submit", class_name="btn btn-secondary"),
                    class_name="search-row",
                ),
                rx.el.p(BoardViewsState.view_error, class_name="field-error", id="board-view-name-error"),
                class_name="field",
            ),
            on_submit=BoardViewsState.save,
            reset_on_submit=True,
        ),
        rx.el.div(
            rx.el.h2("Saved views", id="saved-views-title", style={"font_size": "0.95rem", "margin": "0"}),
            rx.cond(
                BoardViewsState.views.length() > 0,
                rx.el.ul(rx.foreach(BoardViewsState.views, _view), aria_labelledby="saved-views-title"),
                rx.el.p("None yet.", style={"color": MUTED, "margin": 0, "font_size": "0.9rem"}),
            ),
        ),
        class_name="board-views",
        aria_label="Saved views",
    )
