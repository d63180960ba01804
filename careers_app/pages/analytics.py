"""Funnel analytics for recruiters: charts with their numbers beside them. No EEO data."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components import charts
from careers_app.components.layout import MUTED, page_shell
from careers_app.components.team_header import team_header
from careers_app.settings import get_settings
from careers_app.states.analytics import AnalyticsState

S = AnalyticsState
H2 = {"font_size": "1.4rem", "margin": "2rem 0 0.25rem"}


def _filter() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.div(
                rx.el.label("Posting", html_for="analytics-posting"),
                rx.el.select(
                    rx.el.option("All postings", value=""),
                    rx.foreach(S.postings, lambda p: rx.el.option(p.label, value=p.slug)),
                    id="analytics-posting",
                    name="posting",
                    default_value=S.posting,
                ),
                class_name="field wide",
            ),
            rx.el.div(
                rx.el.label("Applied from", html_for="analytics-from"),
                rx.el.input(id="analytics-from", name="from", type="date", default_value=S.date_from),
                class_name="field",
            ),
            rx.el.div(
                rx.el.label("Applied up to", html_for="analytics-to"),
                rx.el.input(id="analytics-to", name="to", type="date", default_value=S.date_to),
                class_name="field",
            ),
            class_name="form-grid",
        ),
        rx.el.button("Show figures", type="submit", class_name="btn"),
        rx.el.p(S.notice, role="status"),
        on_submit=S.choose,
        key=S.form_key,
    )


def _table(caption: str, headings: tuple[str, ...], rows: rx.Var, cells: object) -> rx.Component:
    return rx.el.table(
        rx.el.caption(caption, style={"text_align": "left", "font_weight": "600", "margin": "0 0 0.25rem"}),
        rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in headings])),
        rx.el.tbody(rx.foreach(rows, cells)),
        class_name="counts-table",
    )


def _summary() -> rx.Component:
    def item(term: str, value: rx.Var) -> rx.Component:
        return rx.el.div(
            rx.el.dt(term, style={"color": MUTED, "font_size": "0.9rem"}),
            rx.el.dd(value, style={"margin": "0", "font_size": "1.5rem", "font_weight": "700"}),
        )

    return rx.el.dl(
        item("Applications", S.applications.to_string()),
        item("Hires", S.hires.to_string()),
        item("Time to hire, median", S.hire_median),
        item("Time to hire, 90th percentile", S.hire_p90),
        style={
            "display": "grid",
            "grid_template_columns": "repeat(auto-fit, minmax(10rem, 1fr))",
            "gap": "1rem",
            "margin": "1.5rem 0 0",
        },
    )


def analytics_page() -> rx.Component:
    return page_shell(
        team_header(S),
        rx.el.a("← Pipelines", href=routes.RECRUITING_HOME),
        rx.el.h1("Funnel analytics", style={"font_size": "2rem", "margin": "0.5rem 0"}),
        rx.el.p(
            "For the applications submitted in the chosen period, on one posting or all of them. "
            "Equal-opportunity answers are not part of these figures.",
            style={"color": MUTED, "margin": "0 0 1rem"},
        ),
        _filter(),
        _summary(),
        rx.el.h2("Applications per week", style=H2),
        rx.el.p("Weeks start on Monday (UTC).", style={"color": MUTED}),
        charts.figure(
            charts.columns(S.weekly, "label", "applications", name="Applications"),
            _table(
                "Applications per week",
                ("Week of", "Applications"),
                S.weekly,
                lambda w: rx.el.tr(rx.el.th(w.label, scope="row"), rx.el.td(w.applications)),
            ),
            name="weekly",
        ),
        rx.el.h2("Conversion per stage", style=H2),
        rx.el.p(
            "Of the applications that reached a stage, the share that reached the next one (or went "
            "further). A card moved past a stage counts as having reached it.",
            style={"color": MUTED},
        ),
        charts.figure(
            charts.rows(S.conversion, "step", "percent", name="Conversion (%)", domain=[0, 100]),
            _table(
                "Conversion per stage",
                ("Step", "Reached this", "Reached next", "Conversion"),
                S.conversion,
                lambda c: rx.el.tr(
                    rx.el.th(c.step, scope="row"),
                    rx.el.td(c.reached_this),
                    rx.el.td(c.reached_next),
                    rx.el.td(c.text),
                ),
            ),
            name="conversion",
        ),
        rx.el.h2("Median time in stage", style=H2),
        rx.el.p(
            "From entering a stage to the next move, for stays that have ended; cards still "
            "waiting are not counted yet.",
            style={"color": MUTED},
        ),
        charts.figure(
            charts.rows(S.time_in_stage, "stage", "median_days", name="Median days"),
            _table(
                "Median time in stage",
                ("Stage", "Stays ended", "Median"),
                S.time_in_stage,
                lambda t: rx.el.tr(rx.el.th(t.stage, scope="row"), rx.el.td(t.stays), rx.el.td(t.text)),
            ),
            name="time-in-stage",
        ),
        rx.el.h2("Applications by source", style=H2),
        rx.el.p(
            "Job board: the careers site. Job board API: integrations. A link: the posting's address "
            "with ?source=… (or ?gh_src=…), e.g. /jobs/<posting>?source=linkedin.",
            style={"color": MUTED},
        ),
        charts.figure(
            charts.rows(S.sources, "label", "applications", name="Applications"),
            _table(
                "Applications by source",
                ("Source", "Applications", "Share"),
                S.sources,
                lambda s: rx.el.tr(
                    rx.el.th(s.label, scope="row"),
                    rx.el.td(s.applications),
                    rx.el.td(s.percent.to_string() + " %"),
                ),
            ),
            name="sources",
        ),
        wide=True,
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        analytics_page,
        route=routes.ANALYTICS,
        title=f"Funnel analytics | {company} Recruiting",
        on_load=AnalyticsState.load,
    )
