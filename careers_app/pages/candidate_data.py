"""The person's own data rights on the status page: download everything, or erase it."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.layout import MUTED, page_shell
from careers_app.states.data_rights import CandidateDataState

D = CandidateDataState


def _erase_dialog() -> rx.Component:
    return rx.cond(
        D.erase_open,
        rx.el.div(
            rx.el.div(
                rx.el.h2("Erase your data?", id="erase-my-data-title", style={"margin_top": 0}),
                rx.el.p(
                    "We will delete your contact details, documents, notes about you, your "
                    "equal-opportunity answers and the emails we sent you, and withdraw you from "
                    "consideration. Only anonymous counts remain. This cannot be undone, and this link "
                    "will stop working."
                ),
                rx.el.form(
                    rx.el.label(
                        rx.el.input(
                            type="checkbox",
                            id="erase-my-data-confirm",
                            name="understood",
                            aria_describedby="erase-my-data-error",
                            style={
                                "width": "1.2rem",
                                "height": "1.2rem",
                                "margin": "0.15rem 0 0",
                                "flex": "none",
                            },
                        ),
                        rx.el.span("I understand: erase everything you hold about me"),
                        style={
                            "display": "flex",
                            "gap": "0.6rem",
                            "align_items": "flex-start",
                            "margin": "0.75rem 0",
                        },
                    ),
                    rx.el.p(D.erase_error, class_name="field-error", id="erase-my-data-error", role="alert"),
                    rx.el.div(
                        rx.el.button(
                            "Keep my data",
                            type="button",
                            class_name="btn btn-secondary",
                            on_click=D.cancel_erase,
                        ),
                        rx.el.button("Erase my data", type="submit", class_name="btn btn-danger"),
                        class_name="wizard-nav",
                    ),
                    on_submit=D.confirm_erase,
                ),
                class_name="dialog",
                role="alertdialog",
                aria_modal="true",
                aria_labelledby="erase-my-data-title",
            ),
            class_name="dialog-backdrop",
        ),
    )


def data_rights_controls() -> rx.Component:
    """For the status page's data rights section (its token is in the page's own URL)."""
    return rx.el.section(
        rx.el.h2("Your data", id="your-data-heading", style={"font_size": "1.25rem", "margin": "0 0 0.5rem"}),
        rx.el.p(
            "Download everything we hold about you (a zip with your details, applications, documents and "
            "the emails we sent you), or ask us to erase it.",
            style={"color": MUTED},
        ),
        rx.el.div(
            rx.el.button(
                "Download my data", type="button", class_name="btn btn-secondary", on_click=D.download
            ),
            rx.el.button(
                "Erase my data", type="button", class_name="btn btn-secondary", on_click=D.ask_erase
            ),
            style={"display": "flex", "gap": "0.75rem", "flex_wrap": "wrap"},
        ),
        _erase_dialog(),
        aria_labelledby="your-data-heading",
        style={"margin_top": "2.5rem"},
    )


def erased_page() -> rx.Component:
    return page_shell(
        rx.el.h1("Your data has been erased", style={"margin": "2rem 0 0.5rem"}),
        rx.el.p(
            "We deleted your contact details, documents and everything else we held about you. "
            "Your old link no longer works. If you apply again, we will start afresh."
        ),
        rx.el.p(rx.el.a("See open jobs", href=routes.BOARD)),
    )
