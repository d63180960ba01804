"""Delivering the outbox, on SQLite and PostgreSQL: claims, backoff, giving up, retrying,
and real SMTP on loopback (aiosmtpd), never a mock of smtplib."""

from __future__ import annotations

import asyncio
import logging
import ssl
import subprocess
import threading
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword
from aiosmtpd.smtp import Session as SmtpSession
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from careers_app import tasks
from careers_app.models import Outbox
from careers_app.models.types import utcnow
from careers_app.services.applying import applications as apps
from careers_app.services.applying import consent
from careers_app.services.mail import mail, outbox
from careers_app.services.platform import db
from careers_app.services.platform.db import session_scope
from careers_app.services.platform.errors import NotFound
from careers_app.settings import SettingsError, load_settings
from tests.applying import prepare_drafts as _prepare
from tests.loops import run_in_own_loop
from tests.mail_server import Inbox
from tests.mail_server import free_port as _free_port
from tests.mail_server import transport as _transport
from tests.unit import conftest
from tests.waiting import wait_until_async

DOMAIN = "careers.example"


def _add(session: Session, n: int = 1, **fields: Any) -> list[int]:
    rows = [
        Outbox(to_email=f"person{i}@example.org", subject=f"Hello {i}", body="Hi", **fields) for i in range(n)
    ]
    session.add_all(rows)
    session.flush()
    return [r.id or 0 for r in rows]


def _row(session: Session, message_id: int) -> Outbox:
    row = session.get(Outbox, message_id, populate_existing=True)
    assert row is not None
    return row


# ----- claiming, backoff, giving up, retrying (one rolled-back session) ---------------------


def test_a_claim_takes_due_messages_once_and_gives_each_a_message_id(session: Session) -> None:
    due = _add(session, 2)
    later = _add(session, 1, next_attempt_at=utcnow() + timedelta(minutes=10))
    now = utcnow()
    claimed = outbox.claim(session=session, domain=DOMAIN, now=now)
    assert [c.id for c in claimed] == due
    for c in claimed:
        assert c.message_id.startswith("<") and c.message_id.endswith(f"@{DOMAIN}>")
        row = _row(session, c.id)
        assert (row.status, row.attempts, row.message_id) == ("sending", 1, c.message_id)
    assert len({c.message_id for c in claimed}) == 2
    assert outbox.claim(session=session, domain=DOMAIN, now=now) == []  # leased: nobody else gets them
    assert _row(session, later[0]).status == "pending"


def test_an_expired_lease_is_claimed_again_with_the_same_message_id(session: Session) -> None:
    _add(session)
    now = utcnow()
    [first] = outbox.claim(session=session, domain=DOMAIN, now=now)
    assert outbox.claim(session=session, domain=DOMAIN, now=now + outbox.LEASE - timedelta(seconds=1)) == []
    [again] = outbox.claim(session=session, domain=DOMAIN, now=now + outbox.LEASE + timedelta(seconds=1))
    assert again.id == first.id and again.message_id == first.message_id
    assert _row(session, first.id).attempts == 2


def test_backoff_then_failed_then_an_admin_retry_keeps_the_message_id(session: Session) -> None:
    [mid] = _add(session)
    now = utcnow()
    waits = []
    message_ids = set()
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        [claimed] = outbox.claim(session=session, domain=DOMAIN, now=now)
        message_ids.add(claimed.message_id)
        status = outbox.mark_failed(mid, f"451 try later ({attempt})", session=session, now=now)
        row = _row(session, mid)
        assert row.attempts == attempt and row.last_error == f"451 try later ({attempt})"
        if attempt < outbox.MAX_ATTEMPTS:
            assert status == "pending"
            waits.append(row.next_attempt_at - now)
            # not due a moment before the wait is over
            assert (
                outbox.claim(session=session, domain=DOMAIN, now=row.next_attempt_at - timedelta(seconds=1))
                == []
            )
            now = row.next_attempt_at
        else:
            assert status == "failed"
    assert waits == list(outbox.BACKOFF)
    assert outbox.claim(session=session, domain=DOMAIN, now=now + timedelta(days=30)) == []
    [failed] = outbox.list_failed(session=session)
    assert (failed.id, failed.to_email, failed.attempts) == (mid, "person0@example.org", outbox.MAX_ATTEMPTS)
    assert "451" in failed.last_error

    outbox.retry(mid, session=session, now=now)
    assert outbox.list_failed(session=session) == []
    [claimed] = outbox.claim(session=session, domain=DOMAIN, now=now)
    assert claimed.message_id in message_ids and len(message_ids) == 1
    outbox.mark_sent(mid, session=session, now=now)
    row = _row(session, mid)
    assert (row.status, row.sent_at, row.claimed_until) == ("sent", now, None)
    with pytest.raises(NotFound):
        outbox.retry(mid, session=session)  # only failed messages can be retried
    assert outbox.claim(session=session, domain=DOMAIN, now=now + timedelta(days=1)) == []


