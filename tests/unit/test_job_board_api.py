"""The job board API's services on SQLite and PostgreSQL: keys, Greenhouse shapes, and
applications that go through the wizard's own submission path."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select
from starlette.testclient import TestClient

from careers_app.devtools.pdfs import make_pdf
from careers_app.http import board_api
from careers_app.http.headers import SecurityHeaders
from careers_app.models import (
    ApiKey,
    Application,
    AuditEntry,
    Document,
    EeoAnswer,
    Outbox,
    Posting,
    StageEvent,
    User,
)
from careers_app.models.types import utcnow
from careers_app.services.applying.applications import PostingClosed
from careers_app.services.jobboard import job_board
from careers_app.services.jobboard import job_board_apply as api_apply
from careers_app.services.platform import api_keys, audit, auth, db
from careers_app.services.platform.errors import Invalid, NotFound
from careers_app.services.platform.reference import COUNTRY_NAMES, EEO_QUESTIONS
from careers_app.settings import PROJECT_ROOT, get_settings
from tests.factories import make_office, make_posting, make_team

CTX = job_board.BoardContext(base_url="https://jobs.example.com", company="Acme")
FIELDS: dict[str, object] = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "Ada@Example.org",
    "phone": "+44 20 7946 0958",
    "question_1004": COUNTRY_NAMES.index("United Kingdom") + 1,
    "question_1002": "London",
    "gender": 1,
    "race": "White (not Hispanic or Latinx)",
}


# ----- keys ------------------------------------------------------------------------------


def test_a_key_is_shown_once_and_stored_only_as_its_hash(session: Session) -> None:
    made = api_keys.create_key("  Job   aggregator ", created_by=None, session=session)
    row = session.get(ApiKey, made.info.id)
    assert row is not None and made.key.startswith(api_keys.KEY_PREFIX) and len(made.key) > 40
    assert row.key_hash == api_keys.key_hash(made.key) and made.key not in row.key_hash
    assert row.name == "Job aggregator" and made.info.active and made.key.startswith(made.info.prefix)
    assert all(made.key not in str(v) for v in row.model_dump().values())
    caller = api_keys.authenticate(made.key, session=session)
    assert caller is not None and caller.key_id == made.info.id


def test_unknown_malformed_and_revoked_keys_authenticate_nobody(session: Session) -> None:
    made = api_keys.create_key("Board", created_by=None, session=session)
    assert api_keys.authenticate(made.key + "x", session=session) is None
    assert api_keys.authenticate("", session=session) is None
    assert api_keys.authenticate("cak_" + "a" * 500, session=session) is None
    info = api_keys.revoke_key(made.info.id, session=session)
    assert not info.active and info.revoked_at
    assert api_keys.authenticate(made.key, session=session) is None
    assert [k.active for k in api_keys.list_keys(session=session)] == [False]
    with pytest.raises(NotFound):
        api_keys.revoke_key(999_999, session=session)


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, "bell\x07here", 5])
def test_a_key_needs_a_printable_name(session: Session, name: object) -> None:
    with pytest.raises(Invalid) as refused:
        api_keys.create_key(name, created_by=None, session=session)
    assert "name" in refused.value.errors


def test_basic_auth_takes_the_key_as_user_name_with_an_empty_password() -> None:
    def basic(text: str) -> str:
        return "Basic " + base64.b64encode(text.encode()).decode()

    assert api_keys.key_from_basic_auth(basic("cak_abc:")) == "cak_abc"
    assert api_keys.key_from_basic_auth(basic("cak_abc")) == "cak_abc"
    assert api_keys.key_from_basic_auth("Bearer cak_abc") == ""
    assert api_keys.key_from_basic_auth("Basic !!!") == ""
    assert api_keys.key_from_basic_auth(None) == ""
    assert api_keys.key_from_basic_auth("Basic " + "A" * 600) == ""


def test_two_calls_a_second_per_key_then_429_until_the_window_passes(session: Session) -> None:
    made = api_keys.create_key("Board", created_by=None, session=session)
    other = api_keys.create_key("Other", created_by=None, session=session)
    caller = api_keys.authenticate(made.key, session=session)
    assert caller is not None
    now = utcnow()
    api_keys.admit_call(caller, session=session, now=now)
    api_keys.admit_call(caller, session=session, now=now + timedelta(milliseconds=300))
    with pytest.raises(api_keys.RateLimited) as limited:
        api_keys.admit_call(caller, session=session, now=now + timedelta(milliseconds=600))
    assert 0 < limited.value.retry_after <= 1
    other_caller = api_keys.authenticate(other.key, session=session)
    assert other_caller is not None
    api_keys.admit_call(other_caller, session=session, now=now + timedelta(milliseconds=600))  # its own count
    api_keys.admit_call(caller, session=session, now=now + timedelta(milliseconds=1100))
    row = session.get(ApiKey, made.info.id)
    assert row is not None and row.last_used_at == now + timedelta(milliseconds=1100)


# ----- Greenhouse shapes -------------------------------------------------------------------


@pytest.fixture
def board(session: Session) -> dict[str, int]:
    team, other_team = make_team(session, "Engineering"), make_team(session, "Sales")
    office = make_office(session, "London, UK")
    open_post = make_posting(
        session, team, office, title="Platform Engineer", what_youll_do="- Ship <things>"
    )
    draft = make_posting(session, team, office, status="draft")
    closed = make_posting(session, other_team, office, status="closed")
    ids = {"open": open_post.id, "draft": draft.id, "closed": closed.id, "team": team.id, "office": office.id}
    return {k: int(v or 0) for k, v in ids.items()}


def test_only_open_postings_are_listed_with_numeric_ids(session: Session, board: dict[str, int]) -> None:
    listed = job_board.jobs(CTX, content=False, session=session)
    assert [j["id"] for j in listed["jobs"]] == [board["open"]] and listed["meta"] == {"total": 1}
    job = listed["jobs"][0]
    assert job["location"] == {"name": "London, UK"} and "content" not in job
    assert job["absolute_url"].startswith("https://jobs.example.com/jobs/")
    full = job_board.jobs(CTX, content=True, session=session)["jobs"][0]
    assert full["departments"][0]["id"] == board["team"] and full["offices"][0]["id"] == board["office"]
    assert "&lt;h3&gt;" in full["content"] and "&amp;lt;things&amp;gt;" in full["content"]
    for hidden in ("draft", "closed"):
        assert job_board.job(board[hidden], CTX, questions=True, session=session) is None
    assert job_board.job(999_999, CTX, questions=False, session=session) is None


def test_questions_offer_the_wizards_fields_and_eeo_answers(session: Session, board: dict[str, int]) -> None:
    job = job_board.job(board["open"], CTX, questions=True, session=session)
    assert job is not None
    names = {f["name"]: (q["required"], f["type"]) for q in job["questions"] for f in q["fields"]}
    assert names["first_name"] == (True, "input_text") and names["resume"] == (True, "input_file")
    assert names["cover_letter"] == (False, "input_file")
    location = {f["name"]: f for q in job["location_questions"] for f in q["fields"]}
    assert location["question_1001"]["type"] == "textarea"
    assert [v["label"] for v in location["question_1004"]["values"]] == list(COUNTRY_NAMES)
    eeo = job["compliance"][0]
    assert eeo["type"] == "eeoc" and all(not q["required"] for q in eeo["questions"])
    offered = {
        q["fields"][0]["name"]: [v["label"] for v in q["fields"][0]["values"]] for q in eeo["questions"]
    }
    expected = {job_board.EEO_API_NAMES.get(n, n): list(opts) for n, _label, opts in EEO_QUESTIONS}
    assert offered == expected and "race" in offered
    assert job["data_compliance"][0]["type"] == "gdpr"


def test_pay_transparency_adds_the_pay_range(session: Session, board: dict[str, int]) -> None:
    posting = session.get(Posting, board["open"])
    assert posting is not None
    plain = job_board.job(board["open"], CTX, questions=False, session=session)
    assert plain is not None and "pay_input_ranges" not in plain
    none = job_board.job(board["open"], CTX, questions=False, pay=True, session=session)
    assert none is not None and none["pay_input_ranges"] == []
    posting.pay_min_cents, posting.pay_max_cents, posting.pay_currency, posting.pay_unit = (
        15_000_000,
        21_000_000,
        "USD",
        "YEAR",
    )
    session.add(posting)
    session.flush()
    ranges = job_board.job(board["open"], CTX, questions=False, pay=True, session=session)["pay_input_ranges"]  # type: ignore[index]
    assert ranges[0] | {"title": "", "blurb": ""} == {
        "min_cents": 15_000_000,
        "max_cents": 21_000_000,
        "currency_type": "USD",
        "title": "",
        "blurb": "",
    }


def test_departments_and_offices_as_list_or_tree(session: Session, board: dict[str, int]) -> None:
    listed = job_board.departments(CTX, tree=False, session=session)["departments"]
    engineering = next(d for d in listed if d["id"] == board["team"])
    assert [j["id"] for j in engineering["jobs"]] == [board["open"]]
    assert engineering["parent_id"] is None and engineering["child_ids"] == []
    assert all(j["jobs"] == [] for j in listed if j["id"] != board["team"])  # closed ones are not listed
    tree = job_board.departments(CTX, tree=True, session=session)["departments"]
    assert all("children" in d and "parent_id" not in d for d in tree)
    office = job_board.office(board["office"], CTX, tree=False, session=session)
    assert office is not None and {d["name"] for d in office["departments"]} >= {"Engineering", "Sales"}
    assert job_board.department(999_999, CTX, tree=False, session=session) is None


# ----- applications through the shared submission path ----------------------------------------


@pytest.fixture
def unit(session: Session) -> api_apply.UnitOfWork:
    @contextmanager
    def run() -> Iterator[Session]:
        with session.begin_nested():
            yield session

    return run


def _post(session: Session, unit: api_apply.UnitOfWork, posting_id: int, tmp_path: Path, **extra: object) -> api_apply.applications.Submitted:
    fields = {**FIELDS, **extra}
    files = {}
    if "resume_content" not in fields and "resume_text" not in fields and fields.get("no_resume") is None:
        files["resume"] = api_apply.Upload("Ada CV.pdf", make_pdf([["Ada Lovelace", "Analyst"]]))
    fields.pop("no_resume", None)
    app = api_apply.read_application(fields, files)
    return api_apply.submit(posting_id, app, upload_dir=tmp_path, company="Acme", unit=unit)


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_an_api_application_lands_like_a_wizard_one_with_source_api(
    session: Session, board: dict[str, int], unit: api_apply.UnitOfWork, tmp_path: Path
) -> None:
    result = _post(session, unit, board["open"], tmp_path)
    application = session.get(Application, result.application_id)
    assert application is not None and application.source == "api" and application.stage == "applied"
    assert application.country == "United Kingdom" and application.city == "London"
    document = session.exec(select(Document).where(Document.application_id == application.id)).one()
    assert (
        document.kind == "resume"
        and document.original_name == "Ada CV.pdf"
        and "Ada Lovelace" in document.text
    )
    assert (tmp_path / document.storage_key).is_file()
    assert (
        session.exec(select(StageEvent).where(StageEvent.application_id == application.id)).one().to_stage
        == "applied"
    )
    eeo = session.exec(select(EeoAnswer).where(EeoAnswer.application_id == application.id)).one()
    assert eeo.gender == "Female" and eeo.race_ethnicity == "White (not Hispanic or Latinx)"
    assert _count(session, Outbox) == 1


def test_a_repeat_through_the_api_is_quiet_creates_nothing_and_emails_once(
    session: Session, board: dict[str, int], unit: api_apply.UnitOfWork, tmp_path: Path
) -> None:
    first = _post(session, unit, board["open"], tmp_path)
    again = _post(session, unit, board["open"], tmp_path, first_name="Someone")
    assert again.already_applied and again.application_id == first.application_id
    assert _count(session, Application) == 1 and _count(session, Document) == 1
    subjects = session.exec(select(Outbox.subject).order_by(col(Outbox.id))).all()
    assert len(subjects) == 2 and subjects[1].startswith("We already have your application")


def test_base64_resume_and_closed_posting(
    session: Session, board: dict[str, int], unit: api_apply.UnitOfWork, tmp_path: Path
) -> None:
    pdf = base64.b64encode(make_pdf([["Grace Hopper"]])).decode()
    with pytest.raises(PostingClosed):
        _post(session, unit, board["closed"], tmp_path, resume_content=pdf, resume_content_filename="cv.pdf")
    assert _count(session, Application) == 0
    session.commit()  # the units here are savepoints; files go when the transaction commits
    assert not any(p.is_file() for p in tmp_path.rglob("*.pdf"))  # the stored file was taken back
    result = _post(
        session, unit, board["open"], tmp_path, resume_content=pdf, resume_content_filename="cv.pdf"
    )
    assert result.application_id


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "not an email"}, "email"),
        ({"first_name": ["a"]}, "first_name"),
        ({"question_1004": 9999}, "question_1004"),
        ({"gender": "Robot"}, "gender"),
        ({"resume_text": "I am great", "no_resume": True}, "resume_text"),
        ({"resume_content": "%%%", "resume_content_filename": "cv.pdf"}, "resume_content"),
        (
            {"resume_content": base64.b64encode(b"hello").decode(), "resume_content_filename": "cv.txt"},
            "resume",
        ),
        (
            {
                "resume_content": base64.b64encode(b"%PDF" + b"0" * (1024 * 1024)).decode(),
                "resume_content_filename": "a.pdf",
            },
            "resume",
        ),
        ({"no_resume": True}, "resume"),
    ],
)
def test_refusals_name_the_field_and_save_nothing(
    session: Session,
    board: dict[str, int],
    unit: api_apply.UnitOfWork,
    tmp_path: Path,
    extra: dict[str, object],
    field: str,
) -> None:
    with pytest.raises(Invalid) as refused:
        _post(session, unit, board["open"], tmp_path, **extra)
    assert field in refused.value.errors, refused.value.errors
    assert _count(session, Application) == 0 and _count(session, Document) == 0
    assert session.get(Posting, board["open"]) is not None


# ----- what Greenhouse clients read (issue 19) --------------------------------------------------


def test_jobs_carry_the_fields_live_boards_send(session: Session, board: dict[str, int]) -> None:
    posting = session.get(Posting, board["open"])
    assert posting is not None and posting.published_at is not None
    posting.closes_at = (utcnow() + timedelta(days=30)).replace(microsecond=0)
    session.add(posting)
    session.flush()
    listed = job_board.jobs(CTX, content=False, session=session)["jobs"][0]
    one = job_board.job(board["open"], CTX, questions=True, session=session)
    assert one is not None
    for job in (listed, one):
        assert job["company_name"] == "Acme" and job["language"] == "en"
        assert job["first_published"] == posting.published_at.isoformat(timespec="seconds")
        assert job["application_deadline"] == posting.closes_at.isoformat(timespec="seconds")
        assert job["data_compliance"][0]["type"] == "gdpr"
    # A single job names its department and office, as the list with content=true does.
    assert [d["id"] for d in one["departments"]] == [board["team"]]
    assert [(o["id"], o["name"]) for o in one["offices"]] == [(board["office"], "London, UK")]
    posting.closes_at = None
    session.add(posting)
    session.flush()
    assert job_board.jobs(CTX, content=False, session=session)["jobs"][0]["application_deadline"] is None


def test_jobs_under_departments_and_offices_carry_their_language(
    session: Session, board: dict[str, int]
) -> None:
    department = job_board.department(board["team"], CTX, tree=False, session=session)
    assert department is not None and [j["language"] for j in department["jobs"]] == ["en"]
    offices = job_board.offices(CTX, tree=True, session=session)["offices"]
    jobs = [j for o in offices for d in o["departments"] for j in d["jobs"]]
    assert [(j["id"], j["language"]) for j in jobs] == [(board["open"], "en")]


def test_the_list_has_pay_ranges_when_pay_transparency_is_asked(
    session: Session, board: dict[str, int]
) -> None:
    posting = session.get(Posting, board["open"])
    assert posting is not None
    posting.pay_min_cents, posting.pay_max_cents, posting.pay_currency, posting.pay_unit = (
        9_000_000,
        12_000_000,
        "GBP",
        "YEAR",
    )
    session.add(posting)
    session.flush()
    assert "pay_input_ranges" not in job_board.jobs(CTX, content=False, session=session)["jobs"][0]
    listed = job_board.jobs(CTX, content=True, pay=True, session=session)["jobs"][0]
    one = job_board.job(board["open"], CTX, questions=False, pay=True, session=session)
    assert one is not None and listed["pay_input_ranges"] == one["pay_input_ranges"]
    assert [(r["min_cents"], r["max_cents"], r["currency_type"]) for r in listed["pay_input_ranges"]] == [
        (9_000_000, 12_000_000, "GBP")
    ]


def test_a_fully_remote_posting_says_remote_in_its_location_name(session: Session) -> None:
    team, office = make_team(session), make_office(session, "Austin, TX")
    remote = make_posting(session, team, office, title="Remote Engineer", remote=True)
    listed = {j["id"]: j for j in job_board.jobs(CTX, content=True, session=session)["jobs"]}
    assert listed[remote.id]["location"] == {"name": "Remote - United States"}
    assert listed[remote.id]["offices"][0]["name"] == "Austin, TX"  # the office it belongs to
    one = job_board.job(int(remote.id or 0), CTX, questions=False, session=session)
    assert one is not None and one["location"]["name"] == "Remote - United States"


# ----- the HTTP layer: slashes, browsers, JSONP ---------------------------------------------------------


@pytest.fixture
def http(committed_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The API's routes as the app serves them (preflight wrapper, security headers), with
    the app's own ``session_scope`` against a committed database."""
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    settings = replace(get_settings(), board_token="acme")
    monkeypatch.setattr(board_api, "get_settings", lambda: settings)
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        posting = make_posting(
            session, team, office, pay_min_cents=100, pay_max_cents=200, pay_currency="USD"
        )
        ids = {"job": posting.id, "department": team.id, "office": office.id}
    app = board_api.answer_preflight(SecurityHeaders(board_api.http_routes()))
    # No redirects followed: a redirect to the path without the slash (Starlette alone does that;
    # in the app, Reflex answered its own 404 page) is not the answer clients expect.
    return {"client": TestClient(app, follow_redirects=False), **ids}


