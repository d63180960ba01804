"""The candidate status page (/status?token=...), the link-request form, and /privacy."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.form import country_list, field_error, select_field, text_field
from careers_app.components.layout import MUTED, page_shell
from careers_app.pages.candidate_data import data_rights_controls
from careers_app.services.applying.candidate_status import StatusItem
from careers_app.services.platform.reference import US_STATES
from careers_app.states.candidate_status import EXPIRED, CandidateStatusState
from careers_app.states.language import LanguageState, _, tr

S = CandidateStatusState


def _request_form(intro: rx.Var[str]) -> rx.Component:
    return rx.el.section(
        rx.el.p(intro, style={"margin": "0 0 1rem"}),
        rx.el.form(
            rx.el.div(
                rx.el.label(_("Email address"), html_for="request-email"),
                rx.el.input(
                    id="request-email",
                    name="email",
                    type="email",
                    auto_complete="email",
                    required=True,
                    max_length=254,
                    default_value=S.request_email,
                    aria_invalid=rx.cond(S.request_error != "", "true", "false"),
                    aria_describedby="request-email-error",
                ),
                field_error("request-email", tr(S.request_error)),
                class_name="field",
                style={"max_width": "28rem"},
            ),
            rx.el.button(_("Email me a link"), type="submit", class_name="btn"),
            on_submit=S.request_link,
            no_validate=True,
            aria_label=_("Ask for a link to your applications"),
        ),
        rx.el.p(
            tr(S.request_message),
            role="status",
            class_name=rx.cond(S.request_message != "", "notice-info", ""),
        ),
        aria_label=_("Get a new link"),
    )


def _item(item: rx.Var[StatusItem]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.h3(item.title, style={"margin": "0", "font_size": "1.1rem"}),
            rx.el.p(_("Applied") + " " + item.applied, style={"margin": "0.25rem 0 0", "color": MUTED}),
        ),
        rx.el.div(
            rx.el.span(_("Status:"), " ", class_name="sr-only"),
            rx.el.strong(item.stage, class_name="status-stage"),
            rx.cond(
                item.can_withdraw,
                rx.el.button(
                    _("Withdraw"),
                    type="button",
                    class_name="btn btn-secondary",
                    aria_label=_("Withdraw my application for") + " " + item.title,
                    on_click=S.ask_withdraw(item.id),
                ),
            ),
            class_name="status-actions",
        ),
        class_name="status-item",
    )


def _withdraw_dialog() -> rx.Component:
    return rx.cond(
        S.withdraw_title != "",
        rx.el.div(
            rx.el.div(
                rx.el.h2(
                    _("Withdraw your application?"),
                    id="withdraw-title",
                    style={"font_size": "1.3rem", "margin": "0 0 0.5rem"},
                ),
                rx.el.p(
                    _("You are withdrawing your application for"),
                    " ",
                    rx.el.strong(S.withdraw_title),
                    ". ",
                    _(
                        "The hiring team will stop considering it. This cannot be undone here; "
                        "to be considered again, apply again."
                    ),
                ),
                rx.el.div(
                    rx.el.button(
                        _("Keep my application"),
                        type="button",
                        class_name="btn btn-secondary",
                        on_click=S.cancel_withdraw,
                    ),
                    rx.el.button(
                        _("Withdraw application"),
                        type="button",
                        class_name="btn",
                        on_click=S.confirm_withdraw,
                    ),
                    class_name="wizard-nav",
                ),
                class_name="dialog",
                role="alertdialog",
                aria_modal="true",
                aria_labelledby="withdraw-title",
            ),
            class_name="dialog-backdrop",
        ),
    )


def _contact_text(label: rx.Var[str], name: str, **kwargs: object) -> rx.Component:
    return text_field(
        label,
        name,
        value=S.contact[name],
        error=tr(S.contact_errors[name]),
        on_change=lambda v: S.set_contact(name, v),
        on_blur=lambda _v: S.leave_contact(name),
        **kwargs,
    )


def _contact_form() -> rx.Component:
    return rx.el.section(
        rx.el.h2(
            _("Your contact details"),
            id="contact-heading",
            style={"font_size": "1.3rem", "margin": "0 0 0.25rem"},
        ),
        rx.el.p(
            _(
                "Correct them here and they change on all your applications. The hiring team sees that "
                "you updated them."
            ),
            style={"color": MUTED, "margin": "0 0 1rem"},
        ),
        rx.el.form(
            rx.el.div(
                _contact_text(
                    _("First name"), "first_name", required=True, autocomplete="given-name", max_length=100
                ),
                _contact_text(
                    _("Last name"), "last_name", required=True, autocomplete="family-name", max_length=100
                ),
                rx.el.div(  # not editable here (candidate_status.EMAIL_FIXED)
                    rx.el.p(
                        _("Email address"),
                        style={"font_weight": "600", "font_size": "0.9rem", "margin": "0 0 0.25rem"},
                    ),
                    rx.el.p(S.contact["email"], id="contact-email", style={"margin": "0 0 0.25rem"}),
                    rx.el.p(
                        _(
                            "This is where we write to you; it cannot be changed here. To be reached at "
                            "another address, apply with it."
                        ),
                        style={"color": MUTED, "font_size": "0.9rem", "margin": "0"},
                    ),
                    rx.cond(
                        S.contact_errors["email"] != "",
                        rx.el.p(tr(S.contact_errors["email"]), role="alert", class_name="field-error"),
                    ),
                ),
                _contact_text(
                    _("Primary phone"),
                    "phone",
                    required=True,
                    input_type="tel",
                    autocomplete="tel",
                    hint=_("Outside the United States? Start with + and your country code."),
                    max_length=40,
                ),
                rx.el.div(
                    _contact_text(_("Address"), "address", autocomplete="street-address"), class_name="wide"
                ),
                _contact_text(_("City"), "city", autocomplete="address-level2", max_length=100),
                _contact_text(
                    _("Country"),
                    "country",
                    required=True,
                    autocomplete="country-name",
                    list_id="status-country-options",
                    hint=_("Start typing to search the list."),
                ),
                country_list("status-country-options"),
                rx.cond(
                    S.is_us,
                    select_field(
                        _("State"),
                        "state",
                        US_STATES,
                        value=S.contact["state"],
                        error=tr(S.contact_errors["state"]),
                        on_change=lambda v: S.set_contact("state", v),
                        autocomplete="address-level1",
                    ),
                ),
                _contact_text(_("Zip code"), "zip_code", autocomplete="postal-code", max_length=20),
                class_name="form-grid",
            ),
            rx.el.button(_("Save my details"), type="submit", class_name="btn", style={"margin_top": "1rem"}),
            on_submit=S.save_contact,
            no_validate=True,
            aria_labelledby="contact-heading",
        ),
        rx.el.p(
            tr(S.contact_saved), role="status", class_name=rx.cond(S.contact_saved != "", "notice-info", "")
        ),
        style={"margin_top": "2.5rem"},
    )


def data_rights_section() -> rx.Component:
    """Download and erase (engineer A2's pages/candidate_data.py); handlers re-check the token."""

    return data_rights_controls()


def _ready() -> rx.Component:
    return rx.el.div(
        rx.el.h1(
            _("Your applications"),
            style={"margin": "1.5rem 0 0.5rem", "font_size": "2rem", "line_height": "1.2"},
        ),
        rx.el.p(
            _(
                "Where each of your applications stands. Keep the link that brought you here to yourself: "
                "anyone with it can see and change this page."
            ),
            style={"color": MUTED, "margin": "0 0 1.5rem"},
        ),
        rx.cond(
            S.items.length() > 0,
            rx.el.ul(rx.foreach(S.items, _item), class_name="status-list", aria_label=_("Your applications")),
            rx.el.p(_("There are no applications under this address any more.")),
        ),
        _contact_form(),
        data_rights_section(),
        rx.el.p(
            _("How we use your data:"),
            " ",
            rx.el.a(_("privacy notice"), href=routes.PRIVACY),
            ".",
            style={"margin_top": "2.5rem", "color": MUTED},
        ),
        _withdraw_dialog(),
    )


def status_page() -> rx.Component:
    return page_shell(
        rx.match(
            S.status,
            ("ready", _ready()),
            (
                "invalid",
                rx.el.div(
                    rx.el.h1(
                        _(EXPIRED),
                        style={"margin": "1.5rem 0 0.5rem", "font_size": "2rem", "line_height": "1.2"},
                    ),
                    _request_form(
                        _(
                            "Links to your applications work for a limited time. Enter the email address "
                            "you applied with and we will send you a new one."
                        )
                    ),
                ),
            ),
            (
                "request",
                rx.el.div(
                    rx.el.h1(
                        _("Your applications"),
                        style={"margin": "1.5rem 0 0.5rem", "font_size": "2rem", "line_height": "1.2"},
                    ),
                    _request_form(
                        _(
                            "See where your applications stand, withdraw one or correct your details. "
                            "Enter the email address you applied with and we will send you a link; no "
                            "account is needed."
                        )
                    ),
                ),
            ),
            rx.el.p(_("Loading…"), role="status", style={"margin": "2.5rem 0", "color": MUTED}),
        ),
        languages=True,
    )


def privacy_page() -> rx.Component:
    paragraphs = [
        (
            _("What we keep"),
            _(
                "When you apply to {company}, we keep what you enter in the application: your name, email "
                "address, phone number and address, the documents you upload, and the voluntary "
                "self-identification answers you choose to give. We also keep where your application "
                "stands in our hiring process."
            ),
        ),
        (
            _("Why"),
            _(
                "We use it only to consider you for the job you applied for, to contact you about it, and "
                "to meet our legal duties (such as equal-opportunity reporting, which uses the voluntary "
                "answers only in counts, never to decide on anyone). If you ticked “keep my details for "
                "future openings”, we may also contact you about other jobs."
            ),
        ),
        (
            _("Who sees it"),
            _(
                "The recruiters and hiring managers working on the job. Voluntary self-identification "
                "answers are kept apart and are never shown to anyone making hiring decisions. We do not "
                "sell your data."
            ),
        ),
        (
            _("How long"),
            _(
                "We keep applications for a limited time after the job is filled or the application is "
                "closed, then delete them, unless the law requires us to keep them longer."
            ),
        ),
        (
            _("Your choices"),
            _(
                "From the link in the email we sent when you applied you can see where your applications "
                "stand, withdraw an application and correct your contact details. You can also ask for a "
                "copy of your data or for it to be erased. Lost the link? Ask for a new one on the status "
                "page."
            ),
        ),
    ]
    return page_shell(
        rx.el.article(
            rx.el.h1(
                _("Privacy notice for applicants"),
                style={"margin": "1.5rem 0 0.5rem", "font_size": "2rem", "line_height": "1.2"},
            ),
            *[rx.el.section(rx.el.h2(title), rx.el.p(text)) for title, text in paragraphs],
            rx.el.p(rx.el.a(_("Your applications"), href=routes.CANDIDATE_STATUS)),
            class_name="posting",
        ),
        languages=True,
    )


def register(app: rx.App) -> None:
    app.add_page(
        status_page,
        route=routes.CANDIDATE_STATUS,
        title=_("Your applications | {company} Careers"),
        on_load=[LanguageState.detect, S.load],
    )
    app.add_page(
        privacy_page,
        route=routes.PRIVACY,
        title=_("Privacy notice | {company} Careers"),
        on_load=LanguageState.detect,
    )
