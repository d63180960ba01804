"""The hiring team's header on every signed-in page: who is signed in, the admin links and
sign-out."""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.components.form import native_form
from careers_app.components.layout import MUTED
from careers_app.services.platform.auth import Role


def team_header(state: Any) -> rx.Component:
    """Who is signed in, admin links, and sign-out (a same-origin POST that clears the cookie)."""
    return rx.el.div(
        rx.el.span("Signed in as ", rx.el.strong(state.user_name), " · "),
        rx.cond(
            state.user_role == Role.ADMIN.value,
            rx.fragment(
                rx.el.a("Accounts", href=routes.ACCOUNTS),
                " · ",
                rx.el.a("API keys", href=routes.API_KEYS),
                " · ",
                rx.el.a("Email templates", href=routes.EMAIL_TEMPLATES),
                " · ",
                rx.el.a("People", href=routes.PEOPLE),
                " · ",
                rx.el.a("Audit log", href=routes.AUDIT_LOG),
                " · ",
            ),
        ),
        native_form(
            rx.el.input(type="hidden", name="client", value=rx.State.router.session.client_token),
            rx.el.button("Sign out", type="submit", class_name="link-button"),
            action=routes.SIGN_OUT_POST,
            method="post",
            style={"display": "inline"},
        ),
        style={"color": MUTED, "margin": "1rem 0 0", "text_align": "right"},
    )
