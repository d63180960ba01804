"""Build an outbox message as a real email and hand it to an SMTP server, or to a folder.

Pure Python (smtplib, email): no database, no reflex. services/mail/outbox.py decides what to
send and when; this module only turns one message into bytes on the wire. Without
``CAREERS_SMTP_URL`` the message is written as ``<data dir>/outbox/<id>.eml``, so a
quick start needs no mail server and a developer can open what would have been sent.
"""

from __future__ import annotations

import html
import os
import re
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from careers_app.models.types import utcnow

SMTP_TIMEOUT_SECONDS = 20.0
_NUMBERED = re.compile(r"\d+\.\s+(.*)")
_TRUE = {"1", "true", "yes", "on"}
_ICS_METHOD = re.compile(r"^METHOD:([A-Z]+)\r?$", re.MULTILINE)


class MailError(Exception):
    """The server refused the message or could not be reached; the text says why."""


@dataclass(frozen=True)
class Outgoing:
    """One message as the sender needs it (read from an outbox row)."""

    id: int
    to_email: str
    subject: str
    body: str
    message_id: str
    html: str = ""  # rendered when queued; "" derives it from the text
    ics: str = ""  # an iCalendar invitation to attach (METHOD read from it)
    list_unsubscribe: str = ""  # a one-click unsubscribe URL (job alert digests, RFC 8058)


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    username: str
    password: str
    ssl: bool  # smtps:// (implicit TLS, usually port 465)
    starttls: bool  # smtp://...?starttls=1 (usually port 587)
    cafile: str = ""  # ?cafile=/path/ca.pem: trust a private CA (a relay inside the company)


def parse_smtp_url(url: str) -> SmtpServer:
    """``smtp://user:pass@host:port?starttls=1`` or ``smtps://user:pass@host:port``.

    The server's certificate is always verified (against the system's CAs, or the
    ``cafile`` given); there is deliberately no option to skip that.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("an SMTP URL looks like smtp://user:pass@host:587?starttls=1")
    query = parse_qs(parts.query)
    starttls = any(v.lower() in _TRUE for v in query.get("starttls", []))
    secure = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=parts.port or (465 if secure else 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        ssl=secure,
        starttls=starttls and not secure,
        cafile=(query.get("cafile") or [""])[0],
    )


def new_message_id(domain: str) -> str:
    """A Message-ID made once per outbox row and kept across retries, so a receiving server
    (and the candidate's mail client) sees a resend as the same message."""
    return f"<{uuid.uuid4()}@{domain}>"


def text_to_html(text: str) -> str:
    """The HTML alternative of a plain-text body: paragraphs, and numbered lines as a list.

    Every character of the text is escaped; the HTML carries nothing the text does not.
    """
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        items = [_NUMBERED.fullmatch(line) for line in lines]
        if all(items):
            lis = "".join(f"<li>{html.escape(m.group(1))}</li>" for m in items if m)
            blocks.append(f"<ol>{lis}</ol>")
        else:
            blocks.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    body = "\n".join(blocks)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body style="font-family: sans-serif; line-height: 1.5">\n{body}\n</body></html>\n'
    )


def build_message(outgoing: Outgoing, *, sender: str, reply_to: str = "") -> EmailMessage:
    """Text first, then the HTML alternative (mail clients show the last one they can).

    Assembled with CRLF line ends (``policy.SMTP``), the form SMTP carries, so the .eml
    written without a server is that form too and the .ics part keeps the CRLF lines
    RFC 5545 requires (with the default policy every part came out with bare LFs).
    """
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = outgoing.to_email
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = outgoing.subject
    message["Message-ID"] = outgoing.message_id
    message["Date"] = format_datetime(utcnow())
    if outgoing.list_unsubscribe:  # RFC 8058: mail clients offer one-click unsubscribe (a POST)
        message["List-Unsubscribe"] = f"<{outgoing.list_unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(outgoing.body)
    message.add_alternative(outgoing.html or text_to_html(outgoing.body), subtype="html")
    if outgoing.ics:
        method = _ICS_METHOD.search(outgoing.ics)
        message.add_attachment(
            outgoing.ics,
            subtype="calendar",
            filename="invite.ics",
            params={"method": method.group(1) if method else "PUBLISH"},
        )
    return message


def send_smtp(message: EmailMessage, server: SmtpServer, *, timeout: float = SMTP_TIMEOUT_SECONDS) -> None:
    """Hand the message to the server; returns only once the server has accepted it.

    A refusal of the recipient, a refused DATA, a dropped connection or a timeout all
    raise MailError, which the outbox counts as a failed attempt.
    """
    try:
        context = ssl.create_default_context(cafile=server.cafile or None)
        client: smtplib.SMTP
        if server.ssl:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=timeout)
        with client:
            client.ehlo()
            if server.starttls:
                client.starttls(context=context)
                client.ehlo()
            if server.username:
                client.login(server.username, server.password)
            refused = client.send_message(message)
            if refused:  # only some recipients refused; we send to one, so this is a refusal
                raise MailError(f"refused: {refused}")
    except smtplib.SMTPResponseException as exc:
        text = (
            exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        raise MailError(f"{exc.smtp_code} {text}") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(f"recipient refused: {exc.recipients}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"{type(exc).__name__}: {exc}") from exc


def write_eml(message: EmailMessage, outgoing_id: int, folder: Path) -> Path:
    """Write ``<folder>/<id>.eml`` (mode 0600: it holds a candidate's address), atomically,
    so a retry or a second worker overwrites the same file rather than adding one."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{outgoing_id}.eml"
    tmp = folder / f".{outgoing_id}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(message.as_bytes())
    os.replace(tmp, path)
    return path


@dataclass(frozen=True)
class Transport:
    """Where messages go: an SMTP server, or a folder of .eml files when there is none."""

    sender: str
    reply_to: str
    smtp: SmtpServer | None
    drop_dir: Path
    timeout: float = SMTP_TIMEOUT_SECONDS

    def deliver(self, outgoing: Outgoing) -> None:
        message = build_message(outgoing, sender=self.sender, reply_to=self.reply_to)
        if self.smtp is None:
            write_eml(message, outgoing.id, self.drop_dir)
        else:
            send_smtp(message, self.smtp, timeout=self.timeout)


def transport_from(smtp_url: str, *, sender: str, reply_to: str, drop_dir: Path) -> Transport:
    return Transport(
        sender=sender,
        reply_to=reply_to,
        smtp=parse_smtp_url(smtp_url) if smtp_url else None,
        drop_dir=drop_dir,
    )
