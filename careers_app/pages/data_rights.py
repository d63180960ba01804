"""Admin pages: the audit log, and people (find by email, download their data, erase them)."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.layout import MUTED, page_shell
from careers_app.components.team_header import team_header
from careers_app.pages.candidate_data import erased_page
from careers_app.services.platform.audit import ACTIONS, AuditRow
from careers_app.services.privacy.data_export import PersonSummary
from careers_app.settings import get_settings
from careers_app.states.data_rights import AuditLogState, PeopleState


def _audit_row(r: rx.Var[AuditRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.when, style={"white_space": "nowrap"}),
        rx.el.th(r.action_label, scope="row"),
        rx.el.td(r.who),
        rx.el.td(r.candidate),
        rx.el.td(r.application),
        rx.el.td(r.detail),
        rx.el.td(r.client_address),
    )


def _audit_filter() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.div(
                rx.el.label("Action", html_for="audit-action"),
                rx.el.select(
                    rx.el.option("All actions", value=""),
                    *[rx.el.option(label, value=key) for key, label in ACTIONS.items()],
                    id="audit-action",
                    name="action",
                    default_value=AuditLogState.action,
                ),
                class_name="field",
            ),
            rx.el.div(
                rx.el.label("From (UTC)", html_for="audit-from"),
                rx.el.input(id="audit-from", name="from", type="date", default_value=AuditLogState.date_from),
                class_name="field",
            ),
            rx.el.div(
                rx.el.label("To (UTC)", html_for="audit-to"),
                rx.el.input(id="audit-to", name="to", type="date", default_value=AuditLogState.date_to),
                class_name="field",
            ),
            class_name="form-grid",
        ),
        rx.el.button("Show", type="submit", class_name="btn"),
        on_submit=AuditLogState.choose,
        key=AuditLogState.form_key,
        role="search",
        aria_label="Filter the audit log",
    )


def _pager() -> rx.Component:
    return rx.el.nav(
        rx.cond(AuditLogState.newer_url != "", rx.el.a("← Newer", href=AuditLogState.newer_url)),
        rx.el.span(
            "Page ",
            AuditLogState.page,
            " of ",
            AuditLogState.pages,
            " · ",
            AuditLogState.total,
            " entries",
            style={"color": MUTED},
        ),
        rx.cond(AuditLogState.older_url != "", rx.el.a("Older →", href=AuditLogState.older_url)),
        aria_label="Audit log pages",
        style={"display": "flex", "gap": "1rem", "flex_wrap": "wrap", "margin": "1rem 0"},
    )


def audit_log_page() -> rx.Component:
    return page_shell(
        team_header(AuditLogState),
        rx.el.a("← Accounts", href=routes.ACCOUNTS),
        rx.el.h1("Audit log", style={"font_size": "2rem", "margin": "0.5rem 0 0.5rem"}),
        rx.el.p(
            "Every view of a candidate's documents, every export and erasure of a person's data, and "
            "every retention purge. People are named by number only, so entries hold nothing personal.",
            style={"color": MUTED},
        ),
        _audit_filter(),
        rx.el.p(AuditLogState.notice, role="status", class_name="field-error"),
        _pager(),
        rx.el.div(
            rx.el.table(
                rx.el.caption("Audit log entries, newest first", class_name="sr-only"),
                rx.el.thead(
                    rx.el.tr(
                        *[
                            rx.el.th(h, scope="col")
                            for h in ("When", "Action", "Who", "Person", "Application", "Detail", "Client")
                        ]
                    )
                ),
                rx.el.tbody(rx.foreach(AuditLogState.rows, _audit_row)),
                class_name="counts-table data-table",
                style={"min_width": "56rem"},  # scrolls inside its box on a phone, never squeezed
            ),
            style={"overflow_x": "auto"},
        ),
        rx.cond(AuditLogState.total == 0, rx.el.p("No entries match.", style={"margin": "1rem 0"})),
        wide=True,
    )


def _person_item(p: rx.Var[PersonSummary]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.strong(p.email),
            rx.el.div(
                rx.cond(
                    p.masked > 0,
                    rx.fragment(
                        "Name withheld: ",
                        p.masked,
                        " of ",
                        p.applications,
                        " application(s) masked by blind screening",
                    ),
                    rx.fragment(p.name, " · ", p.applications, " application(s)"),
                ),
                style={"color": MUTED},
            ),
        ),
        rx.el.div(
            rx.el.button(
                "Download data",
                type="button",
                class_name="link-button",
                aria_label="Download the data of " + p.email,
                on_click=PeopleState.download(p.candidate_id),
            ),
            rx.el.button(
                "Erase…",
                type="button",
                class_name="link-button",
                aria_label="Erase " + p.email,
                on_click=PeopleState.ask_erase(p.candidate_id),
            ),
            class_name="people-actions",
        ),
        class_name="people-item",
    )


def _erase_dialog() -> rx.Component:
    return rx.cond(
        PeopleState.confirm_email != "",
        rx.el.div(
            rx.el.div(
                rx.el.h2(
                    "Erase " + PeopleState.confirm_email + "?", id="erase-title", style={"margin_top": 0}
                ),
                rx.el.p(
                    "This removes their documents, contact details, notes, drafts, emails and "
                    "equal-opportunity answers for good. Anonymous stage history stays for funnel counts. "
                    "It cannot be undone."
                ),
                rx.el.form(
                    rx.el.div(
                        rx.el.label("Type their email address to confirm", html_for="erase-confirm"),
                        rx.el.input(
                            id="erase-confirm",
                            name="confirm",
                            auto_complete="off",
                            aria_describedby="erase-confirm-error",
                            style={"width": "100%"},
                        ),
                        rx.el.p(
                            PeopleState.confirm_error,
                            class_name="field-error",
                            id="erase-confirm-error",
                            role="alert",
                        ),
                        class_name="field",
                    ),
                    rx.el.div(
                        rx.el.button(
                            "Cancel",
                            type="button",
                            class_name="btn btn-secondary",
                            on_click=PeopleState.cancel_erase,
                        ),
                        rx.el.button("Erase for good", type="submit", class_name="btn btn-danger"),
                        class_name="wizard-nav",
                    ),
                    on_submit=PeopleState.erase,
                ),
                class_name="dialog",
                role="dialog",
                aria_modal="true",
                aria_labelledby="erase-title",
            ),
            class_name="dialog-backdrop",
        ),
    )


def _reveal_dialog() -> rx.Component:
    """Downloading the data of a person under blind screening shows who they are: confirm it."""
    return rx.cond(
        PeopleState.reveal_person != 0,
        rx.el.div(
            rx.el.div(
                rx.el.h2(
                    "Reveal person #",
                    PeopleState.reveal_person,
                    "?",
                    id="reveal-title",
                    style={"margin_top": 0},
                ),
                rx.el.p(
                    PeopleState.reveal_count,
                    " of their applications masked by blind screening (the person is blind while any "
                    "application of theirs is in it). Their data names them, so "
                    "downloading it reveals who they are to the hiring team, as the board's Reveal "
                    "button does: the stage history and the audit log record it with your name.",
                ),
                rx.el.div(
                    rx.el.button(
                        "Cancel",
                        type="button",
                        class_name="btn btn-secondary",
                        on_click=PeopleState.cancel_reveal,
                    ),
                    rx.el.button(
                        "Reveal and download",
                        id="reveal-confirm",
                        type="button",
                        class_name="btn",
                        on_click=PeopleState.confirm_reveal,
                    ),
                    class_name="wizard-nav",
                ),
                class_name="dialog",
                role="dialog",
                aria_modal="true",
                aria_labelledby="reveal-title",
            ),
            class_name="dialog-backdrop",
        ),
    )


def people_page() -> rx.Component:
    return page_shell(
        team_header(PeopleState),
        rx.el.a("← Accounts", href=routes.ACCOUNTS),
        rx.el.h1("People", style={"font_size": "2rem", "margin": "0.5rem 0 0.5rem"}),
        rx.el.p(
            "Find a person by email to download everything held about them (a zip of person.json and "
            "their documents) or to erase them. Both are written to the ",
            rx.el.a("audit log", href=routes.AUDIT_LOG),
            ". Someone under blind screening is found only by their whole address, unnamed; "
            "downloading their data reveals who they are, recorded.",
            style={"color": MUTED},
        ),
        rx.el.form(
            rx.el.label("Email address, or part of it", html_for="people-q"),
            rx.el.div(
                rx.el.input(
                    id="people-q", name="q", type="search", max_length=254, default_value=PeopleState.query
                ),
                rx.el.button("Search", type="submit", class_name="btn"),
                class_name="search-row",
            ),
            on_submit=PeopleState.search,
            role="search",
            class_name="field",
        ),
        rx.el.p(PeopleState.message, role="status"),
        rx.cond(
            PeopleState.people.length() > 0,
            rx.el.ul(
                rx.foreach(PeopleState.people, _person_item),
                class_name="people-list",
                aria_label="People found",
            ),
            rx.cond(
                PeopleState.searched,
                rx.fragment(
                    rx.el.p("Nobody found with that email."),
                    rx.cond(
                        PeopleState.alerts_only > 0,
                        rx.el.div(
                            rx.el.p(
                                "This address has job alerts (",
                                PeopleState.alerts_only,
                                ") and no applications.",
                            ),
                            rx.el.button(
                                "Delete its job alerts",
                                type="button",
                                class_name="btn",
                                on_click=PeopleState.erase_alerts,
                            ),
                        ),
                    ),
                ),
            ),
        ),
        _erase_dialog(),
        _reveal_dialog(),
    )


def register(app: rx.App) -> None:

    company = get_settings().company_name
    app.add_page(erased_page, route=routes.CANDIDATE_ERASED, title=f"Your data has been erased | {company}")
    app.add_page(
        audit_log_page,
        route=routes.AUDIT_LOG,
        title=f"Audit log | {company} Recruiting",
        on_load=AuditLogState.load,
    )
    app.add_page(
        people_page, route=routes.PEOPLE, title=f"People | {company} Recruiting", on_load=PeopleState.load
    )
