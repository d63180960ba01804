"""Page shell: skip link, header, footer, and the width every page shares."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.i18n import LANGUAGES
from careers_app.settings import get_settings
from careers_app.states.language import LanguageState, _

INK = "#14171a"
MUTED = "#536471"  # 7:1 on white
BORDER = "#e1e8ed"
SURFACE = "#f5f8fa"


def _nav_link(label: str | rx.Var[str], href: str) -> rx.Component:
    return rx.el.a(
        label,
        href=href,
        class_name="nav-link",
        style={"color": INK, "text_decoration": "none", "font_weight": "500", "padding": "0.5rem 0.25rem"},
    )


def header(languages: bool = False) -> rx.Component:
    company = get_settings().company_name
    return rx.el.header(
        rx.el.a(_("Skip to main content"), href="#main", class_name="skip-link"),
        rx.el.div(
            rx.el.a(
                rx.el.span(company, style={"font_weight": "800", "font_size": "1.25rem"}),
                rx.el.span(
                    " ", _("Careers"), style={"font_weight": "400", "font_size": "1.25rem", "color": MUTED}
                ),
                href=routes.BOARD,
                aria_label=_("{company} Careers home"),
                style={"color": INK, "text_decoration": "none"},
            ),
            rx.el.nav(
                _nav_link(_("Jobs"), routes.BOARD),
                _nav_link(_("Locations"), routes.BOARD + "#filters"),
                _nav_link(_("Teams"), routes.BOARD + "#filters"),
                _nav_link(_("Hiring team"), "/recruiting"),
                aria_label=_("Main"),
                style={"display": "flex", "gap": "1rem", "flex_wrap": "wrap"},
            ),
            language_switcher() if languages else rx.fragment(),
            class_name="shell",
            style={
                "display": "flex",
                "justify_content": "space-between",
                "align_items": "center",
                "gap": "1rem",
                "flex_wrap": "wrap",
                "padding_top": "1rem",
                "padding_bottom": "1rem",
            },
        ),
        style={"border_bottom": f"1px solid {BORDER}", "background": "white"},
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.el.div(
            rx.el.p(
                _(
                    "{company} is an equal opportunity employer. We do not discriminate based on race, "
                    "color, ethnicity, ancestry, national origin, religion, sex, gender, gender identity, "
                    "gender expression, sexual orientation, age, disability, veteran status, genetic "
                    "information, marital status or any legally protected status."
                ),
                style={"margin": "0 0 0.75rem 0"},
            ),
            rx.el.p(_("© 2026 {company}. Powered by careers_app, open source."), style={"margin": 0}),
            class_name="shell",
            style={"padding_top": "2rem", "padding_bottom": "2rem", "color": MUTED, "font_size": "0.875rem"},
        ),
        style={"border_top": f"1px solid {BORDER}", "background": SURFACE, "margin_top": "4rem"},
    )


_SWITCH = (
    "(() => { const u = new URL(window.location.href); u.searchParams.set('lang', 'LANG'); "
    "window.location.assign(u.toString()); })()"
)


def language_switcher() -> rx.Component:
    """Links to this page in each language (``?lang=``), the current one marked."""
    hrefs = {"en": LanguageState.href_en, "es": LanguageState.href_es}
    return rx.el.nav(
        *(
            rx.el.a(
                name,
                href=hrefs[code],
                # The browser's own URL with ``lang`` set: it holds the page's credential (a
                # status link's token), which the server-kept href leaves out.
                on_click=[rx.prevent_default, rx.call_script(_SWITCH.replace("LANG", code))],
                lang=code,
                hreflang=code,
                aria_current=rx.cond(LanguageState.lang == code, "true", "false"),
                class_name="nav-link language-link",
                style={
                    "color": INK,
                    "padding": "0.5rem 0.25rem",
                    "font_weight": rx.cond(LanguageState.lang == code, "700", "400"),
                    "text_decoration": rx.cond(LanguageState.lang == code, "none", "underline"),
                },
            )
            for code, name in LANGUAGES
        ),
        aria_label=_("Language"),
        class_name="language-switcher",
        style={"display": "flex", "gap": "0.75rem"},
    )


def page_shell(*children: rx.Component, wide: bool = False, languages: bool = False) -> rx.Component:
    """``languages``: a candidate-side page, with the language switcher in its header."""
    return rx.el.div(
        header(languages),
        rx.el.main(
            *children,
            id="main",
            tab_index=-1,
            class_name="shell wide" if wide else "shell",
            style={"outline": "none"},
        ),
        footer(),
        style={"min_height": "100vh", "display": "flex", "flex_direction": "column", "color": INK},
    )


def job_not_found(reason: str | rx.Var[str]) -> rx.Component:
    """The page body for a closed or unknown posting (kept out of search indexes)."""
    return rx.el.section(
        rx.el.h1(_("Job not found"), style={"font_size": "2rem", "margin": "2.5rem 0 0.5rem"}),
        rx.el.p(reason, style={"color": MUTED}),
        rx.el.a(_("See all open jobs"), href=routes.BOARD, class_name="btn"),
        rx.el.meta(name="robots", content="noindex"),
    )
