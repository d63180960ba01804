"""The posting editor's "Pipeline stages" section: rename, reorder, remove, add."""

from __future__ import annotations

import reflex as rx

from careers_app.components.layout import MUTED
from careers_app.states.stage_editor import StageEditorState, StageRow


def _row(row: rx.Var[StageRow]) -> rx.Component:
    return rx.el.li(
        rx.el.form(
            rx.el.input(type="hidden", name="key", value=row.key),
            rx.el.label("Name of stage " + row.label, html_for="stage-" + row.key, class_name="sr-only"),
            rx.el.input(
                id="stage-" + row.key,
                name="label",
                default_value=row.label,
                max_length=40,
                required=True,
                class_name="stage-name",
            ),
            rx.el.button("Rename", type="submit", class_name="link-button", aria_label="Rename " + row.label),
            on_submit=StageEditorState.rename,
            class_name="stage-rename",
        ),
        rx.el.span(
            rx.cond(row.fixed, "Fixed", ""),
            rx.cond(row.fixed & (row.count > 0), " · ", ""),
            rx.cond(row.count > 0, row.count.to_string() + " in stage", ""),
            class_name="stage-facts",
        ),
        rx.cond(
            ~row.fixed,
            rx.el.span(
                rx.el.button(
                    "↑",
                    type="button",
                    class_name="btn btn-secondary stage-btn",
                    aria_label="Move " + row.label + " earlier",
                    disabled=row.first_step,
                    on_click=StageEditorState.move(row.key, -1),
                ),
                rx.el.button(
                    "↓",
                    type="button",
                    class_name="btn btn-secondary stage-btn",
                    aria_label="Move " + row.label + " later",
                    disabled=row.last_step,
                    on_click=StageEditorState.move(row.key, 1),
                ),
                rx.el.button(
                    "Remove",
                    type="button",
                    class_name="link-button",
                    aria_label="Remove " + row.label,
                    on_click=StageEditorState.remove(row.key),
                ),
                class_name="stage-actions",
            ),
        ),
        class_name="stage-row",
    )


def stage_editor() -> rx.Component:
    return rx.el.section(
        rx.el.h2(
            "Pipeline stages", id="stages-title", style={"font_size": "1.25rem", "margin": "2rem 0 0.25rem"}
        ),
        rx.el.p(
            "The board's columns for this posting, in order. Applied, Hired, Rejected and Withdrawn are "
            "fixed; the others can be renamed, moved or, when empty, removed. Renaming keeps every "
            "candidate's history.",
            style={"color": MUTED},
        ),
        rx.el.ol(
            rx.foreach(StageEditorState.rows, _row), class_name="stage-list", key=StageEditorState.form_key
        ),
        rx.el.div(
            rx.cond(StageEditorState.error != "", rx.el.p(StageEditorState.error, class_name="field-error")),
            rx.cond(StageEditorState.message != "", rx.el.p(StageEditorState.message)),
            role="status",
            aria_live="polite",
        ),
        rx.el.form(
            rx.el.label("New stage", html_for="stage-new"),
            rx.el.div(
                rx.el.input(id="stage-new", name="label", max_length=40, required=True),
                rx.el.button("Add stage", type="submit", class_name="btn"),
                class_name="search-row",
            ),
            on_submit=StageEditorState.add,
            reset_on_submit=True,
            class_name="field",
        ),
        aria_labelledby="stages-title",
    )
