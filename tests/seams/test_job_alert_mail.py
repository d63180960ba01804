"""Job alerts where they meet the mail (findings 4 and 7, services/jobboard/job_alerts.py).

- Not a phishing relay: anyone may ask for an alert to any address, so the handler, called
  as a raw Socket.IO event would call it (through the guard, on the app's own unit of work),
  refuses a keyword that is more than plain search words, with the field's message, and sends
  nothing; a plain keyword is never in the confirmation email nor in a digest's subject.
- Its mail goes when it goes: unsubscribing and the week's expiry of an unconfirmed alert
  leave no outbox row of it, sent or queued, and no .eml file of it (the outbox delivered to
  files, as with CAREERS_SMTP_URL unset); another alert of the same address keeps its mail.

SQLite and PostgreSQL (``committed_engine``; ``session`` is rolled back).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from careers_app.http import job_alerts_api
from careers_app.models import JobAlert, Outbox
from careers_app.services.jobboard import job_alerts
from careers_app.services.jobboard.job_alerts import Criteria, Mailing
from careers_app.services.mail import mail, outbox
from careers_app.services.platform.db import session_scope
from careers_app.settings import get_settings
from careers_app.states.job_alerts import JobAlertState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab
from tests.settings_override import use_settings
from tests.unit.test_job_alerts import _LINK, _subscribe

PHISH = "ACTION NEEDED: payroll details expired, re-verify at twitter-payroll.example/verify"
MAILING = Mailing(base_url="https://careers.example", company="Acme")


@pytest.mark.parametrize(
    ("keyword", "message"),
    [
        (PHISH, job_alerts.KEYWORD_TOO_LONG),
        ("payroll.example/verify", job_alerts.KEYWORD_CHARACTERS),
        ("re-verify: now", job_alerts.KEYWORD_CHARACTERS),
        ("hr@payroll", job_alerts.KEYWORD_CHARACTERS),
        ("https", ""),  # a word alone is a word
        ("data\u200bengineer", job_alerts.KEYWORD_CHARACTERS),  # an invisible character
    ],
)
def test_a_raw_subscribe_with_more_than_search_words_is_refused_and_sends_nothing(
    app_db: Engine, keyword: str, message: str
) -> None:
    tab = Tab("", "/careers")
    form = {"email": "victim@example.org", "keyword": keyword, "team": "", "office": ""}
    tab.send(JobAlertState, "subscribe", form_data=form)
    state = tab.state(JobAlertState)
    with session_scope() as session:
        alerts, mail_out = session.exec(select(JobAlert)).all(), session.exec(select(Outbox)).all()
    if not message:
        assert state.answer == job_alerts.ANSWER and len(alerts) == len(mail_out) == 1
        return
    assert state.errors["keyword"] == message and state.answer == ""
    assert alerts == [] and mail_out == []


def test_the_service_refuses_such_a_keyword_too(session: Session) -> None:
    result = _subscribe(session, "victim@example.org", Criteria(keyword="verify at x.example"))
    assert result.errors == {"keyword": job_alerts.KEYWORD_CHARACTERS}
    assert session.exec(select(Outbox)).all() == []


def test_the_confirmation_names_team_and_location_from_the_lists_never_the_keyword(session: Session) -> None:
    team, office = make_team(session, "Data", "data-mail"), make_office(session, "Boston, MA", "boston-mail")
    assert _subscribe(session, "ada@example.org", Criteria(team.slug, office.slug, "Kubernetes")).queued
    [message] = session.exec(select(Outbox).where(Outbox.to_email == "ada@example.org")).all()
    for part in (message.subject, message.body, message.html_body):
        assert "kubernetes" not in part.lower()
        assert "Data jobs in Boston, MA and a keyword you chose" in part
    assert "deleted in 7 days" in message.body
    # The keyword is shown once the link is followed, on the confirm page.
    [(_path, token)] = _LINK.findall(message.body)
    view = job_alerts.view_for_confirm(token, session=session, now=message.created_at)
    assert view is not None and view.description == "Data jobs in Boston, MA matching “Kubernetes”"


def test_a_digests_subject_never_carries_the_keyword(session: Session) -> None:
    team, office = make_team(session, "Data", "data-digest"), make_office(session, "Remote", "remote-digest")
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    _subscribe(session, "kw@example.org", Criteria(keyword="Kubernetes"), now=now)
    alert = session.exec(select(JobAlert)).one()
    [(_path, token)] = _LINK.findall(session.exec(select(Outbox)).one().body)
    job_alerts.confirm(token, session=session, now=now)
    make_posting(session, team, office, title="Kubernetes operator", published_at=now + timedelta(hours=1))
    assert job_alerts.queue_digest(alert, MAILING, session=session, now=now + timedelta(days=1))
    digest = session.exec(select(Outbox).where(Outbox.kind == "job_alert_digest")).one()
    assert digest.subject == "1 new job at Acme: All jobs and a keyword you chose"
    assert "All jobs matching “Kubernetes”" in digest.body  # the text: the keyword its owner confirmed


# ----- its mail goes when it goes ------------------------------------------------------------


def _alert_mail(session: Session, email: str) -> list[Outbox]:
    return list(session.exec(select(Outbox).where(Outbox.to_email == email).order_by(col(Outbox.id))).all())


@pytest.fixture
def drop_dir(app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The outbox delivered to .eml files in the test's own data folder."""
    settings = replace(get_settings(), data_dir=tmp_path / "data", smtp_url="")
    use_settings(monkeypatch, settings)
    settings.mail_drop_dir.mkdir(parents=True)
    return settings.mail_drop_dir


