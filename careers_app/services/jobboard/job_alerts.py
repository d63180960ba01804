"""Job alerts: a person asks, from the job board, to be emailed new postings of a team, a
location and/or a keyword; the rules of subscribing, confirming, matching, the daily digest
and unsubscribing.

- **Double opt-in.** Subscribing stores the alert unconfirmed and queues an email with a
  confirmation link; nothing else is ever sent to the address until that link is followed.
  An unconfirmed alert (and its link) is deleted after ``CONFIRM_WITHIN``.
- **Never tells.** The page's answer is the same whether the address is new, waiting for
  confirmation or already subscribed (``SubscribeResult.answer``); only the inbox learns more.
  Asking again for an alert that is already on mails its owner an unsubscribe link instead
  (``_queue_already_on``): an alert that matches nothing never gets a digest to carry one.
- **Always removable**: confirming issues an unsubscribe link, shown on the answer page; every
  digest carries a fresh one; and the admin's erasure by address deletes the address's alerts
  (services/privacy/erasure.py, the inventory's ``found_by_address``).
- **Rate limits**: 3 an hour per address, and a generous ceiling of 200 an hour per client
  network (a career fair behind one address; services/candidates/upload_limits.py's reasoning), both
  counted as keyed hashes (``job_alert_request``, kept a day).
- **Matching** is the job board's own filter (services/postings/postings.py): the same team and
  location slugs and the same keyword rule, so an alert sends what the board it was made
  from lists. A digest carries the open postings published since the alert's last digest.
- **Digest**: once a UTC day (claimed in ``scheduled_run`` like the retention purge, so one
  worker of all sends it), one email per confirmed alert with new matches, written to the
  outbox; the outbox's sender delivers it (SMTP or .eml). Each digest carries a fresh
  unsubscribe link, in the text and as RFC 8058 ``List-Unsubscribe`` headers.
- **Unsubscribing** deletes the alert and its links; no sign-in, and a POST to the link
  (what mail clients send for one-click) is enough.
- **Its mail goes with it.** Every email of an alert is linked to it (``outbox.job_alert_id``);
  deleting the alert (unsubscribing, the week's expiry of an unconfirmed one, erasure through
  the schema's foreign keys) deletes those rows, queued or sent, and after the commit their
  .eml files (``_delete_alerts``). A message a sender had already claimed may still go out.
- **Not a relay for what a stranger types.** Anyone may ask for an alert to any address, so
  its emails carry nothing the requester typed: the team and location are named from the
  app's own lists, a keyword is only "a keyword you chose" (in the subjects and the
  confirmation; the confirm page shows it once the link is followed, and a confirmed alert's
  digest names it in its text). A keyword is a few plain search words (``clean_keyword``: "C++",
  "C#", ".NET" and "Node.js" are, a domain, an address or a link is not).
- **Tokens**: ``secrets.token_urlsafe(32)``; only their SHA-256 is stored.

Personal data (services/privacy/personal_data.py): the alert's address is found by erasure and
export (``found_by_address``); consent is recorded with the words shown, the time and the
page (its filters) it was given on.

Languages (docs/i18n.md): an alert keeps the language of the board it was asked on
(``job_alert.language``); its consent words are stored in that language, its emails speak
it, and their links carry ``?lang=`` so its pages (http/job_alerts_api.py) open in it. The
page's answers and errors are marked ``N_()`` and shown in the tab's language.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, col, func, select

from careers_app import i18n
from careers_app.i18n import N_
from careers_app.models import JobAlert, JobAlertRequest, JobAlertToken, Office, Outbox, Posting, Team
from careers_app.models.types import utcnow
from careers_app.services.candidates.candidate_access import keyed, new_token, plausible_token, token_hash
from careers_app.services.candidates.validation import validate_email_address
from careers_app.services.mail.email_templates import fill
from careers_app.services.platform.db import rows_changed, session_scope
from careers_app.services.postings.postings import BoardFilters, _keyword_clause, open_clause
from careers_app.services.privacy import retention
from careers_app.services.privacy.personal_data import Stores

logger = logging.getLogger(__name__)

CONFIRM_PATH = "/alerts/confirm"  # ?token=: GET shows a button, POST confirms
UNSUBSCRIBE_PATH = "/alerts/unsubscribe"  # ?token=: GET shows a button, POST unsubscribes
JOB = "job_alert_digest"  # the day claimed in scheduled_run
CONFIRM, UNSUBSCRIBE = "confirm", "unsubscribe"
CONFIRM_WITHIN = timedelta(days=7)
UNSUBSCRIBE_LINK_LIFETIME = timedelta(days=365)
# Per address: a few in an hour (a typo, a lost email, another set of filters). Per client
# network, a ceiling rather than a share (as for uploads, services/candidates/upload_limits.py): a career
# fair or a campus puts hundreds of people behind one IPv4 address, so 200 an hour; the
# per-address limit is what keeps one address from being mailed more than a few times.
REQUEST_WINDOW = timedelta(hours=1)
EMAIL_MAX_REQUESTS = 3
CLIENT_MAX_REQUESTS = 200
REQUEST_RETENTION = timedelta(days=1)
MAX_POSTINGS_IN_DIGEST = 50
CONSENT_ID = "job-alert-2026-12"

ANSWER = N_(
    "Check your inbox: we have sent a link to confirm this alert. Nothing is sent until you "
    "follow it. If it does not arrive in a few minutes, check your spam folder."
)
TOO_MANY = N_("Too many alerts were asked for just now. Please try again in an hour.")
UNKNOWN_TEAM = N_("Choose a team from the list.")
UNKNOWN_OFFICE = N_("Choose a location from the list.")
KEYWORD_MAX = 40  # a few search words, not a sentence
KEYWORD_CHARACTERS = N_(
    "Use search words only: letters, digits, spaces, hyphens, + and #, like “data engineer” or “C++”."
)
# A dot inside a word is what a domain or a file name looks like; the board's own search words
# with one are these technology names (and a word that starts with a dot, like “.NET”).
DOTTED_WORDS = frozenset(
    {"node.js", "vue.js", "next.js", "nuxt.js", "react.js", "express.js", "d3.js", "asp.net", "ado.net"}
)
KEYWORD_TOO_LONG = N_("Use at most 40 characters.")  # a catalog message: KEYWORD_MAX written out
assert str(KEYWORD_MAX) in KEYWORD_TOO_LONG
CHOSEN_KEYWORD = N_("a keyword you chose")  # what an email says instead of the keyword
# The words next to the form's button ({company}: the company's name), stored with the alert
# in the language they were shown in.
CONSENT = N_(
    "{company} will email you at most once a day when new jobs match this alert. Each email "
    "has a link to unsubscribe; we keep only your address and these filters."
)


def _search_word(word: str) -> bool:
    """Letters, digits, "-", "+" and "#" ("C++", "C#"); a dot only as a word's first character
    (".NET") or in a technology name of ``DOTTED_WORDS`` ("Node.js"), so never a domain
    ("example.com"), a file name or a link; no slashes, "@" or ":"."""
    if word.casefold() in DOTTED_WORDS:
        return True
    rest = word[1:] if word.startswith(".") else word
    return bool(rest) and all(ch.isalpha() or ch.isdecimal() or ch in "-+#" for ch in rest)


def clean_keyword(value: object) -> tuple[str, str]:
    """(clean, error) for an alert's keyword: plain search words only (``_search_word``), so an
    alert cannot carry a link or a message, even to the confirm page. Never raises."""
    text = unicodedata.normalize("NFC", " ".join(str(value if isinstance(value, str) else "").split()))
    if len(text) > KEYWORD_MAX:
        return text, KEYWORD_TOO_LONG
    if not all(_search_word(word) for word in text.split()):
        return text, KEYWORD_CHARACTERS
    return text, ""


def consent_text(company: str, lang: str = i18n.DEFAULT) -> str:
    """The words next to the form's button in ``lang``, stored with the alert."""
    return i18n.translate(lang, CONSENT).replace(i18n.COMPANY, company)


