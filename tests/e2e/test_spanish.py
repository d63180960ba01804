"""The candidate side in Spanish (issue 22, "A second language"), in the browser.

A browser that prefers Spanish gets the board in Spanish from the first response on; the
visible switcher changes the language and keeps the page's address (``?lang=``); the choice
follows the person to a posting, which shows its Spanish version. Screenshots of the
Spanish board at desktop and phone width go to the test's output folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser import CORTEX

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
    expect(
        page.get_by_role("heading", name="Ingeniero/a de aprendizaje automático - Ciencia de datos, Cortex")
    ).to_be_visible()
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


def test_spanish_board_screenshots(page: Page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/careers?lang=es")
        _live(page)
        expect(page.get_by_role("heading", name="Trabaja en Twitter")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"spanish-board-{width}.png"), full_page=False)
