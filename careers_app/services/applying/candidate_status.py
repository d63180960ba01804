"""What a candidate sees and does on their status page: their applications with a
candidate-facing stage, withdrawing one, and correcting their contact details.

Everything here takes the candidate id that ``candidate_access.candidate_for_token``
returned for the link's token in the same unit of work, never an id from a browser, and
returns only what the person may see: posting title, date applied, a candidate-facing
stage. Never notes, rejection reasons, scorecards or who moved an application.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from babel.dates import format_date
from sqlmodel import Session, col, select

from careers_app import i18n
from careers_app.i18n import N_
from careers_app.models import Application, Candidate, Posting, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.board import transitions
from careers_app.services.candidates.validation import APPLICANT_FIELDS, validate_applicant
from careers_app.services.platform.errors import Conflict, Invalid, NotFound, Refused
from careers_app.services.platform.reference import END_STAGES, STAGE_KEYS, Stage
from careers_app.services.postings import stages

# Candidate-facing labels of the default stages. A stage a posting added itself (custom
# pipelines) is not listed: ``candidate_stage`` places it by its position instead.
RECEIVED, IN_REVIEW, INTERVIEWING = N_("Received"), N_("In review"), N_("Interviewing")
OFFER, HIRED, NOT_SELECTED, WITHDRAWN = N_("Offer"), N_("Hired"), N_("Not selected"), N_("Withdrawn")
CANDIDATE_LABELS: dict[str, str] = {
    Stage.APPLIED: RECEIVED,
    Stage.RECRUITER_SCREEN: IN_REVIEW,
    Stage.PHONE_INTERVIEW: INTERVIEWING,
    Stage.ONSITE: INTERVIEWING,
    Stage.OFFER: OFFER,
    Stage.HIRED: HIRED,
    Stage.REJECTED: NOT_SELECTED,
    Stage.WITHDRAWN: WITHDRAWN,
}
# Stages an application does not leave by a recruiter's move (withdrawn) or at all here.
CLOSED_STAGES = frozenset(END_STAGES)
# The status page does not change the email address. A link proves control of the address
# it was sent to, not of a new one: taking any unused address here would let someone read
# what was kept under it (drafts, emails) and join that person's later applications to their
# own link. One answer for every address, so the form tells nobody which have applied.
EMAIL_FIXED = N_(
    "Your email address cannot be changed here. To be reached at another address, apply with it."
)
CONTACT_UPDATED = "Candidate updated contact details"  # the history line recruiters read


def candidate_stage(stage: str, pipeline: Sequence[str] = STAGE_KEYS) -> str:
    """The label a candidate reads for a stage key.

    ``pipeline`` is the posting's stage keys in board order (the default template unless
    the posting has its own). A key without a label of its own (a custom stage) is placed
    by position between the fixed ends: right after the start it is "In review"; after an
    offer stage, "Offer"; any other middle stage, "Interviewing". A key the pipeline does
    not know either reads "In review", which promises nothing.
    """
    if stage in CANDIDATE_LABELS:
        return CANDIDATE_LABELS[stage]
    if stage not in pipeline:
        return IN_REVIEW
    index = list(pipeline).index(stage)
    if index <= 1:
        return IN_REVIEW
    before = [CANDIDATE_LABELS.get(key) for key in list(pipeline)[1:index]]
    if OFFER in before:
        return OFFER
    return INTERVIEWING


@dataclass(frozen=True)
class StatusItem:
    """One application as its candidate sees it. ``id`` is checked again on every use."""

    id: int
    title: str
    applied: str  # "November 29, 2026"
    stage: str  # candidate-facing label
    can_withdraw: bool


@dataclass(frozen=True)
class ContactDetails:
    first_name: str
    last_name: str
    email: str
    phone: str
    address: str
    city: str
    state: str
    country: str
    zip_code: str


def _date(at: datetime, lang: str = i18n.DEFAULT) -> str:
    if lang != i18n.DEFAULT:  # "29 de noviembre de 2026"
        return format_date(at, format="long", locale=lang)
    return f"{at:%B} {at.day}, {at:%Y}"


def applications_for(candidate_id: int, *, session: Session, lang: str = i18n.DEFAULT) -> list[StatusItem]:
    """The candidate's applications, newest first; labels, dates and titles in ``lang``."""
    lang = i18n.supported(lang) or i18n.DEFAULT
    rows = session.execute(
        sa.select(
            col(Application.id),
            col(Application.stage),
            col(Application.submitted_at),
            col(Posting.title),
            col(Posting.id),
            col(Posting.title_es),
        )
        .join(Posting, col(Posting.id) == col(Application.posting_id))
        .where(col(Application.candidate_id) == candidate_id)
        .order_by(col(Application.submitted_at).desc(), col(Application.id).desc())
    ).all()
    pipelines = {
        posting_id: stages.stage_keys_for(posting_id, session=session)
        for posting_id in {row[4] for row in rows if row[4] is not None}
    }
    return [
        StatusItem(
            id=app_id or 0,
            title=title_es.strip()
            if lang == "es" and title_es.strip()
            else title,  # postings.localized_title
            applied=_date(submitted, lang),
            stage=i18n.translate(lang, candidate_stage(stage, pipelines.get(posting_id or 0, STAGE_KEYS))),
            can_withdraw=stage not in CLOSED_STAGES,
        )
        for app_id, stage, submitted, title, posting_id, title_es in rows
    ]


