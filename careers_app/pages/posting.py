"""Posting page: the job, its hiring process, and the way to apply."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.first_response import first_response_done
from careers_app.components.jsonld import json_ld_head
from careers_app.components.layout import MUTED, job_not_found, page_shell
from careers_app.services.postings.postings import Section
from careers_app.states.language import LanguageState, _
from careers_app.states.posting import PostingState


def _section(section: Section) -> rx.Component:
    return rx.el.section(
        rx.el.h2(section.heading),
        rx.foreach(section.paragraphs, lambda p: rx.el.p(p)),
        rx.cond(section.bullets.length() > 0, rx.el.ul(rx.foreach(section.bullets, lambda b: rx.el.li(b)))),
        class_name="posting-section",
    )


def _step(step: rx.Var[str], index: rx.Var[int]) -> rx.Component:
    return rx.el.li(
        rx.el.span((index + 1).to_string(), class_name="step-num", aria_hidden="true"),
        rx.el.div(
            rx.el.strong(_("Step") + " " + (index + 1).to_string(), style={"display": "block"}),
            rx.el.span(step),
        ),
    )


def _apply_button() -> rx.Component:
    return rx.el.a(
        _("Apply for this job"),
        href="/jobs/" + PostingState.view.slug + "/apply" + PostingState.apply_query,
        class_name="btn",
    )


def _found() -> rx.Component:
    view = PostingState.view
    return rx.el.article(
        json_ld_head(json=view.json_ld),
        rx.el.a(
            "← ", _("All jobs"), href=routes.BOARD, style={"display": "inline-block", "margin": "1.5rem 0 0"}
        ),
        rx.el.h1(
            view.title, style={"font_size": "2.25rem", "margin": "0.75rem 0 0.25rem", "line_height": "1.2"}
        ),
        rx.el.p(
            rx.el.span(view.office, data_testid="posting-location"),
            " · ",
            rx.el.a(view.team, href="/careers?team=" + view.team_slug),
            style={"color": MUTED, "font_size": "1.1rem", "margin": "0 0 0.25rem"},
        ),
        rx.el.p(
            rx.el.span(view.employment_label),
            rx.cond(view.published != "", rx.el.span(" · " + _("Posted") + " " + view.published)),
            rx.cond(view.pay != "", rx.el.span(" · " + view.pay)),
            rx.cond(view.closes != "", rx.el.span(" · " + _("Apply by") + " " + view.closes)),
            class_name="posting-facts",
            style={"color": MUTED, "margin": "0 0 1.25rem"},
        ),
        _apply_button(),
        rx.foreach(view.sections, _section),
        rx.el.section(
            rx.el.h2(view.process_name),
            rx.el.ol(rx.foreach(view.steps, _step), class_name="steps", aria_label=view.process_name),
        ),
        rx.el.div(_apply_button(), style={"margin": "2rem 0"}),
        rx.el.section(
            rx.el.h2(_("Don’t see the right fit?")),
            rx.el.a(
                _("Check out other opportunities at {company}."),
                href="/careers?team=" + view.team_slug,
            ),
        ),
        class_name="posting",
    )


def posting_page() -> rx.Component:
    return page_shell(
        # The first response's copy of this page hides once this exists, then goes.
        rx.cond(
            PostingState.shows_this_page,
            rx.el.span(first_response_done(), data_live="posting", hidden=True),
        ),
        rx.match(
            PostingState.status,
            ("found", _found()),
            ("missing", job_not_found(_("This job is closed or does not exist. It may have been filled."))),
            rx.el.p(_("Loading…"), role="status", style={"margin": "2.5rem 0", "color": MUTED}),
        ),
        languages=True,
    )


def register(app: rx.App) -> None:
    app.add_page(
        posting_page,
        route=routes.POSTING,
        title=PostingState.page_title,
        on_load=[LanguageState.detect, PostingState.load],
    )
