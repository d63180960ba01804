"""Interview invitations as they leave the app: RFC 5545 wants every line of the .ics to end
in CRLF, and a calendar that finds a bare LF may refuse the invitation. The .eml files the
app writes without an SMTP server used LF throughout, the .ics part included; they are now
written in the canonical form SMTP carries (CRLF), and the invitation comes through
byte for byte, after a trip through the outbox table on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy.engine import Engine

from careers_app import tasks
from careers_app.models import Outbox
from careers_app.services.interviews import calendar_invite
from careers_app.services.mail import mail, outbox
from careers_app.services.platform import db
from careers_app.services.platform.db import session_scope
from careers_app.settings import load_settings

STARTS = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)


def _invitation(method: str = "REQUEST") -> str:
    return calendar_invite.invitation(
        uid="interview-7@jobs.acme.example",
        sequence=1,
        method=method,
        starts_at=STARTS,
        minutes=45,
        zone="America/New_York",
        summary="Onsite: Site Reliability Engineer (Riley Example)",
        location="1355 Market Street, Suite 900, San Francisco; a long location that needs folding " * 2,
        organizer=calendar_invite.Person("recruiter@acme.example", "Robin Recruiter"),
        attendees=[calendar_invite.Person("riley@example.org", "Riley Example")],
        now=STARTS,
    )


def _assert_rfc5545_lines(ics: bytes) -> None:
    """Every line ends in CRLF, none is longer than 75 octets, and it parses."""
    assert ics.endswith(b"\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in ics.replace(b"\r\n", b""), "a bare CR"
    assert max(len(line) for line in ics.split(b"\r\n")) <= 75
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "interview-7@jobs.acme.example"


def _calendar_part(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert isinstance(part, EmailMessage)
    return part


def test_the_invitation_itself_has_crlf_lines() -> None:
    _assert_rfc5545_lines(_invitation().encode())
    _assert_rfc5545_lines(_invitation("CANCEL").encode())


def test_the_ics_part_of_a_written_eml_has_crlf_lines_and_parses(tmp_path: Path) -> None:
    transport = mail.Transport(sender="careers@acme.example", reply_to="", smtp=None, drop_dir=tmp_path)
    transport.deliver(
        mail.Outgoing(
            id=7,
            to_email="riley@example.org",
            subject="Your interview",
            body="See you then.\nRobin",
            message_id="<7@acme.example>",
            ics=_invitation(),
        )
    )
    part = _calendar_part(tmp_path / "7.eml")
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    _assert_rfc5545_lines(payload)
    raw = (tmp_path / "7.eml").read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b""), "the file is in the form SMTP carries"


def test_an_invitation_queued_in_the_outbox_reaches_the_eml_intact(
    committed_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "get_engine", lambda: committed_engine)
    settings = load_settings(
        {"CAREERS_DATA_DIR": str(tmp_path), "CAREERS_BASE_URL": "https://jobs.acme.example"}
    )
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    with session_scope(committed_engine) as session:
        row = Outbox(
            to_email="riley@example.org", subject="Your interview", body="Hi", ics=_invitation("CANCEL")
        )
        session.add(row)
        session.flush()
        message_id = row.id
    assert tasks.send_outbox_once() == outbox.SendReport(sent=1)
    part = _calendar_part(tmp_path / "outbox" / f"{message_id}.eml")
    assert part.get_param("method") == "CANCEL"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    _assert_rfc5545_lines(payload)
