"""Admins write postings: validated input, unique slugs, and the same shape for create and edit."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from sqlmodel import Session, select

from careers_app.models import Office, Posting, Team
from careers_app.models.types import utcnow
from careers_app.services.errors import Invalid
from careers_app.services.postings import SECTION_HEADINGS, slugify
from careers_app.services.reference import PostingStatus

EMPLOYMENT_TYPES: tuple[tuple[str, str], ...] = (
    ("FULL_TIME", "Full-time"),
    ("PART_TIME", "Part-time"),
    ("CONTRACTOR", "Contractor"),
    ("TEMPORARY", "Temporary"),
    ("INTERN", "Internship"),
)
STATUSES: tuple[str, ...] = tuple(PostingStatus)
SECTION_FIELDS: tuple[str, ...] = tuple(attr for attr, _ in SECTION_HEADINGS)
SECTION_MAX = 10_000
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
        )

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


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


class PostingInvalid(Invalid):
    """The posting's fields that need fixing, by field name."""


def _apply(posting: Posting, data: PostingInput, *, session: Session) -> None:
    team = session.exec(select(Team).where(Team.slug == data.team)).one()
    office = session.exec(select(Office).where(Office.slug == data.office)).one()
    posting.title = data.title
    posting.team_id = team.id  # type: ignore[assignment]
    posting.office_id = office.id  # type: ignore[assignment]
    posting.employment_type = data.employment_type
    posting.process_name = data.process_name[:120]
    posting.hiring_steps = data.step_list()
    for name in SECTION_FIELDS:
        setattr(posting, name, data.sections.get(name, ""))
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
        .join(Team, Team.id == Posting.team_id)  # type: ignore[arg-type]
        .join(Office, Office.id == Posting.office_id)  # type: ignore[arg-type]
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
    )


def choices(*, session: Session) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    teams = [(t.slug, t.name) for t in session.exec(select(Team).order_by(Team.name)).all()]
    offices = [(o.slug, o.name) for o in session.exec(select(Office).order_by(Office.name)).all()]
    return teams, offices
