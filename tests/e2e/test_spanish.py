"""The candidate side in Spanish (issue 22, "A second language"), in the browser.

A browser that prefers Spanish gets the board in Spanish from the first response on; the
visible switcher changes the language and keeps the page's address (``?lang=``); the choice
follows the person to a posting, which shows its Spanish version. The wizard's country list,
review step and consent are Spanish, and the consent stored is the Spanish one shown; a job
alert asked for in Spanish is confirmed on a Spanish page. Screenshots of the Spanish board,
the review step and the alert's confirm page at desktop and phone width go to the test's
output folder.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from careers_app.devtools.appserver import RunningApp
from careers_app.devtools.pdfs import make_resume
from tests.browser import CORTEX

SPANISH_TITLE = "Ingeniero/a de aprendizaje automático - Ciencia de datos, Cortex"
SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))


def _live(page: Page) -> None:
    """The live page has replaced the first response's copy."""
    expect(page.locator("body > .first-response")).to_have_count(0)


def test_board_and_posting_in_spanish_with_the_switcher(page: Page) -> None:
    page.context.set_extra_http_headers({"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
    response = page.goto("/careers")
    assert response is not None and "Trabaja en" in response.text()  # the first response already
    expect(page.locator("html")).to_have_attribute("lang", "es")
    _live(page)
    expect(page.get_by_role("heading", name="Trabaja en Twitter")).to_be_visible()
    expect(page.get_by_label("Buscar empleos")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ puestos vacantes$"))).to_be_visible()
    expect(page.get_by_role("link", name="Español")).to_have_attribute("aria-current", "true")

    # English by the switcher: same page, ?lang=en, and <html lang> follows.
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/careers\?lang=en$"))
    _live(page)
    expect(page.get_by_role("heading", name="Work at Twitter")).to_be_visible()
    expect(page.get_by_label("Search jobs")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # A filter chosen in English, then back to Spanish: the filter stays in the address.
    page.get_by_label("Team").select_option("engineering")
    expect(page).to_have_url(re.compile(r"team=engineering"))
    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"team=engineering.*lang=es|lang=es.*team=engineering"))
    _live(page)
    expect(page.get_by_label("Equipo", exact=True)).to_have_value("engineering")
    expect(page.get_by_role("heading", name="Trabaja en Twitter")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # The choice follows to a posting opened without ?lang (the switcher's cookie), and the
    # posting's Spanish version is shown with the Spanish chrome around it.
    page.context.set_extra_http_headers({})
    page.goto(f"/jobs/{CORTEX}")
    _live(page)
    expect(page.get_by_role("heading", name=SPANISH_TITLE)).to_be_visible()
    expect(page.get_by_role("heading", name="Quiénes somos")).to_be_visible()
    expect(page.get_by_role("link", name="Solicitar este empleo").first).to_be_visible()
    expect(page.get_by_text("Jornada completa")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Ingeniero/a .* \| Empleo en Twitter$"))
    ld = page.locator('script[type="application/ld+json"]').first.text_content() or ""
    assert "Ingeniero/a de aprendizaje" in ld and f"/jobs/{CORTEX}?lang=es" in ld

    # The same posting in English by the switcher.
    page.get_by_role("link", name="English").click()
    _live(page)
    expect(
        page.get_by_role("heading", name="Machine Learning Engineer - Data Science, Cortex")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Apply for this job").first).to_be_visible()


def _next(page: Page, heading: str) -> None:
    page.get_by_role("button", name="Siguiente").click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def test_the_wizard_in_spanish_with_a_live_message_and_spanish_mail(
    page: Page, app_server: RunningApp, tmp_path: Path
) -> None:
    resume = tmp_path / "Ana_Ruiz_CV.pdf"
    resume.write_bytes(make_resume("Ana Ruiz", "Ingeniera", ["Spark, Scala y la JVM"]))
    email = f"ana.{uuid.uuid4().hex[:8]}@example.com"
    page.goto(f"/jobs/{CORTEX}/apply?lang=es")
    expect(page.get_by_role("heading", level=1, name=SPANISH_TITLE)).to_be_visible()
    expect(page.get_by_role("heading", name="Paso 1 de 5: Tú")).to_be_visible()
    first = page.get_by_label("Nombre")
    first.fill("123")
    page.get_by_label("Apellidos").click()  # leaving the field validates it
    expect(page.get_by_text("Usa solo letras, espacios, guiones y apóstrofos.")).to_be_visible()
    expect(first).to_have_attribute("aria-invalid", "true")
    first.fill("Ana")
    page.get_by_label("Apellidos").fill("Ruiz")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Teléfono principal").fill("(415) 555-0132")
    _next(page, "Paso 2 de 5: Dónde vives")
    page.get_by_label("Ciudad").fill("San Francisco")
    # The country list names countries in Spanish (Babel's data); its values stay English.
    expect(page.locator("#country-options option[value='Spain']")).to_have_attribute("label", "España")
    page.get_by_label("País").fill("Estados Unidos")  # typed in Spanish: the list's English value
    page.get_by_label("Código postal").click()
    expect(page.get_by_label("País")).to_have_value("United States")
    page.get_by_label("Estado").select_option("California")
    page.get_by_label("Código postal").fill("94103")
    _next(page, "Paso 3 de 5: Documentos")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Subir currículum/perfil").click()
    chooser.value.set_files(str(resume))
    expect(page.get_by_test_id("resume-card")).to_contain_text("Ana_Ruiz_CV.pdf")
    _next(page, "Paso 4 de 5: Autoidentificación voluntaria")
    page.get_by_label("Género", exact=True).select_option(label="Mujer")
    _next(page, "Paso 5 de 5: Revisión")
    expect(page.locator("form")).to_contain_text("1 de 6 preguntas respondidas")
    expect(page.locator("form dd").filter(has_text="Estados Unidos")).to_have_count(1)
    expect(page.get_by_text("(opcional)")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"spanish-review-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Acepto que Twitter guarde").check()  # the consent's own words are stored as shown
    page.get_by_role("button", name="Enviar solicitud").click()
    expect(page.get_by_role("heading", name="¡Gracias por tu solicitud!")).to_be_visible()
    expect(page.get_by_text("Cuando recibamos tu solicitud", exact=False)).to_be_visible()  # a seed step

    engine = sa.create_engine(app_server.database_url)
    with engine.connect() as db:
        language, mails, text_id, words, country = db.execute(
            sa.text(
                "select a.language, (select count(*) from outbox o where o.application_id = a.id "
                "and o.subject like 'Hemos recibido tu solicitud: Ingeniero/a%'), a.consent_text_id, "
                "a.consent_text, c.country from application a "
                "join candidate c on c.id = a.candidate_id where c.email = :e"
            ),
            {"e": email},
        ).one()
    engine.dispose()
    assert (language, mails) == ("es", 1)
    # The consent stored is the Spanish one shown, under its own id; the country in English.
    assert text_id == "wizard-2026-11-es" and words.startswith("[required] Acepto que Twitter guarde")
    assert country == "United States"


def test_spanish_screenshots(page: Page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/careers?lang=es")
        _live(page)
        expect(page.get_by_role("heading", name="Trabaja en Twitter")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"spanish-board-{width}.png"), full_page=False)
        page.goto(f"/jobs/{CORTEX}/apply?lang=es")
        expect(page.get_by_role("heading", name="Paso 1 de 5: Tú")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"spanish-wizard-{width}.png"), full_page=True)


def test_a_job_alert_asked_for_in_spanish_is_confirmed_in_spanish(page: Page, app_server: RunningApp) -> None:
    email = f"alerta.{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/careers?lang=es")
    _live(page)
    page.get_by_text("Envíame por correo nuevos empleos como estos").click()
    form = page.get_by_role("form", name="Alerta de empleo")
    expect(form).to_contain_text("Twitter te enviará como mucho un correo al día")
    form.get_by_label("Correo electrónico").fill(email)
    form.get_by_role("button", name="Crear alerta de empleo").click()
    expect(form.get_by_role("status")).to_contain_text("Revisa tu bandeja de entrada")
    engine = sa.create_engine(app_server.database_url)
    body = ""
    for _ in range(60):  # the handler has committed when the answer shows; be patient anyway
        with engine.connect() as db:
            body = (
                db.execute(
                    sa.text("select body from outbox where to_email = :e and kind = 'job_alert_confirm'"),
                    {"e": email},
                ).scalar()
                or ""
            )
        if body:
            break
        page.wait_for_timeout(250)
    engine.dispose()
    assert body.startswith("Hola:")
    found = re.search(r"(/alerts/confirm\?token=[A-Za-z0-9_-]+&lang=es)", body)
    assert found is not None
    page.context.clear_cookies()  # the link's own ?lang=es is enough
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(found.group(1))
        expect(page.get_by_role("heading", name="Confirma tu alerta de empleo")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "es")
        page.screenshot(path=str(SHOTS / f"spanish-alert-confirm-{width}.png"), full_page=True)
    page.get_by_role("button", name="Confirmar alerta de empleo").click()
    expect(page.get_by_role("heading", name="Tu alerta de empleo está activada")).to_be_visible()
    page.screenshot(path=str(SHOTS / "spanish-alert-on-390.png"), full_page=True)
    # Unsubscribed again (from the answer page's Spanish button): a confirmed "all jobs" alert
    # left in the shared app would get a digest in tests/e2e/test_job_alerts.py's run.
    page.get_by_role("button", name="Cancelar la suscripción").click()
    expect(page.get_by_role("heading", name="Has cancelado la suscripción")).to_be_visible()
