"""Validation messages that carry a value (a country, an example, a length, a file size) in a
Spanish wizard: the catalog cannot hold them whole, so ``validation.values_in_language`` writes
them; an English tab keeps the seed's words. Through the guarded handlers (the wizard's own
unit of work), SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from careers_app import routes
from careers_app.services.candidates.validation import in_language, validate_email_address, validate_free_text
from careers_app.states.apply import ApplyState
from tests.handler_calls import Tab
from tests.unit.test_handlers import app_db
from tests.unit.test_race_2024_state import _posting

__all__ = ["app_db"]

SPANISH = {
    "phone": "Escribe un número de teléfono válido de Alemania, o empieza con + y el código del país, p. ej. "
    "+49 30 123456.",
    "zip_code": "Escribe un código postal válido de Alemania, como 10115.",
}
ENGLISH = {
    "phone": "Enter a valid phone number for Germany, or start with + and the country code, e.g. +49 30 123456.",
    "zip_code": "Enter a valid postal code for Germany, like 10115.",
}


@pytest.mark.parametrize(("lang", "expected"), [("es", SPANISH), ("en", ENGLISH)])
def test_a_wizards_messages_with_values_speak_its_language(
    app_db: Engine, lang: str, expected: dict[str, str]
) -> None:
    tab = Tab("", routes.apply_url(_posting()) + f"?lang={lang}")
    tab.send(ApplyState, "load")
    wizard = tab.state(ApplyState)
    for name, value in (("country", "Germany"), ("phone", "123"), ("zip_code", "1")):
        tab.send(ApplyState, "set_field", name=name, value=value)
        tab.send(ApplyState, "leave_field", name=name)
    assert {name: wizard.errors[name] for name in expected} == expected
    tab.send(ApplyState, "file_rejected", kind="resume", size=2_000_000, code="file-too-large")
    assert wizard.errors["resume"] == (
        "El archivo supera 1 MB (tiene 1.9 MB)."
        if lang == "es"
        else "File is larger than 1 MB (it is 1.9 MB)."
    )


def test_the_email_librarys_english_reason_is_left_out_in_spanish() -> None:
    message = validate_email_address("ada@example")[1]
    assert message.startswith("Enter a valid email address, like name@example.com (")
    assert (
        in_language(message, "es")
        == "Escribe una dirección de correo electrónico válida, como nombre@example.com."
    )
    assert in_language(validate_free_text("x" * 120, 100)[1], "es") == "Usa como máximo 100 caracteres."
    assert in_language("A message nobody wrote.", "es") == "A message nobody wrote."
