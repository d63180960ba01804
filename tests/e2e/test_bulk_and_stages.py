"""Bulk actions and a posting's own stages in real Chromium, by labels and keys.

Each test makes its own posting in the running app's database (so the shared demo boards
stay as other tests expect them), then works it as recruiters and an admin would.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from careers_app.devtools.appserver import RunningApp
from careers_app.models import Application, Office, Posting, Team
from careers_app.models.types import utcnow
from careers_app.services.board import pipeline
from tests.browser import open_page, sign_in
from tests.factories import add_applications

OUT = Path(__file__).resolve().parent.parent / "out"
SHOTS = os.environ.get("CAREERS_SCREENSHOTS") == "1"  # screenshots of the new screens, to look at
REASON = "Skills do not match the requirements"
_n = count(1)


def shot(page: Page, name: str) -> None:
    if SHOTS:
        OUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)


def make_board(app: RunningApp, title: str, people: int) -> tuple[str, list[int]]:
    engine = sa.create_engine(app.database_url)
    slug = f"{title.lower().replace(' ', '-')}-{os.getpid()}-{next(_n)}"
    with Session(engine) as session:
        team = session.exec(select(Team)).first()
        office = session.exec(select(Office)).first()
        assert team and office
        posting = Posting(
            slug=slug,
            title=title,
            team_id=team.id or 0,
            office_id=office.id or 0,
            status="open",
            published_at=utcnow(),  # an open posting is a published one (the sitemap's lastmod)
        )
        session.add(posting)
        session.flush()
        ids = add_applications(
            session, posting.id or 0, [f"Bulk{i:02d} {title.split()[0]}" for i in range(1, people + 1)]
        )
        session.commit()
    engine.dispose()
    return slug, ids


def stages_now(app: RunningApp, ids: list[int]) -> dict[int, tuple[str, str]]:
    engine = sa.create_engine(app.database_url)
    with Session(engine) as session:
        rows = session.exec(select(Application).where(sa.column("id").in_(ids))).all()
        found = {a.id or 0: (a.stage, a.rejection_reason) for a in rows}
    engine.dispose()
    return found


def someone_else_moves(app: RunningApp, slug: str, app_id: int, to: str) -> None:
    """A change the first browser has not heard of yet (as if made during its bulk action)."""
    engine = sa.create_engine(app.database_url)
    with Session(engine) as session:
        posting_id = session.exec(select(Posting.id).where(Posting.slug == slug)).one()
        pipeline.move(app_id, posting_id or 0, to, 1, "Recruiter Two", session=session)
        session.commit()
    engine.dispose()


@pytest.fixture
def two_recruiters(browser: Browser, app_server: RunningApp) -> Iterator[tuple[Page, Page]]:
    first, problems = open_page(browser, app_server)
    second, problems2 = open_page(browser, app_server)
    sign_in(first)
    sign_in(second, "recruiter2@example.com")
    yield first, second
    first.context.close()
    second.context.close()
    assert problems == [] and problems2 == [], problems + problems2


def test_shift_select_30_reject_with_one_reason_conflict_named_seen_live_and_undone(
    two_recruiters: tuple[Page, Page], app_server: RunningApp
) -> None:
    me, other = two_recruiters
    slug, ids = make_board(app_server, "Bulk Analyst", 40)
    for page in (me, other):
        page.goto(f"/recruiting/{slug}")
        expect(page.get_by_test_id("count-applied")).to_have_text("40")
    me.get_by_label("Select Bulk01 Bulk").click()
    me.get_by_label("Select Bulk30 Bulk").click(modifiers=["Shift"])
    bar = me.get_by_role("region", name="Bulk actions")
    expect(bar.get_by_role("status")).to_have_text("30 cards selected")
    expect(me.get_by_label("Select Bulk31 Bulk")).not_to_be_checked()
    # Keyboard: Space on a card's checkbox toggles it.
    me.get_by_label("Select Bulk31 Bulk").focus()
    me.keyboard.press("Space")
    expect(bar.get_by_role("status")).to_have_text("31 cards selected")
    me.keyboard.press("Space")
    expect(bar.get_by_role("status")).to_have_text("30 cards selected")
    shot(me, "bulk-selection-desktop")
    # The other recruiter moves Bulk05 while this browser still shows it in Applied.
    someone_else_moves(app_server, slug, ids[4], "onsite")
    bar.get_by_label("Rejection reason").select_option(REASON)
    bar.get_by_role("button", name="Reject 30").click()
    report = me.locator(".bulk-report")
    expect(report).to_contain_text(
        "Rejected: 29. 1 not moved because someone else changed them: Bulk05 Bulk."
    )
    shot(me, "bulk-conflict-desktop")
    expect(me.get_by_role("region", name="Bulk actions")).to_have_count(0)  # selection cleared
    for page in (me, other):  # the second recruiter sees it live
        expect(page.get_by_test_id("count-rejected")).to_have_text("29")
        expect(page.get_by_test_id("count-applied")).to_have_text("10")
        expect(page.get_by_test_id("count-onsite")).to_have_text("1")
    expect(me.locator(f"[data-stage=onsite] [data-testid=card-{ids[4]}]")).to_be_visible()
    expect(other.locator(f"[data-stage=rejected] [data-testid=card-{ids[0]}]")).to_be_visible()
    now = stages_now(app_server, ids)
    assert now[ids[4]] == ("onsite", "")  # left as they put it
    assert {now[i] for i in ids[:30] if i != ids[4]} == {("rejected", REASON)}
    assert {now[i] for i in ids[30:]} == {("applied", "")}
    me.get_by_role("button", name="Undo", exact=True).click()
    expect(report).to_contain_text("Undone: 29 back where they were.")
    for page in (me, other):
        expect(page.get_by_test_id("count-applied")).to_have_text("39")
        expect(page.get_by_test_id("count-rejected")).to_have_text("0")
    assert {stages_now(app_server, ids)[i] for i in ids if i != ids[4]} == {("applied", "")}


def test_select_all_in_a_column_move_and_add_a_note(recruiter: Page, app_server: RunningApp) -> None:
    slug, ids = make_board(app_server, "Bulk Designer", 6)
    recruiter.goto(f"/recruiting/{slug}")
    recruiter.get_by_role("button", name="Select all in Applied").click()
    bar = recruiter.get_by_role("region", name="Bulk actions")
    expect(bar.get_by_role("status")).to_have_text("6 cards selected")
    bar.get_by_label("Note for all").fill("Portfolio looked strong")
    bar.get_by_role("button", name="Add note").click()
    expect(recruiter.locator(".bulk-report")).to_contain_text("Note added to 6 applications.")
    bar.get_by_label("Move to").select_option(label="Phone interview")
    bar.get_by_role("button", name="Move 6").click()
    expect(recruiter.locator(".bulk-report")).to_contain_text("Moved to Phone interview: 6.")
    expect(recruiter.get_by_test_id("count-phone_interview")).to_have_text("6")
    recruiter.get_by_test_id(f"card-{ids[0]}").click()
    panel = recruiter.locator("aside")
    expect(panel.get_by_text("Portfolio looked strong")).to_be_visible()
    # With a filter in the URL: select every card it matches, loaded or not.
    recruiter.locator("aside").get_by_role("button", name="Close").click()
    recruiter.get_by_label("Search candidates by name or resume text").fill("Bulk02")
    recruiter.get_by_role("button", name="Apply filters").click()
    expect(recruiter).to_have_url(re.compile(r"\?q=Bulk02$"))
    expect(recruiter.get_by_test_id("count-phone_interview")).to_have_text("1")  # the filter applies
    shot(recruiter, "bulk-filtered-desktop")
    recruiter.get_by_role("button", name="Select all 1 in the filtered result").click()
    expect(recruiter.get_by_role("region", name="Bulk actions").get_by_role("status")).to_have_text(
        "1 card selected"
    )


def test_a_posting_with_its_own_stages(browser: Browser, app_server: RunningApp) -> None:
    admin, problems = open_page(browser, app_server)
    try:
        sign_in(admin, "admin@example.com")
        slug, ids = make_board(app_server, "Stage Editor", 2)
        admin.goto(f"/team/postings/edit?slug={slug}")
        stages = admin.get_by_role("region", name="Pipeline stages")
        expect(stages.get_by_label("Name of stage Onsite")).to_be_visible()
        stages.get_by_label("New stage").fill("Portfolio review")
        stages.get_by_role("button", name="Add stage").click()
        expect(stages.get_by_label("Name of stage Portfolio review")).to_be_visible()
        stages.get_by_role("button", name="Move Portfolio review earlier").click()
        expect(stages.get_by_role("status")).to_have_text("Order saved.")
        stages.get_by_label("Name of stage Onsite").fill("Final round")
        stages.get_by_role("button", name="Rename Onsite").click()
        expect(stages.get_by_label("Name of stage Final round")).to_be_visible()
        stages.get_by_role("button", name="Remove Recruiter screen").click()
        expect(stages.get_by_label("Name of stage Recruiter screen")).to_have_count(0)
        expect(stages.get_by_role("button", name="Remove Hired")).to_have_count(0)  # a fixed end
        stages.get_by_label("New stage").fill("final ROUND")
        stages.get_by_role("button", name="Add stage").click()
        expect(stages.get_by_role("status")).to_have_text(
            "This posting already has a stage called final ROUND."
        )
        shot(admin, "stage-editor-desktop")
        admin.set_viewport_size({"width": 768, "height": 900})
        shot(admin, "stage-editor-768")
        admin.set_viewport_size({"width": 1280, "height": 900})
        admin.goto(f"/recruiting/{slug}")
        titles = admin.locator(".board-column-title > span:first-child")
        expect(titles).to_have_text(
            [
                "Applied",
                "Phone interview",
                "Final round",
                "Portfolio review",
                "Offer",
                "Hired",
                "Rejected",
                "Withdrawn",
            ]
        )
        # Move a card into the new stage from the panel; its history reads with the labels.
        admin.get_by_test_id(f"card-{ids[0]}").click()
        panel = admin.locator("aside")
        panel.get_by_label("Move to stage").select_option(label="Portfolio review")
        panel.get_by_role("button", name="Move").click()
        expect(admin.get_by_test_id("count-portfolio_review")).to_have_text("1")
        expect(panel.get_by_text(re.compile("Applied → Portfolio review by"))).to_be_visible()
        # The pipelines list counts the posting's own added stages in one column.
        admin.goto("/recruiting")
        header = [t.strip() for t in admin.locator("table.counts-table thead th").all_inner_texts()]
        row = admin.get_by_role("row").filter(has_text="Stage Editor")
        cells = row.get_by_role("cell")
        other = header.index("Other stages") - 1  # the row's first column is its header
        expect(cells.nth(other)).to_have_text("1")
        expect(cells.nth(0)).to_have_text("2")
    finally:
        admin.context.close()
    assert problems == [], problems


@pytest.mark.skipif(not SHOTS, reason="screenshots only when asked for (CAREERS_SCREENSHOTS=1)")
def test_bulk_bar_at_768(browser: Browser, app_server: RunningApp) -> None:
    page, problems = open_page(browser, app_server, width=768)
    try:
        sign_in(page)
        slug, _ids = make_board(app_server, "Bulk Tablet", 8)
        page.goto(f"/recruiting/{slug}")
        page.get_by_label("Select Bulk01 Bulk").click()
        page.get_by_label("Select Bulk05 Bulk").click(modifiers=["Shift"])
        expect(page.get_by_role("region", name="Bulk actions").get_by_role("status")).to_have_text(
            "5 cards selected"
        )
        shot(page, "bulk-selection-768")
    finally:
        page.context.close()
    assert problems == [], problems
