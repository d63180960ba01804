"""The hiring pipeline: board columns, candidate cards, moves between stages, notes.

Nothing here reads equal-opportunity answers; the board and the candidate panel are
built only from the application, candidate, documents, stage events and notes.

Names, phone and address come from the application itself (what its submitter entered),
never from the shared candidate row, which anyone typing the same email could have
written. Only the email, the candidate's identity, comes from the candidate.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from careers_app import routes
from careers_app.models import Application, Candidate, Document, Note, Office, Posting, StageEvent, User
from careers_app.models.types import utcnow
from careers_app.services.board import transitions
from careers_app.services.candidates.documents import format_size
from careers_app.services.platform.errors import Conflict, Invalid, NotFound, Refused
from careers_app.services.platform.reference import STAGES
from careers_app.services.postings.stages import labels_for, stages_for
from careers_app.services.visibility import blind_screening

STAGE_LABELS = dict(STAGES)
REJECTION_REASONS: tuple[str, ...] = (
    "Not enough relevant experience",
    "Skills do not match the requirements",
    "Another candidate was a better fit",
    "Candidate withdrew",
    "Did not respond",
    "Position filled or closed",
)
# Withdrawn is the candidate's own decision (the status page): recruiters neither set it nor
# move an application out of it; a candidate who changes their mind applies again.
WITHDRAWN = "withdrawn"
WITHDRAWN_BY_CANDIDATE_ONLY = "Only the candidate can withdraw an application (from their status page)."
WITHDRAWN_STAYS = "The candidate withdrew this application; it cannot be moved."


class MoveRefused(Refused):
    """A move the pipeline does not allow (unknown stage, rejection without a reason)."""


class MoveConflict(Conflict):
    """Someone else changed the application first; carries its current state."""

    def __init__(self, card: Card | None) -> None:
        super().__init__("the application was changed by someone else")
        self.card = card


@dataclass(frozen=True)
class Card:
    id: int
    name: str
    stage: str
    version: int
    days_applied: int
    days_in_stage: int
    has_cover_letter: bool
    blind: bool = False  # blind screening hides who this is (name is "Candidate #id")
    scorecards: str = ""  # scorecard summary for the viewer (states fill it in)
    # "Interview Jan 13, 09:00 EST" (services/interviews/interviews.py; states fill it in)
    interview: str = ""


@dataclass(frozen=True)
class PostingCounts:
    slug: str
    title: str
    office: str
    status: str
    total: int
    counts: dict[str, int]


def _days(since: datetime, now: datetime) -> int:
    return max(0, (now - since).days)


@functools.cache  # built once: the identity rule in it is the costly part to build (identity.masked_clause)
def _card_query() -> sa.Select:
    cover = (
        select(func.count())
        .select_from(Document)
        .where(col(Document.application_id) == col(Application.id), Document.kind == "cover_letter")
        .scalar_subquery()
    )
    return sa.select(
        col(Application.id),
        col(Application.first_name),
        col(Application.last_name),
        col(Application.stage),
        col(Application.version),
        col(Application.submitted_at),
        col(Application.stage_changed_at),
        cover,
        blind_screening.hidden_clause().label("hidden"),
    )


def _to_card(row: sa.Row, now: datetime) -> Card:
    app_id, first, last, stage, version, submitted, changed, cover = row[:8]
    hidden = bool(row[8]) if len(row) > 8 else False
    return Card(
        id=app_id,
        name=blind_screening.alias(app_id) if hidden else f"{first} {last}",
        blind=hidden,
        stage=stage,
        version=version,
        days_applied=_days(submitted, now),
        days_in_stage=_days(changed, now),
        has_cover_letter=bool(cover),
    )


def _search_clause(query: str) -> sa.ColumnElement[bool] | None:
    words = [w for w in query.lower().split() if w][:5]
    if not words:
        return None
    clauses = []
    for word in words:
        in_resume = (
            select(Document.id)
            .where(
                col(Document.application_id) == col(Application.id),
                Document.kind == "resume",
                func.lower(Document.text).contains(word, autoescape=True),
            )
            .exists()
        )
        in_name = func.lower(Application.first_name + " " + Application.last_name).contains(
            word, autoescape=True
        )
        clauses.append(blind_screening.search_word_clause(word, in_name, in_resume))
    return sa.and_(*clauses)


def stage_counts(posting_id: int, *, session: Session) -> dict[str, int]:
    """Applications per stage on one board (one grouped query)."""
    rows = session.exec(
        select(Application.stage, func.count())
        .where(Application.posting_id == posting_id)
        .group_by(Application.stage)
    ).all()
    counts = dict.fromkeys((s.key for s in stages_for(posting_id, session=session)), 0)
    counts.update({stage: n for stage, n in rows})
    return counts


def card(
    application_id: int, *, session: Session, posting_id: int | None = None, now: datetime | None = None
) -> Card | None:
    """One card; with ``posting_id``, only if the application belongs to that posting's board."""
    query = _card_query().where(col(Application.id) == application_id)
    if posting_id is not None:
        query = query.where(col(Application.posting_id) == posting_id)
    row = session.execute(query).first()
    return _to_card(row, now or utcnow()) if row else None