def _put(template: str, **values: str) -> str:
    """``template`` with its ``{name}`` placeholders filled in one pass (a value is never
    read as a placeholder itself)."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


# ----- criteria -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What an alert matches: the board's own filters (slugs and a keyword), "" for any."""

    team: str = ""
    office: str = ""
    keyword: str = ""

    @classmethod
    def clean(cls, team: object = "", office: object = "", keyword: object = "") -> Criteria:
        filters = BoardFilters.clean(team, office, keyword)
        return cls(team=filters.team, office=filters.office, keyword=filters.q)

    @classmethod
    def read(
        cls, team: object = "", office: object = "", keyword: object = ""
    ) -> tuple[Criteria, dict[str, str]]:
        """From a form: a team or location that is not a slug at all is an error, never "any"
        (a made-up value must not widen the alert to every job); a keyword that is not plain
        search words is an error, never cut to fit."""
        words, keyword_error = clean_keyword(keyword)
        slugs = cls.clean(team, office)
        criteria = cls(team=slugs.team, office=slugs.office, keyword=words)
        errors = {}
        if str(team or "").strip() and not criteria.team:
            errors["team"] = UNKNOWN_TEAM
        if str(office or "").strip() and not criteria.office:
            errors["office"] = UNKNOWN_OFFICE
        if keyword_error:
            errors["keyword"] = keyword_error
        return criteria, errors

    def describe(self, *, session: Session, show_keyword: bool = True, lang: str = i18n.DEFAULT) -> str:
        """ "Engineering jobs in Boston, MA matching “python”", with the names shown on the board;
        ``show_keyword=False`` (what an email may say): "… and a keyword you chose"; in ``lang``
        (the team's and location's names as the board shows them)."""
        team = session.exec(select(Team.name).where(Team.slug == self.team)).first() if self.team else None
        office = (
            session.exec(select(Office.name).where(Office.slug == self.office)).first()
            if self.office
            else None
        )
        t = i18n.Translator(lang)
        words = _put(t.gettext("{team} jobs"), team=team) if team else t.gettext("All jobs")
        if office:
            words = _put(t.gettext("{jobs} in {office}"), jobs=words, office=office)
        if self.keyword:
            if show_keyword:
                words = _put(t.gettext("{jobs} matching “{keyword}”"), jobs=words, keyword=self.keyword)
            else:
                words = _put(t.gettext("{jobs} and {chosen}"), jobs=words, chosen=t.gettext(CHOSEN_KEYWORD))
        return words

    def board_url(self) -> str:
        params = {k: v for k, v in (("team", self.team), ("office", self.office), ("q", self.keyword)) if v}
        return "/careers" + (f"?{urlencode(params)}" if params else "")


