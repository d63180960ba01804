"""The application wizard page: five steps, one at a time, then the outcome."""

from __future__ import annotations

import reflex as rx

from careers_app import routes
from careers_app.components.form import country_list, country_shown, field_error, select_field, text_field
from careers_app.components.layout import MUTED, job_not_found, page_shell
from careers_app.i18n import N_
from careers_app.pages.apply_autofill import autofill_note, pending_marker, start_from_resume, with_suggestion
from careers_app.services.applying import consent
from careers_app.services.candidates import race_2024
from careers_app.services.candidates.documents import MAX_BYTES
from careers_app.services.platform.reference import (
    EEO_EXPLANATION,
    EEO_QUESTIONS,
    EEO_TITLE,
    ERROR_TITLE,
    SUCCESS_MESSAGE,
    SUCCESS_TITLE,
    UPLOAD_HINT,
    US_STATES,
)
from careers_app.settings import get_settings
from careers_app.states.apply import STEP_TITLES, WIZARD_FORM_ID, ApplyState
from careers_app.states.language import LanguageState, _, tr

CLOSED_MESSAGE = N_("This job is no longer accepting applications.")


def _text(label: rx.Var[str], name: str, **kwargs: object) -> rx.Component:
    return with_suggestion(label, name, _plain_text(label, name, **kwargs))


def _plain_text(label: rx.Var[str], name: str, **kwargs: object) -> rx.Component:
    return text_field(
        label,
        name,
        value=ApplyState.values[name],
        error=tr(ApplyState.errors[name]),
        on_change=lambda v: ApplyState.set_field(name, v),
        on_blur=lambda _v: ApplyState.leave_field(name),
        **kwargs,
    )


def _step_indicator() -> rx.Component:
    items = []
    for number, title in enumerate(STEP_TITLES, start=1):
        items.append(
            rx.el.li(
                rx.el.span(f"{number}. ", class_name="step-num-inline"),
                rx.el.span(_(title), class_name="step-name"),
                aria_current=rx.cond(ApplyState.step == number, "step", None),
                class_name=rx.cond(ApplyState.step > number, "done", ""),
            )
        )
    return rx.el.nav(rx.el.ol(*items, class_name="wizard-steps"), aria_label=_("Application steps"))


def _step_you() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            start_from_resume(_picker("resume", _("Resume"), ApplyState.upload_resume, _("Upload resume"))),
            class_name="wide",
        ),
        _text(_("First name"), "first_name", required=True, autocomplete="given-name", max_length=100),
        _text(_("Last name"), "last_name", required=True, autocomplete="family-name", max_length=100),
        _text(
            _("Email address"),
            "email",
            required=True,
            input_type="email",
            autocomplete="email",
            max_length=254,
        ),
        _text(
            _("Primary phone"),
            "phone",
            required=True,
            input_type="tel",
            autocomplete="tel",
            hint=_("Outside the United States? Start with + and your country code."),
            max_length=40,
        ),
        class_name="form-grid",
    )


def _step_where() -> rx.Component:
    return rx.el.div(
        rx.el.div(_text(_("Address"), "address", autocomplete="street-address"), class_name="wide"),
        _text(_("City"), "city", autocomplete="address-level2", max_length=100),
        _text(
            _("Country"),
            "country",
            required=True,
            autocomplete="country-name",
            list_id="country-options",
            hint=_("Start typing to search the list."),
        ),
        country_list("country-options"),
        rx.cond(
            ApplyState.is_us,
            select_field(
                _("State"),
                "state",
                US_STATES,
                value=ApplyState.values["state"],
                error=tr(ApplyState.errors["state"]),
                on_change=lambda v: ApplyState.set_field("state", v),
                autocomplete="address-level1",
            ),
        ),
        _text(_("Zip code"), "zip_code", autocomplete="postal-code", max_length=20),
        class_name="form-grid",
    )


