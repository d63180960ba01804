"""The compliance page's reports: the filter, EEO counts per stage reached, adverse impact.

``pages/recruiting.py``'s ``compliance_page`` places these under the signed-in header.
"""

from __future__ import annotations

import reflex as rx

from careers_app.components.layout import MUTED
from careers_app.services.eeo_reports import COMPLEMENT, FLOW, PRIMARY, SMALL, STAGE_LABELS
from careers_app.states.team import ComplianceState

S = ComplianceState


def report_filter() -> rx.Component:
    """Posting and submission dates; choosing them changes the URL, so a report is a link."""
    return rx.el.form(
        rx.el.div(
            rx.el.div(
                rx.el.label("Posting", html_for="report-posting"),
                rx.el.select(
                    rx.el.option("All postings", value=""),
                    rx.foreach(S.postings, lambda p: rx.el.option(p.label, value=p.slug)),
                    id="report-posting",
                    name="posting",
                    default_value=S.posting,
                ),
                class_name="field",
            ),
            rx.el.div(
                rx.el.label("Applied from", html_for="report-from"),
                rx.el.input(id="report-from", name="from", type="date", default_value=S.date_from),
                class_name="field",
            ),
            rx.el.div(
                rx.el.label("Applied up to", html_for="report-to"),
                rx.el.input(id="report-to", name="to", type="date", default_value=S.date_to),
                class_name="field",
            ),
            class_name="form-grid",
        ),
        rx.el.button("Show report", type="submit", class_name="btn"),
        rx.el.p(S.notice, role="status"),
        on_submit=S.choose,
        key=S.form_key,
    )


def _question_table(t: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.caption(t.label + ": applications that reached each stage"),
            rx.el.thead(
                rx.el.tr(
                    rx.el.th("Answer", scope="col", style={"text_align": "left"}),
                    *[rx.el.th(STAGE_LABELS[stage], scope="col") for stage in FLOW],
                )
            ),
            rx.el.tbody(
                rx.foreach(
                    t.rows,
                    lambda r: rx.el.tr(
                        rx.el.th(r.category, scope="row", style={"text_align": "left"}),
                        rx.foreach(r.cells, lambda c: rx.el.td(c)),
                    ),
                ),
                rx.el.tr(
                    rx.el.th("All applications", scope="row", style={"text_align": "left"}),
                    rx.foreach(t.totals, lambda c: rx.el.td(c)),
                ),
            ),
            class_name="counts-table",
        ),
        style={"overflow_x": "auto", "margin": "0 0 1.5rem"},
    )


IMPACT_HEADINGS = (
    "Step",
    "Group",
    "Applicants",
    "Selected",
    "Selection rate",
    "Impact ratio",
    "Fisher p",
    "Z",
    "Shortfall",
    "Finding",
)


def _impact_row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.step, style={"text_align": "left"}),
        rx.el.th(r.question + ": " + r.group, scope="row", style={"text_align": "left"}),
        rx.el.td(r.applicants),
        rx.el.td(r.selected),
        rx.el.td(r.rate),
        rx.el.td(r.impact_ratio),
        rx.el.td(r.fisher_p),
        rx.el.td(r.z),
        rx.el.td(r.shortfall),
        rx.el.td(r.verdict, style={"text_align": "left"}),
    )


def reports() -> rx.Component:
    return rx.fragment(
        rx.el.h2(
            "Applicants by answer and stage reached", style={"font_size": "1.4rem", "margin": "2rem 0 0.5rem"}
        ),
        rx.el.p(
            f"“{PRIMARY}” is a count from 1 to {SMALL - 1}, hidden so that nobody can be recognised. "
            f"“{COMPLEMENT}” hides a larger count as well, because the row or column total would "
            "otherwise give the small one away. An application counts at every stage it has been "
            "in; everyone counts as applied. “Declined to answer” chose “Withhold / decline to "
            "disclose”; “Not answered” left the question empty.",
            style={"color": MUTED},
        ),
        rx.el.p(rx.el.a("Download these tables as CSV", href=S.eeo_csv_url, download=True)),
        rx.foreach(S.tables, _question_table),
        rx.el.h2("Adverse impact per step", style={"font_size": "1.4rem", "margin": "2rem 0 0.5rem"}),
        rx.el.p(
            "Each group's selection rate at each step against the group with the highest rate "
            "(among groups of five or more). Adverse impact is stated only when the rate is under "
            "four fifths of the highest (29 CFR 1607.4(D)) and a test agrees: Fisher's exact test "
            "p < 0.05 or |Z| > 2 (pooled two-proportion test). The shortfall is how many more of the "
            "group would have been selected at the highest group's rate. Groups with fewer than "
            f"{SMALL} applicants, or steps with no selection, are too few to judge. Declined and "
            "unanswered are not groups.",
            style={"color": MUTED},
        ),
        rx.cond(
            S.impact.length() > 0,
            rx.el.div(
                rx.el.table(
                    rx.el.caption("Selection rates and adverse impact per step and group"),
                    rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in IMPACT_HEADINGS])),
                    rx.el.tbody(rx.foreach(S.impact, _impact_row)),
                    class_name="counts-table",
                ),
                style={"overflow_x": "auto"},
            ),
            rx.el.p("No step has two groups to compare yet."),
        ),
        rx.el.p(rx.el.a("Download the adverse impact table as CSV", href=S.impact_csv_url, download=True)),
    )
