"""The candidate's side after applying, in Chromium against the production build: consent
in the review step, the status link from the actual email the app wrote (.eml), the status
page, withdrawing seen live on a second recruiter's board, correcting details, and a dead
link. Screenshots go to $CAREERS_SCREENSHOTS (default /tmp/a1-shots)."""

from __future__ import annotations

import inspect
import os
import re
import uuid
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from careers_app.devtools.appserver import RunningApp
from careers_app.devtools.pdfs import make_resume
from careers_app.states.candidate_status import CandidateStatusState
from tests.browser import open_page, sign_in
from tests.raw_socket import answered_all, argument_sets, connect, secrets, snapshot
from tests.waiting import wait_until

SHOTS = Path(os.environ.get("CAREERS_SCREENSHOTS", "/tmp/a1-shots"))
CONSENT = "I agree that"
LINK = re.compile(r"https?://[^\s\"<>]+/status\?token=[A-Za-z0-9_-]+")


def _db(app: RunningApp) -> sa.Engine:
    return sa.create_engine(app.database_url)


def _quiet_posting(app: RunningApp) -> tuple[str, str]:
    """An open posting with few applications (slug, title), so its board shows every card."""
    with _db(app).connect() as db:
        row = db.execute(
            sa.text(
                "select p.slug, p.title from posting p left join application a on a.posting_id = p.id "
                "where p.status = 'open' and (p.closes_at is null or p.closes_at > current_timestamp) "
                "group by p.id, p.slug, p.title order by count(a.id), p.id limit 1"
            )
        ).one()
    return str(row[0]), str(row[1])


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _apply(page: Page, slug: str, email: str, resume: Path, *, shots: str = "") -> None:
    page.goto(f"/jobs/{slug}/apply")
    expect(page.get_by_role("heading", name="Step 1 of 5: You")).to_be_visible()
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Nwosu")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Primary phone").fill("(415) 555-0134")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("City").fill("Oakland")
    page.get_by_label("Country").fill("United States")
    page.get_by_label("State").select_option("California")
    page.get_by_label("Zip code").fill("94607")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Step 3 of 5: Documents")).to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload resume/profile").click()
    chooser.value.set_files(str(resume))
    expect(page.get_by_test_id("resume-card")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Skip this step").click()
    expect(page.get_by_role("heading", name="Step 5 of 5: Review")).to_be_visible()
    required = page.get_by_label(CONSENT)
    optional = page.get_by_label(re.compile("Keep my details for future openings"))
    expect(required).not_to_be_checked()
    expect(optional).not_to_be_checked()
    expect(page.get_by_role("link", name="Read the privacy notice")).to_have_attribute("href", "/privacy")
    if shots:
        _shot(page, f"wizard-review-consent-{shots}")
    page.get_by_role("button", name="Submit application").click()  # without consent: refused
    error = page.locator("#field-consent_processing-error")
    expect(error).to_contain_text("Please agree to the processing of your data")
    expect(required).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("heading", name="Thanks for applying!")).to_have_count(0)
    if shots:
        _shot(page, f"wizard-review-consent-refused-{shots}")
    required.check()
    expect(error).to_have_text("")
    optional.check()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", name="Thanks for applying!")).to_be_visible()


def _status_link_from_eml(app: RunningApp, email: str, timeout: float = 40) -> str:
    """Wait for the app's sender to write the confirmation as .eml; take the link from its text."""
    engine = _db(app)

    def sent() -> int:
        with engine.connect() as db:
            row = db.execute(
                sa.text("select id, status from outbox where to_email = :e order by id limit 1"), {"e": email}
            ).first()
        return int(row[0]) if row is not None and row[1] == "sent" else 0

    message_id = wait_until(sent, timeout=timeout, message=f"the confirmation email for {email} delivered")
    path = app.data_dir / "outbox" / f"{message_id}.eml"
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    found = LINK.search(text.get_content())
    assert found, text.get_content()
    html = message.get_body(preferencelist=("html",))
    assert html is not None and found.group(0).split("?")[1] in html.get_content()
    return found.group(0)


