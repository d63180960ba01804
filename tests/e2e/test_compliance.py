"""The compliance reports in Chromium: a posting with enough applications, chosen by label."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.services.compliance.eeo_disclosure import period_choice
from tests.browser import open_page
from tests.eeo_data import add_reported
from tests.factories import make_office, make_posting, make_team

# The reports count closed quarters only, each frozen once (services/compliance/eeo_snapshots.py): this
# module's applications are in a past quarter of their own, which no other module's (nor the
# demo's) are in, so nothing has frozen it before they are added.
WHEN = datetime(2025, 5, 14, 15, tzinfo=UTC)  # 2025 Q2
SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))
TITLE = "Compliance Report Analyst"


@pytest.fixture(scope="module")
def report_posting(app_server: RunningApp) -> str:
    """48 of 80 women and 12 of 40 men pass the screen (the four-fifths worked example);
    three veterans, a count the report must hide."""
    engine = sa.create_engine(app_server.database_url)
    with Session(engine) as session:
        posting = make_posting(session, make_team(session), make_office(session), title=TITLE)
        pid = posting.id or 0
        for i in range(80):
            add_reported(
                session, pid, "recruiter_screen" if i < 48 else "applied", gender="Female", submitted_at=WHEN
            )
        for i in range(40):
            add_reported(
                session, pid, "recruiter_screen" if i < 12 else "applied", gender="Male", submitted_at=WHEN
            )
        # Every other answer too, at 5 or more per stage: a zero here is what the disclosure
        # rule hides first to cover a small count of the all-postings report (the demo data's),
        # and the column would then hide a headline count to keep that zero from showing.
        for answer in ("Other or withhold / decline to disclose", "Withhold / decline to disclose", ""):
            for i in range(10):
                add_reported(
                    session, pid, "recruiter_screen" if i < 5 else "applied", gender=answer, submitted_at=WHEN
                )
        for _ in range(3):
            add_reported(session, pid, veteran_status="I identify as a U.S. veteran", submitted_at=WHEN)
        slug = posting.slug
        session.commit()
    engine.dispose()
    return slug


@pytest.fixture
def compliance(browser: Browser, app_server: RunningApp) -> Iterator[Page]:
    page, problems = open_page(browser, app_server)
    page.goto("/recruiting/sign-in")
    page.get_by_label("Email address").fill("compliance@example.com")
    page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Equal-opportunity monitoring")).to_be_visible()
    yield page
    page.context.close()
    assert problems == [], problems


def test_compliance_reads_the_reports_for_a_posting_and_shares_them_as_a_link(
    compliance: Page, report_posting: str
) -> None:
    page = compliance
    page.get_by_label("Posting").select_option(label=f"{TITLE} · San Francisco, CA")
    quarter = period_choice(WHEN.date())  # only all time or a whole closed quarter
    current = period_choice(datetime.now(UTC).date())
    offered = page.get_by_label("Period").locator("option").all_inner_texts()
    assert quarter.label in offered and current.label not in offered, offered
    expect(page.get_by_text(f"{current.code.replace('-', ' ')} is reported once it ends, on")).to_be_visible()
    page.get_by_label("Period").select_option(label=quarter.label)
    page.get_by_role("button", name="Show report").click()
    query = f"posting={report_posting}&from={quarter.date_from}&to={quarter.date_to}"
    expect(page).to_have_url(f"/compliance?{query}")

    gender = page.get_by_role("table", name="Gender: applications that reached each stage")
    female = gender.get_by_role("row", name="Female")
    # Exact where shown: which cells the disclosure rule hides depends on every report of
    # the whole database (other browser tests add applicants before this one), so a cell is
    # either this posting's true count or the marker, never another number.
    # The report for this posting has arrived: its public total (80 + 40 + 30 + 3 people).
    totals = gender.get_by_role("row", name="All applications").get_by_role("cell")
    expect(totals.first).to_have_text("153")
    cells = female.get_by_role("cell").all_inner_texts()
    assert all(c in (e, "—") for c, e in zip(cells, ["80", "48", "0", "0", "0", "0"], strict=True)), cells
    veteran = page.get_by_role("table", name="Veteran status: applications that reached each stage")
    expect(veteran.get_by_role("row", name="I identify as a U.S. veteran")).to_contain_text("—")
    expect(page.get_by_text("is a hidden count: it may be any number, zero included")).to_be_visible()

    impact = page.get_by_role("table", name="Selection rates and adverse impact per step and group")
    men = impact.get_by_role("row", name="Gender: Male").filter(has_text="Applied → Recruiter screen")
    women = impact.get_by_role("row", name="Gender: Female").filter(has_text="Applied → Recruiter screen")
    hidden = "not shown: a count it needs is hidden"
    expect(men).to_be_visible()
    said = men.inner_text()
    assert hidden in said or (
        "0.50" in said and "adverse impact: below four fifths and statistically significant" in said
    ), said
    said = women.inner_text()
    assert hidden in said or "highest selection rate (reference)" in said, said

    shared = page.url
    page.goto("/compliance")
    page.goto(shared)  # the link alone brings the same report back
    expect(page.get_by_label("Posting")).to_have_value(report_posting)
    expect(female.get_by_role("cell")).to_have_text(cells)  # the very same report
    csv = page.get_by_role("link", name="Download these tables as CSV")
    expect(csv).to_have_attribute("href", f"/compliance/eeo.csv?{query}")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_link_to_the_quarter_under_way_shows_all_time_and_says_when_it_is_reported(
    browser: Browser, app_server: RunningApp, report_posting: str, width: int
) -> None:
    page, problems = open_page(browser, app_server, width=width)
    try:
        page.goto("/recruiting/sign-in")
        page.get_by_label("Email address").fill("compliance@example.com")
        page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Equal-opportunity monitoring")).to_be_visible()
        current = period_choice(datetime.now(UTC).date())
        page.goto(f"/compliance?posting={report_posting}&from={current.date_from}&to={current.date_to}")
        name = current.code.replace("-", " ")
        notice = page.get_by_role("status").filter(has_text="Showing all time.")
        expect(notice).to_have_text(f"{name} has not ended, so it has no report yet. Showing all time.")
        expect(page.get_by_text(f"{name} is reported once it ends, on")).to_be_visible()  # and when
        expect(page.get_by_label("Period")).to_have_value("")  # all time
        gender = page.get_by_role("table", name="Gender: applications that reached each stage")
        totals = gender.get_by_role("row", name="All applications").get_by_role("cell")
        expect(totals.first).to_have_text("153")  # all time: this posting's closed quarter
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"compliance-open-quarter-{width}.png"), full_page=False)
        page.get_by_label("Period").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"compliance-open-quarter-{width}-picker.png"))
    finally:
        page.context.close()
    assert problems == [], problems
