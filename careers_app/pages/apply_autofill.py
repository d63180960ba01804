"""The wizard's resume autofill: "Start from my resume" on step 1, and each suggested field
marked "from your resume" with Accept and Clear until the person confirms it."""

from __future__ import annotations

import reflex as rx

from careers_app.components.form import field_error
from careers_app.components.layout import MUTED
from careers_app.services.candidates.resume_autofill import WIZARD_FIELDS
from careers_app.states.apply import SUGGESTED_FORM_KEY, ApplyState
from careers_app.states.apply_autofill import ResumeAutofillState
from careers_app.states.language import _, tr

ACCENT = "#5b3fd1"  # the suggestions' colour: not an error's red, nor a link's blue
TINT = "#f4f1ff"


def with_suggestion(label: rx.Var[str], name: str, field: rx.Component) -> rx.Component:
    """A text field that may show a suggestion from the resume, with its mark and buttons."""
    if name not in WIZARD_FIELDS:
        return field
    pending = ApplyState.suggested.contains(name)
    return rx.el.div(
        field,
        rx.cond(pending, _suggestion_bar(label, name)),
        style=rx.cond(
            pending,
            {
                "background": TINT,
                "border_left": f"3px solid {ACCENT}",
                "border_radius": "8px",
                "padding": "0.5rem 0.6rem 0.4rem",
            },
            {},
        ),
    )


def _suggestion_bar(label: rx.Var[str], name: str) -> rx.Component:
    button = {
        "background": "none",
        "border": "none",
        "padding": "0.35rem 0.25rem",
        "min_height": "32px",
        "font": "inherit",
        "font_weight": "600",
        "text_decoration": "underline",
        "cursor": "pointer",
    }
    return rx.el.div(
        rx.el.span(
            _("From your resume"),
            id=f"field-{name}-suggested",
            style={"color": ACCENT, "font_weight": "600", "font_size": "0.85rem", "margin_right": "auto"},
        ),
        rx.el.button(
            _("Accept"),
            rx.el.span(" ", label, class_name="sr-only"),
            type="button",
            on_click=ResumeAutofillState.accept(name),
            style={**button, "color": ACCENT},
        ),
        rx.el.button(
            _("Clear"),
            rx.el.span(" ", label, class_name="sr-only"),
            type="button",
            on_click=ResumeAutofillState.clear(name),
            style={**button, "color": "#536471"},
        ),
        style={"display": "flex", "align_items": "center", "gap": "0.75rem", "flex_wrap": "wrap"},
    )


def pending_marker() -> rx.Component:
    """Names the fields showing an unconfirmed suggestion, in the form's own data (see
    states/apply.py SUGGESTED_FORM_KEY)."""
    return rx.el.input(type="hidden", name=SUGGESTED_FORM_KEY, value=ApplyState.suggested.join(","))


def autofill_note() -> rx.Component:
    """What the last look at the resume found, and a way to the suggestions on other steps."""
    on_other_step = ApplyState.suggested.length() > 0
    return rx.cond(
        ResumeAutofillState.autofill_note != "",
        rx.el.div(
            rx.el.p(ResumeAutofillState.autofill_note, style={"margin": 0}),
            rx.cond(
                on_other_step,
                rx.el.div(
                    rx.cond(
                        ApplyState.step != 1,
                        rx.el.button(
                            _("Check step 1"),
                            type="button",
                            class_name="link-button",
                            on_click=ApplyState.go_to_step(1),
                        ),
                    ),
                    rx.cond(
                        ApplyState.step != 2,
                        rx.el.button(
                            _("Check step 2"),
                            type="button",
                            class_name="link-button",
                            on_click=ApplyState.go_to_step(2),
                        ),
                    ),
                    rx.cond(
                        ApplyState.suggested.length() > 1,
                        rx.el.button(
                            _("Accept all suggestions"),
                            type="button",
                            class_name="link-button",
                            on_click=ResumeAutofillState.accept_all,
                        ),
                    ),
                    style={"display": "flex", "gap": "1rem", "flex_wrap": "wrap", "margin_top": "0.4rem"},
                ),
            ),
            class_name="notice-info",
            role="status",
            style={"margin": "0.75rem 0"},
        ),
    )


def start_from_resume(picker: rx.Component) -> rx.Component:
    """Step 1's shortcut: upload the resume first and get suggestions for the empty fields."""
    has_resume = ApplyState.documents["resume"]["name"] != ""
    return rx.el.section(
        rx.el.h3(_("Start from my resume"), style={"font_size": "1.05rem", "margin": "0 0 0.25rem"}),
        rx.el.p(
            _(
                "Upload your resume as a PDF and we suggest your details from it. You check each "
                "one: nothing is kept until you accept or edit it."
            ),
            id="field-resume-hint",
            class_name="field-hint",
        ),
        rx.cond(
            has_resume,
            rx.el.div(
                rx.el.span(
                    rx.el.strong(ApplyState.documents["resume"]["name"], style={"overflow_wrap": "anywhere"}),
                    style={"color": MUTED},
                ),
                rx.el.button(
                    _("Fill in from my resume"),
                    type="button",
                    class_name="btn btn-secondary",
                    on_click=ResumeAutofillState.suggest,
                ),
                style={"display": "flex", "gap": "0.75rem", "align_items": "center", "flex_wrap": "wrap"},
            ),
            rx.cond(
                ApplyState.uploading["resume"],
                rx.el.div(
                    rx.el.label(_("Uploading resume"), html_for="resume-progress-1"),
                    rx.el.progress(
                        value=ApplyState.progress["resume"],
                        max=100,
                        id="resume-progress-1",
                        class_name="progress",
                    ),
                    role="status",
                ),
                picker,
            ),
        ),
        field_error("field-resume", tr(ApplyState.errors["resume"])),
        autofill_note(),
        aria_label=_("Start from my resume"),
        style={
            "border": "1px dashed #c4b8f5",
            "border_radius": "8px",
            "padding": "0.75rem 1rem",
            "margin_bottom": "0.5rem",
        },
    )
