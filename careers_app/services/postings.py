"""Finding and showing postings: the board's filters, the posting page and its JSON-LD."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app.models import Office, Posting, Team

MAX_QUERY_LENGTH = 100  # longer keyword searches are cut, never refused
_FILTER_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:160]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int = 0


@dataclass(frozen=True)
class BoardFilters:
    """What the board shows; built from untrusted URL parameters by ``clean``."""

    team: str = ""
    office: str = ""
    q: str = ""

    @classmethod
    def clean(cls, team: object = "", office: object = "", q: object = "") -> BoardFilters:
        def slug(value: object) -> str:
            text = str(value or "").strip().lower()
            return text if _FILTER_SLUG.match(text) else ""

        query = " ".join(str(q or "").split())[:MAX_QUERY_LENGTH]
        query = "".join(ch for ch in query if unicodedata.category(ch)[0] != "C")
        return cls(team=slug(team), office=slug(office), q=query)


@dataclass(frozen=True)
class PostingSummary:
    slug: str
    title: str
    team: str
    office: str
    published: str  # ISO date


@dataclass(frozen=True)
class BoardResult:
    postings: list[PostingSummary]
    teams: list[Option]
    offices: list[Option]
    total_open: int
    unknown_team: bool = False
    unknown_office: bool = False


@dataclass(frozen=True)
class Section:
    """A posting section: Markdown restricted to paragraphs and "- " bullets."""

    heading: str
    paragraphs: list[str]
    bullets: list[str]

    @classmethod
    def parse(cls, heading: str, markdown: str) -> Section:
        lines = [line.strip() for line in markdown.splitlines() if line.strip()]
        return cls(
            heading=heading,
            paragraphs=[line for line in lines if not line.startswith("- ")],
            bullets=[line[2:].strip() for line in lines if line.startswith("- ")],
        )


@dataclass(frozen=True)
class PostingView:
    slug: str
    title: str
    team: str
    team_slug: str
    office: str
    employment_type: str
    published: str
    sections: list[Section] = field(default_factory=list)
    process_name: str = ""
    steps: list[str] = field(default_factory=list)
    json_ld: str = ""


_TEXT_COLUMNS = (
    Posting.title,
    Posting.who_we_are,
    Posting.what_youll_do,
    Posting.who_you_are,
    Posting.requirements,
    Posting.desired,
)


def _keyword_clause(q: str) -> sa.ColumnElement[bool]:
    """Every word must appear somewhere in the title or text (case-insensitive)."""
    clauses = []
    for word in q.lower().split()[:10]:
        clauses.append(sa.or_(*(sa.func.lower(col).contains(word, autoescape=True) for col in _TEXT_COLUMNS)))
    return sa.and_(*clauses)


def search_board(filters: BoardFilters, *, session: Session) -> BoardResult:
    open_only = Posting.status == "open"
    teams_all = session.exec(select(Team).order_by(Team.name)).all()
    offices_all = session.exec(select(Office).order_by(Office.name)).all()
    team = next((t for t in teams_all if t.slug == filters.team), None)
    office = next((o for o in offices_all if o.slug == filters.office), None)

    stmt = (
        select(Posting, col(Team.name), col(Office.name))
        .join(Team, col(Team.id) == col(Posting.team_id))
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(open_only)
    )
    if filters.team:
        stmt = stmt.where(Posting.team_id == (team.id if team else -1))
    if filters.office:
        stmt = stmt.where(Posting.office_id == (office.id if office else -1))
    if filters.q:
        stmt = stmt.where(_keyword_clause(filters.q))
    stmt = stmt.order_by(Posting.published_at.desc(), Posting.title)  # type: ignore[union-attr]
    rows = session.exec(stmt).all()

    team_counts = dict(
        session.exec(
            select(Posting.team_id, sa.func.count()).where(open_only).group_by(col(Posting.team_id))
        ).all()
    )
    office_counts = dict(
        session.exec(
            select(Posting.office_id, sa.func.count()).where(open_only).group_by(col(Posting.office_id))
        ).all()
    )
    return BoardResult(
        postings=[
            PostingSummary(
                slug=p.slug,
                title=p.title,
                team=team_name,
                office=office_name,
                published=p.published_at.date().isoformat() if p.published_at else "",
            )
            for p, team_name, office_name in rows
        ],
        teams=[
            Option(t.slug, t.name, team_counts.get(t.id or 0, 0))
            for t in teams_all
            if team_counts.get(t.id or 0)
        ],
        offices=[
            Option(o.slug, o.name, office_counts.get(o.id or 0, 0))
            for o in offices_all
            if office_counts.get(o.id or 0)
        ],
        total_open=sum(team_counts.values()),
        unknown_team=bool(filters.team) and team is None,
        unknown_office=bool(filters.office) and office is None,
    )


SECTION_HEADINGS = (
    ("who_we_are", "Who we are"),
    ("what_youll_do", "What you’ll do"),
    ("who_you_are", "Who you are"),
    ("requirements", "Requirements"),
    ("desired", "Desired"),
)


def get_open_posting(slug: str, *, session: Session, company: str, base_url: str) -> PostingView | None:
    """The public view of an open posting, or None (unknown, draft or closed)."""
    if not isinstance(slug, str) or not slug or len(slug) > 160:
        return None
    row = session.exec(
        select(Posting, Team, Office)
        .join(Team, col(Team.id) == col(Posting.team_id))
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(Posting.slug == slug[:160], Posting.status == "open")
    ).first()
    if row is None:
        return None
    posting, team, office = row
    sections = [
        Section.parse(heading, getattr(posting, attr))
        for attr, heading in SECTION_HEADINGS
        if getattr(posting, attr).strip()
    ]
    return PostingView(
        slug=posting.slug,
        title=posting.title,
        team=team.name,
        team_slug=team.slug,
        office=office.name,
        employment_type=posting.employment_type,
        published=posting.published_at.date().isoformat() if posting.published_at else "",
        sections=sections,
        process_name=posting.process_name,
        steps=list(posting.hiring_steps),
        json_ld=job_posting_json_ld(posting, office, company=company, base_url=base_url, sections=sections),
    )


def job_posting_json_ld(
    posting: Posting, office: Office, *, company: str, base_url: str, sections: list[Section]
) -> str:
    """schema.org JobPosting for Google for Jobs, safe to embed in a <script> element."""
    description = "".join(_section_html(section) for section in sections)
    address: dict[str, str] = {
        "@type": "PostalAddress",
        "addressLocality": office.city,
        "addressCountry": office.country_code,
    }
    if office.region:
        address["addressRegion"] = office.region
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": description,
        "datePosted": posting.published_at.date().isoformat() if posting.published_at else None,
        "employmentType": posting.employment_type,
        "hiringOrganization": {"@type": "Organization", "name": company, "sameAs": base_url},
        "jobLocation": {"@type": "Place", "address": address},
        "identifier": {"@type": "PropertyValue", "name": company, "value": posting.slug},
        "url": f"{base_url}/jobs/{posting.slug}",
        "directApply": True,
    }
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the <script> element or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section_html(section: Section) -> str:
    html = f"<h3>{_html(section.heading)}</h3>"
    html += "".join(f"<p>{_html(p)}</p>" for p in section.paragraphs)
    if section.bullets:
        html += "<ul>" + "".join(f"<li>{_html(b)}</li>" for b in section.bullets) + "</ul>"
    return html
