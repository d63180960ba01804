"""Email templates page for admins: pick a template, edit subject, text and HTML, see it live."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.form import field_error
from careers_app.components.layout import BORDER, MUTED, SURFACE, page_shell
from careers_app.components.team_header import team_header
from careers_app.settings import get_settings
from careers_app.states.email_templates import EmailTemplatesState as S
from careers_app.states.email_templates import TemplateChoice


def _choice(t: rx.Var[TemplateChoice]) -> rx.Component:
    return rx.el.li(
        rx.el.a(
            t.label,
            rx.cond(t.customised, rx.el.span(" (edited)", style={"color": MUTED})),
            href=routes.EMAIL_TEMPLATES + "?key=" + t.key,
            aria_current=rx.cond(t.key == S.key, "page", "false"),
            style={"font_weight": rx.cond(t.key == S.key, "700", "400")},
        ),
        style={"margin": "0.25rem 0"},
    )


def _editor_field(label: str, field: str, rows: int = 0) -> rx.Component:
    control_id = f"template-{field}"
    error = S.errors.get(field, "")
    common = {
        "id": control_id,
        "value": S.values[field],
        "on_change": lambda v: S.edit(field, v),
        "aria_invalid": rx.cond(error != "", "true", "false"),
        "aria_describedby": f"{control_id}-error",
        "style": {"width": "100%", "font_family": "monospace" if rows else "inherit"},
    }
    control = rx.el.textarea(rows=rows, **common) if rows else rx.el.input(max_length=200, **common)
    return rx.el.div(
        rx.el.label(label, html_for=control_id),
        rx.debounce_input(control, debounce_timeout=300, force_notify_on_blur=True),
        field_error(control_id, error),
        class_name="field",
    )


def _preview() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Preview with sample data", style={"font_size": "1.25rem", "margin": "0 0 0.5rem"}),
        rx.cond(
            S.preview_error != "",
            rx.el.p(S.preview_error, role="status", class_name="field-error"),
        ),
        rx.el.p(rx.el.strong("Subject: "), S.preview_subject, data_testid="preview-subject"),
        rx.el.h3("Plain text", style={"font_size": "1rem", "margin": "1rem 0 0.25rem"}),
        rx.el.pre(
            S.preview_text,
            data_testid="preview-text",
            style={
                "white_space": "pre-wrap",
                "background": SURFACE,
                "padding": "0.75rem",
                "border": f"1px solid {BORDER}",
                "font_family": "inherit",
                "margin": 0,
            },
        ),
        rx.el.h3("HTML", style={"font_size": "1rem", "margin": "1rem 0 0.25rem"}),
        rx.el.iframe(
            src_doc=S.preview_html,
            title="HTML preview",
            sandbox="",
            style={
                "width": "100%",
                "height": "22rem",
                "border": f"1px solid {BORDER}",
                "background": "white",
            },
        ),
        aria_label="Preview",
        style={"flex": "1 1 22rem", "min_width": "0"},
    )


def email_templates_page() -> rx.Component:
    return page_shell(
        team_header(S),
        rx.el.a("← Accounts", href=routes.ACCOUNTS),
        rx.el.h1("Email templates", style={"font_size": "2rem", "margin": "0.5rem 0 1rem"}),
        rx.el.p(
            "What candidates receive. Placeholders in braces are filled in when an email is queued; "
            "queued emails keep the text they were written with. Write {{ and }} for literal braces.",
            style={"color": MUTED},
        ),
        rx.el.nav(
            rx.el.ul(rx.foreach(S.templates, _choice), style={"list_style": "none", "padding": 0}),
            aria_label="Templates",
        ),
        rx.el.h2(S.label, style={"font_size": "1.5rem", "margin": "1.5rem 0 0.25rem"}),
        rx.el.p(S.when, style={"color": MUTED, "margin": "0 0 1rem"}),
        rx.el.div(
            rx.el.form(
                rx.fragment(
                    _editor_field("Subject", "subject"),
                    _editor_field("Plain text", "text", rows=12),
                    _editor_field("HTML", "html", rows=12),
                    key=S.form_key,
                ),
                rx.el.details(
                    rx.el.summary("Placeholders this template can use"),
                    rx.el.ul(rx.foreach(S.placeholders, lambda p: rx.el.li(rx.el.code(p)))),
                    open=True,
                ),
                rx.el.div(
                    rx.el.button("Save template", type="submit", class_name="btn"),
                    rx.cond(
                        S.customised,
                        rx.el.button(
                            "Reset to default",
                            type="button",
                            class_name="link-button",
                            on_click=S.reset_to_default,
                        ),
                    ),
                    style={"display": "flex", "gap": "1rem", "align_items": "center", "margin_top": "1rem"},
                ),
                on_submit=lambda _: S.save(),
                style={"flex": "1 1 26rem", "min_width": "0"},
            ),
            _preview(),
            style={"display": "flex", "gap": "2rem", "flex_wrap": "wrap", "align_items": "flex-start"},
        ),
        wide=True,
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        email_templates_page,
        route=routes.EMAIL_TEMPLATES,
        title=f"Email templates | {company} Recruiting",
        on_load=S.load,
    )
