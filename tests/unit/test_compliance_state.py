"""The compliance reports through the guard, committed per event as in production."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from careers_app import routes
from careers_app.services.compliance.eeo_disclosure import period_choice
from careers_app.services.compliance.eeo_reports import ADVERSE, PRIMARY
from careers_app.services.platform import db
from careers_app.states.team import ComplianceState
from tests.eeo_data import REPORTED, add_reported
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import call
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token


def _board() -> str:
    """48 of 80 women and 12 of 40 men reach the screen; 3 say they are veterans."""
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Analyst")
        for i in range(80):
            add_reported(
                session, posting.id or 0, "recruiter_screen" if i < 48 else "applied", gender="Female"
            )
        for i in range(40):
            add_reported(session, posting.id or 0, "recruiter_screen" if i < 12 else "applied", gender="Male")
        for _ in range(3):
            add_reported(session, posting.id or 0, veteran_status="I identify as a U.S. veteran")
        return posting.slug


def test_compliance_gets_the_reports_for_a_shared_url_and_a_recruiter_is_refused(app_db: Engine) -> None:
    slug = _board()
    quarter = period_choice(REPORTED.date())  # the applications were made in 2026 Q3, closed
    url = routes.compliance_url(posting=slug, date_from=quarter.date_from, date_to=quarter.date_to)
    state, result = call(ComplianceState, "load", token=_token("compliance"), path=url)
    assert result is None and state.posting == slug and state.notice == ""
    current = period_choice(datetime.now(UTC).date())
    assert state.not_yet.startswith(f"{current.code.replace('-', ' ')} is reported once it ends, on ")
    assert (state.date_from, state.date_to, state.period) == (
        quarter.date_from,
        quarter.date_to,
        quarter.code,
    )
    assert [p.code for p in state.periods] == ["", quarter.code]  # all time, then each quarter
    gender = next(t for t in state.tables if t.field == "gender")
    assert {r.category: r.cells[:2] for r in gender.rows}["Female"] == ("80", "48")
    veteran = next(t for t in state.tables if t.field == "veteran_status")
    assert {r.category: r.cells[0] for r in veteran.rows}["I identify as a U.S. veteran"] == PRIMARY
    men = next(r for r in state.impact if r.group == "Male" and r.step.startswith("Applied"))
    assert (men.impact_ratio, men.verdict) == ("0.50", ADVERSE)

    _, result = call(
        ComplianceState,
        "choose",
        token=_token("compliance"),
        path=url,
        form_data={"posting": slug, "period": "2026-Q1"},
    )
    assert _redirect_target(result) == routes.compliance_url(
        posting=slug, date_from="2026-01-01", date_to="2026-03-31"
    )

    for handler, payload in (("load", {}), ("choose", {"form_data": {"posting": slug}})):
        state, result = call(ComplianceState, handler, token=_token("recruiter"), path=url, **payload)
        assert _redirect_target(result) == routes.NOT_ALLOWED
        assert state.tables == [] and state.impact == []


def test_a_mistyped_link_still_shows_a_report_and_says_what_it_ignored(app_db: Engine) -> None:
    _board()
    url = routes.compliance_url(posting="no-such-posting", date_from="2026-13-01", date_to="2026-01-01")
    state, result = call(ComplianceState, "load", token=_token("compliance"), path=url)
    assert result is None and state.posting == ""
    # not a whole quarter: the quarter of the first readable date, said so
    assert (state.date_from, state.date_to, state.period) == ("2026-01-01", "2026-03-31", "2026-Q1")
    assert "showing all postings" in state.notice and "Showing 2026 Q1 (January–March)" in state.notice
    assert "2026-Q1" in [p.code for p in state.periods]  # offered in the picker, though empty
    assert state.tables
    state, _ = call(
        ComplianceState, "load", token=_token("compliance"), path="/compliance?from=soon&to=later"
    )
    assert state.date_from == "" and "not a date" in state.notice


def test_csv_export_is_for_compliance_and_admins_and_keeps_the_suppression(app_db: Engine) -> None:
    from starlette.testclient import TestClient

    from careers_app.http import api
    from careers_app.settings import get_settings
    from careers_app.states.guard import SESSION_COOKIE

    slug = _board()
    client = TestClient(api.http_routes(), base_url=get_settings().base_url)
    url = routes.compliance_csv_url("eeo", posting=slug)
    for role in ("compliance", "admin"):
        client.cookies.set(SESSION_COOKIE, _token(role))
        answer = client.get(url)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        assert answer.headers["content-disposition"].startswith("attachment")
        lines = answer.text.splitlines()
        assert lines[0].startswith("Question,Answer,Applied,Recruiter screen")
        assert "Gender,Female,80,48,0,0,0,0" in lines
        assert any(
            line.startswith(f"Veteran status,I identify as a U.S. veteran,{PRIMARY},") for line in lines
        )
    impact = client.get(routes.compliance_csv_url("impact", posting=slug)).text.splitlines()
    assert impact[0].startswith("Question,Step,Group") and any(ADVERSE in line for line in impact)
    assert client.get("/compliance/other.csv").status_code == 404
    one_day = client.get(
        routes.compliance_csv_url("eeo", posting=slug, date_from="2026-05-13", date_to="2026-05-13")
    )
    assert one_day.status_code == 400 and "whole calendar quarter" in one_day.text
    client.cookies.set(SESSION_COOKIE, _token("recruiter"))
    assert client.get(url).status_code == 403
    client.cookies.clear()
    assert client.get(url).status_code == 403
