"""The candidate panel's Interview section: what is booked or proposed, and the slot form."""

from __future__ import annotations

import reflex as rx

from careers_app.components.form import field_error
from careers_app.components.layout import MUTED
from careers_app.services.interviews.calendar_invite import TIME_ZONES
from careers_app.services.interviews.interviews import DURATIONS, MAX_SLOTS, SlotView
from careers_app.states.interviews import InterviewPanelState as S
from careers_app.states.pipeline import PipelineState


def _minutes(m: int) -> str:
    return f"{m} minutes" if m < 60 or m % 60 else f"{m // 60} hour{'s' if m > 60 else ''}"


def _field(label: str, name: str, control: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"iv-{name}"),
        control,
        field_error(f"iv-{name}", S.iv_errors.get(name, "")),
        class_name="field",
        style={"margin": "0 0 0.5rem"},
    )


def _slot_fields(prefix: str) -> list[rx.Component]:
    """Date, start, length, zone and place, named ``<prefix>-<field>`` (ids ``iv-<prefix>-...``)."""

    def attrs(field: str) -> dict[str, object]:
        name = f"{prefix}-{field}"
        error = S.iv_errors.get(name, "")
        return {
            "id": f"iv-{name}",
            "name": name,
            "aria_invalid": rx.cond(error != "", "true", "false"),
            "aria_describedby": f"iv-{name}-error",
        }

    return [
        rx.el.div(
            _field("Date", f"{prefix}-date", rx.el.input(type="date", required=True, **attrs("date"))),
            _field("Start", f"{prefix}-start", rx.el.input(type="time", required=True, **attrs("start"))),
            _field(
                "Length",
                f"{prefix}-duration",
                rx.el.select(
                    *[rx.el.option(_minutes(m), value=str(m)) for m in DURATIONS],
                    default_value="60",
                    **attrs("duration"),
                ),
            ),
            style={"display": "flex", "gap": "0.75rem", "flex_wrap": "wrap"},
        ),
        _field(
            "Time zone",
            f"{prefix}-time_zone",
            rx.el.select(
                rx.el.option("Choose a time zone", value=""),
                *[rx.el.option(z.replace("_", " "), value=z) for z in TIME_ZONES],
                required=True,
                **attrs("time_zone"),
            ),
        ),
        _field(
            "Place or video link",
            f"{prefix}-location",
            rx.el.input(
                type="text", max_length=300, required=True, style={"width": "100%"}, **attrs("location")
            ),
        ),
    ]


def _slot_row(n: int) -> rx.Component:
    row = rx.el.fieldset(
        rx.el.legend(f"Time {n}"),
        *_slot_fields(f"slot-{n}"),
        style={"border": "1px solid #e1e8ed", "padding": "0.5rem 0.75rem", "margin": "0 0 0.75rem"},
    )
    return row if n == 1 else rx.cond(S.slot_rows >= n, row)


def _booked() -> rx.Component:
    return rx.el.div(
        rx.el.p(rx.el.strong("Booked: "), S.iv_when, data_testid="interview-booked"),
        rx.el.p(rx.el.strong("Where: "), S.iv_location),
        rx.el.div(
            rx.el.button(
                rx.cond(S.changing, "Keep this time", "Change the time"),
                type="button",
                class_name="btn btn-secondary",
                on_click=S.toggle_change,
            ),
            rx.el.button(
                "Cancel interview", type="button", class_name="link-button", on_click=S.cancel_interview
            ),
            style={"display": "flex", "gap": "1rem", "align_items": "center", "flex_wrap": "wrap"},
        ),
        rx.cond(
            S.changing,
            rx.el.form(
                rx.el.fieldset(
                    rx.el.legend("New time"),
                    *_slot_fields("change"),
                    style={"border": "1px solid #e1e8ed", "padding": "0.5rem 0.75rem", "margin": "0.75rem 0"},
                ),
                rx.el.button("Move the interview", type="submit", class_name="btn"),
                on_submit=S.change_time,
            ),
        ),
    )


def _proposed(slot: rx.Var[SlotView]) -> rx.Component:
    return rx.el.li(slot.when)


def interview_section() -> rx.Component:
    """Mounted with the selected candidate's id as key, so it loads for each candidate."""
    return rx.el.section(
        rx.el.h3("Interview"),
        rx.cond(S.iv_status == "scheduled", _booked()),
        rx.cond(
            S.iv_status == "proposed",
            rx.el.div(
                rx.cond(
                    S.iv_rescheduling,
                    rx.el.p(rx.el.strong("Booked: "), S.iv_when, " — new times proposed"),
                ),
                rx.el.p("Waiting for the candidate to pick one of:", style={"margin": "0"}),
                rx.el.ul(rx.foreach(S.iv_slots, _proposed), data_testid="interview-proposed"),
                rx.el.button(
                    "Cancel interview", type="button", class_name="link-button", on_click=S.cancel_interview
                ),
            ),
        ),
        rx.el.details(
            rx.el.summary(rx.cond(S.iv_status == "", "Propose interview times", "Propose new times")),
            rx.el.p(
                "For an interview stage. The candidate gets an email with a link to pick one; "
                "then you both get a calendar invitation.",
                style={"color": MUTED, "font_size": "0.875rem"},
            ),
            rx.el.form(
                rx.fragment(*[_slot_row(n) for n in range(1, MAX_SLOTS + 1)], key=S.iv_form_key),
                field_error("iv-slots", S.iv_errors.get("slots", "")),
                rx.el.div(
                    rx.cond(
                        S.slot_rows < MAX_SLOTS,
                        rx.el.button(
                            "Add another time",
                            type="button",
                            class_name="link-button",
                            on_click=S.add_slot_row,
                        ),
                    ),
                    rx.cond(
                        S.slot_rows > 1,
                        rx.el.button(
                            "Remove the last time",
                            type="button",
                            class_name="link-button",
                            on_click=S.remove_slot_row,
                        ),
                    ),
                    style={"display": "flex", "gap": "1rem", "margin": "0 0 0.75rem"},
                ),
                rx.el.button("Send invitation", type="submit", class_name="btn"),
                on_submit=S.propose,
            ),
            open=S.iv_status == "",
        ),
        key=PipelineState.selected.application_id.to_string(),
        on_mount=S.load_interview(PipelineState.selected.application_id),
        aria_label="Interview",
    )
