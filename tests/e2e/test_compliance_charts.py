"""The compliance page's impact-ratio chart in Chromium: one bar per row of the table beside
it, bar heights in proportion to the ratios, and the four-fifths line drawn."""

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
from tests.browser import open_page
from tests.eeo_data import add_reported
from tests.factories import make_office, make_posting, make_team

# The reports count closed quarters only, each frozen once (services/compliance/eeo_snapshots.py): this
# module's applications are in a past quarter of their own, which no other module's (nor the
# demo's) are in, so nothing has frozen it before they are added.
WHEN = datetime(2025, 2, 12, 15, tzinfo=UTC)  # 2025 Q1
TITLE = "Impact Chart Analyst"
SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))


@pytest.fixture(scope="module")
def chart_posting(app_server: RunningApp) -> str:
    """48 of 80 women and 12 of 40 men pass the screen: impact ratios 1.00 and 0.50."""
    engine = sa.create_engine(app_server.database_url)
    with Session(engine) as session:  # closed: the public board's counts stay the demo's
        posting = make_posting(
            session, make_team(session), make_office(session), title=TITLE, status="closed"
        )
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


def test_the_impact_chart_draws_the_ratios_beside_it_with_the_four_fifths_line(
    compliance: Page, chart_posting: str
) -> None:
    page = compliance
    page.goto(f"/compliance?posting={chart_posting}")
    expect(page.get_by_role("heading", name="Impact ratios, charted")).to_be_visible()
    # Which groups the disclosure rule shows depends on every report of the whole database
    # (other browser tests add applicants first): the chart draws exactly the groups the
    # table beside it shows, each at its exact ratio, and never a hidden one.
    stages = page.get_by_role("table", name="Gender: applications that reached each stage")
    # The report for this posting has arrived: its public total (80 + 40 + 30 people).
    expect(stages.get_by_role("row", name="All applications").get_by_role("cell").first).to_have_text("150")
    table = page.get_by_role("table", name="Gender: impact ratio per step and group")
    rows = table.locator("tbody tr")
    shown = rows.count()
    ratios = [float(rows.nth(i).locator("td").nth(2).inner_text().split()[0]) for i in range(shown)]
    assert ratios in ([1.0, 0.5], [1.0], [0.5], []), ratios
    chart = page.get_by_test_id("chart-impact-gender")
    bars = chart.locator(".recharts-bar-rectangle")
    expect(bars).to_have_count(shown)
    labels = [float(t) for t in chart.locator(".recharts-label-list text").all_text_contents()]
    assert labels == ratios
    if shown == 2:
        expect(rows.nth(1)).to_contain_text("adverse impact")
        heights = [(bars.nth(i).bounding_box() or {"height": 0.0})["height"] for i in range(2)]
        assert heights[1] == pytest.approx(heights[0] * 0.5, abs=2.0)
    if shown:
        expect(chart.locator(".recharts-reference-line")).to_have_count(1)
        expect(chart).to_contain_text("four fifths (0.8)")
    expect(page.get_by_test_id("chart-impact-race_ethnicity")).to_have_count(0)  # nobody answered
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_role("heading", name="Impact ratios, charted").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "compliance-chart.png"))
