"""Job board: every open posting, filtered by team, office and keyword."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.first_response import first_response_done
from careers_app.components.job_alerts import job_alert_form
from careers_app.components.layout import MUTED, page_shell
from careers_app.services.postings import Option, PostingSummary
from careers_app.settings import get_settings
from careers_app.states.board import BoardState


def _select(
    label: str, ident: str, all_label: str, options: rx.Var[list[Option]], value: rx.Var[str], on_change
) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.el.div(
        rx.el.label(label, html_for=ident),
        rx.el.select(
            rx.el.option(all_label, value=""),
            rx.foreach(
                options,
                lambda o: rx.el.option(o.label + " (" + o.count.to_string() + ")", value=o.value),
            ),
            id=ident,
            value=value,
            on_change=on_change,
        ),
        class_name="field",
    )


def _card(p: PostingSummary) -> rx.Component:
    return rx.el.li(
        rx.el.a(
            rx.el.span(
                p.title,
                class_name="job-title",
                style={"font_weight": "700", "font_size": "1.1rem", "display": "block"},
            ),
            rx.el.span(p.team + " · " + p.office, style={"color": MUTED}),
            href="/jobs/" + p.slug,
            class_name="job-card",
        ),
        style={"list_style": "none"},
    )


def _unknown_notice() -> rx.Component:
    return rx.fragment(
        rx.cond(
            BoardState.unknown_team,
            rx.el.p("There is no team called “", rx.el.strong(BoardState.raw_team), "”.", role="status"),
        ),
        rx.cond(
            BoardState.unknown_office,
            rx.el.p(
                "There is no location called “", rx.el.strong(BoardState.raw_office), "”.", role="status"
            ),
        ),
    )


def board_page() -> rx.Component:
    company = get_settings().company_name
    return page_shell(
        rx.el.section(
            rx.el.h1(f"Work at {company}", style={"font_size": "2.5rem", "margin": "2.5rem 0 0.5rem"}),
            rx.el.p(
                "Join the team that serves the public conversation. ",
                rx.cond(
                    BoardState.loaded,
                    rx.el.span(
                        BoardState.total_open.to_string() + " open positions across all teams and locations."
                    ),
                ),
                style={"color": MUTED, "font_size": "1.1rem", "margin": "0 0 2rem"},
            ),
        ),
        rx.el.section(
            rx.el.h2("Filter jobs", class_name="sr-only", style={"position": "absolute", "left": "-9999px"}),
            rx.el.div(
                rx.el.form(
                    rx.el.label("Search jobs", html_for="job-search"),
                    rx.el.div(
                        rx.el.input(
                            id="job-search",
                            name="q",
                            type="search",
                            default_value=BoardState.q,
                            key=BoardState.q,
                            placeholder="Title, skill or keyword",
                            max_length=100,
                        ),
                        rx.el.button("Search", type="submit", class_name="btn"),
                        class_name="search-row",
                    ),
                    on_submit=BoardState.search,
                    role="search",
                    class_name="field",
                ),
                _select(
                    "Team",
                    "team-filter",
                    "All teams",
                    BoardState.teams,
                    BoardState.team,
                    BoardState.choose_team,
                ),
                _select(
                    "Location",
                    "office-filter",
                    "All locations",
                    BoardState.offices,
                    BoardState.office,
                    BoardState.choose_office,
                ),
                class_name="filters",
            ),
            id="filters",
            aria_label="Filters",
        ),
        rx.el.section(
            # The first response's copy of this page hides once the live list exists.
            rx.cond(
                BoardState.shows_this_page, rx.el.span(first_response_done(), data_live="board", hidden=True)
            ),
            _unknown_notice(),
            rx.el.div(
                rx.el.h2(BoardState.result_label, style={"font_size": "1.1rem", "margin": 0}),
                rx.cond(
                    BoardState.has_filters,
                    rx.el.button(
                        "Clear filters",
                        on_click=BoardState.clear_filters,
                        class_name="btn btn-secondary",
                        type="button",
                    ),
                ),
                aria_live="polite",
                style={
                    "display": "flex",
                    "justify_content": "space-between",
                    "align_items": "center",
                    "margin": "1.5rem 0 1rem",
                    "gap": "1rem",
                    "flex_wrap": "wrap",
                },
            ),
            rx.cond(
                BoardState.postings.length() > 0,
                rx.el.ul(
                    rx.foreach(BoardState.postings, _card),
                    style={"display": "grid", "gap": "0.75rem", "padding": 0, "margin": 0},
                ),
                rx.cond(
                    BoardState.loaded,
                    rx.el.div(
                        rx.el.p(
                            "No open positions match these filters.",
                            style={"font_weight": "600", "margin_top": 0},
                        ),
                        rx.el.p("Try another keyword, or see every opening.", style={"color": MUTED}),
                        rx.el.button(
                            "Clear filters",
                            on_click=BoardState.clear_filters,
                            class_name="btn",
                            type="button",
                        ),
                        style={
                            "padding": "2rem",
                            "border": "1px dashed #8899a6",
                            "border_radius": "12px",
                            "text_align": "center",
                        },
                    ),
                ),
            ),
            # Below the list, so the live page's list sits where the first response put it.
            job_alert_form(),
            aria_label="Open positions",
        ),
    )


def register(app: rx.App) -> None:
    title = f"Jobs | {get_settings().company_name} Careers"
    description = f"Open positions at {get_settings().company_name}: search by team, location and keyword."
    for route in (routes.HOME, routes.BOARD):
        app.add_page(board_page, route=route, title=title, description=description, on_load=BoardState.load)
