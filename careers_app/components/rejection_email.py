"""The reject dialog's "Send rejection email" checkbox (unticked: no email without a click)."""

from __future__ import annotations

import reflex as rx

from careers_app.components.layout import MUTED
from careers_app.services.mail.rejection_email import delay_words
from careers_app.settings import get_settings


def rejection_email_choice() -> rx.Component:
    minutes = get_settings().rejection_email_delay_minutes
    hint = (
        f"The “Not selected” email goes {delay_words(minutes)}. Moving the card out of "
        "Rejected before then cancels it."
    )
    return rx.el.div(
        rx.el.label(
            rx.el.input(
                type="checkbox",
                id="reject-send-email",
                name="send_email",
                aria_describedby="reject-send-email-hint",
                style={"width": "1.25rem", "height": "1.25rem", "margin": 0},
            ),
            "Send rejection email",
            html_for="reject-send-email",
            style={"display": "flex", "gap": "0.5rem", "align_items": "center", "font_weight": "500"},
        ),
        rx.el.p(
            hint,
            id="reject-send-email-hint",
            style={"color": MUTED, "font_size": "0.875rem", "margin": "0.25rem 0 0"},
        ),
        style={"margin": "0 0 1rem"},  # not .field: its block label and full-width inputs
    )