@pytest.fixture(scope="module")
def resume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("status") / "Amara_Nwosu_CV.pdf"
    path.write_bytes(make_resume("Amara Nwosu", "Data engineer", ["Airflow, dbt and Postgres"]))
    return path


def test_consent_then_the_emailed_link_withdraw_live_and_corrections(
    page: Page, browser: Browser, app_server: RunningApp, resume: Path
) -> None:
    slug, title = _quiet_posting(app_server)
    email = f"amara.{uuid.uuid4().hex[:8]}@example.org"
    _apply(page, slug, email, resume, shots="desktop")
    with _db(app_server).connect() as db:
        stored = db.execute(
            sa.text(
                "select a.id, a.consent_text_id, a.consent_text, a.consent_processing, "
                "a.consent_future_openings, a.consent_at from application a join candidate c "
                "on c.id = a.candidate_id where c.email = :e"
            ),
            {"e": email},
        ).one()
    app_id = int(stored[0])
    assert stored[1] == "wizard-2026-11" and "I agree that" in stored[2] and "future openings" in stored[2]
    assert bool(stored[3]) and bool(stored[4]) and stored[5] is not None

    link = _status_link_from_eml(app_server, email)
    recruiter, problems = open_page(browser, app_server)
    sign_in(recruiter, "recruiter2@example.com")
    recruiter.goto(f"/recruiting/{slug}")
    expect(recruiter.get_by_test_id(f"card-{app_id}")).to_be_visible()
    withdrawn_before = int(recruiter.get_by_test_id("count-withdrawn").inner_text())

    response = page.goto(link)
    assert response is not None and response.headers.get("referrer-policy") == "no-referrer"
    expect(page.get_by_role("heading", level=1, name="Your applications")).to_be_visible()
    mine = page.get_by_role("list", name="Your applications").get_by_role("listitem").filter(has_text=title)
    expect(mine).to_contain_text("Received")
    expect(mine).to_contain_text("Applied ")
    _shot(page, "status-desktop")

    mine.get_by_role("button", name=f"Withdraw my application for {title}").click()
    dialog = page.get_by_role("alertdialog", name="Withdraw your application?")
    expect(dialog).to_contain_text(title)
    _shot(page, "status-withdraw-dialog-desktop")
    dialog.get_by_role("button", name="Keep my application").click()
    expect(dialog).to_have_count(0)
    mine.get_by_role("button", name=f"Withdraw my application for {title}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Withdraw application").click()
    expect(mine).to_contain_text("Withdrawn")
    expect(mine.get_by_role("button", name=re.compile("Withdraw"))).to_have_count(0)
    # The other recruiter's board moves the card to Withdrawn without a reload.
    expect(recruiter.locator(f"[data-stage=withdrawn] [data-testid=card-{app_id}]")).to_be_visible()
    expect(recruiter.get_by_test_id("count-withdrawn")).to_have_text(str(withdrawn_before + 1))
    with _db(app_server).connect() as db:
        assert db.execute(sa.text("select stage from application where id = :a"), {"a": app_id}).scalar() == (
            "withdrawn"
        )
        kinds = (
            db.execute(sa.text("select kind from outbox where to_email = :e"), {"e": email}).scalars().all()
        )
    assert "withdrawal_confirmed" in kinds

    # The email address is shown, not editable: a link proves control of this address only.
    expect(page.get_by_text("it cannot be changed here")).to_be_visible()
    expect(page.locator("#contact-email")).to_have_text(email)
    # Correct the details: a bad phone is named next to the field; a good one is saved everywhere.
    phone = page.get_by_label("Primary phone")
    phone.fill("12")
    phone.blur()
    expect(page.locator("#field-phone-error")).not_to_have_text("")
    phone.fill("(510) 555-0199")
    page.get_by_label("City").fill("Berkeley")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_text("Your details were updated on all your applications.")).to_be_visible()
    with _db(app_server).connect() as db:
        saved = db.execute(
            sa.text("select phone_e164, city from application where id = :a"), {"a": app_id}
        ).one()
    assert tuple(saved) == ("+15105550199", "Berkeley")
    recruiter.get_by_test_id(f"card-{app_id}").click()
    expect(recruiter.get_by_text("Candidate updated contact details")).to_be_visible()
    expect(
        recruiter.get_by_text("The candidate withdrew this application; it cannot be moved.")
    ).to_be_visible()
    expect(recruiter.get_by_label("Move to stage")).to_have_count(0)
    recruiter.context.close()
    assert problems == []


