"""A real SMTP server on loopback (aiosmtpd) and the app's transport to it, for the mail tests;
the ``smtp_server`` fixture (tests/unit/conftest.py) starts one per test."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from careers_app.services.mail import mail


class Inbox:
    """An aiosmtpd handler that keeps what it accepted and refuses while told to."""

    def __init__(self) -> None:
        self.accepted: list[EmailMessage] = []
        self.refused_ids: list[str] = []
        self.refuse_next = 0

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        if self.refuse_next:
            self.refuse_next -= 1
            self.refused_ids.append(str(message["Message-ID"]))
            return "550 5.1.1 Mailbox unavailable"
        self.accepted.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def transport(url: str) -> mail.Transport:
    return mail.transport_from(
        url,
        sender="Acme Careers <careers@careers.example>",
        reply_to="jobs@careers.example",
        drop_dir=Path("/nonexistent"),
    )
