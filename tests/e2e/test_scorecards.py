"""Interview plans, scorecards and blind screening in real Chromium, found by label.

An admin sets a posting's onsite interviews and turns blind screening on in the editor;
on that board an Applied card shows "Candidate #id", the panel shows the resume redacted
and the PDF is refused; a recruiter fills a scorecard; a second recruiter sees only that
one exists; the reveal is one click and the history says who.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, WebSocket, expect

from careers_app.devtools.appserver import RunningApp
from tests.browser import open_page, sign_in

SHOTS = os.environ.get("CAREERS_SCREENSHOTS", "")  # a folder: save screenshots there
NOTES = "Clear reasoning about trade-offs; a little quiet in the pairing part."


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _frames(page: Page) -> list[str]:
    """Every Socket.IO frame this page receives from now on (text)."""
    frames: list[str] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framereceived", lambda data: frames.append(data if isinstance(data, str) else data.decode()))

    page.on("websocket", watch)
    return frames


def _posting(app: RunningApp) -> tuple[str, int, str, str]:
    """A demo posting (not the seed one other tests use) with someone at Applied whose name
    no other applicant to it shares.

    The demo's postings are the oldest; postings other tests add may lack what the editor
    requires to save."""
    engine = sa.create_engine(app.database_url)
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "select p.slug, a.id, a.first_name, a.last_name from posting p "
                "join application a on a.posting_id = p.id "
                "where p.status = 'open' and p.slug <> 'machine-learning-engineer-data-science-cortex' "
                "and a.stage = 'applied' and not exists (select 1 from application b where "
                "b.posting_id = p.id and b.id <> a.id and b.first_name = a.first_name "
                "and b.last_name = a.last_name) order by p.id, a.id limit 1"
            )
        ).one()
    engine.dispose()
    return row[0], row[1], row[2], row[3]


@pytest.fixture
def admin(browser: Browser, app_server: RunningApp) -> Iterator[Page]:
    page, problems = open_page(browser, app_server)
    sign_in(page, "admin@example.com")
    yield page
    page.context.close()
    assert problems == [], problems


def test_plan_blind_screening_scorecards_and_reveal(
    browser: Browser, admin: Page, app_server: RunningApp
) -> None:
    slug, app_id, first, last = _posting(app_server)
    board = f"/recruiting/{slug}"

    # The admin plans the onsite interviews and turns blind screening on.
    admin.goto(f"/team/postings/edit?slug={slug}")
    onsite = admin.get_by_label("Interviews at Onsite")
    expect(onsite).to_have_value(re.compile("Technical interview: "))  # the default plan
    onsite.fill("Technical interview: Python, System design\nTeam interview: Collaboration")
    admin.get_by_label("Interviews at Phone interview").fill("Hiring manager interview")  # no attributes
    admin.get_by_label("Blind screening").check()
    admin.get_by_role("button", name="Save posting").click()
    expect(admin.get_by_text("Line 1: list what “Hiring manager interview” assesses")).to_be_visible()
    admin.get_by_label("Interviews at Phone interview").fill(
        "Hiring manager interview: Motivation, Experience"
    )
    expect(admin.get_by_label("Blind screening")).to_be_checked()
    _shot(admin, "plan-editor-desktop")
    admin.get_by_role("button", name="Save posting").click()
    expect(admin.get_by_role("heading", name="Pipelines")).to_be_visible()

    riley, riley_problems = open_page(browser, app_server)
    sign_in(riley)
    riley_frames = _frames(riley)
    riley.goto(board)
    card = riley.get_by_test_id(f"card-{app_id}")
    expect(card).to_contain_text(f"Candidate #{app_id}")
    expect(card).to_contain_text("Blind screening")
    expect(riley.locator(".board-card", has_text=f"{first} {last}")).to_have_count(0)
    _shot(riley, "blind-board-desktop")
    card.click()
    panel = riley.locator("aside")
    expect(panel.get_by_role("heading", name=f"Candidate #{app_id}")).to_be_visible()
    expect(panel.get_by_role("heading", name="Resume text (redacted)")).to_be_visible()
    expect(panel.locator(".resume-text")).to_contain_text("[name]")
    expect(panel.locator(".resume-text")).not_to_contain_text(last)
    expect(panel.locator("iframe")).to_have_count(0)
    expect(panel.get_by_text("Withheld during blind screening.")).to_be_visible()
    _shot(riley, "blind-panel-desktop")

    # The PDF is refused server-side while hidden.
    with sa.create_engine(app_server.database_url).connect() as conn:
        doc = conn.execute(
            sa.text("select id from document where application_id = :a and kind = 'resume'"), {"a": app_id}
        ).scalar_one()
        email = conn.execute(
            sa.text(
                "select c.email from candidate c join application a on a.candidate_id = c.id where a.id = :a"
            ),
            {"a": app_id},
        ).scalar_one()
    cookie = {c["name"]: c["value"] for c in riley.context.cookies()}["careers_session"]
    url = f"{app_server.base_url}/recruiting/documents/{doc}"
    assert httpx.get(url, cookies={"careers_session": cookie}, timeout=10).status_code == 403

    # Riley fills a scorecard for the technical interview, by label.
    panel.get_by_role("button", name="Score Onsite: Technical interview").click()
    panel.get_by_label("Python").select_option(label="4 Strong yes")
    panel.get_by_role("button", name="Submit scorecard").click()
    expect(panel.get_by_text("Rate System design.")).to_be_visible()
    panel.get_by_label("System design").select_option(label="3 Yes")
    panel.get_by_label("Overall recommendation").select_option(label="Yes")
    panel.get_by_label("Scorecard notes").fill(NOTES)
    _shot(riley, "scorecard-form-desktop")
    panel.get_by_role("button", name="Submit scorecard").click()
    mine = panel.get_by_role("listitem", name="Scorecard by Riley Recruiter for Technical interview")
    expect(mine).to_contain_text(NOTES)
    expect(mine).to_contain_text("Strong yes")
    expect(panel.locator(".scorecard-summary")).to_have_text("Summary: 1 yes · 0 no")
    expect(panel.get_by_text("Onsite: Technical interview · your scorecard is in")).to_be_visible()
    expect(card).to_contain_text("Scorecards: 1 yes · 0 no")
    panel.get_by_role("heading", name="Scorecards").scroll_into_view_if_needed()
    _shot(riley, "panel-scorecards-desktop")

    # Sam has not scored: sees that one exists, never what it says.
    sam, sam_problems = open_page(browser, app_server)
    sign_in(sam, "recruiter2@example.com")
    sam_frames = _frames(sam)
    sam.goto(board)
    sam.get_by_test_id(f"card-{app_id}").click()
    sam_panel = sam.locator("aside")
    expect(
        sam_panel.get_by_text("1 scorecard(s) by others stay hidden until you submit your own.")
    ).to_be_visible()
    expect(sam.get_by_test_id(f"card-{app_id}")).to_contain_text("Scorecards: 1 scorecard")
    assert NOTES not in sam.content()
    assert sam_frames and not any(NOTES in f for f in sam_frames)  # in no frame, not just not shown

    # Nothing Riley's tab received while the person was hidden named them.
    before_reveal = "\n".join(riley_frames)
    assert f"Candidate #{app_id}" in before_reveal
    assert email not in before_reveal and f"{first} {last}" not in before_reveal

    # The reveal: one click, recorded in the history for everyone.
    panel.get_by_role("button", name="Reveal identity").click()
    expect(panel.get_by_role("heading", name=f"{first} {last}")).to_be_visible()
    expect(panel.locator(".history li").last).to_contain_text("Identity revealed by Riley Recruiter")
    expect(card).to_contain_text(f"{first} {last}")
    assert httpx.get(url, cookies={"careers_session": cookie}, timeout=10).status_code == 200
    expect(sam.get_by_test_id(f"card-{app_id}")).to_contain_text(f"{first} {last}")  # live, via the feed

    for page, problems in ((riley, riley_problems), (sam, sam_problems)):
        page.context.close()
        assert problems == [], problems


def test_phone_screens_of_the_plan_editor_and_a_blind_panel(phone_page: Page, app_server: RunningApp) -> None:
    slug, _app_id, _first, _last = _posting(app_server)
    sign_in(phone_page, "admin@example.com")
    phone_page.goto(f"/team/postings/edit?slug={slug}")
    expect(phone_page.get_by_label("Interviews at Recruiter screen")).to_be_visible()
    phone_page.get_by_label("Interviews at Recruiter screen").scroll_into_view_if_needed()
    _shot(phone_page, "plan-editor-phone")
    phone_page.goto(f"/recruiting/{slug}")
    first_card = phone_page.locator("[data-stage=applied] .board-card").first
    expect(first_card).to_be_visible()
    first_card.click()
    expect(phone_page.locator("aside").get_by_role("heading", name="Scorecards")).to_be_visible()
    _shot(phone_page, "panel-phone")
    phone_page.locator("aside").get_by_role(
        "heading", name=re.compile("Resume text")
    ).scroll_into_view_if_needed()
    _shot(phone_page, "panel-phone-resume")