def postings_with_counts(*, session: Session) -> list[PostingCounts]:

    rows = session.execute(
        sa.select(
            col(Posting.id),
            col(Posting.slug),
            col(Posting.title),
            col(Office.name),
            col(Posting.status),
            col(Posting.closes_at),
        )
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(col(Posting.status).in_(["open", "closed"]))
        .order_by(col(Posting.title), col(Posting.slug))
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for posting_id, stage, n in session.exec(
        select(Application.posting_id, Application.stage, func.count()).group_by(
            col(Application.posting_id), col(Application.stage)
        )
    ).all():
        counts.setdefault(posting_id, {})[stage] = n
    result = []
    now = utcnow()
    for posting_id, slug, title, office, status, closes_at in rows:
        per = counts.get(posting_id or 0, {})
        if status == "open" and closes_at is not None and closes_at <= now:
            status = "closed"  # past its closing date: closed everywhere
        result.append(
            PostingCounts(
                slug=slug, title=title, office=office, status=status, total=sum(per.values()), counts=per
            )
        )
    result.sort(key=lambda p: (-p.total, p.title))
    return result


def move(
    application_id: int,
    posting_id: int,
    to_stage: str,
    expected_version: int,
    actor: str,
    *,
    session: Session,
    reason: str = "",
    email_delay: timedelta | None = None,
    user_id: int | None = None,
    client_address: str = "",
) -> transitions.Moved:
    """Move one application; the version number makes concurrent moves safe (one wins).
    What moved is returned (its new stage and version); the card as a viewer sees it is
    ``board_view``'s to build (it was built here too, and once more there).

    What the move brings with it (history, emails, interviews cancelled) is decided by
    ``transitions.change_stage``. ``email_delay``: rejecting, queue the rejection email
    due after this delay (the undo window).
    """
    if to_stage not in {s.key for s in stages_for(posting_id, session=session)}:
        raise MoveRefused("This posting has no such stage.")
    if to_stage == WITHDRAWN:
        raise MoveRefused(WITHDRAWN_BY_CANDIDATE_ONLY)
    if to_stage == "rejected" and reason not in REJECTION_REASONS:
        raise MoveRefused("Choose a reason for rejecting.")
    current = session.exec(
        select(Application)
        .where(Application.id == application_id, Application.posting_id == posting_id)
        .execution_options(populate_existing=True)  # the row as it is now, not as loaded before
    ).first()
    if current is None:
        raise NotFound("This application is not on this board.")
    if current.stage == WITHDRAWN:
        raise MoveRefused(WITHDRAWN_STAYS)
    if current.stage == to_stage or current.version != expected_version:
        raise MoveConflict(card(application_id, session=session))
    done = transitions.change_stage(
        [transitions.Seen.of(current)],
        to_stage,
        actor=actor,
        session=session,
        reason=reason,
        rejection_email_delay=email_delay,
        by_user=user_id,
        client_address=client_address,
    )
    if not done.moved:  # changed since it was read: nothing was written
        raise MoveConflict(card(application_id, session=session))
    return done.moved[0]


@dataclass(frozen=True)
class HistoryItem:
    when: str
    text: str


@dataclass(frozen=True)
class NoteItem:
    when: str
    author: str
    body: str


@dataclass(frozen=True)
class DocumentLink:
    id: int
    kind: str
    name: str
    pages: int
    size: str
    label: str = ""  # "Resume" or "Cover letter"
    url: str = ""  # where signed-in recruiters fetch it


@dataclass(frozen=True)
class LinkItem:
    label: str  # "LinkedIn", "GitHub" or "Website"
    url: str  # validated http(s) (validation.validate_link)


@dataclass(frozen=True)
class CandidateDetail:
    application_id: int
    name: str
    email: str
    phone: str
    location: str
    stage: str
    version: int
    submitted: str
    rejection_reason: str
    resume_text: str
    documents: list[DocumentLink]
    history: list[HistoryItem]
    notes: list[NoteItem]
    stage_label: str = ""
    blind: bool = False  # blind screening: identity hidden, resume redacted, PDFs withheld
    links: list[LinkItem] = field(default_factory=list)  # LinkedIn, GitHub, website


NO_CANDIDATE = CandidateDetail(
    application_id=0,
    name="",
    email="",
    phone="",
    location="",
    stage="",
    version=0,
    submitted="",
    rejection_reason="",
    resume_text="",
    documents=[],
    history=[],
    notes=[],
)


def _when(at: datetime) -> str:
    return f"{at:%b} {at.day}, {at:%Y} {at:%H:%M} UTC"


def candidate_detail(application_id: int, posting_id: int, *, session: Session) -> CandidateDetail | None:

    row = session.exec(
        select(Application, Candidate.email)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .where(Application.id == application_id, Application.posting_id == posting_id)
    ).first()
    if row is None:
        return None
    application, email = row
    docs = session.exec(select(Document).where(Document.application_id == application_id)).all()
    events = session.exec(
        select(StageEvent)
        .where(StageEvent.application_id == application_id)
        .order_by(col(StageEvent.at), col(StageEvent.id))
    ).all()
    notes = session.exec(
        select(Note, User)
        .join(User, col(User.id) == col(Note.author_id))
        .where(Note.application_id == application_id)
        .order_by(col(Note.created_at).desc(), col(Note.id).desc())
    ).all()
    place = ", ".join(p for p in (application.city, application.state, application.country) if p)
    labels = labels_for(posting_id, session=session)  # current names, removed stages too
    history = []
    for e in events:
        if e.from_stage is None:
            text = f"Applied ({e.actor})"
        elif e.from_stage == e.to_stage:  # a line in the history, such as corrected contact details
            text = e.reason or "Updated"
        else:
            before = labels.get(e.from_stage, e.from_stage)
            text = f"{before} → {labels.get(e.to_stage, e.to_stage)} by {e.actor}"
            if e.reason:
                text += f": {e.reason}"
        history.append(HistoryItem(when=_when(e.at), text=text))
    for shown in blind_screening.reveals(application_id, session=session):  # at most one
        text = blind_screening.REVEAL_TEXT.format(actor=shown.actor)
        history.insert(sum(e.at <= shown.at for e in events), HistoryItem(when=_when(shown.at), text=text))
    resume = next((d for d in docs if d.kind == "resume"), None)
    detail = CandidateDetail(
        application_id=application_id,
        name=f"{application.first_name} {application.last_name}",
        email=email,
        phone=application.phone_e164,
        location=place,
        stage=application.stage,
        stage_label=labels.get(application.stage, application.stage),
        version=application.version,
        submitted=_when(application.submitted_at),
        rejection_reason=application.rejection_reason,
        resume_text=resume.text if resume else "",
        documents=[
            DocumentLink(
                id=d.id or 0,
                kind=d.kind,
                name=d.original_name,
                pages=d.page_count,
                size=format_size(d.size_bytes),
                label="Resume" if d.kind == "resume" else "Cover letter",
                url=routes.document_url(d.id or 0),
            )
            for d in sorted(docs, key=lambda d: d.kind != "resume")
        ],
        history=history,
        notes=[NoteItem(when=_when(n.created_at), author=u.name, body=n.body) for n, u in notes],
        links=[
            LinkItem(label=label, url=url)
            for label, url in (
                ("LinkedIn", application.linkedin),
                ("GitHub", application.github),
                ("Website", application.website),
            )
            if url
        ],
    )
    if not blind_screening.is_hidden(application_id, session=session):
        return detail
    return dataclasses.replace(
        detail,
        name=blind_screening.alias(application_id),
        email="",
        phone="",
        location="",
        resume_text=resume.redacted_text if resume else "",  # stored once (blind_screening.redacted_text)
        documents=[],
        blind=True,
        links=[],
    )


def add_note(application_id: int, posting_id: int, author_id: int, body: str, *, session: Session) -> None:
    text = body.strip()[:5000] if isinstance(body, str) else ""
    if not text:
        raise Invalid({"note": "Write a note first."}, "Write a note first.")
    exists = session.exec(
        select(Application.id).where(Application.id == application_id, Application.posting_id == posting_id)
    ).first()
    if exists is None:
        raise NotFound("This application is not on this board.")
    session.add(Note(application_id=application_id, author_id=author_id, body=text))
    session.flush()


def document_for_download(document_id: int, *, session: Session) -> Document | None:
    return session.get(Document, document_id)


def posting_id_for_slug(slug: str, *, session: Session) -> tuple[int, str] | None:
    row = session.exec(select(Posting.id, Posting.title).where(Posting.slug == slug)).first()
    return (row[0], row[1]) if row and row[0] is not None else None


def set_posting_status(slug: str, status: str, *, session: Session) -> None:
    """Open or close a posting (a closed posting leaves the job board and refuses applications)."""
    if status not in ("open", "closed"):
        raise Refused("A posting is either open or closed.")
    posting = session.exec(select(Posting).where(Posting.slug == slug)).first()
    if posting is None:
        raise NotFound("No such posting.")
    posting.status = status
    if status == "open" and posting.published_at is None:
        posting.published_at = utcnow()
    session.add(posting)
    session.flush()
