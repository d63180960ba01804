"""Email templates, the rejection email's undo window and interview invitations in Chromium,
against the running app (mail written as .eml by its own sender loop)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from careers_app import routes
from careers_app.devtools.appserver import RunningApp
from tests.browser import BOARD, open_page, sign_in
from tests.browser import card_id as _card_id
from tests.waiting import wait_until

SHOTS = Path(os.environ.get("CAREERS_SCREENSHOTS", "/tmp/careers-shots-B"))


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def signed_in(browser: Browser, app_server: RunningApp) -> Iterator[tuple[Page, Page]]:
    """A recruiter's page and an admin's page, each failing the test on any page error."""
    pages = []
    for email in ("recruiter@example.com", "admin@example.com"):
        page, problems = open_page(browser, app_server)
        sign_in(page, email)
        pages.append((page, problems))
    yield pages[0][0], pages[1][0]
    for page, problems in pages:
        page.context.close()
        assert problems == [], problems


def _db(app: RunningApp) -> sa.Engine:
    return sa.create_engine(app.database_url)


def _outbox(app: RunningApp, app_id: int, kind: str) -> list[tuple[int, str, datetime, datetime]]:
    with _db(app).connect() as conn:
        rows = conn.execute(
            sa.text(
                "select id, status, created_at, next_attempt_at from outbox"
                " where application_id = :a and kind = :k order by id"
            ),
            {"a": app_id, "k": kind},
        ).all()
    return [(r[0], r[1], _aware(r[2]), _aware(r[3])) for r in rows]


def _aware(value: datetime | str) -> datetime:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _wait_for(app: RunningApp, app_id: int, kind: str, count: int = 1, timeout: float = 20) -> list[int]:
    def enough() -> list[int]:
        ids = [r[0] for r in _outbox(app, app_id, kind)]
        return ids if len(ids) >= count else []

    return wait_until(enough, timeout=timeout, message=f"{count} {kind} email(s) for application {app_id}")


def _delivered(app: RunningApp, message_id: int, timeout: float = 40) -> EmailMessage:
    path = app.data_dir / "outbox" / f"{message_id}.eml"
    wait_until(path.exists, timeout=timeout, message=f"message {message_id} written")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _open_panel_and_move(page: Page, card: int, stage_label: str) -> None:
    shown = page.get_by_test_id(f"card-{card}")
    name = shown.locator(".card-name").inner_text()
    shown.click()
    panel = page.get_by_role("complementary")
    expect(panel.get_by_role("heading", name=name)).to_be_visible()
    panel.get_by_label("Move to stage").select_option(label=stage_label)
    panel.get_by_role("button", name="Move", exact=True).click()


def _stage(app: RunningApp, app_id: int) -> str:
    with _db(app).connect() as conn:
        return str(
            conn.execute(sa.text("select stage from application where id = :a"), {"a": app_id}).scalar_one()
        )


def _wait_stage(app: RunningApp, app_id: int, stage: str) -> None:
    wait_until(lambda: _stage(app, app_id) == stage, timeout=10, message=f"application {app_id} in {stage}")


def test_admin_edits_a_template_with_a_live_preview(signed_in: tuple[Page, Page]) -> None:
    _recruiter, admin = signed_in
    admin.goto(routes.email_templates_url("not_selected"))
    expect(admin.get_by_role("heading", name="Not selected")).to_be_visible()
    preview = admin.get_by_role("region", name="Preview")
    expect(preview.get_by_test_id("preview-text")).to_contain_text("Hi Ada,")
    subject = admin.get_by_label("Subject")
    subject.fill("About {candidate_first_name.__class__}")
    expect(admin.locator("#template-subject-error")).to_contain_text("is not allowed")
    expect(preview.get_by_text("Fix the marked fields to see the preview.")).to_be_visible()
    subject.fill("An update on {posting_title}, {candidate_first_name}")
    expect(preview.get_by_test_id("preview-subject")).to_contain_text(
        "An update on Senior Software Engineer, Ada"
    )
    expect(admin.locator("#template-subject-error")).to_have_text("")
    html = admin.frame_locator("iframe[title='HTML preview']")
    expect(html.get_by_text("Hi Ada,")).to_be_visible()
    _shot(admin, "templates-desktop")
    admin.locator("iframe[title='HTML preview']").screenshot(path=str(SHOTS / "templates-html-preview.png"))
    admin.set_viewport_size({"width": 390, "height": 900})
    _shot(admin, "templates-phone")
    admin.set_viewport_size({"width": 1280, "height": 900})
    admin.get_by_role("button", name="Save template").click()
    expect(admin.get_by_role("link", name=re.compile(r"Not selected \(edited\)"))).to_be_visible()
    admin.get_by_role("button", name="Reset to default").click()
    expect(subject).to_have_value("Your application for {posting_title}")
    expect(admin.get_by_role("link", name="Not selected", exact=True)).to_be_visible()


def test_rejection_email_waits_and_moving_back_cancels_it(
    signed_in: tuple[Page, Page], app_server: RunningApp
) -> None:
    recruiter, _admin = signed_in
    recruiter.goto(BOARD)
    card, other = _card_id(recruiter, "applied", 1), _card_id(recruiter, "applied", 2)
    _open_panel_and_move(recruiter, card, "Rejected")
    dialog = recruiter.get_by_role("dialog")
    expect(dialog).to_be_visible()
    box = dialog.get_by_label("Send rejection email")
    expect(box).not_to_be_checked()  # never sent without the click
    dialog.get_by_label("Reason").select_option("Skills do not match the requirements")
    box.check()
    _shot(recruiter, "reject-dialog-desktop")
    dialog.get_by_role("button", name="Reject").click()
    expect(recruiter.get_by_text(re.compile("The rejection email goes in 10 minutes"))).to_be_visible()
    _wait_stage(app_server, card, "rejected")
    [(_id, status, created, due)] = _outbox(app_server, card, "not_selected")
    assert status == "pending" and timedelta(minutes=9, seconds=50) < due - created <= timedelta(
        minutes=10, seconds=5
    )
    panel = recruiter.get_by_role("complementary")
    panel.get_by_label("Move to stage").select_option(label="Applied")
    panel.get_by_role("button", name="Move", exact=True).click()
    _wait_stage(app_server, card, "applied")
    assert [r[1] for r in _outbox(app_server, card, "not_selected")] == ["cancelled"]

    # Rejected without the box ticked: no email at all.
    panel.get_by_role("button", name="Close").click()
    _open_panel_and_move(recruiter, other, "Rejected")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Send rejection email")).not_to_be_checked()
    dialog.get_by_label("Reason").select_option("Skills do not match the requirements")
    dialog.get_by_role("button", name="Reject").click()
    _wait_stage(app_server, other, "rejected")
    assert _outbox(app_server, other, "not_selected") == []


def test_recruiter_proposes_candidate_picks_from_the_email_and_the_card_shows_it(
    signed_in: tuple[Page, Page], browser: Browser, app_server: RunningApp
) -> None:
    recruiter, _admin = signed_in
    recruiter.goto(BOARD)
    card = _card_id(recruiter, "applied", 3)
    _open_panel_and_move(recruiter, card, "Phone interview")
    _wait_stage(app_server, card, "phone_interview")
    section = recruiter.get_by_role("region", name="Interview")
    day = (datetime.now(UTC) + timedelta(days=40)).date()
    first = section.get_by_role("group", name="Time 1")
    first.get_by_label("Date").fill(day.isoformat())
    first.get_by_label("Start").fill("09:00")
    first.get_by_label("Length").select_option(label="45 minutes")
    first.get_by_label("Time zone").select_option("America/New_York")
    first.get_by_label("Place or video link").fill("https://meet.example.com/cortex")
    section.get_by_role("button", name="Add another time").click()
    second = section.get_by_role("group", name="Time 2")
    second.get_by_label("Date").fill(day.isoformat())
    second.get_by_label("Start").fill("10:30")
    second.get_by_label("Time zone").select_option("Asia/Kolkata")
    second.get_by_label("Place or video link").fill("Bengaluru office, 3rd floor")
    _shot(recruiter, "propose-slots-desktop")
    section.get_by_role("button", name="Send invitation").click()
    expect(section.get_by_test_id("interview-proposed")).to_contain_text("(Asia/Kolkata)")

    [invite_id] = _wait_for(app_server, card, "interview_invitation")
    invite = _delivered(app_server, invite_id)
    text = invite.get_body(preferencelist=("plain",))
    assert text is not None
    link = re.search(r"https?://\S+/interview/\S+", text.get_content())
    assert link is not None
    path = "/interview/" + link.group(0).split("/interview/")[1]

    for width, name in ((390, "pick-phone"), (1280, "pick-desktop")):
        candidate, problems = open_page(browser, app_server, width=width)
        candidate.goto(path)
        expect(candidate.get_by_role("heading", name="Your interview")).to_be_visible()
        expect(candidate.get_by_label(re.compile(r"09:00-09:45 E[SD]T \(America/New_York\)"))).to_be_visible()
        expect(candidate.get_by_label(re.compile(r"10:30-11:30 IST \(Asia/Kolkata\)"))).to_be_visible()
        _shot(candidate, name)
        if width == 1280:
            candidate.get_by_label(re.compile(r"\(America/New_York\)")).check()
            candidate.get_by_role("button", name="Book this time").click()
            expect(candidate.get_by_test_id("booked-time")).to_contain_text("(America/New_York)")
            _shot(candidate, "pick-booked-desktop")
        candidate.context.close()
        assert problems == [], problems

    [confirmed_id] = _wait_for(app_server, card, "interview_confirmed")
    message = _delivered(app_server, confirmed_id)
    calendar_part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(calendar_part.get_content())
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST" and event.decoded("SEQUENCE") == 0
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "America/New_York" and (start.hour, start.minute) == (9, 0)
    _wait_for(app_server, card, "interview_team_notice")

    booked = re.compile(r"Interview \w{3} \d+, 09:00 E[SD]T")
    expect(recruiter.get_by_test_id(f"card-{card}")).to_contain_text(booked)  # live, no reload
    recruiter.goto(BOARD)
    shown = recruiter.get_by_test_id(f"card-{card}")
    expect(shown).to_contain_text(booked)
    shown.scroll_into_view_if_needed()
    _shot(recruiter, "card-with-interview-desktop")
    shown.click()
    expect(recruiter.get_by_test_id("interview-booked")).to_contain_text("(America/New_York)")
