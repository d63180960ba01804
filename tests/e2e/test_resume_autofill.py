"""Resume autofill in real Chromium: upload a resume on step 1, see the suggestions marked
"From your resume", accept one, clear one, edit one, and check what the saved draft holds."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from careers_app.devtools.appserver import RunningApp
from tests.resumes.corpus import CORPUS, build

APPLY = "/jobs/machine-learning-engineer-data-science-cortex/apply"
PENDING = "Accept or clear this suggestion from your resume."
SHOTS = Path(os.environ.get("CAREERS_SCREENSHOTS", "/tmp/careers-screenshots"))


@pytest.fixture(scope="module")
def resume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("autofill") / "Jane_Doe_resume.pdf"
    path.write_bytes(build(next(r for r in CORPUS if r.key == "us-single")))
    return path


def _draft(page: Page, app: RunningApp) -> dict[str, str]:
    token = page.evaluate("() => localStorage.getItem('careers_draft_token')")
    digest = hashlib.sha256(json.loads(token) if token.startswith('"') else token.encode()).hexdigest()
    with sa.create_engine(app.database_url).connect() as conn:
        data = conn.execute(
            sa.text("select data from application_draft where token_hash = :h"), {"h": digest}
        ).scalar_one()
    return json.loads(data) if isinstance(data, str) else dict(data)


def _start_from_resume(page: Page, resume: Path) -> None:
    page.goto(APPLY)
    expect(page.get_by_role("heading", name="Step 1 of 5: You")).to_be_visible()
    expect(page.get_by_role("heading", name="Start from my resume")).to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload resume").click()
    chooser.value.set_files(str(resume))
    expect(page.get_by_label("First name")).to_have_value("Jane")


def test_suggestions_from_the_resume_are_confirmed_one_by_one_and_only_then_saved(
    page: Page, app_server: RunningApp, resume: Path
) -> None:
    _start_from_resume(page, resume)
    expect(page.get_by_label("Last name")).to_have_value("Doe")
    expect(page.get_by_label("Email address")).to_have_value("jane.doe@example.com")
    expect(page.get_by_label("Primary phone")).to_have_value("+1 415-555-0132")
    expect(page.get_by_text("From your resume", exact=True)).to_have_count(4)
    expect(page.get_by_role("status").filter(has_text="From your resume we suggested")).to_contain_text(
        "First name, Last name, Email address, Primary phone, City, Country"
    )
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []

    page.get_by_role("button", name="Accept First name").click()
    expect(page.get_by_role("button", name="Accept First name")).to_have_count(0)
    page.get_by_role("button", name="Clear Primary phone").click()
    expect(page.get_by_label("Primary phone")).to_have_value("")
    expect(page.get_by_label("Primary phone")).to_be_focused()
    page.get_by_label("Primary phone").fill("+44 20 7946 0958")
    page.get_by_label("Last name").fill("Doe-Smith")  # an edit confirms it too
    expect(page.get_by_role("button", name="Accept Last name")).to_have_count(0)
    expect(page.get_by_text("From your resume", exact=True)).to_have_count(1)  # the email, still unconfirmed

    page.get_by_role("button", name="Next").click()  # waits for the email's suggestion
    expect(page.get_by_text(PENDING)).to_be_visible()
    expect(page.get_by_role("heading", name="Step 1 of 5: You")).to_be_visible()
    page.get_by_role("button", name="Accept Email address").click()
    expect(page.get_by_text(PENDING)).to_have_count(0)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Step 2 of 5: Where you live")).to_be_visible()

    saved = _draft(page, app_server)
    assert (saved["first_name"], saved["last_name"], saved["email"], saved["phone"]) == (
        "Jane",
        "Doe-Smith",
        "jane.doe@example.com",
        "+44 20 7946 0958",
    )
    assert saved.get("city", "") == "" and saved.get("country", "") == ""  # suggestions, not saved yet

    expect(page.get_by_label("City")).to_have_value("San Francisco")
    expect(page.get_by_label("Country")).to_have_value("United States")
    page.get_by_role("button", name="Clear City").click()
    page.get_by_role("button", name="Accept Country").click()
    expect(page.get_by_text("From your resume", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Step 3 of 5: Documents")).to_be_visible()
    expect(page.get_by_test_id("resume-card")).to_contain_text("Jane_Doe_resume.pdf")
    saved = _draft(page, app_server)
    assert saved["country"] == "United States" and saved.get("city", "") == ""


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_suggestions(page: Page, phone_page: Page, resume: Path, width: int) -> None:
    pg = page if width == 1280 else phone_page
    _start_from_resume(pg, resume)
    expect(pg.get_by_text("From your resume", exact=True)).to_have_count(4)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"autofill-suggestions-{width}.png"), full_page=True)