def test_status_page_on_a_phone(phone_page: Page, app_server: RunningApp, resume: Path) -> None:
    slug, title = _quiet_posting(app_server)
    email = f"amara.{uuid.uuid4().hex[:8]}@example.org"
    _apply(phone_page, slug, email, resume, shots="phone")
    link = _status_link_from_eml(app_server, email)
    phone_page.goto(link)
    expect(phone_page.get_by_role("listitem").filter(has_text=title)).to_contain_text("Received")
    _shot(phone_page, "status-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    # The switcher keeps the link's token though the server keeps no copy of it (its href
    # leaves it out: issue 18's attack run found it in the stored state).
    token = link.partition("token=")[2]
    switcher = phone_page.get_by_role("link", name="Español")
    assert token not in (switcher.get_attribute("href") or "")
    switcher.click()
    expect(phone_page.get_by_role("listitem").filter(has_text=title)).to_contain_text("Recibida")
    assert f"token={token}" in phone_page.url and "lang=es" in phone_page.url


def test_a_dead_link_says_so_and_offers_a_new_one(page: Page, app_server: RunningApp) -> None:
    page.goto("/status?token=" + "x" * 43)
    expect(
        page.get_by_role("heading", level=1, name="This link has expired or is not valid any more.")
    ).to_be_visible()
    page.get_by_label("Email address").fill(f"nobody.{uuid.uuid4().hex[:6]}@example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(
        page.get_by_role("status").filter(has_text="If we have applications for that address")
    ).to_be_visible()
    _shot(page, "status-expired-desktop")
    page.goto("/privacy")
    expect(page.get_by_role("heading", level=1, name="Privacy notice for applicants")).to_be_visible()


def test_status_handlers_over_a_raw_socket_change_nothing_without_a_valid_link(
    app_server: RunningApp,
) -> None:
    """A stranger who writes Socket.IO frames by hand: every status-page handler, with valid
    and hostile arguments (application ids that exist, made-up tokens in the URL), changes
    no application, event or email, and no frame carries a candidate's contact details."""

    def outbox_and_links() -> tuple[int, int]:
        with _db(app_server).connect() as db:
            return (
                int(db.execute(sa.text("select count(*) from outbox")).scalar() or 0),
                int(db.execute(sa.text("select count(*) from status_link")).scalar() or 0),
            )

    client, frames = connect(app_server)
    state = CandidateStatusState.get_full_name()
    before, mail_before = snapshot(app_server), outbox_and_links()
    try:
        for path in ("/status", "/status?token=" + "A" * 43, "/status?token=1%27%20or%201=1"):
            for name, handler in CandidateStatusState.event_handlers.items():
                ours = handler.fn.__module__.startswith("careers_app.")
                if name == "request_link" or not (ours or name == "setvar"):
                    continue  # asking for a link is open to anyone (and limited): tested above
                params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
                for payload in argument_sets(app_server, params, sorted(CandidateStatusState.vars)):
                    client.emit(
                        "event",
                        {
                            "name": f"{state}.{name}",
                            "payload": payload,
                            "router_data": {"pathname": "/status", "query": {}, "asPath": path},
                        },
                        namespace="/_event",
                    )
        answered_all(client, frames, "/status")  # every event above answered: now nothing may have changed
        assert snapshot(app_server) == before and outbox_and_links() == mail_before
    finally:
        client.disconnect()
    received = "\n".join(frames)
    assert received, "the server answered nothing at all"
    for secret in secrets(app_server):
        assert secret not in received
