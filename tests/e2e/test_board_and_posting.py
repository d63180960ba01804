"""A person browsing openings and reading the Cortex posting, in real Chromium."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

CORTEX = "Machine Learning Engineer - Data Science, Cortex"
SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))


def _results(page: Page) -> Locator:
    return page.get_by_role("region", name="Open positions").get_by_role("link")


def test_board_lists_openings_and_filters_by_team_and_office(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Work at Twitter")).to_be_visible()
    expect(page.get_by_role("heading", name="54 open positions")).to_be_visible()
    page.get_by_label("Team").select_option(label="Design (6)")
    expect(page).to_have_url("/careers?team=design")
    expect(page.get_by_role("heading", name="6 open positions")).to_be_visible()
    expect(_results(page).filter(has_text="Engineering ·")).to_have_count(0)
    seattle = page.get_by_label("Location").locator("option", has_text="Seattle, WA").text_content()
    page.get_by_label("Location").select_option(label=seattle)
    expect(page).to_have_url("/careers?team=design&office=seattle")
    expect(page.get_by_role("heading", name=re.compile(r"^[1-5] open positions?$"))).to_be_visible()
    expect(_results(page).filter(has_not_text="Design · Seattle, WA")).to_have_count(0)
    count = _results(page).count()
    for i in range(count):
        expect(_results(page).nth(i)).to_contain_text("Design · Seattle, WA")
    page.reload()  # filters live in the URL
    expect(page.get_by_label("Team")).to_have_value("design")
    expect(_results(page)).to_have_count(count)


def test_keyword_search_and_empty_result_offer_to_clear(page: Page) -> None:
    page.goto("/careers")
    search = page.get_by_role("searchbox", name="Search jobs")
    search.fill("jupyter")
    search.press("Enter")
    expect(page).to_have_url("/careers?q=jupyter")
    expect(_results(page)).to_have_count(1)
    expect(_results(page).first).to_contain_text(CORTEX)
    search = page.get_by_role("searchbox", name="Search jobs")
    search.fill("underwater basket weaving")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No open positions match these filters.")).to_be_visible()
    page.get_by_role("button", name="Clear filters").first.click()
    expect(page).to_have_url("/careers")
    expect(page.get_by_role("heading", name="54 open positions")).to_be_visible()


def test_nonsense_in_the_url_is_shown_back_safely(page: Page) -> None:
    marker = "<img src=x onerror=window.__pwned=1>"
    page.goto("/careers?team=" + marker + "&q=" + "a" * 5000 + "&office=atlantis")
    expect(page.get_by_text("There is no team called")).to_contain_text(marker)
    expect(page.get_by_text("There is no location called")).to_contain_text("atlantis")
    expect(page.get_by_text("No open positions match these filters.")).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert len(page.get_by_role("searchbox", name="Search jobs").input_value()) == 100


def test_cortex_posting_shows_sections_steps_and_json_ld(page: Page) -> None:
    page.goto("/careers")
    page.get_by_role("link", name=CORTEX).click()
    expect(page).to_have_url("/jobs/machine-learning-engineer-data-science-cortex")
    expect(page.get_by_role("heading", level=1, name=CORTEX)).to_be_visible()
    expect(page.get_by_text("San Francisco, CA", exact=True)).to_be_visible()
    for heading in ("Who we are", "What you’ll do", "Who you are", "Requirements", "Desired"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Excellent understanding of the JVM")).to_be_visible()
    steps = page.get_by_role("list", name="Engineering hiring process").get_by_role("listitem")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Step 1")
    expect(steps.nth(2)).to_contain_text("5-6 people held onsite")
    expect(page).to_have_title(f"{CORTEX} | Twitter Careers")
    ld = page.locator('head script[type="application/ld+json"]')
    expect(ld).to_have_count(1)
    data = json.loads(ld.text_content() or "")
    assert data["@type"] == "JobPosting" and data["title"] == CORTEX
    assert data["hiringOrganization"]["name"] == "Twitter"
    assert data["jobLocation"]["address"]["addressLocality"] == "San Francisco"
    assert data["datePosted"] and data["employmentType"] == "FULL_TIME" and data["description"]
    expect(page.get_by_role("link", name="Apply for this job").first).to_have_attribute(
        "href", "/jobs/machine-learning-engineer-data-science-cortex/apply"
    )


def test_dont_see_the_right_fit_leads_to_the_same_team(page: Page) -> None:
    page.goto("/jobs/machine-learning-engineer-data-science-cortex")
    expect(page.get_by_role("heading", name="Don’t see the right fit?")).to_be_visible()
    page.get_by_role("link", name="Check out other opportunities at Twitter.").click()
    expect(page).to_have_url("/careers?team=engineering")
    expect(page.get_by_label("Team")).to_have_value("engineering")
    expect(_results(page).filter(has_text=CORTEX)).to_have_count(1)


def test_closed_and_unknown_postings_are_not_found(page: Page) -> None:
    for slug in ("data-center-technician-boulder", "no-such-job", "%3Cscript%3E"):
        page.goto(f"/jobs/{slug}")
        expect(page.get_by_role("heading", level=1, name="Job not found")).to_be_visible()
        expect(page.locator('head script[type="application/ld+json"]')).to_have_count(0)
    page.get_by_role("link", name="See all open jobs").click()
    expect(page).to_have_url("/careers")


def test_keyboard_reaches_filters_and_postings(page: Page) -> None:
    page.goto("/careers")
    expect(page.get_by_role("heading", name="54 open positions")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    focused: set[str] = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    assert {"job-search", "team-filter", "office-filter"} <= focused


def test_no_serious_accessibility_violations(page: Page) -> None:
    axe = Axe()
    for path in ("/careers", "/jobs/machine-learning-engineer-data-science-cortex"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        results = axe.run(page)
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], (path, serious)


def test_screenshots_desktop_and_phone(page: Page, phone_page: Page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, pg in (("desktop", page), ("phone", phone_page)):
        for label, path in (
            ("board", "/careers"),
            ("cortex", "/jobs/machine-learning-engineer-data-science-cortex"),
        ):
            pg.goto(path)
            expect(pg.get_by_role("heading", level=1)).to_be_visible()
            pg.screenshot(path=str(SHOTS / f"{label}-{name}.png"), full_page=True)
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= pg.viewport_size["width"], f"{name} page scrolls sideways ({width}px)"  # type: ignore[index]
