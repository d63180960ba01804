"""Finding and showing postings: the board's filters, the posting page and its JSON-LD."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app import i18n
from careers_app.models import Office, Posting, Team
from careers_app.models.types import utcnow
from careers_app.services.postings import hiring_steps, job_schema

MAX_QUERY_LENGTH = 100  # longer keyword searches are cut, never refused
_FILTER_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:160]


def open_clause(now: datetime | None = None) -> sa.ColumnElement[bool]:
    """Open and not past its closing date: a posting closes itself when the date passes,
    with no job to run, because every public query asks this."""
    moment = now or utcnow()
    return sa.and_(
        col(Posting.status) == "open",
        sa.or_(col(Posting.closes_at).is_(None), col(Posting.closes_at) > moment),
    )


def is_open(posting: Posting, now: datetime | None = None) -> bool:
    """The same rule as ``open_clause`` for a row already read."""
    return is_open_values(posting.status, posting.closes_at, now)


def is_open_values(status: str, closes_at: datetime | None, now: datetime | None = None) -> bool:
    """``is_open`` for the two columns alone (queries that read only what they need)."""
    return status == "open" and (closes_at is None or closes_at > (now or utcnow()))


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
    employment_label: str = ""  # "Full-time"
    pay: str = ""  # "$150,000 – $210,000 a year", or ""
    closes: str = ""  # ISO date applications close, or ""
    remote: bool = False
    description: str = ""  # plain text for meta description and Open Graph
    language: str = "en"  # the language of the title and text shown (i18n.py)
    has_spanish: bool = False  # the posting has a Spanish version (hreflang alternates)


_TEXT_COLUMNS = (
    Posting.title,
    Posting.who_we_are,
    Posting.what_youll_do,
    Posting.who_you_are,
    Posting.requirements,
    Posting.desired,
    Posting.title_es,  # a keyword finds a posting by its Spanish version too
    Posting.body_es,
)


def _keyword_clause(q: str) -> sa.ColumnElement[bool]:
    """Every word must appear somewhere in the title or text (case-insensitive)."""
    clauses = []
    for word in q.lower().split()[:10]:
        clauses.append(sa.or_(*(sa.func.lower(col).contains(word, autoescape=True) for col in _TEXT_COLUMNS)))
    return sa.and_(*clauses)


def search_board(filters: BoardFilters, *, session: Session, lang: str = i18n.DEFAULT) -> BoardResult:
    """The board's postings for ``filters``; titles in ``lang`` where a posting has them."""
    open_only = open_clause()
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
                title=localized_title(p, lang),
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


def has_spanish(posting: Posting) -> bool:
    """A Spanish version exists once it has a title (the body may follow)."""
    return bool(posting.title_es.strip())


def content_language(posting: Posting, lang: str) -> str:
    """The language a reader of ``lang`` gets the posting's own text in: its Spanish version
    when asked for Spanish and there is one, English otherwise."""
    return "es" if i18n.supported(lang) == "es" and has_spanish(posting) else "en"


def localized_title(posting: Posting, lang: str) -> str:
    return title_in(posting.title, posting.title_es, lang)


def title_in(title: str, title_es: str, lang: str) -> str:
    """``localized_title`` for the two columns alone (a Spanish version has a title)."""
    return title_es.strip() if i18n.supported(lang) == "es" and title_es.strip() else title


