"""Job board: every open posting, filtered by team, office and keyword."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.first_response import first_response_done
from careers_app.components.job_alerts import job_alert_form
from careers_app.components.layout import MUTED, page_shell
from careers_app.services.postings.postings import Option, PostingSummary
from careers_app.settings import get_settings
from careers_app.states.board import BoardState
from careers_app.states.language import LanguageState, _


def _select(
    label: rx.Var[str],
    ident: str,
    all_label: rx.Var[str],
    options: rx.Var[list[Option]],
    value: rx.Var[str],
    on_change: rx.EventHandler,
) -> rx.Component:
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
            rx.el.p(
                _("There is no team called"), " “", rx.el.strong(BoardState.raw_team), "”.", role="status"
            ),
        ),
        rx.cond(
            BoardState.unknown_office,
            rx.el.p(
                _("There is no location called"),
                " “",
                rx.el.strong(BoardState.raw_office),
                "”.",
                role="status",
            ),
        ),
    )


def board_page() -> rx.Component:
    return page_shell(
        rx.el.section(
            rx.el.h1(_("Work at {company}"), style={"font_size": "2.5rem", "margin": "2.5rem 0 0.5rem"}),
            rx.el.p(
                _("Join the team that serves the public conversation."),
                " ",
                rx.cond(BoardState.loaded, rx.el.span(BoardState.total_label)),
                style={"color": MUTED, "font_size": "1.1rem", "margin": "0 0 2rem"},
            ),
        ),
        rx.el.section(
            rx.el.h2(
                _("Filter jobs"), class_name="sr-only", style={"position": "absolute", "left": "-9999px"}
            ),
            rx.el.div(
                rx.el.form(
                    rx.el.label(_("Search jobs"), html_for="job-search"),
                    rx.el.div(
                        rx.el.input(
                            id="job-search",
                            name="q",
                            type="search",
                            default_value=BoardState.q,
                            key=BoardState.q,
                            placeholder=_("Title, skill or keyword"),
                            max_length=100,
                        ),
                        rx.el.button(_("Search"), type="submit", class_name="btn"),
                        class_name="search-row",
                    ),
                    on_submit=BoardState.search,
                    role="search",
                    class_name="field",
                ),
                _select(
                    _("Team"),
                    "team-filter",
                    _("All teams"),
                    BoardState.teams,
                    BoardState.team,
                    BoardState.choose_team,
                ),
                _select(
                    _("Location"),
                    "office-filter",
                    _("All locations"),
                    BoardState.offices,
                    BoardState.office,
                    BoardState.choose_office,
                ),
                class_name="filters",
            ),
            id="filters",
            aria_label=_("Filters"),
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
                        _("Clear filters"),
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
                            _("No open positions match these filters."),
                            style={"font_weight": "600", "margin_top": 0},
                        ),
                        rx.el.p(_("Try another keyword, or see every opening."), style={"color": MUTED}),
                        rx.el.button(
                            _("Clear filters"),
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
            aria_label=_("Open positions"),
        ),
        languages=True,
    )


def register(app: rx.App) -> None:
    title = _("Jobs | {company} Careers")
    description = f"Open positions at {get_settings().company_name}: search by team, location and keyword."
    for route in (routes.HOME, routes.BOARD):
        app.add_page(
            board_page,
            route=route,
            title=title,
            description=description,
            on_load=[LanguageState.detect, BoardState.load],
        )