def _picker(
    kind: str, label: rx.Var[str], handler: rx.EventHandler, button: rx.Var[str] | str
) -> rx.Component:
    """A document's drop zone and button (the resume's is on step 1 too: "Start from my resume")."""
    control_id = f"field-{kind}"
    picker = rx.upload(
        rx.el.p(_("Drop a PDF here, or"), style={"margin": "0 0 0.5rem"}),
        rx.el.button(
            button,
            type="button",
            id=control_id,
            class_name="btn btn-secondary",
            aria_describedby=f"{control_id}-hint {control_id}-error",
        ),
        id=kind,
        accept={"application/pdf": [".pdf"]},
        multiple=False,
        max_files=1,
        max_size=MAX_BYTES,
        no_keyboard=True,
        on_drop=handler(
            rx.upload_files_chunk(
                upload_id=kind, on_upload_progress=lambda p: ApplyState.upload_progress(kind, p)
            )
        ),
        on_drop_rejected=lambda rejected: ApplyState.file_rejected(
            kind,
            rejected.to(list)[0].to(dict)["file"].to(dict)["size"],
            rejected.to(list)[0].to(dict)["errors"].to(list)[0].to(dict)["code"],
        ),
        class_name="dropzone",
    )
    _label_file_input(picker, label + " " + _("(PDF file)"))
    return picker


def _document(kind: str, label: str, required: bool, handler: rx.EventHandler) -> rx.Component:
    """``label``: "Resume/profile" or "Cover letter" (its messages are in the catalog)."""
    doc = ApplyState.documents[kind]
    control_id = f"field-{kind}"
    has_doc = doc["name"] != ""
    words = DOCUMENT_WORDS[label]
    button = rx.cond(has_doc, _(words[0]), _(words[1]))
    label_text = _(label)
    picker = _picker(kind, label_text, handler, button)
    return rx.el.section(
        rx.el.h3(
            label_text,
            *([rx.el.span(" *", aria_hidden="true", style={"color": "#b42318"})] if required else []),
            style={"font_size": "1.05rem", "margin": "1.25rem 0 0.25rem"},
        ),
        rx.el.p(
            (_("Required.") if required else _("Optional.")) + " " + _(UPLOAD_HINT),
            id=f"{control_id}-hint",
            class_name="field-hint",
        ),
        rx.cond(
            has_doc,
            rx.el.div(
                rx.el.div(
                    rx.el.strong(doc["name"], style={"overflow_wrap": "anywhere"}),
                    rx.el.span(" · " + doc["size"] + " · " + doc["pages"], style={"color": MUTED}),
                ),
                rx.el.button(
                    _(words[2]),
                    type="button",
                    class_name="link-button",
                    on_click=ApplyState.remove_document(kind),
                ),
                class_name="doc-card",
                data_testid=f"{kind}-card",
            ),
        ),
        rx.cond(
            ApplyState.uploading[kind],
            rx.el.div(
                rx.el.label(_(words[3]), html_for=f"{kind}-progress"),
                rx.el.progress(
                    value=ApplyState.progress[kind], max=100, id=f"{kind}-progress", class_name="progress"
                ),
                role="status",
            ),
            picker,
        ),
        field_error(control_id, tr(ApplyState.errors[kind])),
        aria_label=label_text,
    )


def _label_file_input(upload: rx.Component, label: rx.Var[str]) -> None:
    """Give the dropzone's visually hidden file input an accessible name."""
    stack = list(upload.children)
    while stack:
        child = stack.pop()
        if getattr(child, "tag", "") == "input":
            child.custom_attrs["aria-label"] = label
            return
        stack.extend(child.children)


def _step_documents() -> rx.Component:
    return rx.el.div(
        autofill_note(),
        _document("resume", "Resume/profile", True, ApplyState.upload_resume),
        _document("cover_letter", "Cover letter", False, ApplyState.upload_cover_letter),
        _links(),
    )


def _links() -> rx.Component:
    """Optional links (the resume's are suggested when it is uploaded): http(s) only."""
    return rx.el.fieldset(
        rx.el.legend(_("Links (optional)"), style={"font_weight": "600", "padding": "0"}),
        rx.el.div(
            *(
                _text(label, name, input_type="url", autocomplete="url", max_length=200)
                for label, name in (
                    (_("LinkedIn profile"), "linkedin"),
                    (_("GitHub profile"), "github"),
                    (_("Website or portfolio"), "website"),
                )
            ),
            class_name="form-grid",
        ),
        style={"border": "none", "padding": "0", "margin": "1.5rem 0 0", "min_width": "0"},
    )


# A document's words: its button to upload or replace, to remove, and its progress label.
DOCUMENT_WORDS: dict[str, tuple[str, str, str, str]] = {
    "Resume/profile": (
        N_("Replace resume/profile"),
        N_("Upload resume/profile"),
        N_("Remove resume/profile"),
        N_("Uploading resume/profile"),
    ),
    "Cover letter": (
        N_("Replace cover letter"),
        N_("Upload cover letter"),
        N_("Remove cover letter"),
        N_("Uploading cover letter"),
    ),
}


