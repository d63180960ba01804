"""The board as a recruiter sees it, in real Chromium at real widths: columns keep a
readable width and the board scrolls sideways, names wrap only between words, the
filters take one compact row (a "Filters" disclosure on a phone), every card moves by
keyboard (Space, arrow, Space) at every width, and axe finds nothing serious on any
signed-in page.

Runs on a posting of its own with nine stages (one added) and 42 rejected candidates.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect
from sqlmodel import Session, select

from careers_app import routes
from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.models import Office, Team
from careers_app.services.postings.stages import add_stage
from tests.browser import open_page
from tests.factories import add_applications, make_posting
from tests.waiting import wait_until

SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))
SLUG = "board-layout-nine-stages"
BOARD = f"/recruiting/{SLUG}"
FIRST_LOAD_MS = 20_000
REJECTED = 42
# Real names that are long single words: the squeezed board broke them mid-word.
PEOPLE = {
    "applied": [
        "Hiroshi Yamamoto",
        "Sofia Andersson",
        "Maximilian Oberhauser",
        "Aleksandra Wiśniewska",
        "Oluwaseun Adeyemi",
        "Bartholomew Featherstonehaugh",
        "Priya Raghunathan",
        "Kristóf Szentgyörgyi",
    ],
    "recruiter_screen": ["Ngozi Okonkwo-Chukwuemeka", "Jonas Vanderberghe", "Mei Takahashi"],
    "phone_interview": ["Siobhán Ní Bhriain", "Thandiwe Mthembu", "Rafael Castellanos"],
    "onsite": ["Gunnhildur Sigurðardóttir", "Anand Venkataraman", "Léa Beaumont"],
    "portfolio_review": ["Astrid Lindqvist", "Tomasz Przybylski"],
    "offer": ["Yusuf Demirtaş", "Camille Dubois"],
    "hired": ["Emeka Nwachukwu", "Ingrid Halvorsen"],
    "rejected": [f"Rejected{i:02d} Kowalczyk" for i in range(1, REJECTED + 1)],
    "withdrawn": ["Pieter Janssens"],
}
COLUMNS = [
    "Applied",
    "Recruiter screen",
    "Phone interview",
    "Onsite",
    "Offer",
    "Portfolio review",
    "Hired",
    "Rejected",
    "Withdrawn",
]


def sign_in(page: Page, email: str = "recruiter@example.com") -> None:
    page.goto(routes.SIGN_IN)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Pipelines")).to_be_visible()


def _engine(app: RunningApp) -> sa.Engine:
    return sa.create_engine(app.database_url)


@pytest.fixture(scope="module")
def board_ids(app_server: RunningApp) -> dict[str, list[int]]:
    """A closed posting (the public board's counts stay the demo's) with one added stage."""
    engine = _engine(app_server)
    with Session(engine) as session:
        team = session.exec(select(Team)).first()
        office = session.exec(select(Office)).first()
        assert team is not None and office is not None
        posting = make_posting(
            session, team, office, slug=SLUG, title="Board Layout Designer", status="closed"
        )
        pid = posting.id or 0
        add_stage(pid, "Portfolio review", session=session)
        ids = {stage: add_applications(session, pid, names, stage=stage) for stage, names in PEOPLE.items()}
        session.commit()
    engine.dispose()
    return ids


def _stage(app: RunningApp, application_id: int) -> str:
    engine = _engine(app)
    try:
        with engine.connect() as conn:
            return str(
                conn.execute(
                    sa.text("select stage from application where id = :a"), {"a": application_id}
                ).scalar()
            )
    finally:
        engine.dispose()


def _wait_for_stage(page: Page, app: RunningApp, application_id: int, stage: str) -> None:
    wait_until(
        lambda: _stage(app, application_id) == stage, timeout=15, message=f"{application_id} saved in {stage}"
    )


@pytest.fixture
def at_width(browser: Browser, app_server: RunningApp, board_ids: dict[str, list[int]]) -> Iterator[Callable[..., Page]]:
    opened: list[tuple[Page, list[str]]] = []

    def open_board(width: int, height: int = 900) -> Page:
        page, problems = open_page(browser, app_server, width=width)
        page.set_viewport_size({"width": width, "height": height})
        opened.append((page, problems))
        sign_in(page)
        page.goto(BOARD)
        rejected = _column(page, "Rejected").get_by_role("button")
        expect(rejected.first).to_be_visible(timeout=FIRST_LOAD_MS)
        return page

    yield open_board
    for page, problems in opened:
        page.context.close()
        assert problems == [], problems


def _column(page: Page, label: str) -> Locator:
    return page.get_by_role("list", name=f"{label} candidates")


def _card(page: Page, column: str, name: str) -> Locator:
    return _column(page, column).get_by_role("button", name=re.compile(f"^{re.escape(name)},"))


def _keyboard_move(page: Page, card: Locator, key: str, presses: int = 1) -> None:
    """Space, ``presses`` times ``key`` (one column each), Space: each key waits until the
    library has taken the one before (the card lifted, then a new column under it)."""
    card.focus()
    page.keyboard.press("Space")
    expect(card).to_have_class(re.compile(r"\bdragging\b"))
    over = page.locator("ul.board-cards.over")
    expect(over).to_have_count(1)
    stage = over.get_attribute("data-stage")
    for _ in range(presses):
        page.keyboard.press(key)
        now = page.locator(f"ul.board-cards.over:not([data-stage='{stage}'])")
        expect(now).to_have_count(1)
        stage = now.get_attribute("data-stage")
    page.keyboard.press("Space")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("width", [1920, 1440])
def test_keyboard_moves_reach_columns_with_cards_on_a_nine_column_board(
    at_width: Callable[..., Page], app_server: RunningApp, board_ids: dict[str, list[int]], width: int
) -> None:
    page: Page = at_width(width)
    expect(page.locator(".board-column-title > span:first-child")).to_have_text(COLUMNS)
    # Right, into a column that has cards.
    name = PEOPLE["applied"][0 if width == 1920 else 1]
    moved = board_ids["applied"][PEOPLE["applied"].index(name)]
    _keyboard_move(page, _card(page, "Applied", name), "ArrowRight")
    expect(_card(page, "Recruiter screen", name)).to_be_visible()
    _wait_for_stage(page, app_server, moved, "recruiter_screen")
    # Left, from the added stage into Offer (it has cards too).
    name = PEOPLE["portfolio_review"][0 if width == 1920 else 1]
    moved = board_ids["portfolio_review"][PEOPLE["portfolio_review"].index(name)]
    _keyboard_move(page, _card(page, "Portfolio review", name), "ArrowLeft")
    expect(_card(page, "Offer", name)).to_be_visible()
    _wait_for_stage(page, app_server, moved, "offer")


@pytest.mark.parametrize("width", [1920, 1280, 768, 390])
def test_the_last_card_of_a_long_column_moves_by_keyboard(
    at_width: Callable[..., Page], app_server: RunningApp, board_ids: dict[str, list[int]], width: int
) -> None:
    """From the bottom of 42 rejected cards, Space, left arrow, Space: the card lands in Hired."""
    page: Page = at_width(width)
    rejected = _column(page, "Rejected")
    left = len(board_ids["rejected"]) - sum(
        _stage(app_server, i) != "rejected" for i in board_ids["rejected"]
    )
    expect(rejected.get_by_role("button")).to_have_count(left)
    last = rejected.get_by_role("button").last
    name = (last.get_attribute("aria-label") or "").split(",")[0]
    assert name.startswith("Rejected") and name.endswith(" Kowalczyk"), name
    _keyboard_move(page, last, "ArrowLeft")
    expect(_card(page, "Hired", name)).to_be_visible()
    _wait_for_stage(page, app_server, board_ids["rejected"][int(name[8:10]) - 1], "hired")
    _shot(page, f"board-layout-keyboard-{width}")


def _words_broken(page: Page) -> list[str]:
    """Names whose words are split over two lines (a word's text has two line boxes)."""
    return page.evaluate(
        """() => {
          const broken = [];
          for (const el of document.querySelectorAll('.card-name')) {
            const text = el.firstChild;
            if (!text || text.nodeType !== Node.TEXT_NODE) continue;
            const re = /[^\\s-]+/g;  // a line may end after a hyphen
            let m;
            while ((m = re.exec(text.data))) {
              const range = document.createRange();
              range.setStart(text, m.index);
              range.setEnd(text, m.index + m[0].length);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (tops.size > 1) broken.push(m[0]);
            }
          }
          return broken;
        }"""
    )


@pytest.mark.parametrize("width", [1440, 1280, 1024, 768, 390])
def test_columns_keep_a_readable_width_and_the_board_scrolls_sideways(at_width: Callable[..., Page], width: int) -> None:
    page: Page = at_width(width)
    _shot(page, f"board-layout-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    widths = page.locator(".board-column").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert len(widths) == 9
    assert min(widths) >= 250, widths
    board = page.get_by_role("list", name="Pipeline stages")
    assert board.evaluate("b => b.scrollWidth > b.clientWidth"), (
        "nine readable columns do not fit: it scrolls"
    )
    assert _words_broken(page) == []
    # Every column's sort control is whole, inside its column.
    for label in COLUMNS:
        sort = page.get_by_label(f"Sort {label}")
        column = page.locator(".board-column").filter(has=sort)
        fits = column.evaluate(
            """(col) => { const s = col.querySelector('.board-sort');
                 const a = s.getBoundingClientRect(), c = col.getBoundingClientRect();
                 return a.left >= c.left - 0.5 && a.right <= c.right + 0.5 && s.scrollWidth <= s.clientWidth + 1; }"""
        )
        assert fits, label
    first_card = _column(page, "Applied").get_by_role("button").first
    if width >= 1024:
        # One compact row of filters: the board's first cards are in the first screen.
        form = page.get_by_role("search", name="Filter candidates")
        box = form.bounding_box()
        assert box is not None and box["height"] <= 100, box
        expect(page.get_by_label("Search candidates by name or resume text")).to_be_visible()
    else:
        # A phone or tablet: the filters wait behind a "Filters" button, the board comes first.
        toggle = page.get_by_role("button", name=re.compile("^Filters"))
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_label("Search candidates by name or resume text")).to_be_hidden()
    card_box = first_card.bounding_box()
    assert card_box is not None and card_box["y"] + card_box["height"] <= 900, card_box
    if width < 1024:
        page.get_by_role("button", name=re.compile("^Filters")).click()
        search = page.get_by_label("Search candidates by name or resume text")
        expect(search).to_be_visible()
        _shot(page, f"board-layout-filters-open-{width}")
        search.fill("Yamamoto")
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"\?q=Yamamoto$"))
        expect(page.get_by_test_id("count-rejected")).to_have_text("0")
        # The button says a filter is on (it stays so when the filters are folded away).
        expect(page.get_by_role("button", name=re.compile("^Filters"))).to_contain_text("on")


