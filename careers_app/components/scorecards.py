"""Interview plan fields for the posting editor; scorecards and blind screening in the panel."""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app.components.layout import BORDER, MUTED, SURFACE
from careers_app.services.board.scorecards import RATINGS, RECOMMENDATIONS, ScorecardView
from careers_app.services.interviews.interview_plans import BLIND_FIELD
from careers_app.states.admin import PostingEditorState
from careers_app.states.pipeline import PipelineState
from careers_app.states.scorecards import ScorecardState

_BOX = {"border": f"1px solid {BORDER}", "border_radius": "8px", "padding": "0.75rem", "margin": "0.5rem 0"}


# ----- the posting editor --------------------------------------------------------------------


def _plan_stage(stage: rx.Var[dict[str, str]]) -> rx.Component:
    name = stage["field"]
    return rx.el.div(
        rx.el.label("Interviews at " + stage["label"], html_for="posting-" + name),
        rx.el.textarea(
            id="posting-" + name,
            name=name,
            rows=3,
            default_value=PostingEditorState.values.get(name, ""),
            aria_describedby="posting-plan-hint posting-" + name + "-error",
            style={"width": "100%", "font": "inherit"},
        ),
        rx.el.p(
            PostingEditorState.errors.get(name, ""),
            class_name="field-error",
            id="posting-" + name + "-error",
        ),
        class_name="field",
    )


def plan_fieldset() -> rx.Component:
    """Per middle stage, the interviews and what each assesses; and the blind screening switch."""
    return rx.fragment(
        rx.el.fieldset(
            rx.el.legend("Interview plan", class_name="field-label", style={"font_size": "1.1rem"}),
            rx.el.p(
                "One interview per line: its name, a colon, then what it assesses, separated by commas "
                "(for example “Technical interview: Python, Problem solving”). Interviewers fill a "
                "scorecard for these from the candidate panel.",
                class_name="field-hint",
                id="posting-plan-hint",
            ),
            rx.foreach(PostingEditorState.plan_stages, _plan_stage),
            style={"border": "none", "padding": 0, "margin": "1rem 0 0.75rem"},
        ),
        rx.el.div(
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    id="posting-blind",
                    name=BLIND_FIELD,
                    default_checked=PostingEditorState.values.get(BLIND_FIELD, "") == "on",
                    style={"width": "1.25rem", "height": "1.25rem", "margin": "0 0.5rem 0 0"},
                ),
                "Blind screening",
                html_for="posting-blind",
                style={"display": "flex", "align_items": "center", "font_weight": "600"},
            ),
            rx.el.p(
                "At Applied and Recruiter screen, the board hides candidates' names, email, phone and "
                "address, redacts them in the resume text and withholds the PDF until the candidate "
                "moves on or someone reveals them (which the history records).",
                class_name="field-hint",
            ),
            style={"margin": "0 0 1rem"},
        ),
    )


# ----- the candidate panel -------------------------------------------------------------------


def blind_notice() -> rx.Component:
    """Shown instead of contact details while the panel's candidate is hidden."""
    return rx.cond(
        PipelineState.selected.blind,
        rx.el.div(
            rx.el.p(
                rx.el.strong("Blind screening. "),
                "Name, email, phone and address are hidden and redacted in the resume text; the PDF is "
                "withheld until the candidate moves past Recruiter screen.",
                style={"margin": "0 0 0.5rem"},
            ),
            rx.el.button(
                "Reveal identity",
                type="button",
                class_name="btn btn-secondary",
                on_click=ScorecardState.reveal,
            ),
            role="note",
            style={**_BOX, "background": SURFACE},
        ),
    )


def _scorecard(card: rx.Var[ScorecardView]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.strong(card.interview),
            " · ",
            card.interviewer,
            " · ",
            rx.el.span(card.recommendation_label, class_name="scorecard-recommendation"),
        ),
        rx.el.div(card.stage_label + " · " + card.when, style={"color": MUTED, "font_size": "0.85rem"}),
        rx.el.dl(
            rx.foreach(
                card.ratings,
                lambda r: rx.fragment(rx.el.dt(r.attribute), rx.el.dd(r.label)),
            ),
            class_name="panel-facts",
            style={"margin": "0.4rem 0"},
        ),
        rx.cond(card.notes != "", rx.el.p(card.notes, style={"white_space": "pre-wrap", "margin": 0})),
        style=_BOX,
        aria_label="Scorecard by " + card.interviewer + " for " + card.interview,
    )