def test_a_sender_that_died_on_the_last_attempt_leaves_a_failed_message(session: Session) -> None:
    [mid] = _add(session, attempts=outbox.MAX_ATTEMPTS - 1)
    now = utcnow()
    assert len(outbox.claim(session=session, domain=DOMAIN, now=now)) == 1  # the last attempt; then a crash
    assert outbox.claim(session=session, domain=DOMAIN, now=now + outbox.LEASE * 2) == []
    row = _row(session, mid)
    assert row.status == "failed" and "stopped" in row.last_error


def test_sent_messages_and_failed_ones_are_not_claimed(session: Session) -> None:
    _add(session, 1, status="sent", sent_at=utcnow())
    _add(session, 1, status="failed")
    assert outbox.claim(session=session, domain=DOMAIN) == []


# ----- two workers at once, committed, on both databases -------------------------------------


def test_claimers_racing_in_threads_never_get_the_same_message(committed_engine: Engine) -> None:
    with session_scope(committed_engine) as session:
        everything = set(_add(session, 60))
    got: list[list[int]] = [[] for _ in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            while True:
                with session_scope(committed_engine) as session:
                    batch = outbox.claim(session=session, domain=DOMAIN, limit=3)
                if not batch:
                    return
                got[n].extend(c.id for c in batch)
        except BaseException as exc:  # pragma: no cover - shown by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    every = [i for ids in got for i in ids]
    assert sorted(every) == sorted(everything)  # each one claimed, none twice


# ----- the .eml fallback -----------------------------------------------------------------------


def test_without_an_smtp_url_messages_are_written_as_eml_files(
    committed_engine: Engine, tmp_path: Path
) -> None:
    with session_scope(committed_engine) as session:
        [mid] = _add(session)
    transport = mail.transport_from(
        "", sender="careers@careers.example", reply_to="", drop_dir=tmp_path / "outbox"
    )
    report = outbox.send_due(transport, domain=DOMAIN, engine=committed_engine)
    assert report == outbox.SendReport(sent=1)
    path = tmp_path / "outbox" / f"{mid}.eml"
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o077 == 0
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "person0@example.org" and message["Subject"] == "Hello 0"
    assert "Reply-To" not in message
    with session_scope(committed_engine) as session:
        row = _row(session, mid)
        assert row.status == "sent" and row.message_id == message["Message-ID"]
    assert outbox.send_due(transport, domain=DOMAIN, engine=committed_engine) == outbox.SendReport()


# ----- the message itself ------------------------------------------------------------------------


def test_smtp_urls_are_read_with_their_tls_options() -> None:
    plain = mail.parse_smtp_url("smtp://relay.example")
    assert (plain.host, plain.port, plain.ssl, plain.starttls, plain.username) == (
        "relay.example",
        25,
        False,
        False,
        "",
    )
    tls = mail.parse_smtp_url("smtp://me%40x.org:p%3Ass@relay.example:587?starttls=1")
    assert (tls.port, tls.starttls, tls.username, tls.password) == (587, True, "me@x.org", "p:ss")
    ssl = mail.parse_smtp_url("smtps://u:p@relay.example")
    assert (ssl.port, ssl.ssl, ssl.starttls, ssl.cafile) == (465, True, False, "")
    assert mail.parse_smtp_url("smtps://relay.example?cafile=/etc/ca.pem").cafile == "/etc/ca.pem"
    with pytest.raises(ValueError, match="an SMTP URL looks like"):
        mail.parse_smtp_url("http://relay.example")


def test_the_html_part_escapes_everything_and_lists_numbered_steps() -> None:
    html = mail.text_to_html("Hi <b>Sam</b> & co,\n\n1. Call\n2. Interviews\n\nThe team")
    assert "<b>" not in html and "&lt;b&gt;Sam&lt;/b&gt; &amp; co" in html
    assert "<ol><li>Call</li><li>Interviews</li></ol>" in html


# ----- real SMTP on loopback -----------------------------------------------------------------------


def test_an_application_sends_its_confirmation_over_smtp(
    committed_engine: Engine, tmp_path: Path, smtp_server: tuple[Inbox, str]
) -> None:
    inbox, url = smtp_server
    ref, [token] = _prepare(committed_engine, tmp_path, ["ada@example.org"])
    with session_scope(committed_engine) as session:
        submitted = apps.submit_draft(
            token, ref.id, tmp_path, "Acme", session=session, agreed=consent.from_wizard(True, False, "Acme")
        )
    report = outbox.send_due(_transport(url), domain=DOMAIN, engine=committed_engine)
    assert report == outbox.SendReport(sent=1)
    [message] = inbox.accepted
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == f"We received your application: {ref.title}"
    assert message["From"] == "Acme Careers <careers@careers.example>"
    assert message["Reply-To"] == "jobs@careers.example" and message["Date"]
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None and message.get_content_type() == "multipart/alternative"
    assert "Hi Sam," in text.get_content() and "<p>Hi Sam,</p>" in html.get_content()
    with session_scope(committed_engine) as session:
        row = session.exec(select(Outbox).where(Outbox.application_id == submitted.application_id)).one()
        assert row.status == "sent" and row.sent_at is not None and row.attempts == 1
        assert message["Message-ID"] == row.message_id and str(row.message_id).endswith(f"@{DOMAIN}>")
    assert outbox.send_due(_transport(url), domain=DOMAIN, engine=committed_engine) == outbox.SendReport()
    assert len(inbox.accepted) == 1  # sent once


def test_a_refused_message_is_retried_after_the_backoff_with_the_same_message_id(
    committed_engine: Engine, smtp_server: tuple[Inbox, str]
) -> None:
    inbox, url = smtp_server
    inbox.refuse_next = 1
    with session_scope(committed_engine) as session:
        [mid] = _add(session)
    assert outbox.send_due(_transport(url), domain=DOMAIN, engine=committed_engine) == outbox.SendReport(
        retrying=1
    )
    with session_scope(committed_engine) as session:
        row = _row(session, mid)
        assert row.status == "pending" and row.attempts == 1 and row.last_error.startswith("550")
        due = row.next_attempt_at
    assert (
        outbox.send_due(_transport(url), domain=DOMAIN, engine=committed_engine) == outbox.SendReport()
    )  # waits
    report = outbox.send_due(_transport(url), domain=DOMAIN, engine=committed_engine, now=due)
    assert report == outbox.SendReport(sent=1)
    [message] = inbox.accepted
    assert inbox.refused_ids == [message["Message-ID"]]
    with session_scope(committed_engine) as session:
        row = _row(session, mid)
        assert row.status == "sent" and row.attempts == 2 and row.last_error == ""


def test_an_unreachable_server_counts_as_a_failed_attempt(committed_engine: Engine) -> None:
    with session_scope(committed_engine) as session:
        [mid] = _add(session)
    transport = mail.Transport(
        sender="careers@careers.example",
        reply_to="",
        smtp=mail.parse_smtp_url(f"smtp://127.0.0.1:{_free_port()}"),
        drop_dir=Path("/nonexistent"),
        timeout=5,
    )
    assert outbox.send_due(transport, domain=DOMAIN, engine=committed_engine) == outbox.SendReport(retrying=1)
    with session_scope(committed_engine) as session:
        assert "ConnectionRefused" in _row(session, mid).last_error
        assert session.exec(select(Outbox.status).where(col(Outbox.id) == mid)).one() == "pending"


def test_mail_settings_default_to_eml_files_and_refuse_nonsense() -> None:
    s = load_settings({"CAREERS_BASE_URL": "https://jobs.acme.example"})
    assert s.smtp_url == "" and s.sender == "careers@jobs.acme.example" and s.reply_to == ""
    assert s.mail_domain == "jobs.acme.example" and s.mail_drop_dir == s.data_dir / "outbox"
    s = load_settings(
        {
            "CAREERS_SMTP_URL": "smtp://u:p@relay.example:587?starttls=1",
            "CAREERS_MAIL_FROM": "Acme Careers <jobs@acme.example>",
            "CAREERS_REPLY_TO": "recruiting@acme.example",
        }
    )
    assert s.sender == "Acme Careers <jobs@acme.example>" and s.reply_to == "recruiting@acme.example"
    with pytest.raises(SettingsError, match="CAREERS_SMTP_URL"):
        load_settings({"CAREERS_SMTP_URL": "relay.example:25"})
    with pytest.raises(SettingsError, match="CAREERS_REPLY_TO"):
        load_settings({"CAREERS_REPLY_TO": "x@y.example\nBcc: z@w.example"})


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_smtp_url_s_user_and_password_sign_in_to_the_server(committed_engine: Engine) -> None:
    inbox = Inbox()
    port = _free_port()

    def check(
        server: SMTP, session: SmtpSession, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        given = (data.login, data.password) if isinstance(data, LoginPassword) else ()
        ok = tuple(v.decode() if isinstance(v, bytes) else v for v in given) == (
            "mailer@acme.example",
            "p:ss w",
        )
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535 itself

    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=check,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        with session_scope(committed_engine) as session:
            [wrong, right] = _add(session, 2)
        bad = _transport(f"smtp://mailer%40acme.example:nope@127.0.0.1:{port}")
        good = _transport(f"smtp://mailer%40acme.example:p%3Ass%20w@127.0.0.1:{port}")
        assert outbox.send_due(bad, domain=DOMAIN, engine=committed_engine) == outbox.SendReport(retrying=2)
        with session_scope(committed_engine) as session:
            assert _row(session, wrong).last_error.startswith("535")
            due = _row(session, right).next_attempt_at
        assert outbox.send_due(good, domain=DOMAIN, engine=committed_engine, now=due) == outbox.SendReport(
            sent=2
        )
        assert sorted(m["To"] for m in inbox.accepted) == ["person0@example.org", "person1@example.org"]
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here with openssl (nothing downloaded)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.parametrize("scheme", ["starttls", "smtps"])
def test_tls_servers_are_verified_and_then_used(
    committed_engine: Engine, certificate: tuple[Path, Path], scheme: str
) -> None:
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox = Inbox()
    port = _free_port()
    if scheme == "starttls":
        controller = Controller(
            inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True
        )
        url = f"smtp://127.0.0.1:{port}?starttls=1"
    else:
        controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=server_tls)
        url = f"smtps://127.0.0.1:{port}"
    controller.start()
    try:
        with session_scope(committed_engine) as session:
            [mid] = _add(session)
        # a certificate nobody vouches for is refused: no mail to an impostor
        assert outbox.send_due(_transport(url), domain=DOMAIN, engine=committed_engine) == outbox.SendReport(
            retrying=1
        )
        with session_scope(committed_engine) as session:
            row = _row(session, mid)
            assert "CERTIFICATE_VERIFY_FAILED" in row.last_error and inbox.accepted == []
        trusted = _transport(f"{url}{'&' if '?' in url else '?'}cafile={cert}")
        report = outbox.send_due(trusted, domain=DOMAIN, engine=committed_engine, now=row.next_attempt_at)
        assert report == outbox.SendReport(sent=1) and [m["To"] for m in inbox.accepted] == [
            "person0@example.org"
        ]
    finally:
        controller.stop()


# ----- the app's sender loop ---------------------------------------------------------------------


def test_the_apps_sender_uses_the_settings_and_writes_eml_without_smtp(
    committed_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    settings = load_settings(
        {"CAREERS_DATA_DIR": str(tmp_path), "CAREERS_BASE_URL": "https://jobs.acme.example"}
    )
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    with session_scope(committed_engine) as session:
        [mid] = _add(session)
    assert tasks.send_outbox_once() == outbox.SendReport(sent=1)
    message = message_from_bytes((tmp_path / "outbox" / f"{mid}.eml").read_bytes(), policy=policy.default)
    assert message["From"] == "careers@jobs.acme.example"
    assert str(message["Message-ID"]).endswith("@jobs.acme.example>")


def test_the_sender_loop_logs_a_failed_round_and_keeps_going(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Mail must never take the app down: a failing round is logged, the next one runs."""
    calls: list[int] = []

    def flaky() -> outbox.SendReport:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return outbox.SendReport(sent=1)

    monkeypatch.setattr(tasks, "SEND_EVERY_SECONDS", 0.01)
    monkeypatch.setattr(tasks, "send_outbox_once", flaky)

    async def run_briefly() -> None:
        loop_task = asyncio.create_task(tasks.outbox_loop())
        await wait_until_async(lambda: len(calls) >= 3, timeout=10, every=0.01, message="three rounds")
        loop_task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await loop_task

    with caplog.at_level(logging.INFO, logger="careers_app.tasks"):
        run_in_own_loop(lambda: asyncio.wait_for(run_briefly(), 10))
    assert len(calls) >= 3
    assert "outbox round failed" in caplog.text and "database went away" in caplog.text
    assert "sent=1" in caplog.text


# ``smtp_server`` is tests/unit/conftest.py's fixture, named here (and ``Inbox``, ``_free_port``,
# ``_transport`` imported above) only for the job alerts team's tests (tests/unit/test_job_alerts.py,
# tests/e2e/test_job_alerts.py), which still import them from this module. Drop once they stop.
smtp_server = conftest.smtp_server
