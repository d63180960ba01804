"""The Greenhouse-compatible job board API against the running app (two workers).

Every response's field names and value types are compared with Greenhouse's documented
examples (greenhouse_job_board_examples.json); an application POSTed with a key lands
on the posting's board like a wizard one; refusals are JSON with the right status.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlmodel import Session

from careers_app.devtools.appserver import RunningApp
from careers_app.devtools.pdfs import make_pdf
from careers_app.services.platform import api_keys
from careers_app.services.platform.db import make_engine
from tests.browser import sign_in

EXAMPLES = json.loads((Path(__file__).parent / "greenhouse_job_board_examples.json").read_text())
# Documented with a number, null here: teams and offices have no hierarchy, and nothing is
# kept for a set retention period.
NULLABLE = {"parent_id", "retention_period"}
BOARD = "/v1/boards/careers"


def same_shape(ours: Any, documented: Any, path: str = "$") -> list[str]:
    """Where ``ours`` lacks a documented key or has another JSON type (extra keys are fine)."""
    if documented is None:
        return []
    if isinstance(documented, dict):
        if not isinstance(ours, dict):
            return [f"{path}: object expected, got {type(ours).__name__}"]
        problems = []
        for key, value in documented.items():
            if key not in ours:
                problems.append(f"{path}.{key}: missing")
            elif not (ours[key] is None and key in NULLABLE):
                problems += same_shape(ours[key], value, f"{path}.{key}")
        return problems
    if isinstance(documented, list):
        if not isinstance(ours, list):
            return [f"{path}: array expected, got {type(ours).__name__}"]
        if not documented:
            return []
        return [p for i, item in enumerate(ours) for p in same_shape(item, documented[0], f"{path}[{i}]")]
    kind = bool if isinstance(documented, bool) else int if isinstance(documented, int) else type(documented)
    if (kind is int and isinstance(ours, bool)) or not isinstance(ours, kind):
        return [f"{path}: {kind.__name__} expected, got {type(ours).__name__} ({ours!r})"]
    return []


def _get(app: RunningApp, path: str) -> Any:
    response = httpx.get(f"{app.base_url}{BOARD}{path}", timeout=20)
    assert response.status_code == 200, (path, response.text)
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_every_get_has_greenhouses_field_names_and_types(app_server: RunningApp) -> None:
    problems = same_shape(_get(app_server, ""), EXAMPLES["board"])
    listed = _get(app_server, "/jobs")
    problems += same_shape(listed, EXAMPLES["jobs"])
    problems += same_shape(_get(app_server, "/jobs?content=true"), EXAMPLES["jobs_content"])
    job_id = listed["jobs"][0]["id"]
    job = _get(app_server, f"/jobs/{job_id}?questions=true")
    problems += same_shape(job, EXAMPLES["job_questions"])
    selects = [
        f
        for block in (job["questions"], job["location_questions"], job["compliance"][0]["questions"])
        for q in block
        for f in q["fields"]
        if f["type"] == "multi_value_single_select"
    ]
    problems += [p for f in selects for p in same_shape(f, EXAMPLES["select_field"])]
    with sa.create_engine(app_server.database_url).connect() as conn:
        paid_id = conn.execute(
            sa.text("select id from posting where status = 'open' and pay_min_cents is not null limit 1")
        ).scalar()
    paid = _get(app_server, f"/jobs/{paid_id or job_id}?pay_transparency=true")["pay_input_ranges"]
    assert paid or paid_id is None
    problems += same_shape(paid, EXAMPLES["pay_input_ranges"])
    for name in ("departments", "offices"):
        problems += same_shape(_get(app_server, f"/{name}"), EXAMPLES[f"{name}_list"])
        problems += same_shape(_get(app_server, f"/{name}?render_as=list"), EXAMPLES[f"{name}_list"])
        problems += same_shape(_get(app_server, f"/{name}?render_as=tree"), EXAMPLES[f"{name}_tree"])
    assert problems == []
    assert listed["meta"]["total"] == len(listed["jobs"]) > 40
    kinds = {f["type"] for q in job["questions"] + job["location_questions"] for f in q["fields"]}
    assert kinds == {"input_text", "input_file", "textarea", "multi_value_single_select"}
    assert len(selects) >= 8 and len(job["compliance"][0]["questions"]) == 6


def test_only_open_postings_and_unknown_ids_are_json_404s(app_server: RunningApp) -> None:
    with sa.create_engine(app_server.database_url).connect() as conn:
        closed = conn.execute(sa.text("select id from posting where status <> 'open' limit 1")).scalar_one()
    listed = {j["id"] for j in _get(app_server, "/jobs")["jobs"]}
    assert closed not in listed
    for path in (f"{BOARD}/jobs/{closed}", f"{BOARD}/jobs/0", f"{BOARD}/jobs/abc", "/v1/boards/other/jobs"):
        response = httpx.get(f"{app_server.base_url}{path}", timeout=10)
        assert response.status_code == 404 and response.json()["status"] == 404, path


@pytest.fixture(scope="module")
def keys(app_server: RunningApp) -> dict[str, str]:
    engine = make_engine(app_server.database_url)
    with Session(engine) as session:
        made = {
            name: api_keys.create_key(name, created_by=None, session=session)
            for name in ("main", "refusals", "burst", "old")
        }
        api_keys.revoke_key(made["old"].info.id, session=session)
        session.commit()
    engine.dispose()
    return {name: key.key for name, key in made.items()}


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def _open_job(app: RunningApp) -> int:
    return int(_get(app, "/jobs")["jobs"][-1]["id"])


def test_an_application_posted_through_the_api_lands_on_the_board(
    app_server: RunningApp, keys: dict[str, str]
) -> None:
    job_id = _open_job(app_server)
    pdf = make_pdf([["Katherine Johnson", "Orbital mechanics"]])
    form = {
        "first_name": "Katherine",
        "last_name": "Johnson",
        "email": "katherine.api@example.org",
        "phone": "+1 415 555 0100",
        "question_1004": "United States",
        "question_1003": "Virginia",
        "veteran_status": "1",
    }
    response = httpx.post(
        f"{app_server.base_url}{BOARD}/jobs/{job_id}",
        data=form,
        files={"resume": ("KJ resume.pdf", pdf, "application/pdf")},
        headers=_auth(keys["main"]),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"success": "Candidate saved successfully"}
    with sa.create_engine(app_server.database_url).connect() as conn:
        application = conn.execute(
            sa.text(
                "select a.id, a.source, a.stage, a.state from application a join candidate c"
                " on c.id = a.candidate_id where c.email = :email and a.posting_id = :job"
            ),
            {"email": "katherine.api@example.org", "job": job_id},
        ).one()
        assert application[1:] == ("api", "applied", "Virginia")
        document = conn.execute(
            sa.text("select kind, original_name, storage_key from document where application_id = :a"),
            {"a": application[0]},
        ).one()
        events = conn.execute(
            sa.text("select to_stage from stageevent where application_id = :a"), {"a": application[0]}
        ).all()
        used = conn.execute(sa.text("select last_used_at from api_key where name = 'main'")).scalar_one()
    assert document[:2] == ("resume", "KJ resume.pdf")
    assert (app_server.data_dir / "uploads" / document[2]).is_file()
    assert [e[0] for e in events] == ["applied"] and used is not None


def test_refusals(app_server: RunningApp, keys: dict[str, str]) -> None:
    url = f"{app_server.base_url}{BOARD}/jobs/{_open_job(app_server)}"
    good = {
        "first_name": "Ana",
        "last_name": "Lima",
        "email": "ana.api@example.org",
        "phone": "+1 415 555 0101",
    }
    good |= {"question_1004": "United States"}
    resume = {
        "resume_content": base64.b64encode(make_pdf([["Ana"]])).decode(),
        "resume_content_filename": "a.pdf",
    }

    def post(key: str, **kwargs: Any) -> httpx.Response:
        return httpx.post(url, headers=_auth(key), timeout=30, **kwargs)

    bad = post("cak_" + "x" * 43, json=good | resume)
    assert bad.status_code == 401 and bad.json()["status"] == 401
    assert post(keys["old"], json=good | resume).status_code == 401
    huge = httpx.post(url, headers=_auth(keys["refusals"]), content=b"0" * 3_000_000, timeout=30)
    assert huge.status_code == 413 and huge.json()["status"] == 413
    not_pdf = post(
        keys["refusals"], json=good | {"resume_content": "aGVsbG8=", "resume_content_filename": "a.doc"}
    )
    assert not_pdf.status_code == 422
    assert (
        not_pdf.json()["errors"][0]["field"] == "resume"
        and "not a PDF" in not_pdf.json()["errors"][0]["message"]
    )
    missing = post(keys["refusals"], json={k: v for k, v in (good | resume).items() if k != "last_name"})
    assert missing.status_code == 422 and [e["field"] for e in missing.json()["errors"]] == ["last_name"]
    burst = [post(keys["burst"], json={}).status_code for _ in range(4)]
    assert 429 in burst and set(burst) <= {422, 429}, burst


def test_an_admin_makes_a_key_sees_it_once_and_revokes_it(page: Page, app_server: RunningApp) -> None:
    sign_in(page, "admin@example.com")
    page.get_by_role("link", name="API keys").click()
    expect(page.get_by_role("heading", name="Job board API keys")).to_be_visible()
    page.get_by_label("Key name").fill("Browser-made key")
    page.get_by_role("button", name="Make key").click()
    shown = page.get_by_label("API key")
    expect(shown).to_have_value(re.compile(r"^cak_"))
    key = shown.input_value()
    url = f"{app_server.base_url}{BOARD}/jobs/{_open_job(app_server)}"
    assert httpx.post(url, headers=_auth(key), json={}, timeout=30).status_code == 422  # accepted key
    page.get_by_role("button", name="I have copied it").click()
    expect(page.get_by_label("API key")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("row", name=re.compile("Browser-made key"))).not_to_contain_text(
        "never"
    )  # used once, above
    expect(page.get_by_label("API key")).to_have_count(0)  # shown once only
    page.get_by_role("button", name="Revoke key Browser-made key").click()
    expect(page.get_by_role("row", name=re.compile("Browser-made key"))).to_contain_text("Revoked")
    assert httpx.post(url, headers=_auth(key), json={}, timeout=30).status_code == 401