def contact_details(candidate_id: int, *, session: Session) -> ContactDetails:
    """The details shown for correction: the latest application's, which the person typed last."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(N_("This link no longer opens any applications."))
    latest = session.exec(
        select(Application)
        .where(Application.candidate_id == candidate_id)
        .order_by(col(Application.submitted_at).desc(), col(Application.id).desc())
    ).first()
    source = latest or candidate
    return ContactDetails(
        first_name=source.first_name,
        last_name=source.last_name,
        email=candidate.email,
        phone=source.phone_e164,
        address=source.address,
        city=source.city,
        state=source.state,
        country=source.country,
        zip_code=source.zip_code,
    )


@dataclass(frozen=True)
class Withdrawn:
    application_id: int
    posting_id: int
    posting_title: str
    first_name: str
    email: str


def withdraw(
    candidate_id: int, application_id: int, *, session: Session, now: datetime | None = None
) -> Withdrawn:
    """Close one of this candidate's applications as withdrawn (a stage event, actor "candidate").

    The same change as a recruiter's move (``transitions.change_stage``: a guarded
    ``UPDATE ... WHERE version = ?``), so a move and a withdrawal at the same moment cannot
    both win, and what follows a withdrawal is decided there.
    """
    row = session.exec(
        select(Application, Posting.title)
        .join(Posting, col(Posting.id) == col(Application.posting_id))
        .where(Application.id == application_id, Application.candidate_id == candidate_id)
    ).first()
    if row is None:
        raise NotFound(N_("That application is not one of yours."))
    application, title = row
    if application.stage in CLOSED_STAGES:
        raise Refused(N_("This application is already closed; there is nothing to withdraw."))
    posting_id, first_name = application.posting_id, application.first_name
    done = transitions.change_stage(
        [transitions.Seen.of(application)], Stage.WITHDRAWN, actor="candidate", session=session, now=now
    )  # the stage event, the interview cancelled in both calendars, the confirmation email
    if not done.moved:
        raise Conflict(N_("Your application was just updated; please try again."))
    candidate = session.get(Candidate, candidate_id)
    return Withdrawn(
        application_id=application_id,
        posting_id=posting_id,
        posting_title=title,
        first_name=first_name,
        email=candidate.email if candidate else "",
    )


@dataclass(frozen=True)
class Corrected:
    application_ids: list[int]


def correct_details(
    candidate_id: int, data: Mapping[str, object], *, session: Session, now: datetime | None = None
) -> Corrected:
    """Apply validated contact details to the candidate and to every one of their applications.

    The status link proves control of the email it was sent to, so this is the one path that
    may change the shared candidate row; the email itself stays (EMAIL_FIXED). Each
    application gets a history line without the values.
    Raises ``Invalid`` with a message per field (the wizard's own validators).
    """
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(N_("This link no longer opens any applications."))
    fields = {name: data.get(name, "") for name in APPLICANT_FIELDS}
    sent_email = fields.get("email")
    fields["email"] = candidate.email  # fixed here (EMAIL_FIXED); the rest is checked as typed
    clean, errors = validate_applicant(fields)
    if isinstance(sent_email, str) and sent_email.strip().lower() != candidate.email.lower():
        errors = {**errors, "email": EMAIL_FIXED}
    if errors or clean is None:
        raise Invalid(errors, N_("Some details need attention."))
    contact = {
        "first_name": clean.first_name,
        "last_name": clean.last_name,
        "phone_e164": clean.phone_e164,
        "address": clean.address,
        "city": clean.city,
        "state": clean.state,
        "country": clean.country,
        "zip_code": clean.zip_code,
    }
    for key, value in contact.items():
        setattr(candidate, key, value)
    session.add(candidate)
    now = now or utcnow()
    applications = session.exec(select(Application).where(Application.candidate_id == candidate_id)).all()
    for application in applications:
        for key, value in contact.items():
            setattr(application, key, value)
        application.version += 1  # a board showing the old card refreshes it
        session.add(application)
        session.add(
            StageEvent(
                application_id=application.id or 0,
                from_stage=application.stage,
                to_stage=application.stage,
                actor="candidate",
                reason=CONTACT_UPDATED,
                at=now,
            )
        )
    session.flush()
    return Corrected(application_ids=[a.id or 0 for a in applications])


def posting_ids(application_ids: Sequence[int], *, session: Session) -> dict[int, int]:
    """Application id -> posting id, to tell each board which card changed."""
    if not application_ids:
        return {}
    rows = session.exec(
        select(Application.id, Application.posting_id).where(col(Application.id).in_(list(application_ids)))
    ).all()
    return {app_id or 0: posting_id for app_id, posting_id in rows}
