"""Job alerts end to end against the production build: subscribe from the job board by its
visible labels, confirm from the real email the app delivered, the day's digest (the
maintenance loop's own function, called here for tomorrow) over real SMTP to a sink on
loopback, the RFC 8058 headers and their one-click POST, and the visible unsubscribe link
clicked in the browser. Screenshots of the form at desktop and phone width.

The digest is made for tomorrow (``now`` a day ahead), so its messages are due only then:
the app's own sender (every few seconds, writing .eml files here) never takes them, and the
test's sender, given tomorrow's time, delivers them over SMTP.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from careers_app.devtools.appserver import RunningApp
from careers_app.models import JobAlert, Outbox, Posting
from careers_app.models.types import utcnow
from careers_app.services.jobboard import job_alerts
from careers_app.services.mail import mail, outbox
from careers_app.services.platform.db import make_engine, session_scope
from careers_app.services.postings import posting_editor
from careers_app.settings import get_settings
from tests.e2e.test_outbox import _delivered
from tests.unit.test_outbox import Inbox, _free_port

SHOTS = Path(os.environ.get("CAREERS_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "out"))
TEAM, TEAM_SLUG, OFFICE_SLUG = "Design", "design", "dublin"
KEYWORD = "Observability"


@pytest.fixture
def engine(app_server: RunningApp) -> Iterator[Engine]:
    eng = make_engine(app_server.database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sink() -> Iterator[tuple[Inbox, str]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def _confirmations(engine: Engine, email: str, count: int, timeout: float = 30) -> list[int]:
    """The ids of the confirmation emails the app queued for this address (waits for them)."""
    deadline = time.monotonic() + timeout
    while True:
        with session_scope(engine) as session:
            ids = session.exec(
                select(Outbox.id)
                .where(Outbox.to_email == email, Outbox.kind == "job_alert_confirm")
                .order_by(col(Outbox.id))
            ).all()
        if len(ids) >= count or time.monotonic() > deadline:
            return [i for i in ids if i is not None]
        time.sleep(0.25)


def _html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


def _board_with_the_form(page: Page) -> None:
    page.goto("/careers")
    team = page.get_by_label("Team")
    option = team.locator("option", has_text=f"{TEAM} (").text_content()
    assert option
    team.select_option(label=option)
    expect(page).to_have_url(re.compile(rf"team={TEAM_SLUG}"))
    page.get_by_text("Email me new jobs like these").click()


def test_subscribe_confirm_digest_and_unsubscribe(
    page: Page, app_server: RunningApp, engine: Engine, sink: tuple[Inbox, str]
) -> None:
    email = f"alerts.{uuid.uuid4().hex[:8]}@example.org"
    _board_with_the_form(page)
    form = page.get_by_role("form", name="Job alert")
    expect(form.get_by_label("Jobs from")).to_have_value(TEAM_SLUG)  # prefilled from the filter
    form.get_by_label("Email address").fill(email)
    form.get_by_role("button", name="Create job alert").click()
    expect(form.get_by_role("status")).to_have_text(job_alerts.ANSWER)
    # A second alert, the same team with a keyword (from the same form).
    form.get_by_label("With the word").fill(KEYWORD)
    form.get_by_role("button", name="Create job alert").click()
    ids = _confirmations(engine, email, 2)
    assert len(ids) == 2
    expect(form.get_by_role("status")).to_have_text(job_alerts.ANSWER)  # the same answer every time

    # Nothing but the confirmations until the links are followed: follow each from the real email.
    for message_id in ids:
        message = message_from_bytes(_delivered(app_server, message_id).read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage) and message["To"] == email
        assert message["List-Unsubscribe"] is None
        page.set_content(_html_of(message))
        page.get_by_role("link", name="Confirm the alert").click()
        expect(page.get_by_role("heading", name="Confirm your job alert")).to_be_visible()
        page.get_by_role("button", name="Confirm job alert").click()
        expect(page.get_by_role("heading", name="Your job alert is on")).to_be_visible()

    # A new posting in that team, then tomorrow's digest from the maintenance loop's function.
    settings = get_settings()
    posting = posting_editor.PostingInput(
        title=f"{KEYWORD} Engineer {uuid.uuid4().hex[:4]}",
        team=TEAM_SLUG,
        office=OFFICE_SLUG,
        status="open",
        steps="Recruiter call\nInterviews",
        sections={"what_youll_do": "Keep the lights on."},
    )
    with session_scope(engine) as session:
        slug = posting_editor.save(posting, session=session)
    try:
        tomorrow = utcnow() + timedelta(days=1)
        mailing = job_alerts.Mailing(base_url=app_server.base_url, company=settings.company_name)
        assert job_alerts.send_digests(mailing, engine=engine, now=tomorrow).sent == 2
        inbox, url = sink
        transport = mail.transport_from(
            url, sender=settings.sender, reply_to="", drop_dir=Path("/nonexistent")
        )
        for _batch in range(20):  # rounds of the sender: messages due before tomorrow go first
            if len([m for m in inbox.accepted if m["To"] == email]) >= 2:
                break
            if not outbox.send_due(transport, domain="localhost", engine=engine, now=tomorrow).did_anything:
                break
    finally:
        with session_scope(engine) as session:  # other tests count the board's postings
            row = session.exec(select(Posting).where(Posting.slug == slug)).one()
            row.status = "closed"
            session.add(row)
    digests = {m["Subject"]: m for m in inbox.accepted if m["To"] == email}
    assert len(digests) == 2, list(digests)
    # A subject never carries the keyword typed (anyone may ask for an alert to any address).
    assert not any(KEYWORD in s for s in digests), list(digests)
    plain = next(m for s, m in digests.items() if job_alerts.CHOSEN_KEYWORD not in s)
    keyword = next(m for s, m in digests.items() if job_alerts.CHOSEN_KEYWORD in s)
    for message in (plain, keyword):
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        header = re.fullmatch(
            r"<(http://localhost:\d+/alerts/unsubscribe\?token=[A-Za-z0-9_-]{43})>",
            message["List-Unsubscribe"],
        )
        assert header is not None
        assert slug in _html_of(message) and header.group(1) in _html_of(message)

    # One-click, as a mail client does it: a POST to the header's URL, no cookie, no page.
    one_click = re.fullmatch(r"<(.+)>", plain["List-Unsubscribe"])
    assert one_click is not None
    answer = page.context.request.post(one_click.group(1), form={"List-Unsubscribe": "One-Click"})
    assert answer.status == 200 and answer.text() == "Unsubscribed."
    with session_scope(engine) as session:
        left = session.exec(select(JobAlert).where(JobAlert.email == email)).all()
        assert [a.keyword for a in left] == [KEYWORD]  # only the alert of that digest went

    # The visible link of the other digest, clicked in the browser: a page with a button.
    page.set_content(_html_of(keyword))
    page.get_by_role("link", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="Unsubscribe from this job alert?")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    with session_scope(engine) as session:
        assert session.exec(select(JobAlert).where(JobAlert.email == email)).all() == []


def test_screenshots_of_the_subscribe_form(page: Page, phone_page: Page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for pg, width in ((page, 1280), (phone_page, 390)):
        _board_with_the_form(pg)
        form = pg.get_by_role("form", name="Job alert")
        form.get_by_label("Email address").fill("ada@example.org")
        expect(form.get_by_label("Jobs from")).to_have_value(TEAM_SLUG)
        box = pg.locator("#job-alerts")
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(SHOTS / f"job-alert-form-{width}.png"))
        size = box.bounding_box()
        assert size is not None and size["x"] >= 0 and size["x"] + size["width"] <= width  # fits the screen
