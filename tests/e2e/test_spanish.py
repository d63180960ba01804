"""The candidate side in Spanish (issue 22, "A second language"), in the browser.

A browser that prefers Spanish gets the board in Spanish from the first response on; the
visible switcher changes the language and keeps the page's address (``?lang=``); the choice
follows the person to a posting, which shows its Spanish version. Screenshots of the
Spanish board at desktop and phone width go to the test's output folder.
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
    page.get_by_label("País").fill("United States")
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
    page.get_by_label("I agree that").check()  # the consent's own words are stored as shown
    page.get_by_role("button", name="Enviar solicitud").click()
    expect(page.get_by_role("heading", name="¡Gracias por tu solicitud!")).to_be_visible()

    engine = sa.create_engine(app_server.database_url)
    with engine.connect() as db:
        language, eeo = db.execute(
            sa.text(
                "select a.language, (select count(*) from outbox o where o.application_id = a.id "
                "and o.subject like 'Hemos recibido tu solicitud: Ingeniero/a%') from application a "
                "join candidate c on c.id = a.candidate_id where c.email = :e"
            ),
            {"e": email},
        ).one()
    engine.dispose()
    assert (language, eeo) == ("es", 1)


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