def _deliver(folder: Path, now: datetime) -> None:
    transport = mail.transport_from("", sender="jobs@careers.example", reply_to="", drop_dir=folder)
    while outbox.send_due(transport, domain="careers.example", now=now).did_anything:
        pass


def test_unsubscribing_deletes_the_alerts_mail_sent_and_queued_and_its_files(
    app_db: Engine, drop_dir: Path
) -> None:
    t0 = datetime.now(UTC) - timedelta(days=2)
    with session_scope() as session:
        team, office = make_team(session), make_office(session)
        _subscribe(session, "leaving@example.org", now=t0)
        _subscribe(session, "leaving@example.org", Criteria(keyword="design"), client="net-2", now=t0)
        for path, token in [
            m for row in _alert_mail(session, "leaving@example.org") for m in _LINK.findall(row.body)
        ]:
            assert path == job_alerts.CONFIRM_PATH and job_alerts.confirm(token, session=session, now=t0)
        make_posting(session, team, office, title="Design lead", published_at=t0 + timedelta(hours=1))
    day1 = t0 + timedelta(days=1)
    assert job_alerts.send_digests(MAILING, now=day1).sent == 2
    _deliver(drop_dir, day1)  # the confirmations and the first digests, as .eml files
    day2 = day1 + timedelta(days=1)
    with session_scope() as session:
        make_posting(session, team, office, title="Design director", published_at=day1 + timedelta(hours=1))
    assert job_alerts.send_digests(MAILING, now=day2).sent == 2  # queued, not yet sent
    with session_scope() as session:
        rows = _alert_mail(session, "leaving@example.org")
        plain = session.exec(select(JobAlert).where(JobAlert.keyword == "")).one()
        theirs = [r.id for r in rows if r.job_alert_id == plain.id]
        kept = [r.id for r in rows if r.job_alert_id != plain.id]
        assert len(theirs) == len(kept) == 3 and {r.status for r in rows} == {"sent", "pending"}
        # (a delivered message's links are scrubbed from its row: the queued digest's is there)
        unsubscribe = [m for r in rows if r.id in theirs for m in _LINK.findall(r.body)]
    assert (
        {f"{i}.eml" for i in theirs + kept}
        > {p.name for p in drop_dir.glob("*.eml")}
        >= {f"{i}.eml" for i in theirs[:2]}
    )
    [(path, token)] = [m for m in unsubscribe if m[0] == job_alerts.UNSUBSCRIBE_PATH]
    answer = TestClient(job_alerts_api.http_routes()).post(
        path, data={"List-Unsubscribe": "One-Click"}, params={"token": token}
    )
    assert answer.status_code == 200
    with session_scope() as session:
        left = _alert_mail(session, "leaving@example.org")
        assert [r.id for r in left] == kept  # the other alert's mail stays
        assert session.exec(select(Outbox).where(col(Outbox.job_alert_id) == plain.id)).all() == []
    assert not {f"{i}.eml" for i in theirs} & {p.name for p in drop_dir.glob("*.eml")}
    _deliver(drop_dir, day2)  # the cancelled digest never goes
    assert not {f"{i}.eml" for i in theirs} & {p.name for p in drop_dir.glob("*.eml")}


def test_an_unconfirmed_alert_expires_with_its_confirmation_email(app_db: Engine, drop_dir: Path) -> None:
    t0 = datetime.now(UTC) - timedelta(days=10)
    with session_scope() as session:
        _subscribe(session, "never@example.org", now=t0)
        [row] = _alert_mail(session, "never@example.org")
    _deliver(drop_dir, t0)
    assert (drop_dir / f"{row.id}.eml").exists()
    report = job_alerts.send_digests(MAILING, now=t0 + job_alerts.CONFIRM_WITHIN + timedelta(hours=1))
    assert report.expired == 1
    with session_scope() as session:
        assert _alert_mail(session, "never@example.org") == []
    assert not (drop_dir / f"{row.id}.eml").exists()


def test_a_file_of_the_same_number_from_another_message_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "7.eml").write_bytes(b"Message-ID: <other@careers.example>\r\n\r\nhello")
    (tmp_path / "8.eml").write_bytes(b"Message-ID: <ours@careers.example>\r\n\r\nhello")
    removed = job_alerts.remove_mail_files(
        tmp_path, [(7, "<ours@x>"), (8, "<ours@careers.example>"), (9, "<a@b>")]
    )
    assert removed == 1 and (tmp_path / "7.eml").exists() and not (tmp_path / "8.eml").exists()