def _check(criteria: Criteria, *, session: Session) -> dict[str, str]:
    errors: dict[str, str] = {}
    _words, keyword_error = clean_keyword(criteria.keyword)
    if keyword_error:
        errors["keyword"] = keyword_error
    if criteria.team and session.exec(select(Team.id).where(Team.slug == criteria.team)).first() is None:
        errors["team"] = UNKNOWN_TEAM
    if (
        criteria.office
        and session.exec(select(Office.id).where(Office.slug == criteria.office)).first() is None
    ):
        errors["office"] = UNKNOWN_OFFICE
    return errors


def matching_postings(
    criteria: Criteria, published_after: datetime, *, session: Session, now: datetime | None = None
) -> list[tuple[str, str, str, str]]:
    """Open postings matching the criteria, published after ``published_after`` and up to
    now, newest first: (slug, title, team name, location name)."""
    now = now or utcnow()
    stmt = (
        select(Posting.slug, Posting.title, Team.name, Office.name)
        .join(Team, col(Team.id) == col(Posting.team_id))
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(
            open_clause(now), col(Posting.published_at) > published_after, col(Posting.published_at) <= now
        )
    )
    if criteria.team:
        stmt = stmt.where(Team.slug == criteria.team)
    if criteria.office:
        stmt = stmt.where(Office.slug == criteria.office)
    if criteria.keyword:
        stmt = stmt.where(_keyword_clause(criteria.keyword))
    stmt = stmt.order_by(col(Posting.published_at).desc(), col(Posting.title)).limit(MAX_POSTINGS_IN_DIGEST)
    return [(slug, title, team, office) for slug, title, team, office in session.exec(stmt).all()]


