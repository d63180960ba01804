"""The board's read side in real Chromium: every card reachable by scrolling a column,
sort per column, filters in the URL (restored on reload), saved views, live moves into
the part of a column not loaded yet, narrow screens, and axe on the board and panel.

Runs on a posting of its own (135 applications waiting in Applied), so the demo boards
other browser tests count on stay as they are.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from careers_app.demo import resumes
from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.devtools.pdfs import make_resume
from careers_app.models import Application, Candidate, Office, Team
from tests.browser import open_page, wait_until_still
from tests.factories import make_posting
from tests.waiting import wait_until

SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))
SLUG = "board-read-side-paging"
BOARD = f"/recruiting/{SLUG}"
WAITING = 135
# A board's first load in a new tab on a busy two-core CI machine can pass 5 s (Playwright's
# default); later steps keep the default.
FIRST_LOAD_MS = 20_000
NOW = datetime.now(UTC)


def sign_in(page: Page, email: str = "recruiter@example.com") -> None:
    page.goto("/recruiting/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Pipelines")).to_be_visible()


def _engine(app: RunningApp) -> sa.Engine:
    return sa.create_engine(app.database_url)


@pytest.fixture(scope="module")
def posting(app_server: RunningApp) -> int:
    """A posting with 135 applications in Applied (one a day apart in stage, a third with a
    cover letter, some from Canada) and a few in Recruiter screen."""
    engine = _engine(app_server)
    with Session(engine) as session:
        team = session.exec(select(Team)).first()
        office = session.exec(select(Office)).first()
        assert team is not None and office is not None
        made = make_posting(session, team, office, slug=SLUG, title="Paging Test Engineer")
        letter = make_resume("Cover letter", "", ["I would like to join."])
        uploads = Path(app_server.env["CAREERS_UPLOAD_DIR"])
        assert made.id is not None
        for i in range(WAITING + 4):
            stage = "applied" if i < WAITING else "recruiter_screen"
            first, last = f"Pat{i:03d}", f"Zed{(WAITING - i) % 97:02d}"
            candidate = Candidate(
                first_name=first,
                last_name=last,
                email=f"paging.{i}@example.com",
                phone_e164="+14155550100",
                country="Canada" if i % 10 == 0 else "United States",
            )
            session.add(candidate)
            session.flush()
            application = Application(
                candidate_id=candidate.id or 0,
                posting_id=made.id,
                first_name=first,
                last_name=last,
                stage=stage,
                country=candidate.country,
                submitted_at=NOW - timedelta(days=200 - i),
                stage_changed_at=NOW - timedelta(days=180 - i, hours=1),
            )
            session.add(application)
            session.flush()
            if i % 3 == 0:  # a real stored PDF: the candidate panel shows it
                assert application.id is not None
                session.add(
                    resumes.document(
                        application, candidate.email, "cover_letter", "letter.pdf", letter, uploads
                    )
                )
        session.commit()
        return made.id


@pytest.fixture
def recruiter(browser: Browser, app_server: RunningApp, posting: int) -> Iterator[Page]:
    page, problems = open_page(browser, app_server)
    sign_in(page)
    yield page
    page.context.close()
    assert problems == [], problems


def _applied_ids(app: RunningApp, posting: int, order: str) -> list[int]:
    with _engine(app).connect() as conn:
        return list(
            conn.execute(
                sa.text(
                    f"select id from application where posting_id = :p and stage = 'applied' order by {order}"
                ),
                {"p": posting},
            ).scalars()
        )


def _cards(page: Page, stage: str) -> list[int]:
    ids = page.locator(f"[data-stage={stage}] .board-card").evaluate_all(
        "els => els.map(e => e.dataset.testid)"
    )
    return [int(i.removeprefix("card-")) for i in ids]


def test_scrolling_a_column_reaches_the_120th_card_and_opens_it(
    recruiter: Page, app_server: RunningApp, posting: int
) -> None:
    recruiter.goto(BOARD)
    applied = recruiter.get_by_role("list", name="Applied candidates")
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(WAITING), timeout=FIRST_LOAD_MS)
    expect(applied.locator(".board-card")).to_have_count(50)
    expected = _applied_ids(app_server, posting, "stage_changed_at, id")  # longest waiting first
    assert _cards(recruiter, "applied") == expected[:50]
    # Scrolling the column down brings "Show more" into view, which loads the next page.
    for loaded in (100, WAITING):
        applied.hover()

        def scrolled_to(count: int) -> bool:
            recruiter.mouse.wheel(0, 2000)  # a person scrolls on until the next page is there
            return applied.locator(".board-card").count() >= count

        wait_until(lambda: scrolled_to(loaded), timeout=15, every=0.1, message=f"{loaded} cards loaded")
        expect(applied.locator(".board-card")).to_have_count(loaded)
    assert _cards(recruiter, "applied") == expected  # each card once, in order
    expect(applied.get_by_role("button", name=re.compile("Show more"))).to_have_count(0)
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(WAITING), timeout=FIRST_LOAD_MS)
    card = applied.locator(".board-card").nth(119)
    card.scroll_into_view_if_needed()
    card.click()
    name = card.locator(".card-name").inner_text()
    expect(recruiter.locator("aside").get_by_role("heading", name=name)).to_be_visible()
    assert expected[119] == int((card.get_attribute("data-testid") or "").removeprefix("card-"))


def test_show_more_button_and_sort_per_column(recruiter: Page, app_server: RunningApp, posting: int) -> None:
    recruiter.goto(BOARD)
    applied = recruiter.get_by_role("list", name="Applied candidates")
    expect(applied.locator(".board-card")).to_have_count(50)
    recruiter.get_by_label("Sort Applied").select_option("name")
    by_name = _applied_ids(app_server, posting, "lower(first_name || ' ' || last_name), id")
    expect(applied.locator(".board-card").first).to_have_attribute("data-testid", f"card-{by_name[0]}")
    assert _cards(recruiter, "applied") == by_name[:50]
    applied.get_by_role("button", name=re.compile(r"Show more .*\(85 left\)")).click()
    expect(applied.locator(".board-card")).to_have_count(100)
    assert _cards(recruiter, "applied") == by_name[:100]
    recruiter.get_by_label("Sort Applied").select_option("newest")
    newest = _applied_ids(app_server, posting, "submitted_at desc, id desc")
    expect(applied.locator(".board-card").first).to_have_attribute("data-testid", f"card-{newest[0]}")
    expect(applied.locator(".board-card")).to_have_count(50)  # a new sort starts at its first page
    assert _cards(recruiter, "applied") == newest[:50]


def test_filters_live_in_the_url_and_survive_a_reload(
    recruiter: Page, app_server: RunningApp, posting: int
) -> None:
    recruiter.goto(BOARD)
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(WAITING), timeout=FIRST_LOAD_MS)
    recruiter.get_by_label("Days in stage, at least").fill("100")
    recruiter.get_by_label("Has a cover letter").check()
    recruiter.get_by_label("Location").select_option("Canada")
    recruiter.get_by_role("button", name="Apply filters").click()
    expect(recruiter).to_have_url(re.compile(r"\?days=100&cover=1&country=Canada$"))
    with _engine(app_server).connect() as conn:
        expected = conn.execute(
            sa.text(
                "select count(*) from application a where a.posting_id = :p and a.stage = 'applied' "
                "and a.country = 'Canada' and a.stage_changed_at <= :cut and exists "
                "(select 1 from document d where d.application_id = a.id and d.kind = 'cover_letter')"
            ),
            {"p": posting, "cut": datetime.now(UTC) - timedelta(days=100)},
        ).scalar()
    assert expected and 0 < expected < WAITING
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(expected))
    recruiter.reload()
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(expected))
    expect(recruiter.get_by_label("Days in stage, at least")).to_have_value("100")
    expect(recruiter.get_by_label("Has a cover letter")).to_be_checked()
    expect(recruiter.get_by_label("Location")).to_have_value("Canada")
    recruiter.get_by_role("button", name="Clear filters").click()
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(WAITING), timeout=FIRST_LOAD_MS)
    expect(recruiter.get_by_label("Days in stage, at least")).to_have_value("")

    # A mistyped link: the board says what it ignored and shows the rest.
    recruiter.goto(BOARD + "?days=soon&cover=1")
    expect(recruiter.locator("#board-filter-days-error")).to_have_text(
        "Days in stage must be a whole number from 0 to 3650."
    )
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(len(range(0, WAITING, 3))))


def test_saved_views_are_saved_picked_and_deleted(recruiter: Page, posting: int) -> None:
    recruiter.goto(BOARD + "?days=150")
    count = recruiter.get_by_test_id("count-applied")
    expect(count).not_to_have_text(str(WAITING))
    filtered = count.inner_text()
    recruiter.get_by_role("button", name="Save view").click()
    expect(recruiter.locator("#board-view-name-error")).to_have_text("Name the view.")
    recruiter.get_by_label("Save this view as").fill("Waiting five months")
    recruiter.get_by_role("button", name="Save view").click()
    views = recruiter.get_by_role("list", name="Saved views")
    expect(views.get_by_role("link", name="Waiting five months")).to_be_visible()
    recruiter.goto(BOARD)
    expect(count).to_have_text(str(WAITING), timeout=FIRST_LOAD_MS)
    recruiter.get_by_role("link", name="Waiting five months").click()
    expect(recruiter).to_have_url(re.compile(r"\?days=150$"))
    expect(count).to_have_text(filtered)
    recruiter.get_by_role("button", name="Delete view Waiting five months").click()
    expect(recruiter.get_by_role("link", name="Waiting five months")).to_have_count(0)


def test_a_card_moved_by_another_recruiter_updates_counts_and_appears_only_where_loaded(
    recruiter: Page, browser: Browser, app_server: RunningApp, posting: int
) -> None:
    other, problems = open_page(browser, app_server)
    sign_in(other, "recruiter2@example.com")
    recruiter.goto(BOARD)
    other.goto(BOARD)
    applied = recruiter.get_by_role("list", name="Applied candidates")
    expect(applied.locator(".board-card")).to_have_count(50)
    before = int(recruiter.get_by_test_id("count-applied").inner_text())
    expect(other.locator("[data-stage=recruiter_screen] .board-card")).to_have_count(4)
    screen_card = _cards(other, "recruiter_screen")[0]
    other.get_by_test_id(f"card-{screen_card}").click()
    other.locator("aside").get_by_label("Move to stage").select_option("applied")
    other.locator("aside").get_by_role("button", name="Move").click()
    # Longest waiting first: a card that just arrived is last, beyond the 50 loaded.
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(before + 1))
    expect(recruiter.get_by_test_id(f"card-{screen_card}")).to_have_count(0)
    expect(applied.locator(".board-card")).to_have_count(50)
    # Newest first, it is inside the loaded part; moved back, it leaves the column live.
    recruiter.get_by_label("Sort Applied").select_option("newest")
    expect(applied.locator(".board-card").first).to_have_attribute("data-testid", f"card-{screen_card}")
    other.locator("aside").get_by_label("Move to stage").select_option("recruiter_screen")
    other.locator("aside").get_by_role("button", name="Move").click()
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(before))
    expect(applied.get_by_test_id(f"card-{screen_card}")).to_have_count(0)
    expect(
        recruiter.locator(f"[data-stage=recruiter_screen] [data-testid=card-{screen_card}]")
    ).to_be_visible()
    other.context.close()
    assert problems == []


def _violations(page: Page) -> list[tuple[str, str, list[object]]]:
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]


def test_axe_finds_no_violation_on_the_board_or_the_candidate_panel(recruiter: Page) -> None:
    recruiter.goto(BOARD)
    expect(recruiter.get_by_role("list", name="Applied candidates").locator(".board-card")).to_have_count(50)
    assert _violations(recruiter) == []
    recruiter.locator("[data-stage=applied] .board-card").first.click()
    expect(recruiter.locator("aside").get_by_role("heading", name="Notes")).to_be_visible()
    assert _violations(recruiter) == []


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_narrow_screens_swipe_columns_and_open_the_panel_full_width(
    browser: Browser, app_server: RunningApp, posting: int, width: int
) -> None:
    page, problems = open_page(browser, app_server, width=width)
    sign_in(page)
    page.goto(BOARD)
    expect(page.get_by_test_id("count-applied")).to_have_text(str(WAITING), timeout=FIRST_LOAD_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"board-read-{width}.png"))
    doc_width = page.evaluate("document.documentElement.scrollWidth")
    assert doc_width <= width, f"the page scrolls sideways at {width}px ({doc_width}px)"
    if width < 900:
        page.get_by_label("Go to stage").select_option("recruiter_screen")
        screen = page.get_by_role("list", name="Recruiter screen candidates")
        expect(screen).to_be_in_viewport()
        screen.scroll_into_view_if_needed()
        wait_until_still(screen)  # the smooth scroll has ended
        page.screenshot(path=str(SHOTS / f"board-read-columns-{width}.png"))
        screen.locator(".board-card").first.click()
        panel = page.locator("aside")
        expect(panel.get_by_role("heading", name="Stage history")).to_be_visible()
        box = panel.bounding_box()
        assert box and box["width"] >= width - 1  # a full-screen sheet
        page.screenshot(path=str(SHOTS / f"board-read-panel-{width}.png"))
    page.context.close()
    assert problems == []
