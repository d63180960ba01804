"""/healthz against real databases and the real Redis (and closed ports for the failures),
and the JSON log lines the request middleware and the event guard write."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from careers_app import logging_json
from careers_app.devtools.appserver import free_port
from careers_app.http import health
from careers_app.settings import SettingsError, load_settings
from tests.loops import run_in_own_loop

REDIS = "redis://127.0.0.1:6379"


def _get(app: Starlette, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path, headers=headers)

    return run_in_own_loop(go)


def health_app() -> Starlette:
    return Starlette(routes=[Route(health.PATH, health.healthz)])


def test_healthz_ok_on_both_databases(committed_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "get_engine", lambda: committed_engine)
    monkeypatch.setattr(health, "redis_url", lambda: REDIS)
    response = _get(health_app(), "/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_healthz_names_redis_when_it_is_away(
    committed_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "get_engine", lambda: committed_engine)
    monkeypatch.setattr(health, "redis_url", lambda: f"redis://127.0.0.1:{free_port()}")
    response = _get(health_app(), "/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "unavailable"}


def test_healthz_names_the_database_when_it_is_away(monkeypatch: pytest.MonkeyPatch) -> None:
    password = "not-a-secret-but-must-not-leak"
    gone = sa.create_engine(f"postgresql://postgres:{password}@127.0.0.1:{free_port()}/test")
    monkeypatch.setattr(health, "get_engine", lambda: gone)
    monkeypatch.setattr(health, "redis_url", lambda: REDIS)
    response = _get(health_app(), "/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "redis": "ok"}
    assert password not in response.text and "127.0.0.1" not in response.text


def test_healthz_without_redis_is_one_worker(
    committed_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "get_engine", lambda: committed_engine)
    monkeypatch.setattr(health, "redis_url", lambda: "")
    response = _get(health_app(), "/healthz")
    assert (response.status_code, response.json()) == (200, {"database": "ok", "redis": "not used"})


def test_log_format_setting() -> None:
    assert load_settings({}).log_format == "text"
    assert load_settings({"CAREERS_LOG_FORMAT": " JSON "}).log_format == "json"
    with pytest.raises(SettingsError, match="CAREERS_LOG_FORMAT"):
        load_settings({"CAREERS_LOG_FORMAT": "xml"})


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    out = io.StringIO()
    assert logging_json.configure("json", stream=out)
    yield out
    logging_json.configure("text")


def _lines(out: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_json_line_per_request_with_its_id(json_lines: io.StringIO) -> None:
    def page(_request: Request) -> PlainTextResponse:
        logging.getLogger("careers_app.test").warning("inside the request")
        return PlainTextResponse("hello", status_code=201)

    app = Starlette(routes=[Route("/p", page)], middleware=[Middleware(logging_json.RequestLog)])
    given = _get(app, "/p?q=secret+search", headers={"X-Request-ID": "abcdef0123456789"})
    made = _get(app, "/p", headers={"X-Request-ID": "bad id<script>"})
    lines = _lines(json_lines)
    inside, first, _inside2, second = lines
    assert inside["msg"] == "inside the request" and inside["log_id"] == "abcdef0123456789"
    assert first["request_id"] == "abcdef0123456789" == given.headers["x-request-id"]
    assert (first["method"], first["path"], first["status"], first["level"]) == ("GET", "/p", 201, "info")
    assert isinstance(first["ms"], float) and "secret" not in json_lines.getvalue()
    assert second["request_id"] == made.headers["x-request-id"] != "bad id"
    assert len(str(second["request_id"])) == 16


def test_an_interview_link_token_is_not_logged(json_lines: io.StringIO) -> None:
    """The booking link's token is in the path (/interview/<token>), not the query."""
    secret = "Zq8s3cr3t-b00king-t0ken-Zq8s3cr3t-b00king"

    def page(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("pick a time")

    app = Starlette(
        routes=[Route("/interview/{token}", page)], middleware=[Middleware(logging_json.RequestLog)]
    )
    _get(app, f"/interview/{secret}")
    (line,) = _lines(json_lines)
    assert line["path"] == "/interview/[token]" and secret not in json_lines.getvalue()


def test_event_line_has_id_outcome_and_duration(json_lines: io.StringIO) -> None:
    with logging_json.event_line("ApplyState.save", "public") as line:
        assert logging_json.current_id() == line["event_id"]
        line["outcome"] = "Invalid"
    with pytest.raises(ZeroDivisionError), logging_json.event_line("BoardState.move", "board"):
        _ = 1 / 0
    ok, failed = _lines(json_lines)
    assert (ok["event"], ok["access"], ok["outcome"], ok["level"]) == (
        "ApplyState.save",
        "public",
        "Invalid",
        "info",
    )
    assert (failed["outcome"], failed["level"]) == ("exception", "error")
    assert ok["event_id"] != failed["event_id"] and logging_json.current_id() == ""


def test_text_format_writes_no_request_lines() -> None:
    out = io.StringIO()
    assert not logging_json.configure("text", stream=out)
    app = Starlette(
        routes=[Route("/p", lambda _r: PlainTextResponse("x"))],
        middleware=[Middleware(logging_json.RequestLog)],
    )
    response = _get(app, "/p")
    assert response.status_code == 200 and "x-request-id" not in response.headers
    assert out.getvalue() == ""
