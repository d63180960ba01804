"""Where a signed-in account lands when its role may not open a page."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.layout import page_shell
from careers_app.components.team_header import team_header
from careers_app.settings import get_settings
from careers_app.states.team import NotAllowedState


def not_allowed_page() -> rx.Component:
    return page_shell(
        team_header(NotAllowedState),
        rx.el.h1("Not available to your account", style={"font_size": "2rem", "margin": "1rem 0"}),
        rx.el.p(
            "Your account (",
            NotAllowedState.user_role,
            ") cannot open that page. Ask an admin if you need it.",
        ),
        rx.el.p(rx.el.a("Go to your start page", href=NotAllowedState.home)),
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        not_allowed_page,
        route=routes.NOT_ALLOWED,
        title=f"Not available | {company} Recruiting",
        on_load=NotAllowedState.load,
    )
