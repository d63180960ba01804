"""Form fields with their label, hint and error, wired for screen readers.

Each field takes its value, error and events from the caller, so the same pieces serve
any form. The error element is always present (empty when fine) and polite-live, and
the control points at it with aria-describedby.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_core.el.element import Element

from careers_app.services.candidates import country_names
from careers_app.services.platform.reference import COUNTRY_NAMES
from careers_app.states.language import LanguageState, _

Text = str | rx.Var[str]  # a label as written, or in the tab's language (states/language.py)


def _label(text: Text, control_id: str, required: bool) -> rx.Component:
    marks = (
        [
            rx.el.span(" *", aria_hidden="true", style={"color": "#b42318"}),
            rx.el.span(" ", _("(required)"), class_name="sr-only"),
        ]
        if required
        else []
    )
    return rx.el.label(text, *marks, html_for=control_id)


def field_error(control_id: str, error: rx.Var[str]) -> rx.Component:
    return rx.el.p(error, id=f"{control_id}-error", class_name="field-error", aria_live="polite")


def text_field(
    label: Text,
    name: str,
    *,
    value: rx.Var[str],
    error: rx.Var[str],
    on_change: Any,
    on_blur: Any,
    required: bool = False,
    input_type: str = "text",
    autocomplete: str = "off",
    hint: Text = "",
    list_id: str | None = None,
    max_length: int = 200,
) -> rx.Component:
    control_id = f"field-{name}"
    has_hint = isinstance(hint, rx.Var) or bool(hint)
    described = f"{control_id}-error" + (f" {control_id}-hint" if has_hint else "")
    extra = {"list": list_id} if list_id else {}
    return rx.el.div(
        _label(label, control_id, required),
        *([rx.el.p(hint, id=f"{control_id}-hint", class_name="field-hint")] if has_hint else []),
        # Debounced so fast typing never loses characters to the server round trip;
        # leaving the field or pressing Enter sends the value at once.
        rx.debounce_input(
            rx.el.input(
                id=control_id,
                name=name,
                type=input_type,
                value=value,
                on_change=on_change,
                on_blur=on_blur,
                auto_complete=autocomplete,
                aria_required="true" if required else "false",
                aria_invalid=rx.cond(error != "", "true", "false"),
                aria_describedby=described,
                max_length=max_length,
                **extra,
            ),
            debounce_timeout=150,
            force_notify_by_enter=True,
            force_notify_on_blur=True,
        ),
        field_error(control_id, error),
        class_name="field",
    )


def select_field(
    label: Text,
    name: str,
    options: list[str] | tuple[str, ...],
    *,
    value: rx.Var[str],
    error: rx.Var[str],
    on_change: Any,
    required: bool = False,
    placeholder: Text = "",
    autocomplete: str = "off",
    translate_options: bool = False,
) -> rx.Component:
    """``translate_options``: show each option in the tab's language (its value stays as is)."""
    control_id = f"field-{name}"
    return rx.el.div(
        _label(label, control_id, required),
        rx.el.select(
            rx.el.option(
                _("Select") if isinstance(placeholder, str) and not placeholder else placeholder, value=""
            ),
            *[rx.el.option(_(option) if translate_options else option, value=option) for option in options],
            id=control_id,
            name=name,
            value=value,
            on_change=on_change,
            auto_complete=autocomplete,
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=f"{control_id}-error",
        ),
        field_error(control_id, error),
        class_name="field",
    )


# The countries' Spanish names (Babel's CLDR data, services/candidates/country_names.py), compiled into
# the page once: the list and the review show them; the value stays the English name.
SPANISH_COUNTRIES = country_names.shown_names("es")


def country_list(list_id: str) -> rx.Component:
    """A country box's suggestions: English names as values (what is validated and stored),
    labelled in the tab's language."""
    return rx.cond(
        LanguageState.lang == "es",
        rx.el.datalist(
            *[rx.el.option(value=name, label=SPANISH_COUNTRIES[name]) for name in COUNTRY_NAMES], id=list_id
        ),
        rx.el.datalist(*[rx.el.option(value=name) for name in COUNTRY_NAMES], id=list_id),
    )


def country_shown(value: rx.Var[str]) -> rx.Var[str]:
    """A stored (English) country name as the tab's language names it."""
    spanish = rx.Var.create(SPANISH_COUNTRIES).to(dict[str, str])
    return rx.cond(LanguageState.lang == "es", spanish.get(value, value), value).to(str)


class NativeForm(Element):
    """A plain HTML form that the browser submits itself (Reflex's form always prevents that).

    Used where a real HTTP POST is the point: signing in and out, so the response can set
    or clear an HttpOnly cookie that the page's scripts never see.
    """

    tag = "form"
    action: rx.Var[str]
    method: rx.Var[str]


native_form = NativeForm.create
