"""Admins see undelivered email and send it again, through the guard, as the app calls it;
recruiters and everyone else are refused (committed database, SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from careers_app import routes
from careers_app.models import Outbox
from careers_app.services.mail import outbox
from careers_app.services.platform import db
from careers_app.states.admin import AccountsState
from tests.handler_calls import call
from tests.handler_calls import redirect_target as _redirect_target
from tests.handler_calls import token_for as _token


def _failed_message() -> int:
    with db.session_scope() as session:
        row = Outbox(
            to_email="ada@example.org",
            subject="We received your application: Engineer",
            body="Hi Ada",
            status="failed",
            attempts=outbox.MAX_ATTEMPTS,
            message_id="<kept@careers.example>",
            last_error="550 5.1.1 Mailbox unavailable",
        )
        session.add(row)
        session.flush()
        return row.id or 0


def _status(message_id: int) -> tuple[str, int, str | None]:
    with db.session_scope() as session:
        row = session.get(Outbox, message_id)
        assert row is not None
        return row.status, row.attempts, row.message_id


def test_an_admin_sees_a_failed_email_and_retries_it(app_db: Engine) -> None:
    mid = _failed_message()
    admin = _token("admin")
    state, result = call(AccountsState, "load", token=admin, path=routes.ACCOUNTS)
    assert result is None
    [shown] = state.failed_mail
    assert (shown.id, shown.to_email, shown.attempts) == (mid, "ada@example.org", outbox.MAX_ATTEMPTS)
    assert shown.last_error.startswith("550") and shown.subject.startswith("We received")

    state, result = call(AccountsState, "retry_mail", token=admin, path=routes.ACCOUNTS, message_id=mid)
    assert _redirect_target(result) is None and state.failed_mail == []
    assert _status(mid) == ("pending", 0, "<kept@careers.example>")
    with db.session_scope() as session:
        [claimed] = outbox.claim(session=session, domain="careers.example")
    assert claimed.id == mid and claimed.message_id == "<kept@careers.example>"

    # a second click (or another admin's) finds nothing to retry, and says so
    _state, result = call(AccountsState, "retry_mail", token=admin, path=routes.ACCOUNTS, message_id=mid)
    assert _redirect_target(result) is None and result is not None
    assert _status(mid)[0] == "sending"


def test_recruiters_and_strangers_cannot_see_or_retry_failed_email(app_db: Engine) -> None:
    mid = _failed_message()
    for token, refused_to in ((_token("recruiter"), routes.NOT_ALLOWED), ("", routes.SIGN_IN)):
        state, result = call(AccountsState, "load", token=token, path=routes.ACCOUNTS)
        assert (_redirect_target(result) or "").startswith(refused_to) and state.failed_mail == []
        _state, result = call(AccountsState, "retry_mail", token=token, path=routes.ACCOUNTS, message_id=mid)
        assert (_redirect_target(result) or "").startswith(refused_to)
    assert _status(mid) == ("failed", outbox.MAX_ATTEMPTS, "<kept@careers.example>")


def test_a_retry_of_nonsense_is_refused_without_a_change(app_db: Engine) -> None:
    mid = _failed_message()
    admin = _token("admin")
    for bogus in ("x", -1, 10**12):
        _state, result = call(
            AccountsState, "retry_mail", token=admin, path=routes.ACCOUNTS, message_id=bogus
        )
        assert _redirect_target(result) is None and result is not None
    assert _status(mid)[0] == "failed"
