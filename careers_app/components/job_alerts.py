"""The job board's "Email me new jobs" control: the board's filters, prefilled, and an address.

Its labels ("Jobs from", "Jobs in", _("With the word")) differ from the filters' ("Team",
"Location", "Search jobs"): a label names one field on the page, for people and for tests.
"""

from __future__ import annotations

import reflex as rx

from careers_app.components.layout import MUTED
from careers_app.services.jobboard import job_alerts
from careers_app.services.postings.postings import Option
from careers_app.states.board import BoardState
from careers_app.states.job_alerts import JobAlertState
from careers_app.states.language import _, tr

_FIELD = {"flex": "1 1 12rem", "min_width": "0", "margin": "0"}


def _error(name: str) -> rx.Component:
    return rx.el.p(tr(JobAlertState.errors[name]), class_name="field-error", id=f"job-alert-{name}-error")


def _select(
    label: rx.Var[str], name: str, any_label: rx.Var[str], options: rx.Var[list[Option]], value: rx.Var[str]
) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"job-alert-{name}"),
        rx.el.select(
            rx.el.option(any_label, value=""),
            rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
            id=f"job-alert-{name}",
            name=name,
            default_value=value,
            aria_describedby=f"job-alert-{name}-error",
        ),
        _error(name),
        class_name="field",
        style=_FIELD,
    )


def job_alert_form() -> rx.Component:
    """Collapsed under the list; opened, the form starts from the filters chosen above."""
    return rx.el.details(
        rx.el.summary(
            _("Email me new jobs like these"),
            style={"cursor": "pointer", "font_weight": "700", "color": "#1a56db", "padding": "0.25rem 0"},
        ),
        rx.el.form(
            rx.el.p(
                _(
                    "Get one email a day when new jobs match. "
                    "Start from the filters above, or change them here."
                ),
                style={"color": MUTED, "margin": "0.5rem 0 0.75rem"},
            ),
            rx.el.div(
                rx.el.div(
                    rx.el.label(_("Email address"), html_for="job-alert-email"),
                    rx.el.input(
                        id="job-alert-email",
                        name="email",
                        type="email",
                        auto_complete="email",
                        required=True,
                        max_length=254,
                        aria_describedby="job-alert-email-error",
                    ),
                    _error("email"),
                    class_name="field",
                    style=_FIELD,
                ),
                rx.el.div(
                    rx.el.label(_("With the word"), html_for="job-alert-keyword"),
                    rx.el.input(
                        id="job-alert-keyword",
                        name="keyword",
                        type="text",
                        default_value=BoardState.q,
                        max_length=100,
                        placeholder=_("Any keyword"),
                        aria_describedby="job-alert-keyword-error",
                    ),
                    _error("keyword"),
                    class_name="field",
                    style=_FIELD,
                ),
                _select(_("Jobs from"), "team", _("Any team"), BoardState.teams, BoardState.team),
                _select(_("Jobs in"), "office", _("Anywhere"), BoardState.offices, BoardState.office),
                style={"display": "flex", "flex_wrap": "wrap", "gap": "0 0.75rem"},
            ),
            # The words stored with the alert (services/jobboard/job_alerts.py), in the tab's language.
            rx.el.p(_(job_alerts.CONSENT), style={"color": MUTED, "font_size": "0.875rem"}),
            rx.el.button(_("Create job alert"), type="submit", class_name="btn"),
            # Always present, so screen readers announce the answer when it arrives.
            rx.el.p(
                tr(JobAlertState.answer), role="status", style={"font_weight": "600", "margin": "0.75rem 0 0"}
            ),
            on_submit=JobAlertState.subscribe,
            key=BoardState.loaded_for,  # other filters chosen above: the form starts from them
            aria_label=_("Job alert"),
        ),
        id="job-alerts",
        style={
            "margin": "1.5rem 0 0",
            "padding": "0.75rem 1rem",
            "border": "1px solid #cfd9de",
            "border_radius": "12px",
            "background": "#f7f9fa",
        },
    )