def _serious(page: Page) -> list[tuple[str, str, list[object]]]:
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:4])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_nothing_serious_on_any_signed_in_page(
    browser: Browser, app_server: RunningApp, board_ids: dict[str, list[int]]
) -> None:
    found: dict[str, object] = {}
    pages = {
        "recruiter@example.com": [
            routes.RECRUITING_HOME,
            BOARD,
            routes.ANALYTICS,
            routes.NOT_ALLOWED,
        ],
        "admin@example.com": [
            routes.RECRUITING_HOME,
            routes.ACCOUNTS,
            routes.POSTING_EDITOR,
            routes.editor_url(SLUG),
            routes.API_KEYS,
            routes.EMAIL_TEMPLATES,
            routes.AUDIT_LOG,
            routes.PEOPLE,
            routes.ANALYTICS,
        ],
        "compliance@example.com": [routes.COMPLIANCE_HOME],
    }
    for email, paths in pages.items():
        page, problems = open_page(browser, app_server)
        try:
            page.goto(routes.SIGN_IN)
            page.get_by_label("Email address").fill(email)
            page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")
            for path in paths:
                page.goto(path)
                expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=FIRST_LOAD_MS)
                expect(page.get_by_text("Loading…")).to_have_count(0, timeout=FIRST_LOAD_MS)
                # Charts and late parts settle: no animation still running.
                page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
                serious = _serious(page)
                if serious:
                    found[f"{email} {path}"] = serious
                if path == BOARD:
                    page.locator("[data-stage=applied] .board-card").first.click()
                    expect(page.locator("aside").get_by_role("heading", name="Notes")).to_be_visible()
                    serious = _serious(page)
                    if serious:
                        found[f"{email} {path} (candidate panel)"] = serious
        finally:
            page.context.close()
        assert problems == [], problems
    assert found == {}, "\n".join(f"{where}: {what}" for where, what in found.items())
