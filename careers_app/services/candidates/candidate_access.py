"""Status links: how a person without an account reaches their own applications.

A candidate (everyone who applied with one email address) is sent a link carrying a long
random token (``secrets.token_urlsafe(32)``, 256 bits) in the confirmation email and on
request. Only the token's SHA-256 is stored, with an expiry, so a copy of the table opens
nothing. The token is the credential: every status-page event looks it up again here.

Anyone may ask for a new link for any address. The answer never says whether the address
has applied (an email goes only to an address that has), and requests are limited per
address and per client network, both stored as keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from careers_app import i18n, routes
from careers_app.i18n import N_, Translator
from careers_app.models import Candidate, Outbox, StatusLink, StatusLinkRequest
from careers_app.models.types import utcnow
from careers_app.services.candidates.validation import validate_email_address
from careers_app.services.platform.db import rows_changed
from careers_app.settings import get_settings

DEFAULT_LIFETIME = timedelta(days=90)
TOKEN_MIN, TOKEN_MAX = 40, 64  # token_urlsafe(32) is 43 characters
# "Email me a new link": per address, a few in an hour (a typo, a lost email); per client
# network, enough for a household or an office, not for walking a list of addresses.
REQUEST_WINDOW = timedelta(hours=1)
EMAIL_MAX_REQUESTS = 3
CLIENT_MAX_REQUESTS = 10
REQUEST_RETENTION = timedelta(days=1)
LINK_SUBJECT = N_("Your link to your applications")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def plausible_token(token: object) -> bool:
    """Cheap shape check before any lookup (a stranger may send anything)."""
    return (
        isinstance(token, str)
        and TOKEN_MIN <= len(token) <= TOKEN_MAX
        and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in token)
    )


def issue_link(
    candidate_id: int,
    *,
    session: Session,
    now: datetime | None = None,
    lifetime: timedelta = DEFAULT_LIFETIME,
) -> str:
    """A new token for this candidate; only its hash is stored. Returns the token."""
    token = new_token()
    now = now or utcnow()
    session.add(
        StatusLink(
            candidate_id=candidate_id, token_hash=token_hash(token), created_at=now, expires_at=now + lifetime
        )
    )
    session.flush()
    return token


def candidate_for_token(token: object, *, session: Session, now: datetime | None = None) -> int | None:
    """The candidate id a status link opens, or None (unknown, malformed or expired).

    Every status-page handler calls this (directly or through candidate_status), so an
    expired link stops working at once, whatever a browser kept in its state.
    """
    if not plausible_token(token):
        return None
    assert isinstance(token, str)
    row = session.exec(
        select(StatusLink.candidate_id, StatusLink.expires_at).where(
            StatusLink.token_hash == token_hash(token)
        )
    ).first()
    if row is None:
        return None
    candidate_id, expires_at = row
    if expires_at <= (now or utcnow()):
        return None
    return int(candidate_id)


def status_link(base_url: str, token: str) -> str:
    """The absolute link mailed to a person (base URL "" gives the path alone, for tests)."""
    return f"{base_url.rstrip('/')}{routes.status_url(token)}"


def new_status_link(candidate_id: int, *, session: Session, now: datetime | None = None) -> str:
    """Issue a link with the app's settings (base URL, lifetime) for an email being queued."""

    settings = get_settings()
    token = issue_link(
        candidate_id, session=session, now=now, lifetime=timedelta(days=settings.status_link_days)
    )
    return status_link(settings.base_url, token)


def link_text(link: str, company: str, lifetime: timedelta) -> str:
    """The paragraph every email that carries a status link ends with."""
    return (
        f"See where your applications stand, withdraw one, or correct your contact details "
        f"here (no account needed; keep this link private, it works for {lifetime.days} days):\n{link}"
    )


def _link_text_in(t: Translator, link: str, lifetime: timedelta) -> str:
    """``link_text`` in another language (the English words above stay as they were)."""
    words = t.gettext(
        "See where your applications stand, withdraw one, or correct your contact details here "
        "(no account needed; keep this link private, it works for {days} days):"
    )
    return words.replace("{days}", str(lifetime.days)) + f"\n{link}"


def keyed(value: str, secret: str, purpose: str) -> str:
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class LinkRequestResult:
    """``limited`` is the only thing the page may tell apart; ``sent`` is for tests and logs."""

    limited: bool = False
    sent: bool = False
    error: str = ""  # the address is not an email address at all (said next to the field)


def request_link(
    email: object,
    client_key: str,
    *,
    session: Session,
    secret: str,
    base_url: str,
    company: str,
    now: datetime | None = None,
    lifetime: timedelta = DEFAULT_LIFETIME,
    lang: str = i18n.DEFAULT,
) -> LinkRequestResult:
    """Email a new link to this address if it has applied; the caller says the same either way.
    ``lang``: the page's, which the email speaks."""
    address, error = validate_email_address(email)
    if error:
        return LinkRequestResult(error=error)
    now = now or utcnow()
    since = now - REQUEST_WINDOW
    email_key = keyed(address.lower(), secret, "status-email")
    by_email = session.exec(
        select(func.count())
        .select_from(StatusLinkRequest)
        .where(StatusLinkRequest.email_key == email_key, col(StatusLinkRequest.at) > since)
    ).one()
    by_client = session.exec(
        select(func.count())
        .select_from(StatusLinkRequest)
        .where(StatusLinkRequest.client_key == client_key, col(StatusLinkRequest.at) > since)
    ).one()
    if by_email >= EMAIL_MAX_REQUESTS or by_client >= CLIENT_MAX_REQUESTS:
        return LinkRequestResult(limited=True)
    session.add(StatusLinkRequest(email_key=email_key, client_key=client_key, at=now))
    candidate = session.exec(select(Candidate).where(Candidate.email == address)).first()
    if candidate is None or candidate.id is None:
        session.flush()
        return LinkRequestResult()
    token = issue_link(candidate.id, session=session, now=now, lifetime=lifetime)
    t = Translator(lang)  # the language of the page it was asked on
    link = status_link(base_url, token)
    body = (
        t.gettext("Hello,")
        + "\n\n"
        + t.gettext(
            "Someone (we hope you) asked for a link to the applications made with this address at {company}."
        )
        + "\n\n"
        + (link_text(link, company, lifetime) if t.lang == i18n.DEFAULT else _link_text_in(t, link, lifetime))
        + "\n\n"
        + t.gettext("If this was not you, you can ignore this message.")
        + "\n\n"
        + t.gettext("The {company} recruiting team")
    ).replace("{company}", company)
    session.add(Outbox(to_email=candidate.email, subject=t.gettext(LINK_SUBJECT), body=body))
    session.flush()
    return LinkRequestResult(sent=True)


def purge_old(*, session: Session, now: datetime | None = None) -> int:
    """Drop request counts past the longest window and links expired a day ago."""
    now = now or utcnow()
    requests = session.execute(
        sa.delete(StatusLinkRequest).where(col(StatusLinkRequest.at) < now - REQUEST_RETENTION)
    )
    links = session.execute(sa.delete(StatusLink).where(col(StatusLink.expires_at) < now - timedelta(days=1)))
    return rows_changed(requests) + rows_changed(links)
