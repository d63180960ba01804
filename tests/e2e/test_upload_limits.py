"""Upload limits in the real app (two workers, Redis state): the client address reaches the
chunked upload handler, each upload is counted, and a refusal shows next to the field."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlmodel import Session

from careers_app.devtools.appserver import RunningApp
from careers_app.devtools.pdfs import make_resume
from careers_app.models import UploadEvent
from careers_app.services.candidates import upload_limits as limits
from careers_app.settings import load_settings

APPLY = "/jobs/machine-learning-engineer-data-science-cortex/apply"


@pytest.fixture(scope="module")
def resume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "Grace_Hopper_CV.pdf"
    path.write_bytes(make_resume("Grace Hopper", "Compilers", ["COBOL, FLOW-MATIC, UNIVAC"]))
    return path


def _to_documents(page: Page, email: str) -> None:
    page.goto(APPLY)
    expect(page.get_by_role("heading", name="Step 1 of 5: You")).to_be_visible()
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Primary phone").fill("(415) 555-0133")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Country").fill("Canada")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Step 3 of 5: Documents")).to_be_visible()


def _upload(page: Page, path: Path, button: str = "Upload resume/profile") -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=button).click()
    chooser.value.set_files(str(path))


def _token_hash_of_draft(engine: sa.Engine, email: str) -> str:
    with engine.connect() as conn:
        for token_hash, data in conn.execute(sa.text("select token_hash, data from application_draft")):
            if email in str(data):
                return str(token_hash)
    raise AssertionError("no draft for this person")


def test_uploads_are_counted_per_client_address_and_refused_beside_the_field(
    page: Page, app_server: RunningApp, resume: Path
) -> None:
    email = f"grace.{uuid.uuid4().hex[:8]}@example.com"
    _to_documents(page, email)
    _upload(page, resume)
    expect(page.get_by_test_id("resume-card")).to_contain_text("Grace_Hopper_CV.pdf")

    engine = sa.create_engine(app_server.database_url)
    owner = _token_hash_of_draft(engine, email)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("select client_key, size_bytes from upload_event where token_hash = :t"), {"t": owner}
        ).all()
    # The handler saw this browser's real address (loopback here), not an empty one.
    secret = load_settings(app_server.env).secret_key
    loopback = {limits.client_key(ip, secret) for ip in ("127.0.0.1", "::1")}
    assert len(rows) == 1
    assert rows[0][0] in loopback, "the upload handler did not get the client address"
    assert rows[0][0] != limits.client_key("", secret)
    assert rows[0][1] == resume.stat().st_size

    # Nine more uploads from this browser within the hour (as if made already): the next is refused.
    with Session(engine) as session:
        for _ in range(limits.TOKEN_MAX_UPLOADS - 1):
            session.add(UploadEvent(client_key="elsewhere", token_hash=owner, size_bytes=1))
        session.commit()
    _upload(page, resume, "Replace resume/profile")
    expect(page.locator("#field-resume-error")).to_have_text(
        "You have uploaded 10 files in the last hour. Please try again in 60 minutes."
    )
    expect(page.get_by_test_id("resume-card")).to_contain_text(
        "Grace_Hopper_CV.pdf"
    )  # the earlier file stays
    with engine.connect() as conn:
        count = conn.execute(
            sa.text("select count(*) from upload_event where token_hash = :t"), {"t": owner}
        ).scalar_one()
    assert count == limits.TOKEN_MAX_UPLOADS  # the refusal was not counted
    engine.dispose()
