"""Status links, the candidate-facing stages, withdraw, corrections and consent, on SQLite
and PostgreSQL (each test in a rolled-back transaction)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from careers_app.devtools.pdfs import make_pdf
from careers_app.models import Application, Candidate, Note, Outbox, StageEvent, StatusLink, StatusLinkRequest
from careers_app.models.types import utcnow
from careers_app.services.applying import applications as apps
from careers_app.services.applying import candidate_status as status
from careers_app.services.applying import consent
from careers_app.services.board import pipeline
from careers_app.services.candidates import candidate_access as access
from careers_app.services.candidates.documents import check_pdf, store
from careers_app.services.platform.errors import Invalid, NotFound, Refused
from careers_app.services.platform.reference import STAGE_KEYS
from tests.factories import board_columns, make_office, make_posting, make_team

SECRET = "test secret for keyed hashes 0123456789"
GOOD = {
    "first_name": "Amara",
    "last_name": "Nwosu",
    "email": "amara@example.org",
    "phone": "+1 415 555 0134",
    "country": "United States",
    "state": "California",
    "city": "Oakland",
    "zip_code": "94607",
}
LINK = re.compile(r"/status\?token=([A-Za-z0-9_-]+)")


def _count(session: Session, model: type, *where: object) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()  # type: ignore[arg-type]


def _apply(session: Session, tmp_path: Path, *, title: str = "Data Engineer", **changes: str) -> Application:
    """A real submission through the wizard's service path (consent given)."""
    posting = make_posting(session, make_team(session), make_office(session), title=title)
    token = apps.new_token()
    apps.save_draft(token, posting.id or 0, {**GOOD, **changes}, 5, session=session)
    data = make_pdf([["Resume text"]])
    checked = check_pdf(data)
    key = store(data, checked.sha256, tmp_path)
    apps.attach_document(token, posting.id or 0, "resume", "cv.pdf", checked, key, tmp_path, session=session)
    result = apps.submit_draft(
        token,
        posting.id or 0,
        tmp_path,
        "Acme",
        session=session,
        agreed=consent.from_wizard(True, True, "Acme"),
    )
    application = session.get(Application, result.application_id)
    assert application is not None
    return application


def _token_from(body: str) -> str:
    found = LINK.search(body)
    assert found, body
    return found.group(1)


# ----- links ----------------------------------------------------------------------------------


def test_a_link_is_stored_only_as_its_hash_and_expires(session: Session, tmp_path: Path) -> None:
    application = _apply(session, tmp_path)
    now = utcnow()
    token = access.issue_link(application.candidate_id, session=session, now=now, lifetime=timedelta(days=90))
    assert len(token) >= 43
    row = session.exec(select(StatusLink).where(StatusLink.token_hash == access.token_hash(token))).one()
    assert token not in (row.token_hash,) and len(row.token_hash) == 64
    assert access.candidate_for_token(token, session=session, now=now) == application.candidate_id
    almost = now + timedelta(days=90) - timedelta(seconds=1)
    assert access.candidate_for_token(token, session=session, now=almost) == application.candidate_id
    assert access.candidate_for_token(token, session=session, now=now + timedelta(days=90)) is None
    assert access.candidate_for_token(access.new_token(), session=session, now=now) is None
    for hostile in ("", None, 42, token + "'", token[:-1] + "%", "x" * 1000, [token]):
        assert access.candidate_for_token(hostile, session=session, now=now) is None


def test_the_confirmation_email_carries_a_working_link(session: Session, tmp_path: Path) -> None:
    application = _apply(session, tmp_path)
    mail = session.exec(select(Outbox).where(Outbox.application_id == application.id)).one()
    token = _token_from(mail.body)
    assert 'href="' in mail.html_body and token in mail.html_body
    assert access.candidate_for_token(token, session=session) == application.candidate_id
    assert session.exec(select(StatusLink.token_hash)).all() == [access.token_hash(token)]


