"""Funnel analytics in Chromium: each chart draws one bar per row of the table beside it,
and each bar's label and height agree with the table's number; a tracked link reaches the
wizard's draft."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from tests.factories import make_office, make_posting, make_team
from tests.funnel import application_along as _app

TITLE = "Funnel Analytics Analyst"
SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))


@pytest.fixture(scope="module")
def funnel_slug(app_server: RunningApp) -> str:
    """The unit test's six histories (tests/unit/test_analytics.py), on a posting of its own."""
    engine = sa.create_engine(app_server.database_url)
    with Session(engine) as session:  # closed: the public board's counts stay the demo's
        posting = make_posting(
            session, make_team(session), make_office(session), title=TITLE, status="closed"
        )
        pid = posting.id or 0
        _app(
            session,
            pid,
            "job board",
            [
                ("applied", 0),
                ("recruiter_screen", 2),
                ("phone_interview", 5),
                ("onsite", 9),
                ("offer", 10),
                ("hired", 14),
            ],
        )
        _app(session, pid, "linkedin", [("applied", 1), ("recruiter_screen", 5), ("rejected", 6)])
        _app(session, pid, "job board", [("applied", 3), ("onsite", 7), ("hired", 20)])
        _app(session, pid, "api", [("applied", 8)])
        _app(
            session,
            pid,
            "linkedin",
            [("applied", 9), ("recruiter_screen", 10), ("phone_interview", 12), ("rejected", 13)],
        )
        _app(session, pid, "job board", [("applied", 21)])
        slug = posting.slug
        session.commit()
    engine.dispose()
    return slug


def _sign_in(page: Page) -> None:
    page.goto("/recruiting/sign-in")
    page.get_by_label("Email address").fill("recruiter@example.com")
    page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Pipelines")).to_be_visible()


def _number(text: str) -> float:
    return float(text.replace("%", "").replace("days", "").replace("day", "").strip())


def _chart_matches_table(page: Page, name: str, table: Locator, column: int, vertical: bool) -> list[float]:
    """One bar per row with a number above zero (a zero draws nothing), in the table's order;
    every bar's label is the row's number and bar lengths are in proportion to the numbers."""
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    values = [_number(rows.nth(i).locator("th, td").nth(column).inner_text()) for i in range(rows.count())]
    drawn = [v for v in values if v > 0]
    chart = page.get_by_test_id(f"chart-{name}")
    bars = chart.locator(".recharts-bar-rectangle")
    expect(bars).to_have_count(len(drawn))
    labels = [_number(t) for t in chart.locator(".recharts-label-list text").all_text_contents()]
    assert [v for v in labels if v > 0] == drawn, (name, labels, values)
    sizes = []
    for i in range(len(drawn)):
        box = bars.nth(i).bounding_box()
        assert box is not None, (name, i)
        sizes.append(box["height"] if vertical else box["width"])
    for value, size in zip(drawn, sizes, strict=True):
        assert size == pytest.approx(max(sizes) * value / max(drawn), abs=2.0), (name, values, sizes)
    return values


def test_the_charts_draw_the_numbers_beside_them(page: Page, funnel_slug: str) -> None:
    _sign_in(page)
    page.get_by_role("link", name="Funnel analytics").click()
    expect(page.get_by_role("heading", name="Funnel analytics")).to_be_visible()
    page.get_by_label("Posting").select_option(label=f"{TITLE} · San Francisco, CA")
    page.get_by_label("Applied from").fill("2026-11-01")
    page.get_by_label("Applied up to").fill("2026-11-29")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(f"/team/analytics?posting={funnel_slug}&from=2026-11-01&to=2026-11-29")

    weekly = page.get_by_role("table", name="Applications per week")
    expect(weekly.locator("tbody tr").first).to_contain_text("Oct 26")  # the week of Nov 1
    values = _chart_matches_table(page, "weekly", weekly, 1, vertical=True)
    assert values == [0, 3, 2, 0, 1]  # the weeks of Oct 26 .. Nov 23, the empty ones too
    conversion = page.get_by_role("table", name="Conversion per stage")
    assert _chart_matches_table(page, "conversion", conversion, 3, vertical=False) == [
        66.7,
        75,
        66.7,
        100,
        100,
    ]
    times = page.get_by_role("table", name="Median time in stage")
    assert _chart_matches_table(page, "time-in-stage", times, 2, vertical=False) == [3, 2, 2.5, 7, 4]
    by_source = page.get_by_role("table", name="Applications by source")
    assert _chart_matches_table(page, "sources", by_source, 1, vertical=False) == [3, 2, 1]
    expect(by_source.get_by_role("row", name="Link: linkedin")).to_contain_text("33.3 %")
    expect(page.get_by_text("Time to hire, median")).to_be_visible()
    expect(page.get_by_text("15.5 days")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "analytics-desktop.png"), full_page=True)


def test_the_page_fits_a_phone(phone_page: Page, funnel_slug: str) -> None:
    _sign_in(phone_page)
    phone_page.goto(f"/team/analytics?posting={funnel_slug}&from=2026-11-01&to=2026-11-29")
    by_source = phone_page.get_by_role("table", name="Applications by source")
    _chart_matches_table(phone_page, "sources", by_source, 1, vertical=False)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=str(SHOTS / "analytics-phone.png"), full_page=True)


def test_a_tracked_link_reaches_the_wizards_draft(page: Page, app_server: RunningApp) -> None:
    page.goto("/careers")
    first = page.get_by_role("region", name="Open positions").get_by_role("link").first
    href = first.get_attribute("href")
    assert href
    page.goto(href + "?source=LinkedIn")
    apply = page.get_by_role("link", name="Apply for this job").first
    expect(apply).to_have_attribute("href", href + "/apply?source=linkedin")
    apply.click()
    expect(page.get_by_label("First name")).to_be_visible()
    engine = sa.create_engine(app_server.database_url)
    try:
        with engine.connect() as conn:
            found = [
                json.loads(d) if isinstance(d, str) else d
                for d in conn.execute(sa.text("select data from application_draft")).scalars()
            ]
    finally:
        engine.dispose()
    assert any(d.get("source") == "linkedin" for d in found), found
