"""Job alerts (services/jobboard/job_alerts.py): subscribe, confirm, match, digest, unsubscribe, limits.

The rules run on the real unit of work on SQLite and PostgreSQL (``session``: rolled back;
``committed_engine``: the digest run's own transactions). The board's handler is called
through the guard, as Reflex calls it, to show that the page never tells whether an address
is subscribed. Mail goes over real SMTP on loopback (aiosmtpd).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from careers_app.http import job_alerts_api
from careers_app.models import JobAlert, JobAlertRequest, JobAlertToken, Outbox
from careers_app.services.jobboard import job_alerts
from careers_app.services.jobboard.job_alerts import ANSWER, TOO_MANY, Criteria, Mailing
from careers_app.services.mail import outbox
from careers_app.services.platform import db
from careers_app.services.platform.db import session_scope
from careers_app.states.job_alerts import JobAlertState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab
from tests.unit.test_handlers import app_db  # noqa: F401  (fixture)
from tests.unit.test_outbox import Inbox, _transport, smtp_server  # noqa: F401  (fixture)

MAILING = Mailing(base_url="https://careers.example", company="Acme")
SECRET = "test-secret"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
_LINK = re.compile(r"https?://[^/\s]+(/alerts/(?:confirm|unsubscribe))\?token=([A-Za-z0-9_-]+)")


def _subscribe(
    session: Session, email: str, criteria: Criteria = Criteria(), *, client: str = "net-1", now: datetime = T0
) -> job_alerts.SubscribeResult:
    return job_alerts.subscribe(
        email,
        criteria,
        client_key=client,
        page="/careers",
        secret=SECRET,
        mailing=MAILING,
        session=session,
        now=now,
    )


def _links(session: Session, email: str, kind: str) -> list[tuple[str, str]]:
    rows = session.exec(
        select(Outbox).where(Outbox.to_email == email, Outbox.kind == kind).order_by(col(Outbox.id))
    ).all()
    return [m for row in rows for m in _LINK.findall(row.body)]


def _confirm_latest(session: Session, email: str, now: datetime = T0) -> None:
    path, token = _links(session, email, "job_alert_confirm")[-1]
    assert path == job_alerts.CONFIRM_PATH
    assert job_alerts.confirm(token, session=session, now=now) is not None


# ----- subscribing and confirming ---------------------------------------------------------------


def test_subscribing_stores_the_alert_unconfirmed_with_its_consent_and_mails_a_confirmation(
    session: Session,
) -> None:
    team = make_team(session, "Data", "data-alerts")
    result = _subscribe(session, "Ada@Example.ORG", Criteria(team=team.slug, keyword="python"))
    assert result.answer == ANSWER and result.queued
    alert = session.exec(select(JobAlert).where(JobAlert.email == "ada@example.org")).one()
    assert alert.confirmed_at is None and alert.team == team.slug and alert.keyword == "python"
    assert alert.consent_text == job_alerts.consent_text("Acme") and alert.consent_page == "/careers"
    assert alert.created_at == T0
    [message] = session.exec(select(Outbox).where(Outbox.to_email == "ada@example.org")).all()
    # Never the keyword (anyone may ask for an alert to any address): tests/seams/test_job_alert_mail.py
    assert "Data jobs and a keyword you chose" in message.subject and message.list_unsubscribe == ""
    assert message.job_alert_id == alert.id
    [(path, token)] = _LINK.findall(message.body)
    assert path == job_alerts.CONFIRM_PATH and token in message.html_body
    # Only the token's SHA-256 is stored.
    stored = session.exec(select(JobAlertToken.token_hash)).all()
    assert token not in stored and job_alerts.token_hash(token) in stored


def test_nothing_is_sent_to_an_unconfirmed_alert(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    _subscribe(session, "unconfirmed@example.org")
    make_posting(session, team, office, published_at=T0 + timedelta(hours=1))
    alert = session.exec(select(JobAlert)).one()
    assert alert.confirmed_at is None
    digests = session.exec(select(Outbox).where(Outbox.kind == "job_alert_digest")).all()
    assert digests == []


def test_a_confirmation_link_works_once_and_not_after_it_expires(session: Session) -> None:
    _subscribe(session, "late@example.org")
    [(_path, token)] = _links(session, "late@example.org", "job_alert_confirm")
    assert job_alerts.confirm(token, session=session, now=T0 + job_alerts.CONFIRM_WITHIN) is None  # expired
    view = job_alerts.confirm(token, session=session, now=T0 + timedelta(minutes=5))
    assert view is not None and view.confirmed and view.description == "All jobs"
    assert job_alerts.confirm(token, session=session, now=T0 + timedelta(minutes=6)) is None  # used up
    assert job_alerts.confirm("x" * 43, session=session) is None
    assert job_alerts.confirm({"not": "a token"}, session=session) is None


@pytest.mark.parametrize(
    ("team", "office", "field"),
    [
        ("../admin", "", "team"),
        ("", "<b>", "office"),
        ("no-such-team", "", "team"),
        ("", "nowhere", "office"),
    ],
)
def test_a_made_up_team_or_location_is_an_error_never_every_job(
    session: Session, team: str, office: str, field: str
) -> None:
    criteria, errors = Criteria.read(team, office, "")
    if not errors:
        errors = _subscribe(session, "x@example.org", criteria).errors or {}
    assert field in errors
    assert session.exec(select(JobAlert)).all() == []


def test_an_invalid_address_is_said_next_to_the_field(session: Session) -> None:
    result = _subscribe(session, "not an address")
    assert result.errors and "email" in result.errors and result.answer == ""
    assert session.exec(select(Outbox)).all() == []


# ----- never tells whether an address is subscribed ----------------------------------------------


def test_the_page_says_the_same_for_a_new_a_waiting_and_a_confirmed_address(app_db: Engine) -> None:  # noqa: F811
    """Through the board's handler, as a stranger's browser would call it: every var the browser
    receives is the same for an address never seen, one waiting for confirmation and one whose
    alert is on. Only the inbox learns more (a confirmation link, or for an alert that is on
    an unsubscribe link)."""
    with session_scope() as session:
        _subscribe(session, "waiting@example.org", now=datetime.now(UTC))
        _subscribe(session, "confirmed@example.org", now=datetime.now(UTC))
        _confirm_latest(session, "confirmed@example.org", now=datetime.now(UTC))
    seen = []
    for email in ("new@example.org", "waiting@example.org", "confirmed@example.org"):
        tab = Tab("", "/careers?team=&q=")
        result = tab.send(JobAlertState, "subscribe", form_data={"email": email, "keyword": ""})
        state = tab.state(JobAlertState)
        seen.append((repr(result), state.answer, dict(state.errors)))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][1] == ANSWER
    with session_scope() as session:
        for email in ("new@example.org", "waiting@example.org", "confirmed@example.org"):
            assert session.exec(select(JobAlert).where(JobAlert.email == email)).one()  # one alert each
        # The alert that is on: its owner gets an unsubscribe link, not a new confirm link.
        assert len(_links(session, "confirmed@example.org", "job_alert_confirm")) == 1
        assert len(_links(session, "confirmed@example.org", "job_alert_unsubscribe")) == 1


# ----- rate limits ------------------------------------------------------------------------------------


def test_an_address_may_ask_three_times_an_hour(session: Session) -> None:
    for n in range(job_alerts.EMAIL_MAX_REQUESTS):
        assert _subscribe(session, "many@example.org", client=f"net-{n}").answer == ANSWER
    refused = _subscribe(session, "many@example.org", client="net-9")
    assert refused.limited and refused.answer == TOO_MANY
    assert len(_links(session, "many@example.org", "job_alert_confirm")) == job_alerts.EMAIL_MAX_REQUESTS
    later = T0 + job_alerts.REQUEST_WINDOW + timedelta(seconds=1)
    assert _subscribe(session, "many@example.org", client="net-9", now=later).answer == ANSWER


def test_a_client_network_may_ask_ten_times_an_hour_whatever_the_addresses(session: Session) -> None:
    for n in range(job_alerts.CLIENT_MAX_REQUESTS):
        assert _subscribe(session, f"person{n}@example.org", client="office").answer == ANSWER
    assert _subscribe(session, "one-more@example.org", client="office").limited
    assert _subscribe(session, "one-more@example.org", client="home").answer == ANSWER
    # Only keyed hashes are counted: no address is stored for the limits.
    keys = session.exec(select(JobAlertRequest.email_key)).all()
    assert keys and not any("@" in k for k in keys)


def test_the_limits_hold_through_the_handler_per_client_address(app_db: Engine) -> None:  # noqa: F811
    answers = []
    for n in range(job_alerts.CLIENT_MAX_REQUESTS + 1):
        tab = Tab("", "/careers")
        tab.send(JobAlertState, "subscribe", form_data={"email": f"walker{n}@example.org"})
        answers.append(tab.state(JobAlertState).answer)
    assert answers[:-1] == [ANSWER] * job_alerts.CLIENT_MAX_REQUESTS and answers[-1] == TOO_MANY


# ----- matching and the digest -----------------------------------------------------------------------


def test_an_alert_matches_the_boards_own_filters(session: Session) -> None:
    data, design = make_team(session, "Data"), make_team(session, "Design")
    boston, remote = make_office(session, "Boston, MA"), make_office(session, "Remote, US")
    after = T0 - timedelta(days=1)
    wanted = make_posting(
        session, data, boston, title="Data Engineer", who_we_are="Python pipelines", published_at=T0
    )
    make_posting(session, design, boston, title="Designer", who_we_are="Python too", published_at=T0)
    make_posting(session, data, remote, title="Data Analyst", who_we_are="Python", published_at=T0)
    make_posting(session, data, boston, title="Old Data Engineer", who_we_are="Python", published_at=after)
    make_posting(session, data, boston, title="Closed", who_we_are="Python", published_at=T0, status="closed")
    make_posting(session, data, boston, title="Other", who_we_are="Scala", published_at=T0)
    criteria = Criteria(team=data.slug, office=boston.slug, keyword="PYTHON")
    found = job_alerts.matching_postings(criteria, after, session=session, now=T0 + timedelta(hours=1))
    assert [slug for slug, *_ in found] == [wanted.slug]
    everything = job_alerts.matching_postings(Criteria(), after, session=session, now=T0 + timedelta(hours=1))
    assert len(everything) == 4  # open and published after the mark, any team, place or word


def _digest(committed_engine: Engine, now: datetime) -> job_alerts.DigestReport:
    return job_alerts.send_digests(MAILING, engine=committed_engine, now=now)


def test_one_digest_a_day_over_smtp_with_one_click_unsubscribe(
    committed_engine: Engine,
    smtp_server: tuple[Inbox, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, url = smtp_server
    with session_scope(committed_engine) as session:
        team, office = make_team(session, "Data"), make_office(session, "Boston, MA")
        make_posting(session, team, office, title="Before the alert", published_at=T0 - timedelta(hours=1))
        _subscribe(session, "digest@example.org", Criteria(team=team.slug))
        _confirm_latest(session, "digest@example.org", now=T0)
        make_posting(session, team, office, title="Data <Engineer>", published_at=T0 + timedelta(hours=2))
        slug = make_posting(
            session, team, office, title="Data Analyst", published_at=T0 + timedelta(hours=3)
        ).slug
    day1 = T0 + timedelta(days=1)
    assert _digest(committed_engine, day1).sent == 1
    assert (
        outbox.send_due(_transport(url), domain="careers.example", engine=committed_engine, now=day1).sent
        >= 1
    )
    digests = [m for m in inbox.accepted if m["Subject"].startswith("2 new jobs")]
    [message] = digests
    assert message["To"] == "digest@example.org"
    header = message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    found = re.fullmatch(r"<(https://careers\.example/alerts/unsubscribe\?token=([A-Za-z0-9_-]+))>", header)
    assert found is not None
    text, html = message.get_body(preferencelist=("plain",)), message.get_body(preferencelist=("html",))
    assert isinstance(text, EmailMessage) and isinstance(html, EmailMessage)
    assert (
        "Data Analyst" in text.get_content() and f"https://careers.example/jobs/{slug}" in text.get_content()
    )
    assert "Before the alert" not in text.get_content()
    assert found.group(1) in text.get_content()  # the visible link is the same
    assert "Data &lt;Engineer&gt;" in html.get_content() and "<Engineer>" not in html.get_content()
    # The next day: nothing new, nothing sent.
    assert _digest(committed_engine, day1 + timedelta(days=1)).sent == 0
    # The one-click POST a mail client sends: no cookie, no Origin, no page.
    client = TestClient(job_alerts_api.http_routes())
    path = found.group(1).removeprefix("https://careers.example")
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    answer = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and answer.text == "Unsubscribed."
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 404  # gone already
    with session_scope(committed_engine) as session:
        assert session.exec(select(JobAlert)).all() == [] and session.exec(select(JobAlertToken)).all() == []


def test_the_daily_run_is_claimed_once_a_day(committed_engine: Engine) -> None:
    assert job_alerts.digest_if_due(MAILING, engine=committed_engine, now=T0) is not None
    assert job_alerts.digest_if_due(MAILING, engine=committed_engine, now=T0 + timedelta(hours=5)) is None
    assert job_alerts.digest_if_due(MAILING, engine=committed_engine, now=T0 + timedelta(days=1)) is not None


def test_unconfirmed_alerts_expire_after_a_week_and_confirmed_ones_stay(session: Session) -> None:
    _subscribe(session, "never@example.org")
    _subscribe(session, "yes@example.org")
    _confirm_latest(session, "yes@example.org")
    assert job_alerts.expire_unconfirmed(session=session, now=T0 + timedelta(days=6)) == 0
    assert (
        job_alerts.expire_unconfirmed(session=session, now=T0 + job_alerts.CONFIRM_WITHIN + timedelta(1)) == 1
    )
    assert [a.email for a in session.exec(select(JobAlert)).all()] == ["yes@example.org"]
    assert session.exec(select(JobAlertRequest)).all() == []  # request counts kept a day


# ----- the link pages -----------------------------------------------------------------------------------


def test_the_link_pages_ask_before_they_act_and_carry_no_referrer(app_db: Engine) -> None:  # noqa: F811
    with session_scope() as session:
        _subscribe(session, "pages@example.org", now=datetime.now(UTC))
        [(path, token)] = _links(session, "pages@example.org", "job_alert_confirm")
    client = TestClient(job_alerts_api.http_routes())
    page = client.get(f"{path}?token={token}")
    assert page.status_code == 200 and "Confirm job alert" in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
    with session_scope() as session:  # a GET (a mail scanner opening the link) changed nothing
        assert session.exec(select(JobAlert)).one().confirmed_at is None
    done = client.post(path, data={"token": token})
    assert done.status_code == 200 and "Your job alert is on" in done.text
    assert client.get(f"{path}?token={token}").status_code == 404
    assert client.get(f"{job_alerts.UNSUBSCRIBE_PATH}?token={'y' * 43}").status_code == 404


@pytest.mark.parametrize(
    "form_data",
    [
        ["not", "a", "form"],
        {"email": {"$ne": ""}, "team": ["engineering"]},
        {"email": "a@example.org", "team": "<script>alert(1)</script>"},
        {"email": "a@example.org", "office": "../../etc"},
        {"email": "x" * 5000 + "@example.org", "keyword": "k" * 5000},
        {"email": "a@example.org\r\nBcc: victim@example.org"},
    ],
)
def test_hostile_arguments_from_a_raw_event_store_and_send_nothing(app_db: Engine, form_data: object) -> None:  # noqa: F811
    """What a stranger's raw Socket.IO event could send the board's handler: a field's error,
    never a crash, an alert widened to every job, or an email."""
    tab = Tab("", "/careers")
    tab.send(JobAlertState, "subscribe", form_data=form_data)
    state = tab.state(JobAlertState)
    assert state.answer == "" and any(state.errors.values())
    with session_scope() as session:
        assert session.exec(select(JobAlert)).all() == [] and session.exec(select(Outbox)).all() == []


def test_the_maintenance_loop_step_sends_the_days_digests_once_with_the_apps_settings(
    committed_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from careers_app import tasks
    from careers_app.settings import get_settings

    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    settings = replace(get_settings(), base_url="https://jobs.acme.example", company_name="Acme")
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    with session_scope() as session:
        team, office = make_team(session), make_office(session)
        _subscribe(session, "loop@example.org", now=yesterday)
        _confirm_latest(session, "loop@example.org", now=yesterday)
        make_posting(
            session, team, office, title="Fresh", published_at=datetime.now(UTC) - timedelta(hours=1)
        )
    report = tasks.job_alert_digests_once()
    assert report is not None and report.sent == 1
    assert tasks.job_alert_digests_once() is None  # today's digests are done, by whichever worker
    with session_scope() as session:
        digest = session.exec(select(Outbox).where(Outbox.kind == "job_alert_digest")).one()
        assert digest.list_unsubscribe.startswith("https://jobs.acme.example/alerts/unsubscribe?token=")
        assert "Acme" in digest.subject