def test_a_repeat_application_mails_a_link_to_the_address_owner(session: Session, tmp_path: Path) -> None:
    first = _apply(session, tmp_path)
    posting_id = first.posting_id
    token = apps.new_token()
    apps.save_draft(token, posting_id, {**GOOD, "first_name": "Someone"}, 5, session=session)
    data = make_pdf([["x"]])
    checked = check_pdf(data)
    key = store(data, checked.sha256, tmp_path)
    apps.attach_document(token, posting_id, "resume", "cv.pdf", checked, key, tmp_path, session=session)
    again = apps.submit_draft(
        token, posting_id, tmp_path, "Acme", session=session, agreed=consent.from_wizard(True, False, "Acme")
    )
    assert again.already_applied
    repeat = session.exec(select(Outbox).where(Outbox.kind == "already_received")).one()
    assert repeat.to_email == "amara@example.org"
    assert access.candidate_for_token(_token_from(repeat.body), session=session) == first.candidate_id


def test_asking_for_a_link_answers_alike_and_mails_only_known_addresses(
    session: Session, tmp_path: Path
) -> None:
    application = _apply(session, tmp_path)
    before = _count(session, Outbox)
    common: dict[str, Any] = {"session": session, "secret": SECRET, "base_url": "https://jobs.example.com", "company": "Acme"}
    unknown = access.request_link("nobody@example.org", "client-a", **common)
    known = access.request_link("AMARA@example.org", "client-a", **common)
    assert (unknown.limited, unknown.error) == (known.limited, known.error) == (False, "")
    assert not unknown.sent and known.sent
    mails = session.exec(select(Outbox).where(Outbox.subject == access.LINK_SUBJECT)).all()
    assert [m.to_email for m in mails] == ["amara@example.org"] and _count(session, Outbox) == before + 1
    assert "https://jobs.example.com/status?token=" in mails[0].body
    assert access.candidate_for_token(_token_from(mails[0].body), session=session) == application.candidate_id
    stored = session.exec(select(StatusLinkRequest)).all()
    assert all("example.org" not in r.email_key and r.client_key == "client-a" for r in stored)
    assert access.request_link("not an address", "client-a", **common).error


def test_link_requests_are_limited_per_address_and_per_client(session: Session, tmp_path: Path) -> None:
    _apply(session, tmp_path)
    common: dict[str, Any] = {"session": session, "secret": SECRET, "base_url": "", "company": "Acme"}
    now = utcnow()
    results = [
        access.request_link("amara@example.org", f"client-{i}", now=now, **common)
        for i in range(access.EMAIL_MAX_REQUESTS + 1)
    ]
    assert [r.limited for r in results] == [False] * access.EMAIL_MAX_REQUESTS + [True]
    assert _count(session, Outbox, Outbox.subject == access.LINK_SUBJECT) == access.EMAIL_MAX_REQUESTS
    later = now + access.REQUEST_WINDOW + timedelta(seconds=1)
    assert not access.request_link("amara@example.org", "client-x", now=later, **common).limited
    many = [
        access.request_link(f"person{i}@example.org", "one-client", now=now, **common)
        for i in range(access.CLIENT_MAX_REQUESTS + 1)
    ]
    assert [r.limited for r in many] == [False] * access.CLIENT_MAX_REQUESTS + [True]
    assert access.purge_old(session=session, now=now + timedelta(days=2)) >= access.CLIENT_MAX_REQUESTS


# ----- what the candidate sees -------------------------------------------------------------------


def test_candidate_labels_for_default_and_custom_stages() -> None:
    expected = {
        "applied": "Received",
        "recruiter_screen": "In review",
        "phone_interview": "Interviewing",
        "onsite": "Interviewing",
        "offer": "Offer",
        "hired": "Hired",
        "rejected": "Not selected",
        "withdrawn": "Withdrawn",
    }
    assert {key: status.candidate_stage(key) for key in STAGE_KEYS} == expected
    custom = ["applied", "portfolio_review", "take_home", "panel", "offer", "references", "hired", "rejected"]
    assert status.candidate_stage("portfolio_review", custom) == "In review"
    assert status.candidate_stage("take_home", custom) == "Interviewing"
    assert status.candidate_stage("panel", custom) == "Interviewing"
    assert status.candidate_stage("references", custom) == "Offer"
    assert status.candidate_stage("something_else", custom) == "In review"


