"""The job board API keys page for admins."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.form import native_form
from careers_app.components.layout import MUTED, page_shell
from careers_app.components.team_header import team_header
from careers_app.services.platform.api_keys import KeyInfo
from careers_app.settings import get_settings
from careers_app.states.api_keys import ApiKeysState


def _key_row(k: rx.Var[KeyInfo]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(k.name, scope="row"),
        rx.el.td(rx.el.code(k.prefix + "…")),
        rx.el.td(k.created_at),
        rx.el.td(rx.cond(k.last_used_at, k.last_used_at, "never")),
        rx.el.td(
            rx.cond(
                k.active,
                rx.el.button(
                    "Revoke",
                    type="button",
                    class_name="link-button",
                    aria_label="Revoke key " + k.name,
                    on_click=ApiKeysState.revoke(k.id),
                ),
                rx.el.span("Revoked " + k.revoked_at),
            )
        ),
    )


def api_keys_page() -> rx.Component:
    token = get_settings().board_token
    return page_shell(
        team_header(ApiKeysState),
        rx.el.a("← Accounts", href=routes.ACCOUNTS),
        rx.el.h1("Job board API keys", style={"font_size": "2rem", "margin": "0.5rem 0 1rem"}),
        rx.el.p(
            f"Integrations post applications to /v1/boards/{token}/jobs/<id> with HTTP Basic: "
            "the key as the user name, an empty password.",
            style={"color": MUTED},
        ),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        *[
                            rx.el.th(h, scope="col", style={"text_align": "left"})
                            for h in ("Name", "Key", "Created", "Last used", "Status")
                        ]
                    )
                ),
                rx.el.tbody(rx.foreach(ApiKeysState.keys, _key_row)),
                class_name="counts-table",
            ),
            style={"overflow_x": "auto"},
        ),
        rx.el.h2("Make a key", style={"font_size": "1.25rem", "margin": "2rem 0 0.5rem"}),
        rx.el.p(
            "The new key is shown once, on the next page; only its SHA-256 is kept.", style={"color": MUTED}
        ),
        # A plain HTTP POST (careers_app/http/api_keys_routes.py): the key never enters Reflex state.
        native_form(
            rx.el.div(
                rx.el.label("Key name", html_for="api-key-name"),
                rx.el.input(id="api-key-name", name="name", required=True, max_length=120),
                class_name="field",
            ),
            rx.el.p(ApiKeysState.message, role="alert"),
            rx.el.button("Make key", type="submit", class_name="btn"),
            action=routes.API_KEY_NEW,
            method="post",
        ),
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        api_keys_page,
        route=routes.API_KEYS,
        title=f"API keys | {company} Recruiting",
        on_load=ApiKeysState.load,
    )
