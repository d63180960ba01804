"""Downloads are downloads (issue 18, leak 9), clicked in Chromium: every download on the
compliance page, the data-rights pages (admin and the person's own), the API-keys page and
the other admin pages arrives as a file with its own name, extension and content type.

Before: the compliance page's "Download … as CSV" links were React Router links, so a
click showed the app's 404 page; fetched directly, the files were named
``eeo-report.csv.pdf``, ``impact-report.csv.pdf`` and ``person-….zip.pdf``.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import APIResponse, Browser, Download, Locator, Page, expect
from sqlmodel import Session, col

from careers_app import routes
from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.models import Document
from careers_app.services.candidates import candidate_access
from careers_app.services.platform.db import make_engine
from tests.browser import open_page
from tests.eeo_data import add_reported
from tests.factories import make_office, make_posting, make_team
from tests.people import Person, make_person

SHOTS = Path(os.environ.get("CAREERS_SCREENSHOTS", "/tmp/careers-screenshots"))
# What a download route serves: its extension and content type.
TYPES = {".csv": "text/csv", ".zip": "application/zip", ".pdf": "application/pdf"}
DOWNLOAD_PATH = re.compile(r"(\.csv|\.zip)$|^/recruiting/documents/")
ADMIN_PAGES = (
    routes.ACCOUNTS,
    routes.API_KEYS,
    routes.EMAIL_TEMPLATES,
    routes.PEOPLE,
    routes.AUDIT_LOG,
    routes.POSTING_EDITOR,
    routes.ANALYTICS,
    routes.COMPLIANCE_HOME,
)


@pytest.fixture(scope="module")
def person(app_server: RunningApp) -> tuple[Person, str, int]:
    """A person with an application (and a resume) on a closed posting of their own, a
    status link, and some applicants with answers on a posting for the reports."""
    upload_dir = Path(app_server.env.get("CAREERS_UPLOAD_DIR") or app_server.data_dir / "uploads")
    engine = make_engine(app_server.database_url)
    with Session(engine, expire_on_commit=False) as session:
        closed = make_posting(session, make_team(session), make_office(session), status="closed")
        someone = make_person(session, upload_dir, stages=("rejected",), postings=[closed])
        token = candidate_access.issue_link(someone.candidate_id, session=session)
        document_id = (
            session.query(col(Document.id)).filter(col(Document.application_id) == someone.application_ids[0]).scalar()
        )
        reported = make_posting(session, make_team(session), make_office(session), title="Download Analyst")
        for i in range(12):
            add_reported(  # a closed quarter that no other module's applications are in
                session,
                reported.id or 0,
                "recruiter_screen" if i < 6 else "applied",
                gender="Female",
                submitted_at=datetime(2024, 11, 13, 15, tzinfo=UTC),
            )
        session.commit()
    engine.dispose()
    return someone, token, int(document_id)


def _signed_in(
    browser: Browser, app_server: RunningApp, email: str, width: int = 1280
) -> tuple[Page, list[str]]:
    page, problems = open_page(browser, app_server, width=width)
    page.goto(routes.SIGN_IN)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))
    return page, problems


@pytest.fixture
def admin(browser: Browser, app_server: RunningApp) -> Iterator[Page]:
    page, problems = _signed_in(browser, app_server, "admin@example.com")
    yield page
    page.context.close()
    assert problems == [], problems


def _download(page: Page, control: Locator) -> tuple[Download, APIResponse]:
    """Click ``control``; the file that arrives, and the server's answer to the same GET
    (Chromium reports no response event for a navigation that became a download). The
    page stays where it was: a client-side route would have shown the 404 page instead."""
    before = page.url
    with page.expect_download() as downloaded:
        control.click()
    download = downloaded.value
    assert download.failure() is None, download.failure()
    assert page.url == before
    return download, page.request.get(download.url)


def _check(download: Download, response: APIResponse, name: str | re.Pattern[str]) -> bytes:
    """The suggested name, its extension and the content type agree, and no .pdf is tacked on."""
    filename = download.suggested_filename
    assert (filename == name) if isinstance(name, str) else name.fullmatch(filename), filename
    extension = Path(filename).suffix
    assert extension in TYPES and not filename.endswith(f"{extension}.pdf"), filename
    headers = response.headers
    assert response.status == 200, (response.url, response.status)
    assert headers["content-type"].split(";")[0].strip() == TYPES[extension], headers["content-type"]
    assert headers["content-disposition"].startswith("attachment;"), headers["content-disposition"]
    assert f'filename="{filename}"' in headers["content-disposition"], headers["content-disposition"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "private, no-store"
    return Path(download.path()).read_bytes()


def _download_links(page: Page) -> list[str]:
    """The visible names of every link on the page that downloads; every link to a file
    route must be one of them (a plain link to a file would go through the client router)."""
    # One read of the whole page: reading a link's href and then its download attribute by
    # position read two links when the page drew another link in between.
    links = page.locator("a[href]").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.hasAttribute('download'), a.innerText.trim()])"
    )
    for href, downloads, _name in links:
        if DOWNLOAD_PATH.search(urlsplit(href).path) and not href.startswith("/recruiting/documents/"):
            assert downloads, f"{href} is not a download link"
    return [name for _href, downloads, name in links if downloads]


def _shot(page: Page, name: str, *, around: Locator | None = None) -> None:
    """The whole page, or (for a long one) the screen around ``around``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if around is not None:
        around.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=around is None)