def test_the_status_list_shows_nothing_internal(session: Session, tmp_path: Path) -> None:
    application = _apply(session, tmp_path, title="Platform Engineer")
    from careers_app.services.platform import auth

    user = auth.create_user(
        "r@example.com", "Rita Recruiter", "recruiter password 1", "recruiter", session=session
    )
    session.add(Note(application_id=application.id or 0, author_id=user.id or 0, body="Secret note: weak SQL"))
    pipeline.move(
        application.id or 0,
        application.posting_id,
        "rejected",
        application.version,
        "Rita Recruiter",
        session=session,
        reason=pipeline.REJECTION_REASONS[0],
    )
    items = status.applications_for(application.candidate_id, session=session)
    assert len(items) == 1
    item = items[0]
    assert (item.title, item.stage, item.can_withdraw) == ("Platform Engineer", "Not selected", False)
    shown = repr(items)
    for secret in ("Secret note", pipeline.REJECTION_REASONS[0], "Rita", "rejected"):
        assert secret not in shown


def test_the_status_list_places_a_postings_own_stage_by_its_position(session: Session, tmp_path: Path) -> None:
    """A custom stage between Onsite and Offer reads "Interviewing", from the posting's own order."""
    from careers_app.services.postings import stages

    application = _apply(session, tmp_path, title="Data Engineer")
    added = stages.add_stage(application.posting_id, "Take-home exercise", session=session)
    stages.move_stage(application.posting_id, added.key, -1, session=session)  # before Offer
    pipeline.move(
        application.id or 0, application.posting_id, added.key, application.version, "Rita", session=session
    )
    item = status.applications_for(application.candidate_id, session=session)[0]
    assert item.stage == "Interviewing"
    assert "Take-home" not in repr(item)


# ----- withdraw ------------------------------------------------------------------------------------


def test_withdraw_closes_the_application_for_good(session: Session, tmp_path: Path) -> None:
    application = _apply(session, tmp_path)
    other = _apply(session, tmp_path, title="Analyst", email="someone.else@example.org")
    done = status.withdraw(application.candidate_id, application.id or 0, session=session)
    assert done.posting_id == application.posting_id
    row = session.get(Application, application.id, populate_existing=True)
    assert row is not None and row.stage == "withdrawn" and row.version == 2
    event = session.exec(
        select(StageEvent)
        .where(StageEvent.application_id == application.id)
        .order_by(col(StageEvent.id).desc())
    ).first()
    assert event is not None and (event.from_stage, event.to_stage, event.actor) == (
        "applied",
        "withdrawn",
        "candidate",
    )
    mail = session.exec(select(Outbox).where(Outbox.kind == "withdrawal_confirmed")).one()
    assert mail.to_email == "amara@example.org" and _token_from(mail.body)
    assert status.applications_for(application.candidate_id, session=session)[0].stage == "Withdrawn"
    with pytest.raises(Refused):
        status.withdraw(application.candidate_id, application.id or 0, session=session)
    with pytest.raises(NotFound):  # someone else's application, by id
        status.withdraw(application.candidate_id, other.id or 0, session=session)
    assert session.get_one(Application, other.id, populate_existing=True).stage == "applied"
    # Recruiters can neither move it out nor move anything into withdrawn.
    with pytest.raises(pipeline.MoveRefused, match="withdrew"):
        pipeline.move(application.id or 0, application.posting_id, "applied", 2, "R", session=session)
    with pytest.raises(pipeline.MoveRefused, match="Only the candidate"):
        pipeline.move(other.id or 0, other.posting_id, "withdrawn", other.version, "R", session=session)
    columns = board_columns(application.posting_id, session=session)
    withdrawn = next(c for c in columns if c.key == "withdrawn")
    assert withdrawn.label == "Withdrawn" and [c.id for c in withdrawn.cards] == [application.id]


