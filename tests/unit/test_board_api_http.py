"""The job board API's HTTP layer and the admin's key page, through production's paths:
the app's own ``session_scope`` against a committed database (SQLite and PostgreSQL),
the routes through Starlette, the page's handlers through the shared guard."""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from pathlib import Path
from typing import TypedDict

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.devtools.pdfs import make_pdf
from careers_app.http import api_keys_routes, board_api
from careers_app.models import ApiKey, Application, Document
from careers_app.services.platform import api_keys, db
from careers_app.settings import get_settings
from careers_app.states.api_keys import ApiKeysState
from careers_app.states.guard import SESSION_COOKIE
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import call
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.settings_override import use_settings

FORM = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.org",
    "phone": "+44 20 7946 0958",
    "question_1004": "United Kingdom",
}


class Api(TypedDict):
    """The API under test, its postings (open, closed) and its keys (live, revoked)."""

    client: TestClient
    open: int | None
    closed: int | None
    key: str
    revoked: str
    engine: Engine


@pytest.fixture
def api(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    use_settings(monkeypatch, replace(get_settings(), upload_dir=tmp_path / "uploads", board_token="acme"))
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        open_id = make_posting(session, team, office).id
        closed_id = make_posting(session, team, office, status="closed").id
        key = api_keys.create_key("Tests", created_by=None, session=session).key
        revoked = api_keys.create_key("Old", created_by=None, session=session)
        api_keys.revoke_key(revoked.info.id, session=session)
    return {
        "client": TestClient(board_api.http_routes()),
        "open": open_id,
        "closed": closed_id,
        "key": key,
        "revoked": revoked.key,
        "engine": app_db,
    }


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def _pdf() -> bytes:
    return make_pdf([["Ada Lovelace", "Analytical engines"]])


def test_gets_are_public_and_unknown_things_are_json_404s(api: Api) -> None:
    client: TestClient = api["client"]
    assert client.get("/v1/boards/acme").json()["name"] == get_settings().company_name
    assert [j["id"] for j in client.get("/v1/boards/acme/jobs").json()["jobs"]] == [api["open"]]
    for path in (
        f"/v1/boards/acme/jobs/{api['closed']}",
        "/v1/boards/acme/jobs/99999999999",
        "/v1/boards/x/jobs",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["status"] == 404, path
    bad = client.get("/v1/boards/acme/offices?render_as=pyramid")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "render_as"


def test_an_application_posted_with_a_key_is_saved_with_source_api(api: Api) -> None:
    client: TestClient = api["client"]
    response = client.post(
        f"/v1/boards/acme/jobs/{api['open']}",
        data=FORM,
        files={"resume": ("cv.pdf", _pdf(), "application/pdf")},
        headers=_auth(str(api["key"])),
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"success": "Candidate saved successfully"}
    with Session(api["engine"]) as session:
        application = session.exec(select(Application)).one()
        assert application.source == "api" and application.posting_id == api["open"]
        assert session.exec(select(Document)).one().application_id == application.id
        assert session.exec(select(ApiKey).where(ApiKey.name == "Tests")).one().last_used_at is not None


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Basic bm9wZTo="}, 401), ({"Authorization": "Bearer x"}, 401)],
)
def test_a_missing_or_wrong_key_is_401(api: Api, headers: dict[str, str], status: int) -> None:
    client: TestClient = api["client"]
    response = client.post(f"/v1/boards/acme/jobs/{api['open']}", json=FORM, headers=headers)
    assert response.status_code == status and "Basic" in response.headers["www-authenticate"]


def test_refusals_are_json_and_never_500(api: Api) -> None:
    client: TestClient = api["client"]
    url = f"/v1/boards/acme/jobs/{api['open']}"
    key, revoked = str(api["key"]), str(api["revoked"])
    assert client.post(url, json=FORM, headers=_auth(revoked)).status_code == 401
    huge = client.post(url, content=b"x" * (board_api.MAX_BODY + 1), headers=_auth(key))
    assert huge.status_code == 413 and huge.json()["status"] == 413
    closed = client.post(f"/v1/boards/acme/jobs/{api['closed']}", json=FORM, headers=_auth(key))
    assert closed.status_code == 404
    assert client.post(url, json=FORM, headers=_auth(key)).status_code == 422  # no resume
    # the two calls above were this key's two for this second (the 413 came before the key)
    burst = client.post(url, json=FORM, headers=_auth(key))
    assert burst.status_code == 429 and int(burst.headers["retry-after"]) >= 1


def test_field_errors_name_the_field(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_keys, "RATE_LIMIT", 100)
    client: TestClient = api["client"]
    url, auth = f"/v1/boards/acme/jobs/{api['open']}", _auth(str(api["key"]))
    missing = client.post(url, json={**FORM, "email": ""}, headers=auth)
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"email", "resume"}
    text = client.post(url, json={**FORM, "resume_text": "my resume"}, headers=auth)
    assert text.status_code == 422 and text.json()["errors"][0]["field"] == "resume_text"
    not_pdf = client.post(
        url, data=FORM, files={"resume": ("cv.doc", b"hello", "application/msword")}, headers=auth
    )
    assert not_pdf.status_code == 422 and not_pdf.json()["errors"] == [
        {"field": "resume", "message": "This file is not a PDF. Save or export it as PDF and upload that."}
    ]
    assert (
        client.post(
            url, content=b"{not json", headers={**auth, "content-type": "application/json"}
        ).status_code
        == 400
    )
    assert (
        client.post(url, content=b"[]", headers={**auth, "content-type": "application/json"}).status_code
        == 400
    )
    assert client.post(url, content=b"a", headers={**auth, "content-type": "text/plain"}).status_code == 415
    broken = client.post(
        url, content=b"--x\r\nbroken", headers={**auth, "content-type": "multipart/form-data; boundary=x"}
    )
    assert broken.status_code in (400, 422)


