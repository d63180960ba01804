"""The job board API's services on SQLite and PostgreSQL: keys, Greenhouse shapes, and
applications that go through the wizard's own submission path."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from careers_app.devtools.pdfs import make_pdf
from careers_app.models import ApiKey, Application, Document, EeoAnswer, Outbox, Posting, StageEvent
from careers_app.models.types import utcnow
from careers_app.services import api_keys, job_board
from careers_app.services import job_board_apply as api_apply
from careers_app.services.applications import PostingClosed
from careers_app.services.errors import Invalid, NotFound
from careers_app.services.reference import COUNTRY_NAMES, EEO_QUESTIONS
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
def unit(session: Session) -> object:
    @contextmanager
    def run() -> Iterator[Session]:
        with session.begin_nested():
            yield session

    return run


def _post(session: Session, unit: object, posting_id: int, tmp_path: Path, **extra: object) -> object:
    fields = {**FIELDS, **extra}
    files = {}
    if "resume_content" not in fields and "resume_text" not in fields and fields.get("no_resume") is None:
        files["resume"] = api_apply.Upload("Ada CV.pdf", make_pdf([["Ada Lovelace", "Analyst"]]))
    fields.pop("no_resume", None)
    app = api_apply.read_application(fields, files)
    return api_apply.submit(posting_id, app, upload_dir=tmp_path, company="Acme", unit=unit)  # type: ignore[arg-type]


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_an_api_application_lands_like_a_wizard_one_with_source_api(
    session: Session, board: dict[str, int], unit: object, tmp_path: Path
) -> None:
    result = _post(session, unit, board["open"], tmp_path)
    application = session.get(Application, result.application_id)  # type: ignore[attr-defined]
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
    session: Session, board: dict[str, int], unit: object, tmp_path: Path
) -> None:
    first = _post(session, unit, board["open"], tmp_path)
    again = _post(session, unit, board["open"], tmp_path, first_name="Someone")
    assert again.already_applied and again.application_id == first.application_id  # type: ignore[attr-defined]
    assert _count(session, Application) == 1 and _count(session, Document) == 1
    subjects = session.exec(select(Outbox.subject).order_by(col(Outbox.id))).all()
    assert len(subjects) == 2 and subjects[1].startswith("We already have your application")


def test_base64_resume_and_closed_posting(
    session: Session, board: dict[str, int], unit: object, tmp_path: Path
) -> None:
    pdf = base64.b64encode(make_pdf([["Grace Hopper"]])).decode()
    with pytest.raises(PostingClosed):
        _post(session, unit, board["closed"], tmp_path, resume_content=pdf, resume_content_filename="cv.pdf")
    assert _count(session, Application) == 0
    assert not any(p.is_file() for p in tmp_path.rglob("*.pdf"))  # the stored file was taken back
    result = _post(
        session, unit, board["open"], tmp_path, resume_content=pdf, resume_content_filename="cv.pdf"
    )
    assert result.application_id  # type: ignore[attr-defined]


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
    unit: object,
    tmp_path: Path,
    extra: dict[str, object],
    field: str,
) -> None:
    with pytest.raises(Invalid) as refused:
        _post(session, unit, board["open"], tmp_path, **extra)
    assert field in refused.value.errors, refused.value.errors
    assert _count(session, Application) == 0 and _count(session, Document) == 0
    assert session.get(Posting, board["open"]) is not None
