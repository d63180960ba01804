"""Recruiter pages: sign-in, the postings list with counts, and the pipeline board."""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app import routes
from careers_app.components.board import filter_disclosure, pipeline_board
from careers_app.components.downloads import file_link
from careers_app.components.form import native_form
from careers_app.components.interviews import interview_section
from careers_app.components.layout import MUTED, page_shell
from careers_app.components.rejection_email import rejection_email_choice
from careers_app.components.scorecards import blind_notice, plan_fieldset, scorecard_section
from careers_app.components.stage_editor import stage_editor
from careers_app.pages.board_filters import board_filters, saved_views
from careers_app.pages.compliance import report_filter, reports
from careers_app.services.board.pipeline import REJECTION_REASONS
from careers_app.services.mail.outbox import FailedMessage
from careers_app.services.platform.auth import ROLES, Account, Role
from careers_app.services.platform.reference import STAGES
from careers_app.services.postings.posting_editor import (
    CURRENCIES,
    EMPLOYMENT_TYPES,
    PAY_UNITS,
    STATUSES,
    WORKPLACES,
)
from careers_app.services.postings.postings import SECTION_HEADINGS
from careers_app.settings import get_settings
from careers_app.states.admin import AccountsState, PostingAdminState, PostingEditorState
from careers_app.states.board_views import BoardViewsState
from careers_app.states.bulk import BulkState
from careers_app.states.pipeline import BoardFeed, PipelineState, PostingRow, PostingsState
from careers_app.states.stage_editor import StageEditorState
from careers_app.states.team import ComplianceState, NotAllowedState, SignInState

ACCOUNTS = routes.ACCOUNTS
EDITOR = routes.POSTING_EDITOR
HOME = routes.RECRUITING_HOME


