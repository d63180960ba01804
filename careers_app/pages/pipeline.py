"""One posting's pipeline board: the board, the candidate panel and the reject dialog."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.board import filter_disclosure, pipeline_board
from careers_app.components.downloads import file_link
from careers_app.components.interviews import interview_section
from careers_app.components.layout import MUTED, page_shell
from careers_app.components.rejection_email import rejection_email_choice
from careers_app.components.scorecards import blind_notice, scorecard_section
from careers_app.components.team_header import team_header
from careers_app.pages.board_filters import board_filters, saved_views
from careers_app.services.board.pipeline import REJECTION_REASONS
from careers_app.settings import get_settings
from careers_app.states.board_views import BoardViewsState
from careers_app.states.bulk import BulkState
from careers_app.states.pipeline import BoardFeed, PipelineState


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
                    team_header(PipelineState),
                    rx.el.a("← All pipelines", href=routes.RECRUITING_HOME),
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


def register(app: rx.App) -> None:
    company = get_settings().company_name
    app.add_page(
        board_page,
        route=routes.PIPELINE,
        title=f"Pipeline | {company} Recruiting",
        on_load=[PipelineState.load, BoardViewsState.load, BulkState.load],
    )