def _check_report_links(page: Page) -> None:
    for label in ("Download these tables as CSV", "Download the adverse impact table as CSV"):
        expect(page.get_by_role("link", name=label)).to_be_visible()
    names = _download_links(page)
    assert names == ["Download these tables as CSV", "Download the adverse impact table as CSV"], names
    for label, filename in (
        ("Download these tables as CSV", "eeo-report.csv"),
        ("Download the adverse impact table as CSV", "impact-report.csv"),
    ):
        download, response = _download(page, page.get_by_role("link", name=label))
        body = _check(download, response, filename).decode("utf-8-sig")
        assert "," in body.splitlines()[0], body[:200]  # a CSV header row, not a page


@pytest.mark.parametrize("width", [1280, 390])
def test_compliance_staff_download_both_reports_as_csv(
    browser: Browser, app_server: RunningApp, person: tuple[Person, str, int], width: int
) -> None:
    page, problems = _signed_in(browser, app_server, "compliance@example.com", width=width)
    try:
        expect(page.get_by_role("heading", name="Equal-opportunity monitoring")).to_be_visible()
        _check_report_links(page)
        expect(page.get_by_role("heading", name="Equal-opportunity monitoring")).to_be_visible()
        for n, label in enumerate(("these tables", "the adverse impact table")):
            link = page.get_by_role("link", name=f"Download {label} as CSV")
            _shot(page, f"downloads-compliance-{width}-{n + 1}", around=link)
    finally:
        page.context.close()
    assert problems == [], problems


def test_every_download_on_the_admin_pages(admin: Page, person: tuple[Person, str, int]) -> None:
    someone, _token, document_id = person
    page = admin
    for path in ADMIN_PAGES:
        page.goto(path)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        names = _download_links(page)
        if path == routes.COMPLIANCE_HOME:
            _check_report_links(page)
        else:
            for label in names:  # none today on these pages; any added later is checked here
                download, response = _download(page, page.get_by_role("link", name=label, exact=True))
                _check(download, response, re.compile(r".+\.(csv|zip|pdf)"))

    # People: the zip of everything about a person (a button: the server checks the admin again).
    page.goto(routes.PEOPLE)
    page.get_by_label("Email address, or part of it").fill(someone.email)
    page.get_by_role("button", name="Search").click()
    button = page.get_by_role("button", name=f"Download the data of {someone.email}")
    expect(button).to_be_visible()
    download, response = _download(page, button)
    data = _check(
        download, response, re.compile(rf"person-{someone.candidate_id}-\d{{4}}-\d{{2}}-\d{{2}}\.zip")
    )
    assert "person.json" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    _shot(page, "downloads-people-1280")

    # A candidate's document, as the board's panel links it: a PDF, shown inline, named .pdf.
    shown = page.request.get(routes.document_url(document_id))
    assert shown.status == 200
    assert shown.headers["content-type"] == "application/pdf"
    assert re.fullmatch(r'inline; filename="[^"]+\.pdf"; .*', shown.headers["content-disposition"])
    assert shown.body().startswith(b"%PDF-")


def test_the_person_downloads_their_own_data_as_a_zip(
    browser: Browser, app_server: RunningApp, person: tuple[Person, str, int]
) -> None:
    someone, token, _document = person
    for width in (1280, 390):
        page, problems = open_page(browser, app_server, width=width)
        try:
            page.goto(routes.status_url(token))
            expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
            download, response = _download(page, page.get_by_role("button", name="Download my data"))
            data = _check(
                download, response, re.compile(rf"person-{someone.candidate_id}-\d{{4}}-\d{{2}}-\d{{2}}\.zip")
            )
            assert "person.json" in zipfile.ZipFile(io.BytesIO(data)).namelist()
            _shot(page, f"downloads-status-{width}")
        finally:
            page.context.close()
        assert problems == [], problems