# ----- correcting details -----------------------------------------------------------------------------


def test_corrections_reach_every_application_and_leave_a_line_without_values(
    session: Session, tmp_path: Path
) -> None:
    first = _apply(session, tmp_path, title="Job one")
    second = _apply(session, tmp_path, title="Job two")
    assert first.candidate_id == second.candidate_id
    changed = {
        **GOOD,
        "last_name": "Nwosu-Bello",
        "phone": "(510) 555-0199",
        "city": "Berkeley",
        "zip_code": "94704",
    }
    done = status.correct_details(first.candidate_id, changed, session=session)
    assert sorted(done.application_ids) == sorted([first.id or 0, second.id or 0])
    for app_id in (first.id, second.id):
        row = session.get(Application, app_id, populate_existing=True)
        assert row is not None and (row.last_name, row.phone_e164, row.city) == (
            "Nwosu-Bello",
            "+15105550199",
            "Berkeley",
        )
        detail = pipeline.candidate_detail(app_id or 0, row.posting_id, session=session)
        assert detail is not None and detail.history[-1].text == status.CONTACT_UPDATED
        assert "Berkeley" not in repr(detail.history) and "555" not in repr(detail.history)
    candidate = session.get(Candidate, first.candidate_id, populate_existing=True)
    assert candidate is not None and candidate.last_name == "Nwosu-Bello"


def test_bad_corrections_say_which_field_and_change_nothing(session: Session, tmp_path: Path) -> None:
    application = _apply(session, tmp_path)
    _apply(session, tmp_path, email="taken@example.org")
    with pytest.raises(Invalid) as bad:
        status.correct_details(
            application.candidate_id, {**GOOD, "phone": "12", "first_name": ""}, session=session
        )
    assert set(bad.value.errors) == {"phone", "first_name"}
    with pytest.raises(Invalid) as taken:
        status.correct_details(
            application.candidate_id, {**GOOD, "email": "taken@example.org"}, session=session
        )
    assert taken.value.errors == {"email": status.EMAIL_FIXED}
    row = session.get(Application, application.id, populate_existing=True)
    assert row is not None and row.phone_e164 == "+14155550134" and row.first_name == "Amara"
    assert _count(session, StageEvent, StageEvent.reason == status.CONTACT_UPDATED) == 0


def test_the_email_address_cannot_be_changed_from_the_status_page(session: Session, tmp_path: Path) -> None:
    """A link proves control of the address it went to, not of a new one: an unused address
    and a taken one get the same refusal (nobody learns which have applied), nothing changes,
    and nothing is sent. (Before, any unused address was taken over at once: the person's
    export then included drafts and emails kept under it, and that address's later
    applications joined this link.)"""
    application = _apply(session, tmp_path)
    other = _apply(session, tmp_path, title="Analyst", email="someone.else@example.org")
    outbox_before = _count(session, Outbox)
    answers = []
    for email in ("unused.address@example.org", "someone.else@example.org", "not an email"):
        with pytest.raises(Invalid) as refused:
            status.correct_details(application.candidate_id, {**GOOD, "email": email}, session=session)
        answers.append(refused.value.errors)
    assert answers == [{"email": status.EMAIL_FIXED}] * 3
    candidate = session.get(Candidate, application.candidate_id, populate_existing=True)
    assert candidate is not None and candidate.email == "amara@example.org"
    assert other.candidate_id != application.candidate_id
    assert _count(session, Outbox) == outbox_before
    # The same address in another case, with the other details corrected: saved.
    done = status.correct_details(
        application.candidate_id, {**GOOD, "email": "Amara@Example.org", "city": "Berkeley"}, session=session
    )
    assert done.application_ids == [application.id]