# ----- the admin page, through the guard ------------------------------------------------


def _key_page_post(token: str, name: str) -> httpx.Response:
    """The key page's form, as the browser posts it (careers_app/http/api_keys_routes.py)."""
    base = get_settings().base_url
    client = TestClient(api_keys_routes.http_routes(), base_url=base, headers={"origin": base})
    client.cookies.set(SESSION_COOKIE, token)
    return client.post(routes.API_KEY_NEW, data={"name": name}, follow_redirects=False)


def test_an_admin_makes_a_key_sees_it_once_and_revokes_it(app_db: Engine) -> None:
    admin = _token("admin")
    answer = _key_page_post(admin, "Aggregator")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    found = re.search(r'value="(cak_[^"]+)"', answer.text)
    assert found is not None
    key = found.group(1)
    state, _ = call(ApiKeysState, "load", token=admin, path=routes.API_KEYS)
    assert [k.name for k in state.keys] == ["Aggregator"] and state.keys[0].prefix == key[:10]
    with Session(app_db) as session:
        row = session.exec(select(ApiKey)).one()
        assert row.key_hash == api_keys.key_hash(key) and row.created_by is not None
        assert api_keys.authenticate(key, session=session) is not None
    assert key not in str(vars(state))  # shown once, in the response only
    revoked, _ = call(ApiKeysState, "revoke", token=admin, key_id=row.id)
    assert not revoked.keys[0].active
    with Session(app_db) as session:
        assert api_keys.authenticate(key, session=session) is None


def test_a_refused_key_name_goes_back_to_the_page_with_the_reason(app_db: Engine) -> None:
    admin = _token("admin")
    answer = _key_page_post(admin, "   ")
    assert answer.status_code == 303 and answer.headers["location"] == routes.API_KEYS + "?error=name"
    state, _ = call(ApiKeysState, "load", token=admin, path=answer.headers["location"])
    assert state.message.startswith("Give the key a name") and state.keys == []


@pytest.mark.parametrize("role", ["recruiter", "compliance"])
def test_only_admins_may_make_or_revoke_keys(app_db: Engine, role: str) -> None:
    token = _token(role)
    answer = _key_page_post(token, "Sneaky")
    assert answer.status_code == 403 and "cak_" not in answer.text
    _, result = call(ApiKeysState, "load", token=token, path=routes.API_KEYS)
    assert _redirect_target(result) == routes.NOT_ALLOWED
    with Session(app_db) as session:
        assert session.exec(select(ApiKey)).all() == []
