"""Admins write postings: validated input, unique slugs, and the same shape for create and edit."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from careers_app.models import Office, Posting, Team
from careers_app.models.types import utcnow
from careers_app.services.platform.db import saved_id
from careers_app.services.platform.errors import Invalid
from careers_app.services.platform.reference import PostingStatus
from careers_app.services.postings.job_schema import CURRENCIES, EMPLOYMENT_TYPES, PAY_UNITS
from careers_app.services.postings.postings import SECTION_HEADINGS, slugify

WORKPLACES: tuple[tuple[str, str], ...] = (("onsite", "At the office"), ("remote", "Fully remote"))
PAY_MAX_CENTS = 2**31 - 1  # what the integer column holds (about 21 million a unit)
_MONEY = re.compile(r"[0-9]{1,9}(\.[0-9]{1,2})?")
STATUSES: tuple[str, ...] = tuple(PostingStatus)
SECTION_FIELDS: tuple[str, ...] = tuple(attr for attr, _ in SECTION_HEADINGS)
SECTION_MAX = 10_000
SPANISH_BODY_MAX = 5 * SECTION_MAX  # the five sections' room, in one field
STEP_MAX = 500


def _clean_text(value: object, limit: int) -> str:
    text = value if isinstance(value, str) else ""
    text = unicodedata.normalize("NFC", text[: limit + 1]).replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


@dataclass(frozen=True)
class PostingInput:
    title: str = ""
    team: str = ""
    office: str = ""
    employment_type: str = "FULL_TIME"
    status: str = "draft"
    process_name: str = "Hiring process"
    steps: str = ""  # one step per line
    sections: dict[str, str] = field(default_factory=dict)
    workplace: str = "onsite"  # onsite | remote
    pay_min: str = ""  # "150000" or "25.50"; both or neither
    pay_max: str = ""
    pay_currency: str = "USD"
    pay_unit: str = "YEAR"
    closes_on: str = ""  # YYYY-MM-DD: the last day applications are taken (ends 23:59:59 UTC)
    # The Spanish version (optional): shown to Spanish readers once it has a title.
    title_es: str = ""
    body_es: str = ""  # Markdown: "## " lines start sections, "- " lines are bullets

    @classmethod
    def from_form(cls, data: object) -> PostingInput:
        form = data if isinstance(data, dict) else {}
        return cls(
            title=_clean_text(form.get("title"), 201),
            team=_clean_text(form.get("team"), 80),
            office=_clean_text(form.get("office"), 80),
            employment_type=_clean_text(form.get("employment_type"), 20),
            status=_clean_text(form.get("status"), 10),
            process_name=_clean_text(form.get("process_name"), 121) or "Hiring process",
            steps=_clean_text(form.get("steps"), 10 * STEP_MAX),
            sections={name: _clean_text(form.get(name), SECTION_MAX + 1) for name in SECTION_FIELDS},
            workplace=_clean_text(form.get("workplace"), 10) or "onsite",
            pay_min=_clean_text(form.get("pay_min"), 20).replace(",", ""),
            pay_max=_clean_text(form.get("pay_max"), 20).replace(",", ""),
            pay_currency=_clean_text(form.get("pay_currency"), 5).upper() or "USD",
            pay_unit=_clean_text(form.get("pay_unit"), 10).upper() or "YEAR",
            closes_on=_clean_text(form.get("closes_on"), 12),
            title_es=_clean_text(form.get("title_es"), 201),
            body_es=_clean_text(form.get("body_es"), SPANISH_BODY_MAX + 1),
        )

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    def pay_cents(self) -> tuple[int | None, int | None]:
        return _cents(self.pay_min), _cents(self.pay_max)

    def closing_date(self) -> date | None:
        try:
            return date.fromisoformat(self.closes_on) if len(self.closes_on) == 10 else None
        except ValueError:
            return None

    def closes_at(self) -> datetime | None:
        """The end of the closing day, UTC: the posting still takes applications that day."""
        day = self.closing_date()
        return datetime.combine(day, time(23, 59, 59), tzinfo=UTC) if day else None


def _cents(text: str) -> int | None:
    if not _MONEY.fullmatch(text):
        return None
    try:
        return int(Decimal(text) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        return None


def _pay_errors(data: PostingInput) -> dict[str, str]:
    """Both ends or neither, numbers, min <= max, a currency and a unit from the lists."""
    if not data.pay_min and not data.pay_max:
        return {}
    errors: dict[str, str] = {}
    low, high = data.pay_cents()
    for name, text, cents in (("pay_min", data.pay_min, low), ("pay_max", data.pay_max, high)):
        if not text:
            errors[name] = "Give both ends of the pay range, or neither."
        elif cents is None or cents <= 0 or cents > PAY_MAX_CENTS:
            errors[name] = "Enter an amount such as 120000 or 25.50."
    if not errors and low is not None and high is not None and low > high:
        errors["pay_max"] = "The maximum must not be below the minimum."
    if data.pay_currency not in CURRENCIES:
        errors["pay_currency"] = "Choose a currency."
    if data.pay_unit not in dict(PAY_UNITS):
        errors["pay_unit"] = "Choose per hour, day, week, month or year."
    return errors


def _text_errors(data: PostingInput) -> dict[str, str]:
    """The hiring steps' and the sections' errors (what you'll do is required)."""
    errors: dict[str, str] = {}
    steps = data.step_list()
    if not steps:
        errors["steps"] = "Describe at least one step of the hiring process."
    elif len(steps) > 10 or any(len(s) > STEP_MAX for s in steps):
        errors["steps"] = f"Use at most 10 steps of at most {STEP_MAX} characters."
    for name in SECTION_FIELDS:
        if len(data.sections.get(name, "")) > SECTION_MAX:
            errors[name] = f"Use at most {SECTION_MAX:,} characters."
    if not data.sections.get("what_youll_do"):
        errors["what_youll_do"] = "This field is required."
    return errors


def _closing_errors(data: PostingInput) -> dict[str, str]:
    """The closing date's error: unreadable, or already past for an open posting."""
    if not data.closes_on:
        return {}
    day = data.closing_date()
    if day is None:
        return {"closes_on": "Enter a date as YYYY-MM-DD."}
    if data.status == "open" and day < utcnow().date():
        return {"closes_on": "This date has passed: choose a later one, or close the posting."}
    return {}


def validate(data: PostingInput, *, session: Session) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.title:
        errors["title"] = "This field is required."
    elif len(data.title) > 200:
        errors["title"] = "Use at most 200 characters."
    if session.exec(select(Team.id).where(Team.slug == data.team)).first() is None:
        errors["team"] = "Choose a team."
    if session.exec(select(Office.id).where(Office.slug == data.office)).first() is None:
        errors["office"] = "Choose a location."
    if data.employment_type not in dict(EMPLOYMENT_TYPES):
        errors["employment_type"] = "Choose an employment type."
    if data.status not in STATUSES:
        errors["status"] = "Choose draft, open or closed."
    errors.update(_text_errors(data))
    if data.workplace not in dict(WORKPLACES):
        errors["workplace"] = "Choose at the office or fully remote."
    if len(data.title_es) > 200:
        errors["title_es"] = "Use at most 200 characters."
    if len(data.body_es) > SPANISH_BODY_MAX:
        errors["body_es"] = f"Use at most {SPANISH_BODY_MAX:,} characters."
    elif data.body_es and not data.title_es:
        errors["title_es"] = "Give the Spanish version a title, or leave its text empty."
    errors.update(_pay_errors(data))
    errors.update(_closing_errors(data))
    return errors


class PostingInvalid(Invalid):
    """The posting's fields that need fixing, by field name."""


def _apply(posting: Posting, data: PostingInput, *, session: Session) -> None:
    team = session.exec(select(Team).where(Team.slug == data.team)).one()
    office = session.exec(select(Office).where(Office.slug == data.office)).one()
    posting.title = data.title
    posting.title_es, posting.body_es = data.title_es, data.body_es
    posting.team_id = saved_id(team)
    posting.office_id = saved_id(office)
    posting.employment_type = data.employment_type
    posting.process_name = data.process_name[:120]
    posting.hiring_steps = data.step_list()
    for name in SECTION_FIELDS:
        setattr(posting, name, data.sections.get(name, ""))
    posting.remote = data.workplace == "remote"
    low, high = data.pay_cents()
    has_pay = low is not None and high is not None
    posting.pay_min_cents, posting.pay_max_cents = (low, high) if has_pay else (None, None)
    posting.pay_currency = data.pay_currency if has_pay else ""
    posting.pay_unit = data.pay_unit if has_pay else ""
    posting.closes_at = data.closes_at()
    if data.status == "open" and posting.published_at is None:
        posting.published_at = utcnow()
    posting.status = data.status


def save(data: PostingInput, *, session: Session, slug: str = "") -> str:
    """Create (no slug) or update a posting; returns its slug. Raises PostingInvalid."""
    errors = validate(data, session=session)
    if errors:
        raise PostingInvalid(errors)
    if slug:
        posting = session.exec(select(Posting).where(Posting.slug == slug)).first()
        if posting is None:
            raise PostingInvalid({"title": "This posting no longer exists."})
    else:
        office = session.exec(select(Office).where(Office.slug == data.office)).one()
        base = slugify(f"{data.title} {office.city}") or "posting"
        candidate, n = base, 2
        while session.exec(select(Posting.id).where(Posting.slug == candidate)).first() is not None:
            candidate, n = f"{base}-{n}", n + 1
        posting = Posting(slug=candidate, title="", team_id=0, office_id=0)
    _apply(posting, data, session=session)
    session.add(posting)
    session.flush()
    return posting.slug


def load_input(slug: str, *, session: Session) -> PostingInput | None:
    row = session.exec(
        select(Posting, Team.slug, Office.slug)
        .join(Team, col(Team.id) == col(Posting.team_id))
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(Posting.slug == slug)
    ).first()
    if row is None:
        return None
    posting, team, office = row
    return PostingInput(
        title=posting.title,
        team=team,
        office=office,
        employment_type=posting.employment_type,
        status=posting.status,
        process_name=posting.process_name,
        steps="\n".join(posting.hiring_steps),
        sections={name: getattr(posting, name) for name in SECTION_FIELDS},
        workplace="remote" if posting.remote else "onsite",
        pay_min=_money_text(posting.pay_min_cents),
        pay_max=_money_text(posting.pay_max_cents),
        pay_currency=posting.pay_currency or "USD",
        pay_unit=posting.pay_unit or "YEAR",
        closes_on=posting.closes_at.date().isoformat() if posting.closes_at else "",
        title_es=posting.title_es,
        body_es=posting.body_es,
    )


def _money_text(cents: int | None) -> str:
    if cents is None:
        return ""
    return str(cents // 100) if cents % 100 == 0 else f"{cents // 100}.{cents % 100:02d}"


def choices(*, session: Session) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    teams = [(t.slug, t.name) for t in session.exec(select(Team).order_by(Team.name)).all()]
    offices = [(o.slug, o.name) for o in session.exec(select(Office).order_by(Office.name)).all()]
    return teams, offices