def spanish_sections(body: str) -> list[Section]:
    """The Spanish body: "## " lines start sections (text before the first has no heading)."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        if line.strip().startswith("## "):
            parts.append((line.strip()[3:].strip(), []))
        else:
            parts[-1][1].append(line)
    sections = [Section.parse(heading, "\n".join(lines)) for heading, lines in parts]
    return [s for s in sections if s.paragraphs or s.bullets]


def localized_sections(posting: Posting, lang: str) -> list[Section]:
    if content_language(posting, lang) == "es":
        return spanish_sections(posting.body_es)
    return posting_sections(posting)


def get_open_posting(
    slug: str,
    *,
    session: Session,
    company: str,
    base_url: str,
    now: datetime | None = None,
    lang: str = i18n.DEFAULT,
) -> PostingView | None:
    """The public view of an open posting, or None (unknown, draft, closed or past its closing
    date): its Spanish version for a Spanish reader when it has one; ``lang`` also gives the
    employment type and pay unit's words."""
    if not isinstance(slug, str) or not slug or len(slug) > 160:
        return None
    row = session.exec(
        select(Posting, Team, Office)
        .join(Team, col(Team.id) == col(Posting.team_id))
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(Posting.slug == slug[:160], open_clause(now))
    ).first()
    if row is None:
        return None
    posting, team, office = row
    language = content_language(posting, lang)
    title = localized_title(posting, lang)
    sections = localized_sections(posting, lang)
    pay = posting_pay(posting)
    facts = job_schema.JobFacts(
        slug=posting.slug,
        title=title,
        description_html=sections_html(sections),
        date_posted=posting.published_at.date().isoformat() if posting.published_at else "",
        employment_type=posting.employment_type,
        city=office.city,
        region=office.region,
        country_code=office.country_code,
        remote=posting.remote,
        pay=pay,
        closes_at=posting.closes_at,
        street_address=office.street_address,
        postal_code=office.postal_code,
        language=language,
    )
    base = base_url.rstrip("/")
    employment = dict(job_schema.EMPLOYMENT_TYPES).get(posting.employment_type, "")
    return PostingView(
        slug=posting.slug,
        title=title,
        team=team.name,
        team_slug=team.slug,
        office=f"Remote ({office.country_code})" if posting.remote else office.name,
        employment_type=posting.employment_type,
        published=facts.date_posted,
        sections=sections,
        process_name=hiring_steps.shown(posting.process_name, lang),
        steps=hiring_steps.steps_in(posting.hiring_steps, lang),  # the standard ones translated
        json_ld=job_schema.json_ld(
            facts, company=company, base_url=base, logo_url=base + job_schema.LOGO_PATH
        ),
        employment_label=i18n.translate(lang, employment) if employment else "",
        pay=pay.text(lang) if pay else "",
        closes=posting.closes_at.date().isoformat() if posting.closes_at else "",
        remote=posting.remote,
        description=_summary(sections, title, company),
        language=language,
        has_spanish=has_spanish(posting),
    )


def posting_pay(posting: Posting) -> job_schema.Pay | None:
    if posting.pay_min_cents is None or posting.pay_max_cents is None or not posting.pay_currency:
        return None
    return job_schema.Pay(
        posting.pay_min_cents, posting.pay_max_cents, posting.pay_currency, posting.pay_unit
    )


def _summary(sections: list[Section], title: str, company: str, limit: int = 200) -> str:
    """The first words of the posting, for a search result's snippet and link previews."""
    words = " ".join(p for s in sections for p in [*s.paragraphs, *s.bullets]).split()
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > limit - 1:
            return text + "…"
        text = f"{text} {word}".strip()
    return text or f"{title} at {company}"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section_html(section: Section) -> str:
    html = f"<h3>{_html(section.heading)}</h3>"
    html += "".join(f"<p>{_html(p)}</p>" for p in section.paragraphs)
    if section.bullets:
        html += "<ul>" + "".join(f"<li>{_html(b)}</li>" for b in section.bullets) + "</ul>"
    return html


def public_state(slug: object, *, session: Session, now: datetime | None = None) -> str:
    """ "open", "gone" (closed or past its closing date: HTTP 410) or "unknown" (no such
    posting, or a draft, which was never public: HTTP 404)."""
    if not isinstance(slug, str) or not slug or len(slug) > 160:
        return "unknown"
    posting = session.exec(select(Posting).where(Posting.slug == slug)).first()
    if posting is None or posting.status == "draft" or posting.published_at is None:
        return "unknown"
    return "open" if is_open(posting, now) else "gone"


def posting_sections(posting: Posting) -> list[Section]:
    return [
        Section.parse(heading, getattr(posting, attr))
        for attr, heading in SECTION_HEADINGS
        if getattr(posting, attr).strip()
    ]


def sections_html(sections: list[Section]) -> str:
    """The posting's text as simple HTML (JSON-LD description, job feed)."""
    return "".join(_section_html(section) for section in sections)