def _paths(ids: dict[str, Any]) -> list[str]:
    base = "/v1/boards/acme"
    return [
        base,
        f"{base}/jobs",
        f"{base}/jobs?content=true&pay_transparency=true",
        f"{base}/jobs/{ids['job']}?questions=true&pay_transparency=true",
        f"{base}/departments",
        f"{base}/departments/{ids['department']}?render_as=tree",
        f"{base}/offices",
        f"{base}/offices/{ids['office']}",
    ]


def test_every_path_answers_the_same_with_a_trailing_slash(http: dict[str, Any]) -> None:
    client: TestClient = http["client"]
    for path in _paths(http):
        plain, _, query = path.partition("?")
        slashed = client.get(f"{plain}/" + (f"?{query}" if query else ""))
        assert slashed.status_code == 200, (path, slashed.status_code, slashed.text[:80])
        assert (
            slashed.headers["content-type"] == "application/json"
            and slashed.json() == client.get(path).json()
        )
    # The POST of an application too: it reaches the API (401 without a key), not a 404 page.
    posted = client.post(f"/v1/boards/acme/jobs/{http['job']}/", json={})
    assert posted.status_code == 401 and posted.json()["status"] == 401


def test_any_origin_may_read_the_gets_and_the_preflight_allows_get(http: dict[str, Any]) -> None:
    client: TestClient = http["client"]
    origin = {"Origin": "https://aggregator.example"}
    for path in _paths(http):
        response = client.get(path, headers=origin)
        assert response.headers["access-control-allow-origin"] == "*", path
    missing = client.get("/v1/boards/acme/jobs/999999", headers=origin)
    assert missing.status_code == 404 and missing.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        f"/v1/boards/acme/jobs/{http['job']}/",
        headers=origin
        | {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code == 204 and preflight.content == b""
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    assert preflight.headers["access-control-allow-headers"] == "content-type"
    assert "access-control-allow-credentials" not in preflight.headers
    hostile = client.options(
        "/v1/boards/acme/jobs",
        headers=origin
        | {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "a\r\nb: c"},
    )
    assert hostile.status_code == 204 and "access-control-allow-headers" not in hostile.headers
    # Posting an application stays a server's job: the key is never to be shown to browsers.
    post = client.post(f"/v1/boards/acme/jobs/{http['job']}", json={}, headers=origin)
    assert "access-control-allow-origin" not in post.headers


def test_jsonp_wraps_the_same_json_in_the_named_callback(http: dict[str, Any]) -> None:
    client: TestClient = http["client"]
    for path in _paths(http):
        joiner = "&" if "?" in path else "?"
        response = client.get(f"{path}{joiner}callback=jQuery351_0.handle")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/javascript"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["access-control-allow-origin"] == "*"
        prefix, suffix = b"/**/jQuery351_0.handle(", b");"
        assert response.content.startswith(prefix) and response.content.endswith(suffix)
        assert json.loads(response.content[len(prefix) : -len(suffix)]) == client.get(path).json()
    missing = client.get("/v1/boards/acme/jobs/999999?callback=cb")
    assert missing.status_code == 404 and missing.content.startswith(b"/**/cb({")
    assert client.get("/v1/boards/acme/jobs?callback=").headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    "callback",
    ["alert(1)", "a;b", "1abc", "a..b", "a.", "<script>", "a b", "a-b", "$", "a[0]", "x" * 300, "é"],
)
def test_a_callback_name_outside_letters_digits_underscore_and_period_is_refused(
    http: dict[str, Any], callback: str
) -> None:
    response = http["client"].get("/v1/boards/acme/jobs", params={"callback": callback})
    assert response.status_code == 400 and response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["field"] == "callback"
    assert callback.encode() not in response.content