def _who(state: Any) -> rx.Component:
    """Who is signed in, admin links, and sign-out (a same-origin POST that clears the cookie)."""
    return rx.el.div(
        rx.el.span("Signed in as ", rx.el.strong(state.user_name), " · "),
        rx.cond(
            state.user_role == Role.ADMIN.value,
            rx.fragment(
                rx.el.a("Accounts", href=ACCOUNTS),
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
        _who(PostingsState),
        rx.el.h1("Pipelines", style={"font_size": "2rem", "margin": "0.5rem 0 1rem"}),
        rx.el.p(rx.el.a("Funnel analytics", href=routes.ANALYTICS), " · conversion, time in stage, sources"),
        rx.cond(
            PostingsState.user_role == Role.ADMIN.value,
            rx.el.p(rx.el.a("New posting", href=EDITOR, class_name="btn")),
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


def _reject_dialog() -> rx.Component:
    return rx.cond(
        PipelineState.reject_name != "",
        rx.el.div(
            rx.el.div(
                rx.el.h2("Reject " + PipelineState.reject_name + "?", id="reject-title"),
                rx.el.form(
                    rx.el.div(
                        rx.el.label("Reason", html_for="reject-reason"),
                        rx.el.select(
                            rx.el.option("Choose a reason", value=""),
                            *[rx.el.option(r, value=r) for r in REJECTION_REASONS],
                            id="reject-reason",
                            name="reason",
                            required=True,
                        ),
                        class_name="field",
                    ),
                    rejection_email_choice(),
                    rx.el.div(
                        rx.el.button(
                            "Cancel",
                            type="button",
                            class_name="btn btn-secondary",
                            on_click=PipelineState.cancel_reject,
                        ),
                        rx.el.button("Reject", type="submit", class_name="btn"),
                        class_name="wizard-nav",
                    ),
                    on_submit=PipelineState.confirm_reject,
                ),
                class_name="dialog",
                role="dialog",
                aria_modal="true",
                aria_labelledby="reject-title",
            ),
            class_name="dialog-backdrop",
        ),
    )


def _panel() -> rx.Component:
    s = PipelineState.selected
    return rx.cond(
        PipelineState.panel_open,
        rx.el.aside(
            rx.el.div(
                rx.el.h2(s.name, id="panel-title", style={"margin": 0}),
                rx.el.button(
                    "Close", type="button", class_name="link-button", on_click=PipelineState.close_panel
                ),
                style={"display": "flex", "justify_content": "space-between", "align_items": "baseline"},
            ),
            rx.el.p(s.stage_label, " · applied ", s.submitted, style={"color": MUTED}),
            blind_notice(),
            rx.cond(
                ~s.blind,
                rx.el.dl(
                    rx.el.dt("Email"),
                    rx.el.dd(rx.el.a(s.email, href="mailto:" + s.email)),
                    rx.el.dt("Phone"),
                    rx.el.dd(s.phone),
                    rx.el.dt("Location"),
                    rx.el.dd(s.location),
                    rx.foreach(
                        s.links,
                        lambda link: rx.fragment(
                            rx.el.dt(link.label),
                            rx.el.dd(
                                rx.el.a(
                                    link.url,
                                    href=link.url,  # http(s) only: validation.validate_link
                                    target="_blank",
                                    rel="noopener noreferrer nofollow",
                                    style={"overflow_wrap": "anywhere"},
                                )
                            ),
                        ),
                    ),
                    class_name="panel-facts",
                ),
            ),
            rx.cond(
                s.stage == "withdrawn",  # the candidate's own decision: recruiters cannot move it
                rx.el.p(
                    "The candidate withdrew this application; it cannot be moved.", class_name="notice-info"
                ),
                rx.el.form(
                    rx.el.label("Move to stage", html_for="panel-stage"),
                    rx.el.div(
                        rx.el.select(
                            rx.foreach(  # the posting's own stages (withdrawn only by the candidate)
                                PipelineState.columns,
                                lambda c: rx.el.option(c.label, value=c.key, disabled=c.key == "withdrawn"),
                            ),
                            id="panel-stage",
                            name="stage",
                            default_value=s.stage,
                            key=s.stage + s.version.to_string(),
                        ),
                        rx.el.button("Move", type="submit", class_name="btn"),
                        class_name="search-row",
                    ),
                    on_submit=PipelineState.move_from_panel,
                    class_name="field",
                ),
            ),
            scorecard_section(),
            interview_section(),
            rx.el.h3("Documents"),
            rx.cond(s.blind, rx.el.p("Withheld during blind screening.", style={"color": MUTED})),
            rx.foreach(
                s.documents,
                lambda d: rx.el.div(
                    rx.el.p(
                        rx.el.strong(d.label + ": "),
                        file_link(d.name, d.url),
                        " · " + d.size,
                    ),
                    rx.el.iframe(
                        src=d.url,
                        title=d.label + " of " + s.name,
                        class_name="doc-frame",
                    ),
                ),
            ),
            rx.el.h3(rx.cond(s.blind, "Resume text (redacted)", "Resume text")),
            rx.el.pre(s.resume_text, class_name="resume-text"),
            rx.el.h3("Stage history"),
            rx.el.ol(
                rx.foreach(
                    s.history,
                    lambda h: rx.el.li(rx.el.span(h.when, style={"color": MUTED}), " — ", h.text),
                ),
                class_name="history",
            ),
            rx.el.h3("Notes"),
            rx.el.form(
                rx.el.label("Add a note", html_for="note-body"),
                rx.el.textarea(id="note-body", name="note", rows=3, max_length=5000, style={"width": "100%"}),
                rx.el.button("Add note", type="submit", class_name="btn btn-secondary"),
                on_submit=PipelineState.add_note,
                reset_on_submit=True,
                class_name="field",
            ),
            rx.el.ul(
                rx.foreach(
                    s.notes,
                    lambda n: rx.el.li(
                        rx.el.div(n.author + " · " + n.when, style={"color": MUTED, "font_size": "0.85rem"}),
                        rx.el.p(n.body, style={"white_space": "pre-wrap"}),
                    ),
                ),
                class_name="notes",
            ),
            class_name="panel",
            aria_labelledby="panel-title",
        ),
    )


def board_page() -> rx.Component:
    return page_shell(
        rx.match(
            PipelineState.status,
            (
                "ready",
                rx.el.div(
                    _who(PipelineState),
                    rx.el.a("← All pipelines", href=HOME),
                    rx.el.h1(
                        PipelineState.posting_title, style={"font_size": "1.6rem", "margin": "0.5rem 0"}
                    ),
                    filter_disclosure(
                        board_filters(),
                        saved_views(),
                        active=PipelineState.filter_active,
                        has_errors=PipelineState.filter_errors.length() > 0,
                    ),
                    rx.el.p(
                        "Drag a card to another column, or focus it and press Space, then the arrow keys, "
                        "then Space. Press Enter on a card to open it.",
                        style={"color": MUTED, "font_size": "0.9rem"},
                    ),
                    pipeline_board(
                        columns=PipelineState.columns,
                        last_change=BoardFeed.last_change,
                        feed_seen=PipelineState.feed_seen,
                        card_update=PipelineState.card_update,
                        column_page=PipelineState.column_page,
                        on_move=PipelineState.move,
                        on_open=PipelineState.open_candidate,
                        on_change=PipelineState.refresh_card,
                        on_more=PipelineState.load_more,
                        on_sort=PipelineState.sort_column,
                        bulk_update=BulkState.bulk_update,
                        reasons=list(REJECTION_REASONS),
                        on_bulk=BulkState.apply,
                        on_change_many=BulkState.refresh_cards,
                        report=BulkState.report,
                        report_kind=BulkState.report_kind,
                        undo_available=BulkState.undo_available,
                        on_undo=BulkState.undo,
                        on_dismiss=BulkState.dismiss,
                        bulk_select=BulkState.bulk_select,
                        filtered=PipelineState.filter_active,
                        on_select_filtered=BulkState.select_filtered,
                    ),
                    _panel(),
                    _reject_dialog(),
                ),
            ),
            ("missing", rx.el.h1("No such posting", style={"margin": "2.5rem 0"})),
            rx.el.p("Loading…", role="status", style={"margin": "2.5rem 0", "color": MUTED}),
        ),
        wide=True,
    )


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
        _who(AccountsState),
        rx.el.a("← Pipelines", href=HOME),
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


def _editor_field(label: str, name: str, control: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"posting-{name}"),
        control,
        rx.el.p(
            PostingEditorState.errors.get(name, ""), class_name="field-error", id=f"posting-{name}-error"
        ),
        class_name="field",
    )


def _editor_text(label: str, name: str, rows: int = 0) -> rx.Component:
    value = PostingEditorState.values.get(name, "")
    common = {
        "id": f"posting-{name}",
        "name": name,
        "default_value": value,
        "aria_describedby": f"posting-{name}-error",
    }
    control = rx.el.textarea(rows=rows, style={"width": "100%"}, **common) if rows else rx.el.input(**common)
    return _editor_field(label, name, control)


def _editor_select(label: str, name: str, options: Any) -> rx.Component:
    return _editor_field(
        label,
        name,
        rx.el.select(
            rx.el.option("Select", value=""),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
            id=f"posting-{name}",
            name=name,
            default_value=PostingEditorState.values.get(name, ""),
        ),
    )


def _editor_choice(label: str, name: str, choices: Any, default: str) -> rx.Component:
    return _editor_field(
        label,
        name,
        rx.el.select(
            *[rx.el.option(text, value=value) for value, text in choices],
            id=f"posting-{name}",
            name=name,
            default_value=PostingEditorState.values.get(name, default),
            aria_describedby=f"posting-{name}-error",
        ),
    )


def _pay_and_dates() -> rx.Component:
    """Pay range (several US states require one in postings), workplace and closing date."""

    return rx.el.fieldset(
        rx.el.legend("Pay, workplace and closing date", class_name="field-label"),
        rx.el.p(
            "Leave both pay fields empty for no range. The posting closes itself after the closing date.",
            class_name="field-hint",
        ),
        rx.el.div(
            _editor_text("Pay from", "pay_min"),
            _editor_text("Pay up to", "pay_max"),
            _editor_choice("Currency", "pay_currency", [(c, c) for c in CURRENCIES], "USD"),
            _editor_choice("Per", "pay_unit", [(v, t.split(" ", 1)[1]) for v, t in PAY_UNITS], "YEAR"),
            _editor_choice("Workplace", "workplace", WORKPLACES, "onsite"),
            _editor_field(
                "Closing date (optional)",
                "closes_on",
                rx.el.input(
                    id="posting-closes_on",
                    name="closes_on",
                    type="date",
                    default_value=PostingEditorState.values.get("closes_on", ""),
                    aria_describedby="posting-closes_on-error",
                ),
            ),
            class_name="form-grid",
        ),
        style={"border": "none", "padding": 0, "margin": "0 0 0.75rem"},
    )


def editor_page() -> rx.Component:

    form = rx.el.form(
        _editor_text("Title", "title"),
        rx.el.div(
            _editor_select("Team", "team", PostingEditorState.teams),
            _editor_select("Location", "office", PostingEditorState.offices),
            _editor_field(
                "Employment type",
                "employment_type",
                rx.el.select(
                    *[rx.el.option(label, value=value) for value, label in EMPLOYMENT_TYPES],
                    id="posting-employment_type",
                    name="employment_type",
                    default_value=PostingEditorState.values.get("employment_type", "FULL_TIME"),
                ),
            ),
            _editor_field(
                "Status",
                "status",
                rx.el.select(
                    *[rx.el.option(s.capitalize(), value=s) for s in STATUSES],
                    id="posting-status",
                    name="status",
                    default_value=PostingEditorState.values.get("status", "draft"),
                ),
            ),
            class_name="form-grid",
        ),
        _pay_and_dates(),
        rx.el.p("Sections take paragraphs; start a line with “- ” for a bullet.", class_name="field-hint"),
        *[_editor_text(heading, attr, rows=5) for attr, heading in SECTION_HEADINGS],
        _editor_text("Hiring process name", "process_name"),
        _editor_text("Hiring process steps (one per line)", "steps", rows=4),
        rx.el.fieldset(
            rx.el.legend("Spanish version (optional)"),
            rx.el.p(
                "Shown to people reading the site in Spanish once it has a title; "
                "start a line with “## ” for a section heading and “- ” for a bullet.",
                class_name="field-hint",
            ),
            _editor_text("Spanish title", "title_es"),
            _editor_text("Spanish text", "body_es", rows=8),
        ),
        plan_fieldset(),
        rx.el.button("Save posting", type="submit", class_name="btn"),
        on_submit=PostingEditorState.save,
        key=PostingEditorState.form_key,
    )
    return page_shell(
        _who(PostingEditorState),
        rx.el.a("← Pipelines", href=HOME),
        rx.match(
            PostingEditorState.status,
            (
                "ready",
                rx.fragment(
                    rx.el.h1(
                        rx.cond(PostingEditorState.editing_slug != "", "Edit posting", "New posting"),
                        style={"font_size": "2rem", "margin": "0.5rem 0 1rem"},
                    ),
                    form,
                    rx.cond(PostingEditorState.editing_slug != "", stage_editor()),
                ),
            ),
            ("missing", rx.el.h1("No such posting", style={"margin": "2rem 0"})),
            rx.el.p("Loading…", role="status"),
        ),
    )


def not_allowed_page() -> rx.Component:
    return page_shell(
        _who(NotAllowedState),
        rx.el.h1("Not available to your account", style={"font_size": "2rem", "margin": "1rem 0"}),
        rx.el.p(
            "Your account (",
            NotAllowedState.user_role,
            ") cannot open that page. Ask an admin if you need it.",
        ),
        rx.el.p(rx.el.a("Go to your start page", href=NotAllowedState.home)),
    )


def compliance_page() -> rx.Component:

    return page_shell(
        _who(ComplianceState),
        rx.el.h1("Equal-opportunity monitoring", style={"font_size": "2rem", "margin": "0.5rem 0"}),
        rx.el.p(
            "Voluntary self-identification is stored apart from applications and shown here only as "
            "counts. Nobody making hiring decisions can see it.",
            style={"color": MUTED},
        ),
        rx.el.div(
            rx.el.table(
                rx.el.caption(
                    "Applicants who answered at least one voluntary question, per posting "
                    "(closed quarters, like the reports below)"
                ),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Posting", scope="col"),
                        rx.el.th("Status", scope="col"),
                        rx.el.th("Applications", scope="col"),
                        rx.el.th("Answered", scope="col"),
                        rx.el.th("Share", scope="col"),
                    )
                ),
                rx.el.tbody(
                    rx.foreach(
                        ComplianceState.rows,
                        lambda r: rx.el.tr(
                            rx.el.th(
                                r.title,
                                rx.el.div(r.office, style={"color": MUTED, "font_weight": "400"}),
                                scope="row",
                            ),
                            rx.el.td(r.status),
                            rx.el.td(r.applications),
                            rx.el.td(r.answered),
                            rx.el.td(r.percent),
                        ),
                    )
                ),
                class_name="counts-table",
            ),
            style={"overflow_x": "auto"},
        ),
        report_filter(),
        reports(),
        wide=True,
    )


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        sign_in_page,
        route=routes.SIGN_IN,
        title=f"Sign in | {company} Recruiting",
        on_load=SignInState.load,
    )
    app.add_page(
        postings_page, route=HOME, title=f"Pipelines | {company} Recruiting", on_load=PostingsState.load
    )
    app.add_page(
        editor_page,
        route=EDITOR,
        title=f"Posting | {company} Recruiting",
        on_load=[PostingEditorState.load, StageEditorState.load],
    )
    app.add_page(
        accounts_page, route=ACCOUNTS, title=f"Accounts | {company} Recruiting", on_load=AccountsState.load
    )
    app.add_page(
        board_page,
        route=routes.PIPELINE,
        title=f"Pipeline | {company} Recruiting",
        on_load=[PipelineState.load, BoardViewsState.load, BulkState.load],
    )
    app.add_page(
        not_allowed_page,
        route=routes.NOT_ALLOWED,
        title=f"Not available | {company} Recruiting",
        on_load=NotAllowedState.load,
    )
    app.add_page(
        compliance_page,
        route=routes.COMPLIANCE_HOME,
        title=f"Equal-opportunity monitoring | {company}",
        on_load=ComplianceState.load,
    )
