"""Admins' accounts page: the hiring team's accounts, adding one, and undelivered email."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.layout import page_shell
from careers_app.components.team_header import team_header
from careers_app.services.mail.outbox import FailedMessage
from careers_app.services.platform.auth import ROLES, Account
from careers_app.settings import get_settings
from careers_app.states.admin import AccountsState


def _account_row(a: rx.Var[Account]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(a.name, scope="row"),
        rx.el.td(a.email, style={"text_align": "left"}),
        rx.el.td(a.role, style={"text_align": "left"}),
        rx.el.td(
            rx.cond(
                a.active,
                rx.el.button(
                    "Deactivate",
                    type="button",
                    class_name="link-button",
                    aria_label="Deactivate " + a.email,
                    on_click=AccountsState.set_active(a.id, False),
                ),
                rx.el.button(
                    "Reactivate",
                    type="button",
                    class_name="link-button",
                    aria_label="Reactivate " + a.email,
                    on_click=AccountsState.set_active(a.id, True),
                ),
            )
        ),
    )


def _failed_mail_row(m: rx.Var[FailedMessage]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(m.to_email, scope="row", style={"text_align": "left"}),
        rx.el.td(m.subject, style={"text_align": "left"}),
        rx.el.td(m.attempts),
        rx.el.td(m.last_error, style={"text_align": "left"}),
        rx.el.td(
            rx.el.button(
                "Retry",
                type="button",
                class_name="link-button",
                aria_label="Retry the email to " + m.to_email,
                on_click=AccountsState.retry_mail(m.id),
            )
        ),
    )


def _failed_mail() -> rx.Component:
    """Emails the sender gave up on after its last retry, for an admin to send again."""
    return rx.el.section(
        rx.el.h2("Undelivered email", style={"font_size": "1.25rem", "margin": "2rem 0 0.5rem"}),
        rx.cond(
            AccountsState.failed_mail.length() > 0,
            rx.el.div(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            *[
                                rx.el.th(h, scope="col", style={"text_align": "left"})
                                for h in ("To", "Subject", "Attempts", "Last error", "Send again")
                            ]
                        )
                    ),
                    rx.el.tbody(rx.foreach(AccountsState.failed_mail, _failed_mail_row)),
                    class_name="counts-table",
                ),
                style={"overflow_x": "auto"},
            ),
            rx.el.p("Every email has been delivered or is still being tried."),
        ),
        aria_label="Undelivered email",
    )


def accounts_page() -> rx.Component:
    return page_shell(
        team_header(AccountsState),
        rx.el.a("← Pipelines", href=routes.RECRUITING_HOME),
        rx.el.h1("Accounts", style={"font_size": "2rem", "margin": "0.5rem 0 1rem"}),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        *[
                            rx.el.th(h, scope="col", style={"text_align": "left"})
                            for h in ("Name", "Email", "Role", "Access")
                        ]
                    )
                ),
                rx.el.tbody(rx.foreach(AccountsState.accounts, _account_row)),
                class_name="counts-table accounts-table",
            ),
            style={"overflow_x": "auto"},
        ),
        rx.el.h2("Add an account", style={"font_size": "1.25rem", "margin": "2rem 0 0.5rem"}),
        rx.el.form(
            rx.el.div(
                rx.el.div(
                    rx.el.label("Name", html_for="acct-name"),
                    rx.el.input(id="acct-name", name="name", required=True),
                    class_name="field",
                ),
                rx.el.div(
                    rx.el.label("Email address", html_for="acct-email"),
                    rx.el.input(id="acct-email", name="email", type="email", required=True),
                    class_name="field",
                ),
                rx.el.div(
                    rx.el.label("Role", html_for="acct-role"),
                    rx.el.select(
                        *[rx.el.option(r.capitalize(), value=r) for r in ROLES], id="acct-role", name="role"
                    ),
                    class_name="field",
                ),
                rx.el.div(
                    rx.el.label("Temporary password (12+ characters)", html_for="acct-password"),
                    rx.el.input(
                        id="acct-password",
                        name="password",
                        type="password",
                        auto_complete="new-password",
                        min_length=12,
                        required=True,
                    ),
                    class_name="field",
                ),
                class_name="form-grid",
            ),
            rx.el.p(AccountsState.message, role="status"),
            rx.el.button("Add account", type="submit", class_name="btn"),
            on_submit=AccountsState.create,
            reset_on_submit=True,
        ),
        _failed_mail(),
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        accounts_page,
        route=routes.ACCOUNTS,
        title=f"Accounts | {company} Recruiting",
        on_load=AccountsState.load,
    )
