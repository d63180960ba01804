"""What the last bulk action did (names of cards left alone included) and its Undo button."""

from __future__ import annotations

import reflex as rx

from careers_app.states.bulk import BulkState


def bulk_report() -> rx.Component:
    return rx.el.div(
        rx.cond(
            BulkState.report != "",
            rx.el.div(
                rx.el.p(BulkState.report),
                rx.cond(
                    BulkState.undo_available,
                    rx.el.button(
                        "Undo", type="button", class_name="btn btn-secondary", on_click=BulkState.undo
                    ),
                ),
                rx.el.button(
                    "Dismiss",
                    type="button",
                    class_name="link-button",
                    aria_label="Dismiss this message",
                    on_click=BulkState.dismiss,
                ),
                class_name="bulk-report " + BulkState.report_kind,
            ),
        ),
        role="status",
        aria_live="polite",
    )