# ----- subscribing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscribeResult:
    """What the page may say: a field's error, "too many", or the one answer (``ANSWER``) for
    every address, subscribed or not. ``queued`` is for tests and logs only."""

    errors: dict[str, str] | None = None
    limited: bool = False
    queued: bool = False

    @property
    def answer(self) -> str:
        if self.errors:
            return ""
        return TOO_MANY if self.limited else ANSWER


@dataclass(frozen=True)
class Mailing:
    """What an alert's emails need from the configuration."""

    base_url: str
    company: str

    def link(self, path: str, token: str, lang: str = i18n.DEFAULT) -> str:
        """An emailed link; in an alert's own language when that is not English (``?lang=``)."""
        query = {"token": token, **({i18n.PARAM: lang} if lang != i18n.DEFAULT else {})}
        return f"{self.base_url.rstrip('/')}{path}?{urlencode(query)}"


def _limited(email: str, client_key: str, secret: str, now: datetime, *, session: Session) -> bool:
    """Whether this request passes a limit; if not, it is counted."""
    email_key = keyed(email, secret, "job-alert-email")

    def recent(column: Any, key: str) -> int:
        since = col(JobAlertRequest.at) > now - REQUEST_WINDOW
        return int(
            session.exec(select(func.count()).select_from(JobAlertRequest).where(column == key, since)).one()
        )

    if recent(col(JobAlertRequest.email_key), email_key) >= EMAIL_MAX_REQUESTS:
        return True
    if recent(col(JobAlertRequest.client_key), client_key) >= CLIENT_MAX_REQUESTS:
        return True
    session.add(JobAlertRequest(email_key=email_key, client_key=client_key, at=now))
    return False