def _race_2024() -> rx.Component:
    """The 2024 standard's one combined question: tick every category that applies."""
    error = ApplyState.errors["race_ethnicity"]
    boxes = [*race_2024.CATEGORIES, (race_2024.DECLINE_CODE, race_2024.DECLINE)]
    return rx.el.fieldset(
        rx.el.legend(_(race_2024.LABEL), style={"font_weight": "600", "font_size": "0.9rem", "padding": "0"}),
        rx.el.p(_(race_2024.HINT), class_name="field-hint", id="field-race_ethnicity-hint"),
        *[
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    id=f"race-{code.lower()}",
                    checked=ApplyState.race_codes.contains(code),
                    on_change=lambda checked, code=code: ApplyState.toggle_race(code, checked),
                    style={"width": "1.2rem", "height": "1.2rem", "margin": "0.15rem 0 0", "flex": "none"},
                ),
                rx.el.span(_(label)),
                style={"display": "flex", "gap": "0.6rem", "align_items": "flex-start", "margin": "0.4rem 0"},
            )
            for code, label in boxes
        ],
        field_error("field-race_ethnicity", tr(error)),
        id="field-race_ethnicity",
        aria_describedby="field-race_ethnicity-hint field-race_ethnicity-error",
        class_name="wide",  # not "field": its label and input rules are for text boxes
        style={"border": "none", "padding": "0", "margin": "0 0 0.75rem", "min_width": "0"},
    )


def _step_voluntary() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.p(_(EEO_TITLE), style={"font_weight": "700"}),
            *[rx.el.p(_(text)) for text in EEO_EXPLANATION],
            class_name="eeo-intro",
        ),
        rx.el.div(
            *[
                _race_2024()
                if name == "race_ethnicity" and get_settings().eeo_race_standard == "2024"
                else select_field(
                    _(label),
                    name,
                    options,
                    value=ApplyState.values[name],
                    error=tr(ApplyState.errors[name]),
                    on_change=lambda v, name=name: ApplyState.set_field(name, v),
                    translate_options=True,
                )
                for name, label, options in EEO_QUESTIONS
            ],
            class_name="form-grid",
        ),
        rx.el.button(
            _("Skip this step"),
            type="button",
            class_name="btn btn-secondary",
            on_click=ApplyState.skip_voluntary,
        ),
    )


def _review_row(label: rx.Var[str], value: rx.Var[str] | str) -> list[rx.Component]:
    return [rx.el.dt(label), rx.el.dd(rx.cond(value != "", value, "—"))]


def _review_block(title: rx.Var[str], step: int, rows: list[rx.Component]) -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h3(title, style={"font_size": "1.05rem", "margin": 0}),
            rx.el.button(
                _("Edit"),
                rx.el.span(" ", title, class_name="sr-only"),
                type="button",
                class_name="link-button",
                on_click=ApplyState.go_to_step(step),
            ),
            style={"display": "flex", "justify_content": "space-between", "align_items": "baseline"},
        ),
        rx.el.dl(*rows),
        style={"border_top": "1px solid #e1e8ed", "padding_top": "0.75rem"},
    )


def _step_review() -> rx.Component:
    v = ApplyState.values
    d = ApplyState.documents
    return rx.el.div(
        _review_block(
            _("You"),
            1,
            [
                *_review_row(_("Name"), v["first_name"] + " " + v["last_name"]),
                *_review_row(_("Email address"), v["email"]),
                *_review_row(_("Primary phone"), v["phone"]),
            ],
        ),
        _review_block(
            _("Where you live"),
            2,
            [
                *_review_row(_("Address"), v["address"]),
                *_review_row(_("City"), v["city"]),
                *_review_row(_("State"), v["state"]),
                *_review_row(_("Country"), country_shown(v["country"])),
                *_review_row(_("Zip code"), v["zip_code"]),
            ],
        ),
        _review_block(
            _("Documents"),
            3,
            [
                *_review_row(
                    _("Resume/profile"),
                    rx.cond(
                        d["resume"]["name"] != "", d["resume"]["name"] + " (" + d["resume"]["pages"] + ")", ""
                    ),
                ),
                *_review_row(
                    _("Cover letter"),
                    rx.cond(
                        d["cover_letter"]["name"] != "",
                        d["cover_letter"]["name"] + " (" + d["cover_letter"]["pages"] + ")",
                        "",
                    ),
                ),
                *_review_row(_("LinkedIn profile"), v["linkedin"]),
                *_review_row(_("GitHub profile"), v["github"]),
                *_review_row(_("Website or portfolio"), v["website"]),
            ],
        ),
        _review_block(
            _("Voluntary self-identification"),
            4,
            [
                rx.el.dt(_("Answers")),
                rx.el.dd(
                    rx.cond(
                        ApplyState.eeo_answered > 0,
                        _("{answered} of {total} questions answered (kept private)")
                        .replace("{answered}", ApplyState.eeo_answered.to_string())
                        .replace("{total}", str(len(EEO_QUESTIONS))),
                        _("None given"),
                    )
                ),
            ],
        ),
        _consent(),
        class_name="review",
    )


