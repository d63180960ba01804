"""The hiring team's start page: every posting with its applications per stage; admins also
edit, close and reopen postings from here.
"""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.layout import MUTED, page_shell
from careers_app.components.team_header import team_header
from careers_app.services.platform.auth import Role
from careers_app.services.platform.reference import STAGES
from careers_app.settings import get_settings
from careers_app.states.admin import PostingAdminState
from careers_app.states.pipeline import PostingRow, PostingsState


def _posting_row(row: rx.Var[PostingRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(
            rx.el.a(row.title, href=row.board_url),
            rx.el.div(row.office, style={"color": MUTED, "font_weight": "400", "font_size": "0.85rem"}),
            scope="row",
        ),
        rx.el.td(row.total),
        rx.foreach(row.stage_counts, lambda n: rx.el.td(n)),
        rx.el.td(
            rx.cond(
                PostingsState.user_role == Role.ADMIN.value,
                rx.el.a(
                    "Edit",
                    href=row.edit_url,
                    aria_label="Edit posting " + row.title,
                ),
            )
        ),
        rx.el.td(
            rx.cond(
                PostingsState.user_role == Role.ADMIN.value,
                rx.fragment(
                    row.status.upper()[0:1] + row.status[1:] + " · ",
                    rx.cond(
                        row.status == "open",
                        rx.el.button(
                            "Close",
                            type="button",
                            class_name="link-button",
                            aria_label="Close posting " + row.title,
                            on_click=PostingAdminState.set_status(row.slug, "closed"),
                        ),
                        rx.el.button(
                            "Reopen",
                            type="button",
                            class_name="link-button",
                            aria_label="Reopen posting " + row.title,
                            on_click=PostingAdminState.set_status(row.slug, "open"),
                        ),
                    ),
                ),
                row.status,
            )
        ),
    )


def postings_page() -> rx.Component:
    return page_shell(
        team_header(PostingsState),
        rx.el.h1("Pipelines", style={"font_size": "2rem", "margin": "0.5rem 0 1rem"}),
        rx.el.p(rx.el.a("Funnel analytics", href=routes.ANALYTICS), " · conversion, time in stage, sources"),
        rx.cond(
            PostingsState.user_role == Role.ADMIN.value,
            rx.el.p(rx.el.a("New posting", href=routes.POSTING_EDITOR, class_name="btn")),
        ),
        rx.el.div(
            rx.el.table(
                rx.el.caption("Applications per posting and stage", class_name="sr-only"),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Posting", scope="col"),
                        rx.el.th("All", scope="col"),
                        *[rx.el.th(label, scope="col") for _, label in STAGES],
                        rx.el.th("Other stages", scope="col"),
                        rx.el.th(rx.el.span("Edit", class_name="sr-only"), scope="col"),
                        rx.el.th("Posting status", scope="col"),
                    )
                ),
                rx.el.tbody(rx.foreach(PostingsState.rows, _posting_row)),
                class_name="counts-table",
            ),
            style={"overflow_x": "auto"},
        ),
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        postings_page,
        route=routes.RECRUITING_HOME,
        title=f"Pipelines | {company} Recruiting",
        on_load=PostingsState.load,
    )