def subscribe(
    email: object,
    criteria: Criteria,
    *,
    client_key: str,
    page: str,
    secret: str,
    mailing: Mailing,
    session: Session,
    now: datetime | None = None,
    lang: str = i18n.DEFAULT,
) -> SubscribeResult:
    """Store the alert unconfirmed (or find the same one) and mail a confirmation link, in the
    caller's unit of work. The answer does not depend on whether the address had an alert.
    ``lang``: the board's language, which the consent words were shown in and the email speaks."""
    lang = i18n.supported(lang) or i18n.DEFAULT
    address, error = validate_email_address(email)
    errors = {"email": error} if error else {}
    errors.update(_check(criteria, session=session))
    if errors:
        return SubscribeResult(errors=errors)
    now = now or utcnow()
    if session.get_bind().dialect.name == "postgresql":  # count-then-record, one at a time
        session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('careers_app.job_alerts'))"))
    if _limited(address, client_key, secret, now, session=session):
        session.flush()
        return SubscribeResult(limited=True)
    alert = session.exec(
        select(JobAlert).where(
            JobAlert.email == address,
            JobAlert.team == criteria.team,
            JobAlert.office == criteria.office,
            JobAlert.keyword == criteria.keyword,
        )
    ).first()
    if alert is None:
        alert = JobAlert(
            email=address,
            team=criteria.team,
            office=criteria.office,
            keyword=criteria.keyword,
            consent_text=consent_text(mailing.company, lang),
            consent_page=page[:300],
            created_at=now,
            language=lang,
        )
        session.add(alert)
        session.flush()
    elif alert.confirmed_at is None and alert.language != lang:  # asked again, in another language:
        alert.language = lang  # what is confirmed is what this page showed
        alert.consent_text = consent_text(mailing.company, lang)
        session.add(alert)
    assert alert.id is not None
    t = i18n.Translator(lang)  # the page's language: the person reads this mail after that page
    # Nothing the requester typed: names from the app's lists, never the keyword.
    words = criteria.describe(session=session, show_keyword=False, lang=lang)
    if alert.confirmed_at is not None:
        _queue_already_on(alert, words, mailing, t, session=session, now=now)
        return SubscribeResult(queued=True)
    token = _issue(alert.id, CONFIRM, now + CONFIRM_WITHIN, session=session)
    link = mailing.link(CONFIRM_PATH, token, lang)
    shown = " " + t.gettext("The link shows the keyword before you confirm.") if criteria.keyword else ""
    text = t.gettext(
        "Hello,\n\nSomeone (we hope you) asked {company_name} to email this address when new jobs are "
        "posted: {alert}.\n\nConfirm the alert here; nothing is sent to you until you do.{shown}\n{link}\n\n"
        "If this was not you, ignore this message: the request and this email are deleted in 7 days.\n\n"
        "The {company_name} recruiting team"
    )
    body = t.gettext(
        "<p>Hello,</p>\n<p>Someone (we hope you) asked {company_name} to email this address when new jobs "
        'are posted: <strong>{alert}</strong>.</p>\n<p><a href="{link}">Confirm the alert</a>; nothing is '
        "sent to you until you do.{shown}</p>\n<p>If this was not you, ignore this message: the request "
        "and this email are deleted in 7 days.</p>\n<p>The {company_name} recruiting team</p>"
    )
    values = {"company_name": mailing.company, "alert": words, "link": link, "shown": shown}
    session.add(
        Outbox(
            to_email=address,
            subject=_put(t.gettext("Confirm your job alert: {alert}"), alert=words)[:200],
            body=fill(text, values),
            html_body=_html(fill(body, values, as_html=True)),
            kind="job_alert_confirm",
            created_at=now,
            next_attempt_at=now,
            job_alert_id=alert.id,
        )
    )
    session.flush()
    return SubscribeResult(queued=True)


def _queue_already_on(
    alert: JobAlert, words: str, mailing: Mailing, t: i18n.Translator, *, session: Session, now: datetime
) -> None:
    """Asked again for an alert that is on: mail its owner a link to unsubscribe (an alert that
    matches nothing gets no digest, and so no other way out); the page says the same as ever."""
    assert alert.id is not None
    link = mailing.link(
        UNSUBSCRIBE_PATH,
        _issue(alert.id, UNSUBSCRIBE, now + UNSUBSCRIBE_LINK_LIFETIME, session=session),
        t.lang,
    )
    text = t.gettext(
        "Hello,\n\nSomeone (we hope you) asked {company_name} again for a job alert this address already "
        "has: {alert}. It is on: we email you when new jobs match it, at most once a day.\n\n"
        "To stop it, unsubscribe here (one click, no account needed; the alert is deleted):\n{link}\n\n"
        "If you want to keep it, ignore this message.\n\nThe {company_name} recruiting team"
    )
    body = t.gettext(
        "<p>Hello,</p>\n<p>Someone (we hope you) asked {company_name} again for a job alert this address "
        "already has: <strong>{alert}</strong>. It is on: we email you when new jobs match it, at most "
        'once a day.</p>\n<p>To stop it, <a href="{link}">unsubscribe</a> (one click, no account needed; '
        "the alert is deleted).</p>\n<p>If you want to keep it, ignore this message.</p>\n"
        "<p>The {company_name} recruiting team</p>"
    )
    values = {"company_name": mailing.company, "alert": words, "link": link}
    session.add(
        Outbox(
            to_email=alert.email,
            subject=_put(t.gettext("Your job alert is on: {alert}"), alert=words)[:200],
            body=fill(text, values),
            html_body=_html(fill(body, values, as_html=True)),
            kind="job_alert_unsubscribe",
            created_at=now,
            next_attempt_at=now,
            list_unsubscribe=link,
            job_alert_id=alert.id,
        )
    )
    session.flush()


