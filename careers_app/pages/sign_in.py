"""The hiring team's sign-in page; the form posts to the sign-in route (http/auth_routes.py)."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.form import native_form
from careers_app.components.layout import MUTED, page_shell
from careers_app.settings import get_settings
from careers_app.states.team import SignInState


def sign_in_page() -> rx.Component:
    return page_shell(
        rx.el.section(
            rx.el.h1("Sign in", style={"font_size": "2rem", "margin": "2.5rem 0 0.5rem"}),
            rx.el.p("For the hiring team. Candidates do not need an account.", style={"color": MUTED}),
            native_form(
                rx.el.div(
                    rx.el.label("Email address", html_for="signin-email"),
                    rx.el.input(
                        id="signin-email", name="email", type="email", auto_complete="username", required=True
                    ),
                    class_name="field",
                ),
                rx.el.div(
                    rx.el.label("Password", html_for="signin-password"),
                    rx.el.input(
                        id="signin-password",
                        name="password",
                        type="password",
                        auto_complete="current-password",
                        required=True,
                    ),
                    class_name="field",
                ),
                rx.el.input(type="hidden", name="next", value=SignInState.next_path),
                rx.el.input(type="hidden", name="client", value=rx.State.router.session.client_token),
                rx.el.p(SignInState.error, class_name="field-error", role="alert", id="signin-error"),
                rx.el.button("Sign in", type="submit", class_name="btn"),
                action=routes.SIGN_IN_POST,
                method="post",
                style={"max_width": "24rem"},
            ),
        )
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        sign_in_page,
        route=routes.SIGN_IN,
        title=f"Sign in | {company} Recruiting",
        on_load=SignInState.load,
    )
