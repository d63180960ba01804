"""The compliance page: who answered per posting, then the reports (the filter, EEO counts
per stage reached, adverse impact), under the signed-in header."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components import charts
from careers_app.components.downloads import download_link
from careers_app.components.layout import MUTED, page_shell
from careers_app.components.team_header import team_header
from careers_app.services.compliance.eeo_disclosure import HIDDEN
from careers_app.services.compliance.eeo_reports import FLOW, FOUR_FIFTHS, SMALL, STAGE_LABELS
from careers_app.services.compliance.impact_charts import chart_groups
from careers_app.services.platform.reference import EEO_QUESTIONS
from careers_app.settings import get_settings
from careers_app.states.team import ComplianceState

S = ComplianceState


def report_filter() -> rx.Component:
    """Posting and period; choosing them changes the URL, so a report is a link.

    Only all time or one whole closed calendar quarter: no two reports may differ by a few
    people (services/compliance/eeo_disclosure.py, services/compliance/eeo_snapshots.py)."""
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
                rx.el.label("Period", html_for="report-period"),
                rx.el.select(
                    rx.foreach(S.periods, lambda p: rx.el.option(p.label, value=p.code)),
                    id="report-period",
                    name="period",
                    default_value=S.period,
                ),
                class_name="field",
            ),
            class_name="form-grid",
        ),
        rx.el.p(S.not_yet, style={"color": MUTED}),
        rx.el.button("Show report", type="submit", class_name="btn"),
        rx.el.p(S.notice, role="status"),
        on_submit=S.choose,
        key=S.form_key,
    )


def _question_table(t: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.caption(t.label + ": applications that reached each stage" + t.note),
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


PALETTE = ("#1a56db", "#c27803", "#0e9f6e", "#7e3af2", "#d61f69", "#b43403", "#374151", "#0694a2", "#6875f5")


def _impact_chart(field: str, label: str) -> rx.Component:
    """Impact ratio per group at each step, with the four-fifths line (one chart per question)."""
    chart = S.charts[field]
    groups = chart_groups()[label]
    drawing = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke=charts.GRID, vertical=False),
        rx.recharts.x_axis(data_key="step", tick={"fontSize": 11}, interval=0, height=40),
        rx.recharts.y_axis(
            tick={"fontSize": 12}, width=36, domain=[0, 1.2], ticks=[0, 0.2, 0.4, 0.6, 0.8, 1]
        ),
        *[
            rx.recharts.bar(
                rx.recharts.label_list(data_key=f"g{i}", position="top", font_size=10, fill=MUTED),
                data_key=f"g{i}",
                name=group,
                fill=PALETTE[i % len(PALETTE)],
                max_bar_size=48,
                is_animation_active=False,
            )
            for i, group in enumerate(groups)
        ],
        rx.recharts.reference_line(
            rx.recharts.label(value="four fifths (0.8)", position="insideTopRight", font_size=11),
            y=str(FOUR_FIFTHS),
            stroke=charts.FLAGGED,
            stroke_dasharray="6 3",
        ),
        rx.recharts.legend(wrapper_style={"fontSize": "12px"}),
        data=chart.data.to(list[dict]),
        width="100%",
        height=320,
        margin={"top": 18, "right": 8, "bottom": 4, "left": 0},
        custom_attrs=charts.NOT_FOCUSABLE,
    )
    table = rx.el.table(
        rx.el.caption(label + ": impact ratio per step and group", style={"text_align": "left"}),
        rx.el.thead(
            rx.el.tr(*[rx.el.th(h, scope="col") for h in ("Step", "Group", "Selection rate", "Impact ratio")])
        ),
        rx.el.tbody(
            rx.foreach(
                chart.rows,
                lambda r: rx.el.tr(
                    rx.el.td(r.step),
                    rx.el.th(r.group, scope="row"),
                    rx.el.td(r.rate),
                    rx.el.td(
                        r.ratio,
                        rx.cond(r.flagged, rx.el.strong(" adverse impact", style={"color": charts.FLAGGED})),
                    ),
                ),
            )
        ),
        class_name="counts-table",
    )
    return rx.cond(
        S.charts.contains(field),
        rx.el.div(
            rx.el.h3(label, style={"font_size": "1.1rem", "margin": "1rem 0 0.25rem"}),
            charts.figure(drawing, table, name=f"impact-{field}"),
        ),
    )


def impact_charts() -> rx.Component:
    return rx.fragment(
        rx.el.h2("Impact ratios, charted", style={"font_size": "1.4rem", "margin": "2rem 0 0.5rem"}),
        rx.el.p(
            "Each bar is a group's selection rate divided by the highest group's at that step; the "
            "dashed line is four fifths. Bars are drawn only where the table below shows a ratio "
            f"(groups whose counts are shown, {SMALL} or more; steps with two such groups). A bar "
            "under the line is a sign to look closer; the table says whether a statistical test agrees.",
            style={"color": MUTED},
        ),
        rx.cond(S.charts.length() == 0, rx.el.p("No step has two groups large enough to chart yet.")),
        *[_impact_chart(field, label) for field, label, _ in EEO_QUESTIONS],
    )


def reports() -> rx.Component:
    return rx.fragment(
        rx.el.h2(
            "Applicants by answer and stage reached", style={"font_size": "1.4rem", "margin": "2rem 0 0.5rem"}
        ),
        rx.el.p(
            f"“{HIDDEN}” is a hidden count: it may be any number, zero included. A count under "
            f"{SMALL} is hidden, and so is any count that, with a total, another stage or another "
            "report, would give a small one away, so that nobody can be recognised on one report or "
            "by combining reports. Where only 1 to 4 people are at a stage, a 0 is hidden too "
            "unless a group of five or more holding them shows the same 0: it would say which "
            "answers those few gave. Reports cover closed calendar quarters only: one quarter, or all "
            "of them (all time), each counted once as it stood at its end, so that no two differ by "
            "a few people and a report downloaded again later is the same. An application counts in "
            "the quarter it was submitted, at every stage it had reached or moved past by the "
            "quarter's end; everyone counts as applied. “Declined to answer” chose "
            "“Withhold / decline to disclose”; “Not answered” left the question empty. Under the "
            "2024 race and ethnicity standard a person may select several categories and counts in "
            "each of them (totals count people); in adverse impact anyone who selected more than "
            "one is in one group, “Multiracial/multiple”.",
            style={"color": MUTED},
        ),
        rx.el.p(download_link("Download these tables as CSV", S.eeo_csv_url)),
        rx.foreach(S.tables, _question_table),
        impact_charts(),
        rx.el.h2("Adverse impact per step", style={"font_size": "1.4rem", "margin": "2rem 0 0.5rem"}),
        rx.el.p(
            "Each group's selection rate at each step against the group with the highest rate "
            "(among groups of five or more). Adverse impact is stated only when the rate is under "
            "four fifths of the highest (29 CFR 1607.4(D)) and a test agrees: Fisher's exact test "
            "p < 0.05 or |Z| > 2 (pooled two-proportion test). The shortfall is how many more of the "
            "group would have been selected at the highest group's rate. Groups with fewer than "
            f"{SMALL} applicants, or steps with no selection, are too few to judge; a group whose "
            "count is hidden in the tables above shows it hidden here too, with no rate or test. "
            "Declined and unanswered are not groups.",
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
        rx.el.p(download_link("Download the adverse impact table as CSV", S.impact_csv_url)),
    )


def compliance_page() -> rx.Component:

    return page_shell(
        team_header(ComplianceState),
        rx.el.h1("Equal-opportunity monitoring", style={"font_size": "2rem", "margin": "0.5rem 0"}),
        rx.el.p(
            "Voluntary self-identification is stored apart from applications and shown here only as "
            "counts. Nobody making hiring decisions can see it.",
            style={"color": MUTED},
        ),
        rx.el.div(
            rx.el.table(
                rx.el.caption(
                    "Applicants who answered at least one voluntary question, per posting "
                    "(closed quarters, like the reports below)"
                ),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Posting", scope="col"),
                        rx.el.th("Status", scope="col"),
                        rx.el.th("Applications", scope="col"),
                        rx.el.th("Answered", scope="col"),
                        rx.el.th("Share", scope="col"),
                    )
                ),
                rx.el.tbody(
                    rx.foreach(
                        ComplianceState.rows,
                        lambda r: rx.el.tr(
                            rx.el.th(
                                r.title,
                                rx.el.div(r.office, style={"color": MUTED, "font_weight": "400"}),
                                scope="row",
                            ),
                            rx.el.td(r.status),
                            rx.el.td(r.applications),
                            rx.el.td(r.answered),
                            rx.el.td(r.percent),
                        ),
                    )
                ),
                class_name="counts-table",
            ),
            style={"overflow_x": "auto"},
        ),
        report_filter(),
        reports(),
        wide=True,
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        compliance_page,
        route=routes.COMPLIANCE_HOME,
        title=f"Equal-opportunity monitoring | {company}",
        on_load=ComplianceState.load,
    )
