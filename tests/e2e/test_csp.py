"""The built app works under its Content-Security-Policy: the job board, a posting, the
wizard (including a toast sent by the server), sign-in and a recruiter board with a
candidate's PDF, with no CSP violation and no console error. Candidate PDFs come
sandboxed, with a Content-Disposition nothing in the uploaded name can break."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from careers_app.devtools.appserver import RunningApp
from careers_app.http.headers import content_disposition
from tests.browser import open_page, sign_in

CORTEX = "machine-learning-engineer-data-science-cortex"
TITLE = "Machine Learning Engineer - Data Science, Cortex"
# Collects every CSP violation of each document (frames included) before any script runs.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
"""
HOSTILE_NAME = 'résumé"\r\nSet-Cookie: pwned=1; x=.pdf'


def _no_violations(page: Page, where: str) -> None:
    assert page.evaluate("window.__csp") == [], where


def test_public_and_recruiter_pages_run_under_the_csp(browser: Browser, app_server: RunningApp) -> None:
    page, problems = open_page(browser, app_server)
    page.add_init_script(WATCH_CSP)
    try:
        page.goto("/careers")
        expect(page.get_by_role("heading", name=re.compile(r"^\d+ open positions$"))).to_be_visible()
        _no_violations(page, "job board")

        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
        _no_violations(page, "posting")

        page.get_by_role("link", name="Apply for this job").first.click()
        expect(page.get_by_role("heading", name="Step 1 of 5: You")).to_be_visible()
        page.get_by_role("button", name="Discard this application").click()
        # Reflex shows a toast sent by the server through eval(): the policy must allow it.
        expect(page.get_by_text("Your application was discarded.")).to_be_visible()
        _no_violations(page, "wizard")

        sign_in(page)  # the sign-in page, then the pipelines list
        _no_violations(page, "sign-in")

        page.goto(f"/recruiting/{CORTEX}")
        card = page.locator("[data-stage=applied] .board-card").first
        card.click()
        frame = page.locator("aside iframe").first
        expect(frame).to_have_attribute("src", re.compile(r"^/recruiting/documents/\d+$"))
        loaded = frame.element_handle().content_frame()  # the PDF's own document, once loaded
        assert loaded is not None
        loaded.wait_for_load_state("load")
        _no_violations(page, "recruiter board")
    finally:
        page.context.close()
    assert problems == [], problems


def test_candidate_pdfs_are_sandboxed_with_a_safe_file_name(browser: Browser, app_server: RunningApp) -> None:
    with sa.create_engine(app_server.database_url).connect() as conn:
        document_id, original = conn.execute(
            sa.text("select id, original_name from document order by id limit 1")
        ).one()
    engine = sa.create_engine(app_server.database_url)
    page, problems = open_page(browser, app_server)
    try:
        sign_in(page)
        with engine.begin() as conn:
            conn.execute(
                sa.text("update document set original_name = :n where id = :i"),
                {"n": HOSTILE_NAME, "i": document_id},
            )
        answer = page.request.get(f"/recruiting/documents/{document_id}")
        assert answer.status == 200 and answer.body().startswith(b"%PDF")
        headers = answer.headers
        assert headers["content-type"] == "application/pdf"
        assert headers["content-security-policy"] == "sandbox"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["content-disposition"] == content_disposition(HOSTILE_NAME)
        assert headers["content-disposition"].startswith(
            'inline; filename="resume_Set-Cookie_ pwned_1_ x.pdf"; '
        )
        assert "pwned" not in headers.get("set-cookie", "")
    finally:
        with engine.begin() as conn:
            conn.execute(
                sa.text("update document set original_name = :n where id = :i"),
                {"n": original, "i": document_id},
            )
        page.context.close()
    assert problems == [], problems


def test_document_ids_no_table_holds_are_not_found_when_signed_in(
    browser: Browser, app_server: RunningApp
) -> None:
    page, problems = open_page(browser, app_server)
    try:
        sign_in(page)
        for raw in ("99999999999999999999999", "2147483648", "0", "-1"):
            assert page.request.get(f"/recruiting/documents/{raw}").status == 404, raw
        assert page.request.get("/recruiting/documents/2147483647").status == 404  # in range, no such row
    finally:
        page.context.close()
    assert problems == [], problems