def _html(body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body style="font-family: sans-serif; line-height: 1.5">\n{body}\n</body></html>\n'
    )


def _issue(alert_id: int, purpose: str, expires_at: datetime, *, session: Session) -> str:
    token = new_token()
    session.add(
        JobAlertToken(alert_id=alert_id, purpose=purpose, token_hash=token_hash(token), expires_at=expires_at)
    )
    return token


def _alert_for(token: object, purpose: str, now: datetime, *, session: Session) -> JobAlert | None:
    if not plausible_token(token):
        return None
    assert isinstance(token, str)
    row = session.exec(
        select(JobAlert)
        .join(JobAlertToken, col(JobAlertToken.alert_id) == col(JobAlert.id))
        .where(
            JobAlertToken.token_hash == token_hash(token),
            JobAlertToken.purpose == purpose,
            col(JobAlertToken.expires_at) > now,
        )
    ).first()
    return row


# ----- confirming and unsubscribing ------------------------------------------------------------------


@dataclass(frozen=True)
class AlertView:
    """An alert as its own pages show it (to whoever holds its link)."""

    description: str
    confirmed: bool
    unsubscribe_token: str = ""  # confirm's answer: the page's "Unsubscribe" button


def view_for_confirm(
    token: object, *, session: Session, now: datetime | None = None, lang: str = i18n.DEFAULT
) -> AlertView | None:
    """The alert a confirmation link is for (None: unknown, used up or expired), described in
    the page's language ``lang``."""
    alert = _alert_for(token, CONFIRM, now or utcnow(), session=session)
    return None if alert is None else _view(alert, session=session, lang=lang)


def view_for_unsubscribe(
    token: object, *, session: Session, now: datetime | None = None, lang: str = i18n.DEFAULT
) -> AlertView | None:
    alert = _alert_for(token, UNSUBSCRIBE, now or utcnow(), session=session)
    return None if alert is None else _view(alert, session=session, lang=lang)


def _view(alert: JobAlert, *, session: Session, lang: str = i18n.DEFAULT) -> AlertView:
    criteria = Criteria(alert.team, alert.office, alert.keyword)
    return AlertView(
        description=criteria.describe(session=session, lang=lang), confirmed=alert.confirmed_at is not None
    )


def confirm(
    token: object, *, session: Session, now: datetime | None = None, lang: str = i18n.DEFAULT
) -> AlertView | None:
    """Turn the alert on (the person followed the emailed link): its digests cover postings
    published from now on. Its confirmation links are used up, and an unsubscribe link is
    issued for the answer page (an alert that matches nothing never gets a digest to carry
    one). None: the link is not valid."""
    now = now or utcnow()
    alert = _alert_for(token, CONFIRM, now, session=session)
    if alert is None or alert.id is None:
        return None
    if alert.confirmed_at is None:
        alert.confirmed_at = now
        alert.covered_until = now
        session.add(alert)
    session.execute(
        sa.delete(JobAlertToken).where(
            col(JobAlertToken.alert_id) == alert.id, col(JobAlertToken.purpose) == CONFIRM
        )
    )
    token = _issue(alert.id, UNSUBSCRIBE, now + UNSUBSCRIBE_LINK_LIFETIME, session=session)
    session.flush()
    return replace(_view(alert, session=session, lang=lang), unsubscribe_token=token)


def unsubscribe(token: object, *, session: Session, now: datetime | None = None) -> bool:
    """Delete the alert and every link of it (nothing about it is kept). False: the link is not
    valid (already unsubscribed, or never was a link)."""
    alert = _alert_for(token, UNSUBSCRIBE, now or utcnow(), session=session)
    if alert is None or alert.id is None:
        return False
    _delete_alerts([alert.id], session=session)
    return True


