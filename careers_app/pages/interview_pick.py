"""/interview/<token>: the candidate picks one of the proposed interview times.

In the tab's language (states/language.py: ``?lang=``, the switcher's cookie, the browser's
Accept-Language), like the status page: the page's words through ``_()``, the server's
messages through ``tr()``, the times as Babel writes dates in that language.
"""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.layout import MUTED, page_shell
from careers_app.services.interviews.interviews import SlotView
from careers_app.states.interviews import InterviewPickState as S
from careers_app.states.language import LanguageState, _, tr


def _option(slot: rx.Var[SlotView]) -> rx.Component:
    control_id = "slot-" + slot.id.to_string()
    return rx.el.div(
        rx.el.input(type="radio", name="slot", value=slot.id.to_string(), id=control_id, required=True),
        rx.el.label(slot.when, html_for=control_id),
        class_name="pick-option",
        style={
            "display": "flex",
            "gap": "0.75rem",
            "align_items": "center",
            "padding": "0.75rem",
            "border": "1px solid #e1e8ed",
            "border_radius": "6px",
            "margin": "0 0 0.5rem",
        },
    )


def _choose() -> rx.Component:
    return rx.el.form(
        rx.el.fieldset(
            rx.el.legend(
                _("Times offered"),
                style={"font_weight": "600", "font_size": "1.25rem", "margin": "1rem 0 0.5rem"},
            ),
            rx.el.p(
                _("Each time is shown in its own time zone, named in brackets."),
                style={"color": MUTED, "margin": "0 0 0.75rem"},
            ),
            rx.foreach(S.slots, _option),
            style={"border": "none", "padding": 0, "margin": 0},
        ),
        rx.el.button(_("Book this time"), type="submit", class_name="btn", style={"margin_top": "0.5rem"}),
        on_submit=S.pick,
    )


def _body() -> rx.Component:
    return rx.fragment(
        rx.el.h1(_("Your interview"), style={"font_size": "2rem", "margin": "2rem 0 0.5rem"}),
        rx.el.p(
            _("Hi {name}, this is your {stage} for")
            .replace("{name}", S.first_name)
            .replace("{stage}", tr(S.stage)),  # a standard stage's name is in the catalog
            " ",
            rx.el.strong(S.posting_title),
            ".",
        ),
        rx.el.p(tr(S.error), id="pick-error", role="alert", tab_index=-1, class_name="field-error"),
        rx.match(
            S.iv_status,
            (
                "scheduled",
                rx.el.div(
                    rx.el.h2(_("Booked"), style={"font_size": "1.25rem"}),
                    rx.el.p(rx.el.strong(_("When:"), " "), S.when, data_testid="booked-time"),
                    rx.el.p(rx.el.strong(_("Where:"), " "), S.location),
                    rx.el.p(_("The calendar invitation was sent to your email."), style={"color": MUTED}),
                ),
            ),
            ("cancelled", rx.el.p(_("This interview was cancelled. The hiring team will be in touch."))),
            (
                "proposed",
                rx.fragment(
                    rx.cond(
                        S.rescheduling,
                        rx.el.p(
                            _("Your booked time ({when}) is being moved: pick a new one.").replace(
                                "{when}", S.when
                            )
                        ),
                    ),
                    _choose(),
                ),
            ),
            rx.el.p(_("These times were replaced. Use the link in the newest email from us.")),
        ),
    )


def interview_pick_page() -> rx.Component:
    return page_shell(
        rx.match(
            S.status,
            ("loading", rx.el.p(_("Loading…"), style={"margin": "2rem 0"})),
            (
                "missing",
                rx.el.div(
                    rx.el.h1(_("Link not valid"), style={"font_size": "2rem", "margin": "2rem 0 0.5rem"}),
                    rx.el.p(
                        _(
                            "This interview link is not valid. If new times were proposed, use the link "
                            "in the newest email from us."
                        ),
                        style={"color": MUTED},
                    ),
                ),
            ),
            _body(),
        ),
        rx.el.meta(name="robots", content="noindex"),
        languages=True,
    )


def register(app: rx.App) -> None:
    app.add_page(
        interview_pick_page,
        route=routes.INTERVIEW_PICK,
        title=_("Your interview | {company} Careers"),
        on_load=[LanguageState.detect, S.load],
    )