# ----- keys from the command line ------------------------------------------------------------------


def test_a_refused_post_is_audited_as_refused_and_still_counts_against_the_rate(
    http: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over HTTP: a 422 posted nothing, so its audit entry says refused (with the status), one
    entry per call; the call still uses up the key's allowance (abuse is abuse); a post that
    lands says posted."""
    settings = replace(board_api.get_settings(), upload_dir=tmp_path / "uploads")
    monkeypatch.setattr(board_api, "get_settings", lambda: settings)
    client: TestClient = http["client"]
    with db.session_scope() as session:
        key = api_keys.create_key("Board", created_by=None, session=session).key
    headers = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    path = f"/v1/boards/acme/jobs/{http['job']}"

    def details() -> list[str]:
        with db.session_scope() as session:
            rows = session.exec(
                select(AuditEntry).where(AuditEntry.action == audit.API_KEY_USED).order_by(col(AuditEntry.id))
            ).all()
            return [r.detail for r in rows]

    assert client.post(path, json={}, headers=headers).status_code == 422
    assert client.post(path, json={"email": "nobody"}, headers=headers).status_code == 422
    assert client.post(path, json={}, headers=headers).status_code == 429  # the refused calls counted
    assert details() == ["application refused (HTTP 422)"] * 2
    with db.session_scope() as session:
        assert _count(session, Application) == 0
    time.sleep(api_keys.RATE_WINDOW.total_seconds() + 0.1)  # the test is about the window passing
    pdf = make_pdf([["Ada Lovelace", "Analyst"]])
    body = {**FIELDS, "resume_content": base64.b64encode(pdf).decode(), "resume_content_filename": "Ada.pdf"}
    posted = client.post(path, json=body, headers=headers)
    assert posted.status_code == 200, posted.text
    assert details() == ["application refused (HTTP 422)"] * 2 + ["application posted"]


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CAREERS_DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'c.db'}"}
    env.pop("CAREERS_ENV", None)
    env["CAREERS_ADMIN_PASSWORD"] = "a long admin password 2026"
    return subprocess.run(
        [sys.executable, "-m", "careers_app.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_api_keys_from_the_command_line_belong_to_an_active_admin(tmp_path: Path) -> None:
    assert _cli(tmp_path, "migrate").returncode == 0
    assert _cli(tmp_path, "create-admin", "Ops@Example.com", "Ops").returncode == 0
    engine = db.make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with Session(engine) as session:
        auth.create_user("rec@example.com", "Rec", "a long recruiter password", "recruiter", session=session)
        session.commit()

    made = _cli(tmp_path, "api-key", "create", "Nightly import", "--admin", "ops@example.com")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith(api_keys.KEY_PREFIX) and "\n" not in key and "shown only now" in made.stderr
    with Session(engine) as session:
        caller = api_keys.authenticate(key, session=session)
        admin = session.exec(select(User).where(User.email == "ops@example.com")).one()
        assert caller is not None and caller.maker_id == admin.id and caller.name == "Nightly import"

    for refused in (
        ("--admin", "rec@example.com"),  # not an admin
        ("--admin", "nobody@example.com"),
    ):
        out = _cli(tmp_path, "api-key", "create", "Other", *refused)
        assert out.returncode == 2 and out.stdout == "" and "no active admin" in out.stderr
    assert _cli(tmp_path, "api-key", "create", "Other").returncode == 2  # an owner is required
    blank = _cli(tmp_path, "api-key", "create", "   ", "--admin", "ops@example.com")
    assert blank.returncode == 2 and blank.stdout == "" and "name" in blank.stderr

    listed = _cli(tmp_path, "api-key", "list")
    assert listed.returncode == 0 and key not in listed.stdout
    [line] = listed.stdout.splitlines()
    assert "Nightly import" in line and line.endswith("active") and key[:10] in line
    key_id = line.split("\t")[0]
    revoked = _cli(tmp_path, "api-key", "revoke", key_id)
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    with Session(engine) as session:
        assert api_keys.authenticate(key, session=session) is None
    assert "revoked" in _cli(tmp_path, "api-key", "list").stdout
    missing = _cli(tmp_path, "api-key", "revoke", "999")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    engine.dispose()