def _delete_alerts(ids: Sequence[int], *, session: Session) -> int:
    """Delete these alerts, their links and their mail, queued or sent (the rows now, the .eml
    files once the caller's transaction has committed)."""
    if not ids:
        return 0
    mail = session.exec(select(Outbox.id, Outbox.message_id).where(col(Outbox.job_alert_id).in_(ids))).all()
    if mail:
        session.execute(sa.delete(Outbox).where(col(Outbox.job_alert_id).in_(ids)))
        delivered = session.info.setdefault(_MAIL_FILES, set())
        delivered.update((i, m) for i, m in mail if i is not None and m)
    session.execute(sa.delete(JobAlertToken).where(col(JobAlertToken.alert_id).in_(ids)))
    result = session.execute(sa.delete(JobAlert).where(col(JobAlert.id).in_(ids)))
    return rows_changed(result)


_MAIL_FILES = "careers_app.job_alerts.mail_files"  # session.info: (outbox id, Message-ID) deleted


def remove_mail_files(folder: Path, mail: Iterable[tuple[int, str]]) -> int:
    """Unlink ``<id>.eml`` of deleted alert mail, only where the file is that message (its
    Message-ID): another database's row of the same id is not ours to remove. Never raises."""
    removed = 0
    for message_id, header in mail:
        path = folder / f"{int(message_id)}.eml"
        try:
            with path.open("rb") as f:
                if header.encode() not in f.read(64 * 1024):
                    continue
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


@sa.event.listens_for(OrmSession, "after_commit")
def _on_commit(session: OrmSession) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer transaction may still roll back
    mail = session.info.pop(_MAIL_FILES, None)
    if not mail:
        return
    try:
        remove_mail_files(Stores.configured().outbox_dir, mail)
    except Exception:  # the commit went through; the retention run's sweep takes what stays
        logger.exception("could not remove %d job alert .eml files; the outbox sweep will", len(mail))


