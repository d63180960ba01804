"""The running app delivers its outbox by itself (here as .eml files: no CAREERS_SMTP_URL),
and an admin sends a failed email again from the accounts page."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from careers_app import routes
from careers_app.devtools.appserver import RunningApp
from tests.browser import sign_in
from tests.waiting import wait_until


def _insert(app: RunningApp, email: str, status: str) -> int:
    engine = sa.create_engine(app.database_url)
    with engine.begin() as conn:
        return int(
            conn.execute(
                sa.text(
                    "insert into outbox (to_email, subject, body, created_at, status, attempts, next_attempt_at,"
                    " last_error) values (:e, 'We received your application: Tester', :b, :now, :s, :a, :now, :err)"
                    " returning id"
                ),
                {
                    "e": email,
                    "b": "Hi Tess,\n\n1. Call\n2. Interviews\n\nThe team",
                    "now": "2026-01-01 00:00:00+00:00",
                    "s": status,
                    "a": 6 if status == "failed" else 0,
                    "err": "550 5.1.1 Mailbox unavailable" if status == "failed" else "",
                },
            ).scalar_one()
        )


def _delivered(app: RunningApp, message_id: int, timeout: float = 30) -> Path:
    """Wait for the app's sender loop (every ~5 s) to write the message and mark it sent."""
    path = app.data_dir / "outbox" / f"{message_id}.eml"
    engine = sa.create_engine(app.database_url)

    def status() -> str:
        with engine.connect() as conn:
            return str(
                conn.execute(
                    sa.text("select status from outbox where id = :i"), {"i": message_id}
                ).scalar_one()
            )

    wait_until(
        lambda: status() == "sent" and path.exists(),
        timeout=timeout,
        message=f"message {message_id} delivered",
    )
    return path


def test_the_app_delivers_a_pending_message_with_text_and_html(app_server: RunningApp) -> None:
    mid = _insert(app_server, "tess@example.org", "pending")
    message = message_from_bytes(_delivered(app_server, mid).read_bytes(), policy=policy.default)
    assert message["To"] == "tess@example.org" and message["Message-ID"].endswith("@localhost>")
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "<li>Call</li>" in html.get_content()


def test_an_admin_retries_a_failed_email_from_the_accounts_page(page: Page, app_server: RunningApp) -> None:
    mid = _insert(app_server, "bounced@example.org", "failed")
    sign_in(page, "admin@example.com")
    page.goto(routes.ACCOUNTS)
    section = page.get_by_role("region", name="Undelivered email")
    row = section.get_by_role("row").filter(has_text="bounced@example.org")
    expect(row).to_contain_text("550 5.1.1 Mailbox unavailable")
    row.get_by_role("button", name="Retry the email to bounced@example.org").click()
    expect(page.get_by_text("The email will be sent again in a moment.")).to_be_visible()
    expect(section.get_by_text("bounced@example.org")).to_have_count(0)
    _delivered(app_server, mid)
