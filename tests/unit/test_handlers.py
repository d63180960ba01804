"""Handlers called the way Reflex calls them, through production's transaction path.

Unlike the service tests (one rolled-back savepoint session per test), these use the
real ``session_scope`` against a committed database on SQLite and PostgreSQL: each
event commits or rolls back on its own, exactly as in the running app. A lockout that
was rolled back with its failed attempt would show here.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import auth_routes
from careers_app.models import SignInAttempt, UserSession
from careers_app.services.board.board_view import NO_CARD_UPDATE
from careers_app.services.platform import auth, db
from careers_app.settings import get_settings
from careers_app.states.admin import AccountsState
from careers_app.states.guard import ROLES_FOR, SESSION_COOKIE, Access, access_of
from careers_app.states.pipeline import PipelineState, PostingsState
from careers_app.states.team import ComplianceState, NotAllowedState, SignInState
from tests import conftest
from tests.accounts import PASSWORDS
from tests.handler_calls import all_states as _all_states
from tests.handler_calls import call, own_handlers
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.settings_override import use_settings


def _count(engine: Engine, model: type, **where: Any) -> int:
    with Session(engine) as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return int(session.exec(query).one())


# ----- signing in: the HTTP route, committed per request ------------------------------------


def _client() -> TestClient:
    base = get_settings().base_url
    return TestClient(auth_routes.http_routes(), base_url=base, headers={"origin": base})


def test_lockout_engages_wrong_passwords_are_recorded_and_the_right_one_then_waits(app_db: Engine) -> None:
    client = _client()
    form = {"email": "admin@example.com", "password": "wrong password!"}
    for _ in range(8):
        answer = client.post(routes.SIGN_IN_POST, data=form, follow_redirects=False)
        assert answer.status_code == 303 and SESSION_COOKIE not in answer.cookies
    right = client.post(
        routes.SIGN_IN_POST,
        data={"email": "admin@example.com", "password": PASSWORDS["admin"]},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert right.headers["location"].startswith(routes.SIGN_IN + "?error=throttled&wait=")
    assert SESSION_COOKIE not in right.cookies
    assert (
        _count(app_db, SignInAttempt, email="admin@example.com", succeeded=False)
        >= auth.ACCOUNT_FREE_FAILURES
    )
    assert _count(app_db, UserSession) == 0


def test_session_cookie_is_httponly_strict_and_compliance_lands_on_its_own_page(app_db: Engine) -> None:
    answer = _client().post(
        routes.SIGN_IN_POST,
        data={"email": "compliance@example.com", "password": PASSWORDS["compliance"]},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == routes.COMPLIANCE_HOME
    cookies = [v for k, v in answer.headers.multi_items() if k == "set-cookie"]
    session_cookie = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in session_cookie and "SameSite=strict" in session_cookie and "Path=/" in session_cookie


def test_sign_in_from_another_site_is_refused_before_any_check(app_db: Engine) -> None:
    client = TestClient(auth_routes.http_routes(), base_url=get_settings().base_url)
    for headers in ({}, {"origin": "https://evil.example"}, {"referer": "https://evil.example/x"}):
        answer = client.post(
            routes.SIGN_IN_POST,
            data={"email": "admin@example.com", "password": PASSWORDS["admin"]},
            headers=headers,
            follow_redirects=False,
        )
        assert answer.headers["location"] == routes.sign_in_url(error="origin")
    assert _count(app_db, SignInAttempt) == 0


def test_sign_out_revokes_the_session_at_once(app_db: Engine) -> None:
    token = _token("recruiter")
    client = _client()
    client.cookies.set(SESSION_COOKIE, token)
    answer = client.post(routes.SIGN_OUT_POST, follow_redirects=False)
    assert answer.status_code == 303
    _, result = call(PostingsState, "load", token=token, path="/recruiting")
    assert _redirect_target(result) == routes.sign_in_url(next_path="/recruiting")


# ----- landing pages per role: nobody loops -------------------------------------------------


def test_every_role_lands_on_a_page_it_may_use_and_a_refusal_says_so(app_db: Engine) -> None:
    compliance = _token("compliance")
    _, result = call(SignInState, "load", token=compliance, path=routes.SIGN_IN)
    assert _redirect_target(result) == routes.COMPLIANCE_HOME
    state, result = call(ComplianceState, "load", token=compliance, path=routes.COMPLIANCE_HOME)
    assert result is None and state.user_role == "compliance"
    _, result = call(PostingsState, "load", token=compliance, path=routes.RECRUITING_HOME)
    assert _redirect_target(result) == routes.NOT_ALLOWED
    state, result = call(NotAllowedState, "load", token=compliance, path=routes.NOT_ALLOWED)
    assert result is None and state.home == routes.COMPLIANCE_HOME  # the refusal page stays put

    recruiter = _token("recruiter")
    _, result = call(SignInState, "load", token=recruiter, path=routes.SIGN_IN)
    assert _redirect_target(result) == routes.RECRUITING_HOME
    _, result = call(ComplianceState, "load", token=recruiter, path=routes.COMPLIANCE_HOME)
    assert _redirect_target(result) == routes.NOT_ALLOWED


def test_deactivated_recruiter_gets_nothing_from_a_board_change(app_db: Engine) -> None:
    token = _token("recruiter")
    admin = _token("admin")
    with db.session_scope() as session:
        target = next(a for a in auth.list_accounts(session=session) if a.role == "recruiter")
    call(AccountsState, "set_active", token=admin, path=routes.ACCOUNTS, user_id=target.id, active=False)
    state, result = call(PipelineState, "refresh_card", token=token, path="/recruiting/x", application_id=1)
    assert _redirect_target(result) is not None
    assert state.card_update == NO_CARD_UPDATE and state.columns == []


# ----- the role matrix at state level: every handler is guarded --------------------------------


def test_every_handler_of_every_state_goes_through_the_guard() -> None:
    unguarded = [
        f"{cls.__name__}.{name}"
        for cls in _all_states()
        for name, handler in own_handlers(cls).items()
        if access_of(handler.fn) is None
    ]
    assert _all_states(), "no states found"
    assert unguarded == []


# Every handler a browser can call, by who may call it. A new handler changes these
# figures on purpose: add it here and to the matrix below runs it for every caller.
HANDLERS_BY_ACCESS = {
    Access.PUBLIC: 44,
    Access.SIGNED_IN: 1,
    Access.BOARD: 37,
    Access.ADMIN: 30,
    Access.COMPLIANCE: 2,
}
# What each caller must be refused: every handler whose access its role lacks. Nothing is
# left out; public handlers are for anyone, so no caller is refused them.
#   anonymous / deactivated: every non-public handler (1 + 37 + 30 + 2 = 70), to sign-in
#   compliance: board and admin handlers (37 + 30 = 67), to the not-allowed page
#   recruiter: admin and compliance handlers (30 + 2 = 32), to the not-allowed page
REFUSED = {"anonymous": 70, "deactivated": 70, "compliance": 67, "recruiter": 32}
ROLE_OF = {"compliance": "compliance", "recruiter": "recruiter", "deactivated": "recruiter"}


def test_the_role_matrix_knows_every_handler() -> None:
    found: dict[Access, int] = dict.fromkeys(Access, 0)
    for cls in _all_states():
        for handler in own_handlers(cls).values():
            access = access_of(handler.fn)
            assert access is not None
            found[access] += 1
    assert found == HANDLERS_BY_ACCESS


@pytest.mark.parametrize("who", sorted(REFUSED))
def test_hiring_team_handlers_refuse_who_may_not_use_them(app_db: Engine, who: str) -> None:
    token = _token(ROLE_OF[who]) if who in ROLE_OF else ""
    if who == "deactivated":
        with db.session_scope() as session:
            target = next(a for a in auth.list_accounts(session=session) if a.role == "recruiter")
            admin = next(a for a in auth.list_accounts(session=session) if a.role == "admin")
            auth.set_active(target.id, False, acting_user_id=admin.id, session=session)
    # Who may call what is the guard's own table; a caller with no live account has no role.
    role = ROLE_OF[who] if who in ("compliance", "recruiter") else None
    checked: list[str] = []
    for cls in _all_states():
        for name, handler in own_handlers(cls).items():
            access = access_of(handler.fn)
            assert access is not None
            if access is Access.PUBLIC or (role is not None and role in ROLES_FOR[access]):
                continue
            params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
            payload = dict.fromkeys(params, "1")
            _state, result = call(cls, name, token=token, path="/recruiting/x", **payload)
            landed = _redirect_target(result)
            assert landed is not None, f"{cls.__name__}.{name} did not refuse {who}"
            if role is not None:
                assert landed == routes.NOT_ALLOWED, f"{cls.__name__}.{name}: {landed}"
            else:
                assert landed.startswith(routes.SIGN_IN), f"{cls.__name__}.{name}: {landed}"
            checked.append(f"{cls.__name__}.{name}")
    assert len(checked) == len(set(checked)) == REFUSED[who]


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from starlette.requests import Request

    def request(forwarded: str) -> Request:
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return Request({"type": "http", "headers": headers, "client": ("10.0.0.2", 5000)})

    assert auth_routes.client_address(request("6.6.6.6")) == "10.0.0.2"  # no proxy: header ignored
    use_settings(monkeypatch, replace(get_settings(), trusted_proxy_hops=1))
    assert auth_routes.client_address(request("6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    assert auth_routes.client_address(request("")) == "10.0.0.2"


# ``app_db`` is tests/conftest.py's fixture; it is named here only because three files of
# other teams (tests/unit/test_job_alerts.py, tests/unit/test_resume_autofill_state.py,
# tests/seams/test_eeo_disclosure.py) still import it from this module. Drop it when they stop.
app_db = conftest.app_db
