"""Data rights in real Chromium: an admin finds a person, downloads their zip, erases them and
reads the audit log; the person downloads and erases their own data from the status page."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from careers_app import routes
from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from careers_app.models import Document, JobAlert
from careers_app.services.candidates import candidate_access
from careers_app.services.jobboard import job_alerts
from careers_app.services.platform.db import make_engine
from tests.browser import sign_in
from tests.factories import make_office, make_posting, make_team
from tests.people import Person, make_person

SHOTS = Path(os.environ.get("CAREERS_SCREENSHOTS", "/tmp/careers-screenshots"))


def _person(app: RunningApp) -> tuple[Person, str, int]:
    """A person on a closed posting of their own (nothing another test counts), and a status link."""
    upload_dir = _upload_dir(app)
    engine = make_engine(app.database_url)
    with Session(engine, expire_on_commit=False) as session:
        posting = make_posting(session, make_team(session), make_office(session), status="closed")
        person = make_person(session, upload_dir, stages=("rejected",), postings=[posting])
        token = candidate_access.issue_link(person.candidate_id, session=session)
        document_id = (
            session.query(col(Document.id)).filter(col(Document.application_id) == person.application_ids[0]).scalar()
        )
        session.commit()
    engine.dispose()
    return person, token, int(document_id)


def _upload_dir(app: RunningApp) -> Path:
    return Path(app.env.get("CAREERS_UPLOAD_DIR") or app.data_dir / "uploads")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_admin_exports_erases_and_reads_the_audit_log(page: Page, app_server: RunningApp) -> None:
    person, _token, document_id = _person(app_server)
    sign_in(page, "admin@example.com", TEST_DEMO_PASSWORD)
    assert page.request.get(routes.document_url(document_id)).status == 200  # a document view

    page.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    page.get_by_label("Email address, or part of it").fill(person.email.split("@")[0])
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("listitem").filter(has_text=person.email)).to_be_visible()
    _shot(page, "people-desktop")

    with page.expect_download() as download:
        page.get_by_role("button", name=f"Download the data of {person.email}").click()
    data = json.loads(
        zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).read("person.json")
    )
    assert data["person"]["email"] == person.email and len(data["applications"]) == 1

    page.get_by_role("button", name=f"Erase {person.email}").click()
    dialog = page.get_by_role("dialog", name=f"Erase {person.email}?")
    dialog.get_by_label("Type their email address to confirm").fill("someone@else.example")
    dialog.get_by_role("button", name="Erase for good").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Type the person's email address exactly")
    _shot(page, "people-erase-dialog-desktop")
    dialog.get_by_label("Type their email address to confirm").fill(person.email)
    dialog.get_by_role("button", name="Erase for good").click()
    expect(
        page.get_by_role("status").filter(has_text=f"Erased person #{person.candidate_id}:")
    ).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=person.email)).to_have_count(0)

    page.get_by_role("link", name="Audit log", exact=True).click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    table = page.get_by_role("table", name="Audit log entries, newest first")
    for label in ("Person erased", "Data exported", "Document viewed"):
        expect(
            table.get_by_role("row").filter(has_text=label).filter(has_text=f"#{person.candidate_id}").first
        ).to_be_visible()
    _shot(page, "audit-log-desktop")
    page.get_by_label("Action").select_option(label="Person erased")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"action=erasure"))
    expect(table.get_by_role("row").filter(has_text="Data exported")).to_have_count(0)
    expect(table.get_by_role("row").filter(has_text="Person erased").first).to_be_visible()
    assert person.email not in page.content()


def test_admin_deletes_the_job_alerts_of_an_address_that_is_no_candidate(
    page: Page, app_server: RunningApp
) -> None:
    engine = make_engine(app_server.database_url)
    email = f"alert-{os.urandom(4).hex()}@example.org"
    with Session(engine) as session:
        mailing = job_alerts.Mailing(base_url="https://careers.example", company="Acme")
        job_alerts.subscribe(
            email,
            job_alerts.Criteria(),
            client_key="e2e",
            page="/careers",
            secret="s",
            mailing=mailing,
            session=session,
        )
        session.commit()
    sign_in(page, "admin@example.com", TEST_DEMO_PASSWORD)
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Email address, or part of it").fill(email)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Nobody found with that email.")).to_be_visible()
    expect(page.get_by_text("This address has job alerts (1) and no applications.")).to_be_visible()
    page.get_by_role("button", name="Delete its job alerts").click()
    expect(
        page.get_by_role("status").filter(has_text="Deleted 1 job alert of an address with no applications.")
    ).to_be_visible()
    with Session(engine) as session:
        assert session.exec(select(JobAlert).where(JobAlert.email == email)).all() == []
    engine.dispose()


def test_the_person_downloads_and_erases_their_own_data(page: Page, app_server: RunningApp) -> None:
    person, token, _document = _person(app_server)
    assert (_upload_dir(app_server) / person.storage_keys[0]).exists()
    page.goto(routes.status_url(token))
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.loads(archive.read("person.json"))
    assert data["applications"][0]["equal_opportunity_answers"]["gender"] == "Female"
    assert any(n.startswith("documents/") for n in archive.namelist())

    page.get_by_role("button", name="Erase my data").click()
    dialog = page.get_by_role("alertdialog", name="Erase your data?")
    dialog.get_by_role("button", name="Erase my data").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Tick the box")
    _shot(page, "status-erase-dialog-desktop")
    dialog.get_by_role("checkbox", name="I understand: erase everything you hold about me").check()
    dialog.get_by_role("button", name="Erase my data").click()
    expect(page.get_by_role("heading", name="Your data has been erased")).to_be_visible()
    assert not (_upload_dir(app_server) / person.storage_keys[0]).exists()
    page.goto(routes.status_url(token))
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_have_count(0)


@pytest.mark.parametrize("path", [routes.AUDIT_LOG, routes.PEOPLE])
def test_admin_pages_on_a_phone(phone_page: Page, app_server: RunningApp, path: str) -> None:
    sign_in(phone_page, "admin@example.com", TEST_DEMO_PASSWORD)
    phone_page.goto(path)
    expect(
        phone_page.get_by_role("heading", name="Audit log" if path == routes.AUDIT_LOG else "People")
    ).to_be_visible()
    if path == routes.PEOPLE:
        phone_page.get_by_label("Email address, or part of it").fill("example")
        phone_page.get_by_role("button", name="Search").click()
        expect(
            phone_page.get_by_role("list", name="People found").get_by_role("listitem").first
        ).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} scrolls sideways on a phone ({width} px)"
    _shot(phone_page, ("audit-log" if path == routes.AUDIT_LOG else "people") + "-phone")


def test_status_page_data_section_on_a_phone(phone_page: Page, app_server: RunningApp) -> None:
    _someone, token, _document = _person(app_server)
    phone_page.goto(routes.status_url(token))
    expect(phone_page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    phone_page.get_by_role("button", name="Erase my data").click()
    expect(phone_page.get_by_role("alertdialog", name="Erase your data?")).to_be_visible()
    _shot(phone_page, "status-erase-dialog-phone")
    phone_page.get_by_role("button", name="Keep my data").click()
    expect(phone_page.get_by_role("alertdialog")).to_have_count(0)