def _consent() -> rx.Component:
    """Consent to processing (required, unticked) and to future openings (optional).

    The words are services/applying/consent.py's, in the tab's language: the same ones stored with
    the application (the submit stores the words of the tab's language).
    """
    error = ApplyState.errors[consent.PROCESSING_FIELD]
    return rx.el.fieldset(
        rx.el.legend(_("Your consent"), style={"font_weight": "700", "padding": "0 0.25rem"}),
        rx.el.label(
            rx.el.input(
                type="checkbox",
                id="field-consent_processing",
                name=consent.PROCESSING_FIELD,
                default_checked=ApplyState.consent_processing,  # ticks at once; the server is told
                on_change=lambda checked: ApplyState.set_consent(consent.PROCESSING_FIELD, checked),
                aria_required="true",
                aria_invalid=rx.cond(error != "", "true", "false"),
                aria_describedby="field-consent_processing-error",
            ),
            rx.el.span(
                _(consent.PROCESSING_TEXT),
                rx.el.span(" *", aria_hidden="true", style={"color": "#b42318"}),
                rx.el.span(" ", _("(required)"), class_name="sr-only"),
            ),
        ),
        field_error("field-consent_processing", tr(error)),
        rx.el.label(
            rx.el.input(
                type="checkbox",
                id="field-consent_future_openings",
                name=consent.FUTURE_FIELD,
                default_checked=ApplyState.consent_future_openings,
                on_change=lambda checked: ApplyState.set_consent(consent.FUTURE_FIELD, checked),
            ),
            rx.el.span(_(consent.FUTURE_TEXT), " ", _("(optional)")),
        ),
        rx.el.p(
            rx.el.a(_("Read the privacy notice"), href=routes.PRIVACY, target="_blank", rel="noopener"),
            style={"margin": "0.5rem 0 0"},
        ),
        class_name="consent",
    )


def _redo_notice() -> rx.Component:
    """After the tab's state was lost mid-typing (see resilience.LostWizardState): which field
    to check, since its last change reached no server."""
    return rx.cond(
        ApplyState.redo_labels.length() > 0,
        rx.el.div(
            rx.el.strong(_("We lost the connection for a moment."), " "),
            _("Please check {fields}: your last change there was not kept.").replace(
                "{fields}", ApplyState.redo_labels.join(", ")
            ),
            class_name="notice-info",
            role="alert",
        ),
    )


def _outcome_notices() -> rx.Component:
    return rx.el.div(
        rx.cond(
            ApplyState.submit_failed,
            rx.el.div(
                rx.el.strong(_(ERROR_TITLE) + ": "),
                tr(ApplyState.error_summary),
                rx.el.ul(
                    rx.foreach(
                        ApplyState.fixes,
                        lambda fix: rx.el.li(
                            rx.el.button(
                                tr(fix["label"]),
                                type="button",
                                class_name="link-button",
                                on_click=ApplyState.go_to_step(fix["step"].to(int)),
                            ),
                            ": " + tr(fix["message"]),
                        ),
                    ),
                ),
                class_name="notice-error",
                role="alert",
            ),
        ),
        id="submit-status",
        tab_index=-1,
    )


