"""Funnel analytics through the guard, committed per event as in production: recruiters and
admins get the figures for a shared URL, compliance and strangers are refused, and no SQL
statement sent during the event reads equal-opportunity answers."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from careers_app import routes
from careers_app.services.platform import db
from careers_app.states.analytics import AnalyticsState
from tests.eeo_data import add_applicant
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import call
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token
from tests.query_count import query_count


def _posting() -> str:
    """Ten applications with answers: 4 reach the screen, 2 of them the phone interview."""
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Analyst")
        for i in range(10):
            furthest = "phone_interview" if i < 2 else "recruiter_screen" if i < 4 else "applied"
            add_applicant(session, posting.id or 0, furthest, gender="Female")
        return posting.slug


def test_recruiters_get_the_funnel_for_a_shared_url_without_reading_eeo(app_db: Engine) -> None:
    slug = _posting()
    url = routes.analytics_url(posting=slug, date_from="2000-01-01", date_to="2999-12-31")
    for role in ("recruiter", "admin"):
        token = _token(role)
        with query_count(app_db) as recorded:
            state, result = call(AnalyticsState, "load", token=token, path=url)
        assert result is None and state.posting == slug and state.notice == ""
        assert state.applications == 10 and sum(w.applications for w in state.weekly) == 10
        first, second = state.conversion[0], state.conversion[1]
        assert (first.reached_this, first.reached_next, first.text) == (10, 4, "40.0 %")
        assert (second.reached_this, second.reached_next, second.text) == (4, 2, "50.0 %")
        assert [(s.label, s.applications) for s in state.sources] == [("Unknown", 10)]
        assert recorded.statements and not [s for s in recorded.statements if "eeo" in s.lower()]

    _, result = call(
        AnalyticsState,
        "choose",
        token=_token("recruiter"),
        path=url,
        form_data={"posting": slug, "from": "2026-01-01", "to": ""},
    )
    assert _redirect_target(result) == routes.analytics_url(posting=slug, date_from="2026-01-01")


def test_compliance_and_strangers_are_refused_and_get_nothing(app_db: Engine) -> None:
    slug = _posting()
    url = routes.analytics_url(posting=slug)
    for token, target in ((_token("compliance"), routes.NOT_ALLOWED), ("", None)):
        for handler, payload in (("load", {}), ("choose", {"form_data": {"posting": slug}})):
            state, result = call(AnalyticsState, handler, token=token, path=url, **payload)
            found = _redirect_target(result)
            assert found is not None and (found == target or found.startswith(routes.SIGN_IN))
            assert state.applications == 0 and state.conversion == [] and state.postings == []


def test_hostile_arguments_change_nothing_and_redirect_to_a_clean_url(app_db: Engine) -> None:
    slug = _posting()
    token = _token("recruiter")
    for form in ("not a dict", {"posting": ["x"], "from": {"a": 1}}, {"posting": "x" * 5000}):
        _, result = call(AnalyticsState, "choose", token=token, path=routes.ANALYTICS, form_data=form)
        target = _redirect_target(result)
        assert target is not None and target.startswith(routes.ANALYTICS) and len(target) < 800
    state, _ = call(
        AnalyticsState, "load", token=token, path=routes.ANALYTICS + "?posting=%3Cscript%3E&from=x"
    )
    assert state.posting == "" and "not a date" in state.notice and state.applications == 10
    assert slug in {p.slug for p in state.postings}