def _rating(attribute: rx.Var[str], index: rx.Var[int]) -> rx.Component:
    name = "rating_" + index.to_string()
    error_id = "scorecard-rating-" + index.to_string() + "-error"
    return rx.el.div(
        rx.el.label(attribute, html_for="scorecard-rating-" + index.to_string()),
        rx.el.select(
            rx.el.option("Choose a rating", value=""),
            *[rx.el.option(f"{n} {label}", value=str(n)) for n, label in RATINGS],
            id="scorecard-rating-" + index.to_string(),
            name=name,
            aria_describedby=error_id,
        ),
        rx.el.p(ScorecardState.form_errors.get(name, ""), class_name="field-error", id=error_id),  # type: ignore[call-overload]
        class_name="field",
    )


def _form() -> rx.Component:
    f = ScorecardState.form
    return rx.el.form(
        rx.el.h4("Scorecard: " + f.label, id="scorecard-form-title", style={"margin": "0 0 0.5rem"}),
        rx.foreach(f.attributes, _rating),
        rx.el.div(
            rx.el.label("Overall recommendation", html_for="scorecard-recommendation"),
            rx.el.select(
                rx.el.option("Choose a recommendation", value=""),
                *[rx.el.option(label, value=key) for key, label in RECOMMENDATIONS],
                id="scorecard-recommendation",
                name="recommendation",
                aria_describedby="scorecard-recommendation-error",
            ),
            rx.el.p(
                ScorecardState.form_errors.get("recommendation", ""),
                class_name="field-error",
                id="scorecard-recommendation-error",
            ),
            class_name="field",
        ),
        rx.el.div(
            rx.el.label("Scorecard notes", html_for="scorecard-notes"),
            rx.el.textarea(
                id="scorecard-notes", name="notes", rows=4, max_length=5000, style={"width": "100%"}
            ),
            rx.el.p(ScorecardState.form_errors.get("notes", ""), class_name="field-error"),
            class_name="field",
        ),
        rx.el.p(
            "Submitted scorecards are final. Others' scorecards for this candidate show "
            "once you submit yours.",
            class_name="field-hint",
        ),
        rx.el.div(
            rx.el.button("Submit scorecard", type="submit", class_name="btn"),
            rx.el.button(
                "Cancel", type="button", class_name="btn btn-secondary", on_click=ScorecardState.cancel
            ),
            style={"display": "flex", "gap": "0.5rem", "flex_wrap": "wrap"},
        ),
        on_submit=ScorecardState.submit,
        key=ScorecardState.form_key,
        aria_labelledby="scorecard-form-title",
        style={**_BOX, "background": SURFACE},
    )


def _interview_choice(choice: Any) -> rx.Component:
    return rx.el.li(
        rx.cond(
            choice.done,
            rx.el.span(choice.label, " · ", rx.el.span("your scorecard is in", style={"color": MUTED})),
            rx.el.button(
                "Score " + choice.label,
                type="button",
                class_name="link-button",
                on_click=ScorecardState.start(choice.id),
                style={"text_align": "left"},
            ),
        ),
    )


def scorecard_section() -> rx.Component:
    """The summary, the visible scorecards, and the interviews this viewer can score.

    Keyed by the application, so it loads again (on mount) for each candidate opened.
    """
    loaded = ScorecardState.scoring_for == PipelineState.selected.application_id
    return rx.el.section(
        rx.el.h3("Scorecards", id="scorecards-title"),
        rx.cond(loaded, _scoring(), rx.el.p("Loading…", role="status", style={"color": MUTED})),
        on_mount=ScorecardState.refresh,
        key=PipelineState.selected.application_id.to_string(),
        aria_labelledby="scorecards-title",
    )


def _scoring() -> rx.Component:
    s = ScorecardState.scoring
    return rx.fragment(
        rx.cond(s.summary_text != "", rx.el.p("Summary: ", s.summary_text, class_name="scorecard-summary")),
        rx.cond(
            s.hidden > 0,
            rx.el.p(
                s.hidden.to_string() + " scorecard(s) by others stay hidden until you submit your own.",
                style={"color": MUTED},
            ),
        ),
        rx.el.ul(rx.foreach(s.scorecards, _scorecard), style={"list_style": "none", "padding": 0}),
        rx.cond(
            ScorecardState.form.id > 0,
            _form(),
            rx.el.div(
                rx.el.p("Fill a scorecard for:", style={"margin": "0.5rem 0 0.25rem", "font_weight": "600"}),
                rx.el.ul(rx.foreach(s.interviews, _interview_choice), style={"margin": 0}),
            ),
        ),
    )