# ----- consent -----------------------------------------------------------------------------------------


def test_submit_without_consent_is_refused_and_saves_nothing(session: Session, tmp_path: Path) -> None:
    posting = make_posting(session, make_team(session), make_office(session))
    token = apps.new_token()
    apps.save_draft(token, posting.id or 0, GOOD, 5, session=session)
    data = make_pdf([["cv"]])
    checked = check_pdf(data)
    key = store(data, checked.sha256, tmp_path)
    apps.attach_document(token, posting.id or 0, "resume", "cv.pdf", checked, key, tmp_path, session=session)
    for agreed in (None, consent.from_wizard(False, True, "Acme"), consent.from_wizard("true", True, "Acme")):
        with pytest.raises(apps.SubmissionInvalid) as refused:
            apps.submit_draft(token, posting.id or 0, tmp_path, "Acme", session=session, agreed=agreed)
        assert refused.value.errors == {consent.PROCESSING_FIELD: consent.PROCESSING_REQUIRED}
        assert refused.value.first_step == 5
    assert _count(session, Application) == 0 and _count(session, Outbox) == 0


def test_consent_is_stored_with_its_words_answers_and_time(session: Session, tmp_path: Path) -> None:
    before = utcnow()
    application = _apply(session, tmp_path)
    assert application.consent_text_id == consent.TEXT_ID
    assert application.consent_text == consent.shown_text("Acme")
    assert consent.processing_text("Acme") in application.consent_text
    assert consent.future_text("Acme") in application.consent_text
    assert application.consent_processing and application.consent_future_openings
    assert application.consent_at is not None and application.consent_at >= before


def test_api_applications_record_the_integrators_consent(session: Session, tmp_path: Path) -> None:
    posting = make_posting(session, make_team(session), make_office(session))
    data = make_pdf([["cv"]])
    checked = check_pdf(data)
    key = store(data, checked.sha256, tmp_path)
    resume = apps.StoredDocument(
        "resume", "cv.pdf", checked.size_bytes, checked.sha256, checked.page_count, "", key
    )
    result = apps.submit_application(
        posting.id or 0, GOOD, {"resume": resume}, tmp_path, "Acme", source="api", session=session
    )
    application = session.get(Application, result.application_id)
    assert application is not None
    assert (application.consent_text_id, application.consent_text) == (consent.API_TEXT_ID, consent.API_TEXT)
    assert application.consent_processing and not application.consent_future_openings


# ----- the link is not leaked: no Referer from the status page; the lifetime setting ------------


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/status", b"no-referrer"),
        ("/status/", b"no-referrer"),
        ("/interview/some-booking-token", b"no-referrer"),
        ("/statuses", b"strict-origin-when-cross-origin"),
        ("/careers", b"strict-origin-when-cross-origin"),
    ],
)
def test_the_status_page_sends_no_referrer(path: str, policy: bytes) -> None:
    from careers_app.http.headers import SecurityHeaders
    from tests.loops import run_in_own_loop

    sent: list[dict[str, Any]] = []

    async def page(scope: object, receive: object, send: Callable[[dict[str, object]], Awaitable[None]]) -> None:
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )

    async def collect(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, object]:
        return {"type": "http.request"}

    scope = {"type": "http", "path": path, "query_string": b"token=abc"}
    run_in_own_loop(lambda: SecurityHeaders(page)(scope, receive, collect))
    headers = dict(sent[0]["headers"])
    assert headers[b"referrer-policy"] == policy


def test_link_lifetime_setting() -> None:
    from careers_app.settings import SettingsError, load_settings

    assert load_settings({}).status_link_days == 90
    assert load_settings({"CAREERS_STATUS_LINK_DAYS": "30"}).status_link_days == 30
    for bad in ("0", "-5", "x", "1000"):
        with pytest.raises(SettingsError):
            load_settings({"CAREERS_STATUS_LINK_DAYS": bad})
