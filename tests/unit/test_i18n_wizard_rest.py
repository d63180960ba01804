"""The wizard's last English on a Spanish tab: the review step's consent (shown and stored in
the tab's language, under its own id), the 2024 race and ethnicity question, the country list
(Babel's Spanish names, English values) and the posting's standard hiring steps. What is
stored for reports and validation stays English."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from careers_app.components import form
from careers_app.models import Application, Candidate, EeoAnswer
from careers_app.pages import apply as apply_page
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.candidates import race_2024
from careers_app.services.platform import db
from careers_app.services.postings import hiring_steps
from careers_app.services.postings.postings import get_open_posting
from careers_app.settings import get_settings
from tests.applying import prepare_drafts
from tests.factories import make_office, make_posting, make_team
from tests.settings_override import use_settings
from tests.wizard import send as _send
from tests.wizard import wizard_at as _wizard

ENGLISH_CONSENT = (
    "[required] I agree that Acme may store and use the information in this application (contact "
    "details, documents and answers) to consider me for this job, as described in the privacy notice. "
    "I can withdraw my application and ask for my data to be erased at any time.\n"
    "[optional] Keep my details for future openings: Acme may keep my application after this job is "
    "filled and contact me about other jobs."
)


def test_the_english_consent_words_and_id_are_unchanged() -> None:
    assert consent.shown_text("Acme") == ENGLISH_CONSENT == consent.shown_text("Acme", "en")
    assert consent.text_id("en") == consent.TEXT_ID == "wizard-2026-11"
    agreed = consent.from_wizard(True, False, "Acme")
    assert (agreed.text_id, agreed.text) == ("wizard-2026-11", ENGLISH_CONSENT)


def test_the_spanish_consent_has_its_own_words_and_id() -> None:
    agreed = consent.from_wizard(True, True, "Acme", lang="es")
    assert agreed.text_id == "wizard-2026-11-es"
    assert agreed.text.startswith("[required] Acepto que Acme guarde y use la información")
    assert "\n[optional] Guardar mis datos para futuras vacantes: Acme puede conservar" in agreed.text
    assert "I agree" not in agreed.text


def _submit_on(lang: str, app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Application:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path, company_name="Acme"))
    ref, (token,) = prepare_drafts(app_db, tmp_path, [f"{lang}@example.org"])
    tab = _wizard(f"/jobs/{ref.slug}/apply?lang={lang}")
    tab.draft_token = token
    _send(tab, "load")
    assert tab.status == "ready" and tab.step == 5
    _send(tab, "set_field", name="phone", value="+34 612 345 678")
    _send(tab, "set_field", name="country", value="España" if lang == "es" else "Spain")
    assert tab.values["country"] == "Spain"  # the list's value, whichever language it was typed in
    _send(tab, "set_field", name="gender", value="Female")  # the option's value, shown as "Mujer"
    _send(tab, "set_field", name="race_ethnicity", value="White (not Hispanic or Latinx)")
    _send(tab, "set_consent", name="consent_processing", checked=True)
    _send(tab, "submit")
    assert tab.status == "done", tab.fixes
    with db.session_scope() as session:
        application = session.exec(select(Application)).one()
        session.expunge(application)
        return application


def test_a_spanish_wizard_stores_the_spanish_consent_it_showed_and_english_answers(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = _submit_on("es", app_db, tmp_path, monkeypatch)
    assert application.language == "es"
    assert application.consent_text_id == "wizard-2026-11-es"
    assert application.consent_text == consent.shown_text("Acme", "es")
    assert consent.processing_text("Acme", "es") in application.consent_text
    assert "Acepto que Acme" in application.consent_text
    assert application.consent_processing and not application.consent_future_openings
    with db.session_scope() as session:
        candidate = session.get(Candidate, application.candidate_id)
        eeo = session.exec(select(EeoAnswer)).one()
        assert candidate is not None and candidate.country == "Spain"  # not "España"
        assert (eeo.gender, eeo.race_ethnicity) == ("Female", "White (not Hispanic or Latinx)")


def test_an_english_wizard_stores_the_english_consent_as_before(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = _submit_on("en", app_db, tmp_path, monkeypatch)
    assert (application.consent_text_id, application.consent_text) == ("wizard-2026-11", ENGLISH_CONSENT)


def _rendered(component: object) -> str:
    """The compiled component, its non-ASCII letters as written (the JS escapes them)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), str(component))


def test_the_review_steps_consent_is_compiled_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _rendered(apply_page._consent())
    assert consent.processing_text(get_settings().company_name, "es") in page
    assert consent.future_text(get_settings().company_name, "es") in page
    assert consent.processing_text(get_settings().company_name) in page


def test_the_2024_race_question_is_compiled_in_spanish() -> None:
    page = _rendered(apply_page._race_2024())
    for spanish in (
        "Raza y/o etnia",
        "Selecciona todas las que correspondan.",
        "Prefiero no responder",
        "De Oriente Medio o del norte de África",
        "Indígena americana o nativa de Alaska",
    ):
        assert spanish in page
    # Reports still count the English labels and the stored codes.
    assert race_2024.LABELS["MENA"] == "Middle Eastern or North African"
    assert race_2024.summary("2024:ASIAN,WHITE") == "Asian, White"


def test_the_country_list_shows_spanish_names_with_english_values() -> None:
    page = _rendered(form.country_list("country-options"))
    assert '"España"' in page and '"Spain"' in page and '"Estados Unidos"' in page
    assert '"Alemania"' in page and '"Germany"' in page


def test_standard_hiring_steps_are_translated_and_typed_ones_kept(app_db: Engine) -> None:
    steps = ["Recruiter screen", "Coffee with the team", "Phone interview", "Apply", "Onsite", "Offer"]
    with db.session_scope() as session:
        slug = make_posting(session, make_team(session), make_office(session), hiring_steps=steps).slug
        spanish = get_open_posting(slug, session=session, company="Acme", base_url="http://x", lang="es")
        english = get_open_posting(slug, session=session, company="Acme", base_url="http://x")
    assert spanish is not None and english is not None
    assert spanish.steps == [
        "Entrevista con el equipo de selección",
        "Coffee with the team",  # a recruiter's own words
        "Entrevista telefónica",
        "Apply",  # a catalog message, but not a standard step: as typed
        "Entrevistas presenciales",
        "Oferta",
    ]
    assert spanish.process_name == "Proceso de selección" and english.process_name == "Hiring process"
    assert english.steps == steps
    # The wizard's done screen lists the same.
    tab = _wizard(f"/jobs/{slug}/apply?lang=es")
    _send(tab, "load")
    assert tab.hiring_steps == spanish.steps
    assert hiring_steps.steps_in(steps, "en") == steps


def test_a_spanish_wizard_counts_pages_and_says_discarded_in_spanish(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path))
    ref, (token,) = prepare_drafts(app_db, tmp_path, ["pages@example.org"])
    tab = _wizard(f"/jobs/{ref.slug}/apply?lang=es")
    tab.draft_token = token
    _send(tab, "load")
    assert tab.documents["resume"]["pages"] == "1 página"  # the review step's "(1 page)"
    toast = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), str(_send(tab, "discard")))
    assert "Se ha descartado tu solicitud." in toast
    english = _wizard(f"/jobs/{ref.slug}/apply")
    english.draft_token = apps.new_token()
    _send(english, "load")
    assert "Your application was discarded." in str(_send(english, "discard"))
