"""Who may see who an applicant is: the one identity rule, and the applicant as a viewer sees them.

Every channel that shows an application to the hiring team (board cards and frames, the
candidate panel, toasts and bulk messages, emails and notices, calendar invitations,
exports) asks this module, so no channel decides on its own whether to name a blind
candidate. The candidate always sees their own name; the hiring team (recruiters and
admins alike) sees an application of a blind-screening posting as "Candidate #<id>",
without email or phone, while the application is still in screening:

- its posting screens blind (``blind_screening`` row), and
- nobody has revealed it (an ``identity_reveal`` row, written only by
  ``blind_screening.reveal``, which also writes the audit log), and
- it has never been past screening: it is at a screening stage, or was rejected or
  withdrew from one (a rejected blind candidate stays anonymous). The screening stages are
  the posting's own: every stage up to and including Recruiter screen in the posting's
  order (services/postings/stages.py), whatever its key, so a stage an admin adds before Recruiter
  screen screens blind too (a posting that removed Recruiter screen screens through every
  stage before the ends). Moving a card on past them shows the person: a reveal, recorded
  by services/board/transitions.py with this same rule (``shown_by_moving``).

``masked_clause`` is the rule as SQL (for boards, search and sorting, batched);
``may_see_identity`` evaluates that same clause for one application, so the two cannot
disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, select

from careers_app.models import Application, BlindScreening, Candidate, IdentityReveal, StageEvent
from careers_app.services.platform.errors import Refused
from careers_app.services.platform.reference import EXIT_STAGES, Stage
from careers_app.services.postings.stages import no_later_than_clause

# The last screening stage: it and every stage before it in the posting's own order.
LAST_SCREENING_STAGE: str = Stage.RECRUITER_SCREEN.value
# Where an application can end without having left screening (it stays anonymous there).
CLOSED_STAGES: tuple[str, ...] = EXIT_STAGES
# Anonymous whatever a posting's order: its fixed start, Recruiter screen itself, the exits.
ANONYMOUS_EVERYWHERE: tuple[str, ...] = (Stage.APPLIED.value, LAST_SCREENING_STAGE, *CLOSED_STAGES)


class Viewer(StrEnum):
    """Who is looking: anyone on the hiring team (every recruiter and admin, and every email,
    invitation, notice or export sent to them), or the candidate about their own application."""

    HIRING_TEAM = "hiring_team"
    CANDIDATE = "candidate"


def alias(application_id: int) -> str:
    return f"Candidate #{application_id}"


def anonymous_stage_clause(
    posting_id: sa.ColumnElement[int] | Mapped[int], stage: sa.ColumnElement[str] | Mapped[str]
) -> sa.ColumnElement[bool]:
    """True where ``stage`` of that posting keeps a blind candidate anonymous: a screening
    stage of the posting's own order, or an end reached without a hire."""
    return sa.or_(stage.in_(CLOSED_STAGES), no_later_than_clause(posting_id, stage, LAST_SCREENING_STAGE))


def _blind_and_never_shown() -> sa.ColumnElement[bool]:
    """The posting screens blind, nobody revealed the application and its history never
    went past screening (correlated on ``application``)."""
    posting_id = col(Application.posting_id)
    blind = select(BlindScreening.posting_id).where(col(BlindScreening.posting_id) == posting_id).exists()
    revealed = (
        select(IdentityReveal.id).where(col(IdentityReveal.application_id) == col(Application.id)).exists()
    )
    went_further = (
        select(StageEvent.id)
        .where(
            col(StageEvent.application_id) == col(Application.id),
            sa.not_(anonymous_stage_clause(posting_id, col(StageEvent.to_stage))),
        )
        .exists()
    )
    return sa.and_(blind, sa.not_(revealed), sa.not_(went_further))


def masked_clause() -> sa.ColumnElement[bool]:
    """True for an application row (correlated on ``application``) whose identity the hiring
    team may not see now."""
    return sa.and_(
        anonymous_stage_clause(col(Application.posting_id), col(Application.stage)),
        _blind_and_never_shown(),
    )


def _hidden_on(posting_id: int, session: Session) -> set[int]:
    found = session.exec(select(Application.id).where(Application.posting_id == posting_id, masked_clause()))
    return {i for i in found.all() if i is not None}


@contextmanager
def stage_edit_shows_nobody(posting_id: int, *, session: Session) -> Iterator[None]:
    """Around an edit of a posting's stages (add, rename, move, remove): an edit that would
    show a candidate blind screening hides is refused. Which stages screen follows the
    posting's own order, so moving a stage that holds hidden cards past Recruiter screen (or
    Recruiter screen above it) would show them with no reveal recorded; a reveal stays the
    explicit, audited act (the Reveal button, or a move past screening)."""
    before = _hidden_on(posting_id, session)
    yield
    session.flush()
    shown = before - _hidden_on(posting_id, session)
    if shown:
        who = "1 candidate" if len(shown) == 1 else f"{len(shown)} candidates"
        raise Refused(
            f"This would show {who} that blind screening hides. Move them past Recruiter screen "
            "or reveal them on the board first (both are recorded)."
        )


def shown_by_moving(application_ids: list[int], to_stage: str, *, session: Session) -> set[int]:
    """The applications among these that the hiring team may not see now and a move to
    ``to_stage`` would show them (the stage is past screening in each one's posting): what
    services/board/transitions.py records as a reveal. One query, none for a stage that keeps
    everyone anonymous on every posting (the start, Recruiter screen itself, the exits)."""
    if not application_ids or to_stage in ANONYMOUS_EVERYWHERE:
        return set()
    found = session.exec(
        select(Application.id).where(
            col(Application.id).in_(application_ids),
            masked_clause(),
            sa.not_(anonymous_stage_clause(col(Application.posting_id), sa.literal(to_stage))),
        )
    ).all()
    return {i for i in found if i is not None}


def visible_ids(viewer: Viewer, application_ids: list[int], *, session: Session) -> set[int]:
    """The applications among these whose identity this viewer may see now (one query)."""
    wanted = set(application_ids)
    if viewer is Viewer.CANDIDATE or not wanted:
        return wanted
    masked = session.exec(
        select(Application.id).where(col(Application.id).in_(wanted), masked_clause())
    ).all()
    return wanted - {m for m in masked if m is not None}


def may_see_identity(viewer: Viewer, application_id: int, *, session: Session) -> bool:
    """The rule: may this viewer see who made this application, now?"""
    return application_id in visible_ids(viewer, [application_id], session=session)


@dataclass(frozen=True)
class ShownAs:
    """An applicant as one viewer may see them: the name, or the alias and nothing else."""

    application_id: int
    name: str  # "Ada Lovelace", or "Candidate #92"
    first_name: str  # "Ada", or "Candidate #92"
    email: str  # "" when masked
    phone: str  # "" when masked
    masked: bool


def shown_as(viewer: Viewer, application_id: int, *, session: Session) -> ShownAs:
    """What a channel may put in front of this viewer about the applicant (names come from
    the application, the email from the candidate, as on the board)."""
    row = session.exec(
        select(Application, Candidate.email)
        .join(Candidate, col(Candidate.id) == col(Application.candidate_id))
        .where(col(Application.id) == application_id)
    ).first()
    if row is None or not may_see_identity(viewer, application_id, session=session):
        return ShownAs(application_id, alias(application_id), alias(application_id), "", "", masked=True)
    application, email = row
    first, last = application.first_name, application.last_name
    return ShownAs(
        application_id=application_id,
        name=f"{first} {last}".strip(),
        first_name=first,
        email=email,
        phone=application.phone_e164,
        masked=False,
    )
