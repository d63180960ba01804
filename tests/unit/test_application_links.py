"""Optional links on an application (LinkedIn, GitHub, a website): the rule for what passes
(http and https only), the wizard's documents step through the guard and the real unit of
work (live message, Next held, the clean value stored at submit), the resume's links
suggested there, the recruiter's panel, and erasure. What blind screening hides of them is
in the cross-channel proof (tests/seams/test_blind_proof.py)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from careers_app import routes
from careers_app.models import Application
from careers_app.services.applying import applications as apps
from careers_app.services.board import pipeline
from careers_app.services.candidates import documents as docs
from careers_app.services.candidates.validation import validate_link
from careers_app.services.platform import audit, db
from careers_app.services.privacy import erasure
from careers_app.settings import get_settings
from careers_app.states.apply import ApplyState
from careers_app.states.apply_autofill import ResumeAutofillState
from tests.applying import prepare_drafts
from tests.handler_calls import Tab
from tests.resumes.corpus import CORPUS, build, text_of
from tests.settings_override import use_settings

LINKEDIN_MESSAGE = "Enter your LinkedIn profile address, like https://www.linkedin.com/in/your-name."


@pytest.mark.parametrize(
    ("field", "typed", "clean", "refused"),
    [
        ("linkedin", "linkedin.com/in/ada-l", "https://linkedin.com/in/ada-l", False),
        ("linkedin", "https://www.linkedin.com/in/ada-l/", "https://www.linkedin.com/in/ada-l/", False),
        ("linkedin", "https://www.linkedin.com/", "", True),  # the site, not a profile
        ("linkedin", "https://linkedin.com.evil.example/in/ada", "", True),
        ("linkedin", "https://evil.example/linkedin.com/in/ada", "", True),
        ("github", "GitHub.com/Ada-L#readme", "https://github.com/Ada-L", False),
        ("github", "github.com", "", True),
        ("website", "ada.dev/work", "https://ada.dev/work", False),
        ("website", "", "", False),  # optional
        ("website", "javascript:alert(1)", "", True),
        ("website", "data:text/html,<b>x</b>", "", True),
        ("website", "ftp://ada.dev", "", True),
        ("website", "https://user:secret@ada.dev", "", True),
        ("website", "https://ada.dev:notaport", "", True),
        ("website", "http://localhost", "", True),
        ("website", "ada dev.com", "", True),
        ("website", "https://ada.dev/\u202eexe", "", True),  # a bidi control
        ("website", "https://ada.dev/" + "x" * 200, "", True),
    ],
)
def test_only_web_addresses_pass_and_come_out_clean(
    field: str, typed: str, clean: str, refused: bool
) -> None:
    value, error = validate_link(field, typed)
    assert bool(error) == refused, (typed, value, error)
    if not refused:
        assert value == clean


def _wizard_at_documents(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tab:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path))
    ref, (token,) = prepare_drafts(app_db, tmp_path, ["links@example.org"])
    tab = Tab("", routes.apply_url(ref.slug))
    tab.state(ApplyState).draft_token = token
    tab.send(ApplyState, "load")
    tab.send(ApplyState, "go_to_step", step=3)
    assert tab.state(ApplyState).step == 3
    return tab


def test_the_documents_step_holds_a_bad_link_and_the_application_keeps_the_clean_one(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _wizard_at_documents(app_db, tmp_path, monkeypatch)
    wizard = tab.state(ApplyState)
    tab.send(ApplyState, "set_field", name="linkedin", value="www.linkedin.com")
    tab.send(ApplyState, "leave_field", name="linkedin")
    assert wizard.errors["linkedin"] == LINKEDIN_MESSAGE  # live, as the person leaves the field
    tab.send(ApplyState, "next_step", form_data={"linkedin": "www.linkedin.com"})
    assert wizard.step == 3, "Next must wait for a valid link"

    form = {"linkedin": "www.linkedin.com/in/ada-l", "github": "", "website": "ada.dev"}
    tab.send(ApplyState, "next_step", form_data=form)
    assert wizard.step == 4 and wizard.errors["linkedin"] == ""
    tab.send(ApplyState, "go_to_step", step=5)
    tab.send(ApplyState, "set_consent", name="consent_processing", checked=True)
    tab.send(ApplyState, "submit")
    assert wizard.status == "done"
    with db.session_scope() as session:
        row = session.exec(select(Application)).one()
        assert (row.linkedin, row.github, row.website) == (
            "https://www.linkedin.com/in/ada-l",
            "",
            "https://ada.dev",
        )
        detail = pipeline.candidate_detail(row.id or 0, row.posting_id, session=session)
        assert detail is not None and not detail.blind
        assert [(link.label, link.url) for link in detail.links] == [
            ("LinkedIn", "https://www.linkedin.com/in/ada-l"),
            ("Website", "https://ada.dev"),
        ]
        done = erasure.erase_person(row.candidate_id, audit.Actor.system(), session=session)
    with db.session_scope() as session:  # erasure blanks them with the rest of the contact details
        row = session.exec(select(Application)).one()
        assert (row.linkedin, row.github, row.website) == ("", "", "")
    assert done.applications == 1


def test_the_resumes_links_are_suggested_on_the_documents_step(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _wizard_at_documents(app_db, tmp_path, monkeypatch)
    resume = next(r for r in CORPUS if r.key == "us-single")  # linkedin.com/in/janedoe · github.com/janedoe
    pdf = build(resume)
    digest = hashlib.sha256(pdf).hexdigest()
    checked = docs.CheckedPdf(size_bytes=len(pdf), sha256=digest, page_count=1, text=text_of(pdf))
    wizard = tab.state(ApplyState)
    with db.session_scope() as session:
        key = docs.store(pdf, digest, tmp_path)
        apps.attach_document(
            wizard.draft_token,
            wizard._posting_id,
            "resume",
            "cv.pdf",
            checked,
            key,
            tmp_path,
            session=session,
        )
    tab.send(ResumeAutofillState, "suggest")
    assert wizard.values["linkedin"] == "https://www.linkedin.com/in/janedoe"
    assert wizard.values["github"] == "https://github.com/janedoe"
    assert {"linkedin", "github"} <= set(wizard.suggested)
    tab.send(ApplyState, "next_step", form_data={})
    assert wizard.step == 3 and wizard.errors["linkedin"], "unconfirmed suggestions hold Next"
