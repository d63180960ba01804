"""Job alerts: always removable, fair limits, the board's own words (findings F4, F5, F6b,
services/jobboard/job_alerts.py).

- F4: an alert that matches nothing never gets a digest, and digests were the only place an
  unsubscribe link lived. The confirm answer page now carries an "Unsubscribe" button, and
  asking again for an alert that is on mails its owner an unsubscribe link (the page's answer
  unchanged: it never tells).
- F5: a career fair behind one client address: 50 people each get their confirmation; the
  per-address limit (3 an hour) still holds.
- F6b: the board's own search words ("C++", "C#", ".NET", "Node.js") are an alert's keyword;
  a domain, an address or a link is not, and the confirmation never carries the keyword.

SQLite and PostgreSQL (``session`` rolled back; ``app_db`` for the HTTP pages).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import job_alerts_api
from careers_app.models import AuditEntry, JobAlert, JobAlertToken, Outbox
from careers_app.services.jobboard import job_alerts
from careers_app.services.jobboard.job_alerts import ANSWER, Criteria
from careers_app.services.platform import audit
from careers_app.services.platform.db import session_scope
from careers_app.services.privacy import erasure
from careers_app.states.data_rights import PeopleState
from tests.handler_calls import call, send, token_for
from tests.unit.test_job_alerts import _LINK, _subscribe


def _links(session: Session, email: str) -> list[tuple[str, str]]:
    rows = session.exec(select(Outbox).where(Outbox.to_email == email).order_by(col(Outbox.id))).all()
    return [m for row in rows for m in _LINK.findall(row.body)]


# ----- F4: always removable ---------------------------------------------------------------------


def test_the_confirm_answer_page_has_an_unsubscribe_button_that_works(app_db: Engine) -> None:
    with session_scope() as session:
        _subscribe(
            session, "nomatch@example.org", Criteria(keyword="underwater basket"), now=datetime.now(UTC)
        )
        [(path, token)] = _links(session, "nomatch@example.org")
    client = TestClient(job_alerts_api.http_routes())
    done = client.post(path, data={"token": token})
    assert done.status_code == 200 and "Your job alert is on" in done.text
    assert job_alerts_api.UNSUBSCRIBE_ANYTIME in done.text and ">Unsubscribe</button>" in done.text
    [(action, unsubscribe_token)] = _LINK.findall(done.text.replace('action="', 'action="https://x'))
    assert action == job_alerts.UNSUBSCRIBE_PATH and unsubscribe_token in done.text
    page = client.get(f"{action}?token={unsubscribe_token}")
    assert page.status_code == 200 and "Unsubscribe from this job alert?" in page.text
    gone = client.post(f"{action}?token={unsubscribe_token}", data={"token": unsubscribe_token})
    assert gone.status_code == 200 and "You are unsubscribed" in gone.text
    with session_scope() as session:
        assert session.exec(select(JobAlert)).all() == []


def test_asking_again_for_an_alert_that_is_on_mails_an_unsubscribe_link(session: Session) -> None:
    criteria = Criteria(keyword="underwater basket")
    first = _subscribe(session, "again@example.org", criteria)
    [(path, token)] = _links(session, "again@example.org")
    assert path == job_alerts.CONFIRM_PATH and job_alerts.confirm(token, session=session) is not None
    again = _subscribe(session, "again@example.org", criteria, client="net-2")
    assert again.answer == first.answer == ANSWER  # the page never tells
    [message] = session.exec(select(Outbox).where(Outbox.kind == "job_alert_unsubscribe")).all()
    assert "basket" not in (message.subject + message.body + message.html_body).lower()
    [(path, token)] = _LINK.findall(message.body)
    assert path == job_alerts.UNSUBSCRIBE_PATH and token in message.html_body
    assert message.list_unsubscribe.endswith(token)
    assert job_alerts.unsubscribe(token, session=session)
    assert session.exec(select(JobAlert)).all() == []


def test_asking_for_an_unconfirmed_alert_again_still_mails_a_confirm_link(session: Session) -> None:
    _subscribe(session, "pending@example.org")
    _subscribe(session, "pending@example.org", client="net-2")
    assert [p for p, _t in _links(session, "pending@example.org")] == [job_alerts.CONFIRM_PATH] * 2


def test_the_admins_erasure_by_address_deletes_the_alerts_of_an_address_that_is_no_candidate(
    session: Session,
) -> None:
    _subscribe(session, "Alerted@Example.org", Criteria(keyword="underwater basket"))
    [(_path, token)] = _links(session, "alerted@example.org")
    assert job_alerts.confirm(token, session=session) is not None
    _subscribe(session, "other@example.org")
    admin = audit.Actor(audit.USER, None, "admin@example.org", "203.0.113.9")
    assert erasure.erase_address(" alerted@EXAMPLE.org ", admin, session=session) == 1
    session.expire_all()
    assert [a.email for a in session.exec(select(JobAlert)).all()] == ["other@example.org"]
    assert session.exec(select(Outbox).where(Outbox.to_email == "alerted@example.org")).all() == []
    kept = session.exec(select(JobAlert.id)).one()
    assert {t.alert_id for t in session.exec(select(JobAlertToken)).all()} == {kept}
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == audit.ERASURE)).all()
    assert "alerted" not in entry.detail.lower() and entry.detail.startswith("1 job alert")
    # Nothing kept of an address: nothing deleted, nothing recorded.
    assert erasure.erase_address("nobody@example.org", admin, session=session) == 0


@pytest.mark.usefixtures("no_live_feed")  # an erasure tells open boards
def test_the_people_page_finds_and_deletes_the_alerts_of_an_address_that_is_no_candidate(
    app_db: Engine,
) -> None:
    with session_scope() as session:
        _subscribe(session, "fair@example.org", Criteria(keyword="underwater basket"), now=datetime.now(UTC))
        _subscribe(session, "fair@example.org", now=datetime.now(UTC))
        _subscribe(session, "stays@example.org", now=datetime.now(UTC))
    admin = token_for("admin")
    state, _ = call(PeopleState, "search", token=admin, path=routes.PEOPLE, form_data={"q": "fair@"})
    assert state.people == [] and state.alerts_only == 0  # a part of an address finds no alerts
    # A fresh event (another tab, or a forged one) has no address to delete the alerts of.
    _, result = call(PeopleState, "erase_alerts", token=admin, path=routes.PEOPLE)
    assert result is not None
    state, _ = call(
        PeopleState, "search", token=admin, path=routes.PEOPLE, form_data={"q": "Fair@Example.org"}
    )
    assert state.people == [] and state.searched and state.alerts_only == 2
    send(state, PeopleState, "erase_alerts")
    assert state.message == "Deleted 2 job alerts of an address with no applications."
    assert state.query == "" and state.alerts_only == 0
    with session_scope() as session:
        assert [a.email for a in session.exec(select(JobAlert)).all()] == ["stays@example.org"]
        [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == audit.ERASURE)).all()
        assert entry.actor_label == "admin@example.com" and "fair" not in entry.detail


# ----- F5: fair limits ----------------------------------------------------------------------------


def test_a_career_fair_behind_one_address_all_get_their_confirmation(session: Session) -> None:
    for n in range(50):
        assert _subscribe(session, f"visitor{n}@example.org", client="fair-wifi").answer == ANSWER
    assert len(session.exec(select(Outbox).where(Outbox.kind == "job_alert_confirm")).all()) == 50
    # The per-address limit holds behind the same client address.
    for _ in range(job_alerts.EMAIL_MAX_REQUESTS):
        _subscribe(session, "visitor0@example.org", client="fair-wifi")
    assert _subscribe(session, "visitor0@example.org", client="fair-wifi").limited
    assert job_alerts.CLIENT_MAX_REQUESTS >= 200


# ----- F6b: the board's own words -----------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["C++", "C#", ".NET", "Node.js", "node.js developer", "F# ASP.NET"])
def test_the_boards_own_search_words_are_a_keyword(session: Session, keyword: str) -> None:
    assert job_alerts.clean_keyword(keyword) == (keyword, "")
    assert _subscribe(session, "words@example.org", Criteria(keyword=keyword)).queued
    [message] = session.exec(select(Outbox)).all()
    for part in (message.subject, message.body, message.html_body):
        assert keyword.lower() not in part.lower() and job_alerts.CHOSEN_KEYWORD in part


@pytest.mark.parametrize(
    "keyword",
    [
        "example.com",
        "twitter-payroll.example",
        "payroll.example/verify",
        "https://x",
        "hr@payroll",
        ".example.com",
        "Node.js.example",
        "C++/CLI",
        ".",
    ],
)
def test_a_domain_an_address_or_a_link_is_not(keyword: str) -> None:
    assert job_alerts.clean_keyword(keyword)[1] == job_alerts.KEYWORD_CHARACTERS
