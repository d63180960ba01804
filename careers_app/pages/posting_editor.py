"""Admins' posting editor: the posting's fields, pay and dates, its Spanish version, its
interview plan and (once saved) its stages.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.components.layout import page_shell
from careers_app.components.scorecards import plan_fieldset
from careers_app.components.stage_editor import stage_editor
from careers_app.components.team_header import team_header
from careers_app.services.postings.posting_editor import (
    CURRENCIES,
    EMPLOYMENT_TYPES,
    PAY_UNITS,
    STATUSES,
    WORKPLACES,
)
from careers_app.services.postings.postings import SECTION_HEADINGS
from careers_app.settings import get_settings
from careers_app.states.admin import PostingEditorState
from careers_app.states.stage_editor import StageEditorState


def _editor_field(label: str, name: str, control: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"posting-{name}"),
        control,
        rx.el.p(
            PostingEditorState.errors.get(name, ""), class_name="field-error", id=f"posting-{name}-error"
        ),
        class_name="field",
    )


def _editor_text(label: str, name: str, rows: int = 0) -> rx.Component:
    value = PostingEditorState.values.get(name, "")
    common = {
        "id": f"posting-{name}",
        "name": name,
        "default_value": value,
        "aria_describedby": f"posting-{name}-error",
    }
    control = rx.el.textarea(rows=rows, style={"width": "100%"}, **common) if rows else rx.el.input(**common)
    return _editor_field(label, name, control)


def _editor_select(label: str, name: str, options: Any) -> rx.Component:
    return _editor_field(
        label,
        name,
        rx.el.select(
            rx.el.option("Select", value=""),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
            id=f"posting-{name}",
            name=name,
            default_value=PostingEditorState.values.get(name, ""),
        ),
    )


def _editor_choice(label: str, name: str, choices: Any, default: str) -> rx.Component:
    return _editor_field(
        label,
        name,
        rx.el.select(
            *[rx.el.option(text, value=value) for value, text in choices],
            id=f"posting-{name}",
            name=name,
            default_value=PostingEditorState.values.get(name, default),
            aria_describedby=f"posting-{name}-error",
        ),
    )


def _pay_and_dates() -> rx.Component:
    """Pay range (several US states require one in postings), workplace and closing date."""

    return rx.el.fieldset(
        rx.el.legend("Pay, workplace and closing date", class_name="field-label"),
        rx.el.p(
            "Leave both pay fields empty for no range. The posting closes itself after the closing date.",
            class_name="field-hint",
        ),
        rx.el.div(
            _editor_text("Pay from", "pay_min"),
            _editor_text("Pay up to", "pay_max"),
            _editor_choice("Currency", "pay_currency", [(c, c) for c in CURRENCIES], "USD"),
            _editor_choice("Per", "pay_unit", [(v, t.split(" ", 1)[1]) for v, t in PAY_UNITS], "YEAR"),
            _editor_choice("Workplace", "workplace", WORKPLACES, "onsite"),
            _editor_field(
                "Closing date (optional)",
                "closes_on",
                rx.el.input(
                    id="posting-closes_on",
                    name="closes_on",
                    type="date",
                    default_value=PostingEditorState.values.get("closes_on", ""),
                    aria_describedby="posting-closes_on-error",
                ),
            ),
            class_name="form-grid",
        ),
        style={"border": "none", "padding": 0, "margin": "0 0 0.75rem"},
    )


def editor_page() -> rx.Component:

    form = rx.el.form(
        _editor_text("Title", "title"),
        rx.el.div(
            _editor_select("Team", "team", PostingEditorState.teams),
            _editor_select("Location", "office", PostingEditorState.offices),
            _editor_field(
                "Employment type",
                "employment_type",
                rx.el.select(
                    *[rx.el.option(label, value=value) for value, label in EMPLOYMENT_TYPES],
                    id="posting-employment_type",
                    name="employment_type",
                    default_value=PostingEditorState.values.get("employment_type", "FULL_TIME"),
                ),
            ),
            _editor_field(
                "Status",
                "status",
                rx.el.select(
                    *[rx.el.option(s.capitalize(), value=s) for s in STATUSES],
                    id="posting-status",
                    name="status",
                    default_value=PostingEditorState.values.get("status", "draft"),
                ),
            ),
            class_name="form-grid",
        ),
        _pay_and_dates(),
        rx.el.p("Sections take paragraphs; start a line with “- ” for a bullet.", class_name="field-hint"),
        *[_editor_text(heading, attr, rows=5) for attr, heading in SECTION_HEADINGS],
        _editor_text("Hiring process name", "process_name"),
        _editor_text("Hiring process steps (one per line)", "steps", rows=4),
        rx.el.fieldset(
            rx.el.legend("Spanish version (optional)"),
            rx.el.p(
                "Shown to people reading the site in Spanish once it has a title; "
                "start a line with “## ” for a section heading and “- ” for a bullet.",
                class_name="field-hint",
            ),
            _editor_text("Spanish title", "title_es"),
            _editor_text("Spanish text", "body_es", rows=8),
        ),
        plan_fieldset(),
        rx.el.button("Save posting", type="submit", class_name="btn"),
        on_submit=PostingEditorState.save,
        key=PostingEditorState.form_key,
    )
    return page_shell(
        team_header(PostingEditorState),
        rx.el.a("← Pipelines", href=routes.RECRUITING_HOME),
        rx.match(
            PostingEditorState.status,
            (
                "ready",
                rx.fragment(
                    rx.el.h1(
                        rx.cond(PostingEditorState.editing_slug != "", "Edit posting", "New posting"),
                        style={"font_size": "2rem", "margin": "0.5rem 0 1rem"},
                    ),
                    form,
                    rx.cond(PostingEditorState.editing_slug != "", stage_editor()),
                ),
            ),
            ("missing", rx.el.h1("No such posting", style={"margin": "2rem 0"})),
            rx.el.p("Loading…", role="status"),
        ),
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        editor_page,
        route=routes.POSTING_EDITOR,
        title=f"Posting | {company} Recruiting",
        on_load=[PostingEditorState.load, StageEditorState.load],
    )