def _wizard() -> rx.Component:
    return rx.el.div(
        rx.el.a(
            _("← Back to the job"),
            href=ApplyState.posting_url,
            style={"display": "inline-block", "margin": "1.5rem 0 0"},
        ),
        rx.el.p(_("Apply for"), style={"color": MUTED, "margin": "0.75rem 0 0"}),
        rx.el.h1(
            ApplyState.title, style={"font_size": "1.9rem", "margin": "0 0 0.25rem", "line_height": "1.2"}
        ),
        _step_indicator(),
        rx.el.form(
            rx.el.h2(
                _("Step {step} of 5: {title}")
                .replace("{step}", ApplyState.step.to_string())
                .replace("{title}", tr(ApplyState.step_title)),
                id="step-heading",
                tab_index=-1,
                style={"font_size": "1.3rem", "outline": "none"},
            ),
            _redo_notice(),
            pending_marker(),
            rx.match(
                ApplyState.step,
                (1, _step_you()),
                (2, _step_where()),
                (3, _step_documents()),
                (4, _step_voluntary()),
                _step_review(),
            ),
            _outcome_notices(),
            rx.el.div(
                rx.cond(
                    ApplyState.step > 1,
                    rx.el.button(
                        _("Back"),
                        type="button",
                        class_name="btn btn-secondary",
                        on_click=ApplyState.previous_step,
                    ),
                    rx.el.span(),
                ),
                rx.cond(
                    ApplyState.step < 5,
                    rx.el.button(_("Next"), type="submit", class_name="btn"),
                    rx.el.button(
                        _("Submit application"),
                        type="submit",
                        class_name="btn",
                    ),
                ),
                class_name="wizard-nav",
            ),
            on_submit=rx.cond(ApplyState.step < 5, ApplyState.next_step, ApplyState.submit),
            id=WIZARD_FORM_ID,
            no_validate=True,
            aria_labelledby="step-heading",
        ),
        rx.el.div(
            rx.el.button(
                _("Discard this application"),
                type="button",
                class_name="link-button",
                on_click=ApplyState.discard,
                style={"color": MUTED},
            ),
            style={"margin_top": "2rem"},
        ),
    )


def _done() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.p(_(SUCCESS_TITLE), style={"font_weight": "700", "margin": 0}),
            rx.el.h1(
                _(SUCCESS_MESSAGE),
                id="done-heading",
                tab_index=-1,
                style={"margin": "0.25rem 0", "outline": "none"},
            ),
            rx.el.p(
                _("Your application for"),
                " ",
                rx.el.strong(ApplyState.title),
                " ",
                _("has been received."),
            ),
            class_name="notice-success",
            role="status",
        ),
        rx.el.h2(_("What happens next")),
        rx.el.ol(
            rx.foreach(ApplyState.hiring_steps, lambda s: rx.el.li(s, style={"margin": "0.4rem 0"})),
            class_name="outcome-steps",
        ),
        rx.el.a(_("See other open jobs"), href=routes.BOARD, class_name="btn"),
    )


def _closed() -> rx.Component:
    """The posting stopped taking applications while the person was on the wizard."""
    return rx.el.section(
        rx.el.p(_("Apply for"), style={"color": MUTED, "margin": "1.5rem 0 0"}),
        rx.el.h1(ApplyState.title, style={"font_size": "1.9rem", "margin": "0 0 1rem", "line_height": "1.2"}),
        rx.el.div(
            rx.el.h2(
                _(CLOSED_MESSAGE),
                id="closed-heading",
                tab_index=-1,
                style={"font_size": "1.2rem", "margin": 0, "outline": "none"},
            ),
            rx.el.p(
                _("Your application was not sent. What you entered is kept in case the job opens again."),
                style={"margin": "0.5rem 0 0"},
            ),
            class_name="notice-info",
            role="alert",
        ),
        rx.el.a(_("See open jobs"), href=routes.BOARD, class_name="btn", style={"margin_top": "1.25rem"}),
    )


def apply_page() -> rx.Component:
    return page_shell(
        rx.match(
            ApplyState.status,
            ("ready", _wizard()),
            ("done", _done()),
            ("closed", _closed()),
            (
                "missing",
                job_not_found(_("This job is closed or does not exist, so it cannot be applied for.")),
            ),
            rx.el.p(_("Loading…"), role="status", style={"margin": "2.5rem 0", "color": MUTED}),
        ),
        languages=True,
    )


def register(app: rx.App) -> None:
    title = _("Apply | {company} Careers")
    app.add_page(apply_page, route=routes.APPLY, title=title, on_load=[LanguageState.detect, ApplyState.load])