@sa.event.listens_for(OrmSession, "after_transaction_end")
def _on_transaction_end(session: OrmSession, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back (a commit has taken them already)
        session.info.pop(_MAIL_FILES, None)


# ----- the daily digest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestReport:
    sent: int = 0  # digests written to the outbox
    expired: int = 0  # unconfirmed alerts deleted

    def __str__(self) -> str:
        return f"{self.sent} digests queued, {self.expired} unconfirmed alerts expired"


def queue_digest(alert: JobAlert, mailing: Mailing, *, session: Session, now: datetime) -> bool:
    """Write one alert's digest to the outbox if postings were published for it since its
    last one, and move its mark to now, in the caller's unit of work."""
    assert alert.id is not None and alert.confirmed_at is not None
    criteria = Criteria(alert.team, alert.office, alert.keyword)
    found = matching_postings(criteria, alert.covered_until or alert.confirmed_at, session=session, now=now)
    alert.covered_until = now
    session.add(alert)
    if not found:
        return False
    token = _issue(alert.id, UNSUBSCRIBE, now + UNSUBSCRIBE_LINK_LIFETIME, session=session)
    t = i18n.Translator(alert.language)  # the board's language it was asked for in
    unsubscribe_url = mailing.link(UNSUBSCRIBE_PATH, token, t.lang)
    words = criteria.describe(session=session, lang=t.lang)  # the text: the person confirmed this keyword
    headline = criteria.describe(session=session, show_keyword=False, lang=t.lang)  # the subject: never
    base = mailing.base_url.rstrip("/")
    n = len(found)
    counted = {"count": str(n), "company": mailing.company}
    intro = t.ngettext(
        "{count} new job at {company} for your alert “{alert}”:",
        "{count} new jobs at {company} for your alert “{alert}”:",
        n,
    )
    subject = t.ngettext("{count} new job at {company}: {alert}", "{count} new jobs at {company}: {alert}", n)
    why = t.gettext("You get this email because you asked for job alerts on our careers site.")
    unsubscribe_word = t.gettext("Unsubscribe")
    how = t.gettext("(one click, no account needed; the alert and our copies of its emails are deleted)")
    signed = _put(t.gettext("The {company} recruiting team"), company=mailing.company)
    every = t.gettext("See every opening")
    lines = [f"- {title} ({team} · {office})\n  {base}/jobs/{slug}" for slug, title, team, office in found]
    text = (
        f"{t.gettext('Hello,')}\n\n{_put(intro, alert=words, **counted)}\n\n"
        + "\n".join(lines)
        + f"\n\n{every}: {base}{criteria.board_url()}\n\n"
        f"{why} {unsubscribe_word} {how}:\n{unsubscribe_url}\n\n"
        f"{signed}"
    )
    e = html.escape
    items = "".join(
        f'<li><a href="{e(f"{base}/jobs/{slug}")}">{e(title)}</a> ({e(team)} · {e(office)})</li>'
        for slug, title, team, office in found
    )
    strong = _put(intro, alert="\x00", **counted)  # the alert's words in bold: split at a marker
    before, _marker, after = e(strong).partition("\x00")
    body = (
        f"<p>{e(t.gettext('Hello,'))}</p>\n<p>{before.rstrip('“')}<strong>{e(words)}</strong>"
        f"{after.lstrip('”')}</p>\n<ul>{items}</ul>\n"
        f'<p><a href="{e(base + criteria.board_url())}">{e(every)}</a></p>\n'
        f"<p>{e(why)} "
        f'<a href="{e(unsubscribe_url)}">{e(unsubscribe_word)}</a> {e(how)}.</p>\n'
        f"<p>{e(signed)}</p>"
    )
    session.add(
        Outbox(
            to_email=alert.email,
            subject=_put(subject, alert=headline, **counted)[:200],
            body=text,
            html_body=_html(body),
            kind="job_alert_digest",
            created_at=now,
            next_attempt_at=now,
            list_unsubscribe=unsubscribe_url,
            job_alert_id=alert.id,
        )
    )
    session.flush()
    return True


def expire_unconfirmed(*, session: Session, now: datetime | None = None) -> int:
    """Retention: delete alerts never confirmed within ``CONFIRM_WITHIN``, links past their
    expiry, and request counts past the longest window."""
    now = now or utcnow()
    stale = [
        i
        for i in session.exec(
            select(JobAlert.id).where(
                col(JobAlert.confirmed_at).is_(None), col(JobAlert.created_at) < now - CONFIRM_WITHIN
            )
        ).all()
        if i is not None
    ]
    expired = _delete_alerts(stale, session=session)
    session.execute(sa.delete(JobAlertToken).where(col(JobAlertToken.expires_at) < now))
    session.execute(sa.delete(JobAlertRequest).where(col(JobAlertRequest.at) < now - REQUEST_RETENTION))
    return expired


def send_digests(
    mailing: Mailing, *, engine: Engine | None = None, now: datetime | None = None
) -> DigestReport:
    """Expire unconfirmed alerts, then queue each confirmed alert's digest, one transaction per
    alert (a failure leaves that alert's mark where it was: its postings go out next time)."""
    now = now or utcnow()
    with session_scope(engine) as session:
        expired = expire_unconfirmed(session=session, now=now)
        ids = [
            i
            for i in session.exec(
                select(JobAlert.id).where(col(JobAlert.confirmed_at).is_not(None)).order_by(col(JobAlert.id))
            ).all()
            if i is not None
        ]
    sent = 0
    for alert_id in ids:
        try:
            with session_scope(engine) as session:
                alert = session.get(JobAlert, alert_id)
                if alert is not None and alert.confirmed_at is not None:
                    sent += queue_digest(alert, mailing, session=session, now=now)
        except Exception:
            logger.exception("job alert %s: digest not queued; its postings go out in the next one", alert_id)
    return DigestReport(sent=sent, expired=expired)


def digest_if_due(
    mailing: Mailing, *, engine: Engine | None = None, now: datetime | None = None
) -> DigestReport | None:
    """Today's digests, if no worker has sent them yet today (None: already done or being done)."""
    if not retention.claim_today(engine=engine, now=now, job=JOB):
        return None
    return send_digests(mailing, engine=engine, now=now)
