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

The person is blind, not one application: an application is also masked while ANOTHER
application of the same person is masked by the rule above (its own rule), whatever that
one's posting, so an open posting's card, panel or search cannot name someone a blind
posting hides (searching the open board for a word of the blind card's redacted resume
would). The same person: the same candidate row (the same email), or a resume with the same
bytes (``document.sha256``) or the same words (``document.text_sha256``: its extracted text
casefolded, whitespace collapsed; services/candidates/documents.py ``text_sha256``), so the
same PDF re-saved, re-exported or changed by a byte under another email is still them. Its
limit: a resume rewritten (a word changed, reordered, another template whose text comes out
differently) under another email is another person to this rule, and documents with no
extracted text (scans) never link. One hop: applications linked only through a third are
not linked. So a reveal is of the person (``blind_screening.reveal``: every application whose
own rule masks the one revealed, ``blinding_ids``), and a move shows a card only when every
application blinding its person leaves screening with it (``shown_by_moving``).

``masked_clause`` is the rule as SQL (for boards, search and sorting, batched);
``may_see_identity`` evaluates that same clause for one application, so the two cannot
disagree; ``shown_by_moving`` and ``blinding_ids`` are built from the same parts
(``_own_rule``, ``_same_person``, ``_person_rule``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, aliased
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from careers_app.models import Application, BlindScreening, Candidate, Document, IdentityReveal, StageEvent
from careers_app.services.platform.errors import Refused
from careers_app.services.platform.reference import EXIT_STAGES, Stage
from careers_app.services.postings.stages import no_later_than_clause

# The last screening stage: it and every stage before it in the posting's own order.
LAST_SCREENING_STAGE: str = Stage.RECRUITER_SCREEN.value
# Where an application can end without having left screening (it stays anonymous there).
CLOSED_STAGES: tuple[str, ...] = EXIT_STAGES
# Anonymous whatever a posting's order: its fixed start, Recruiter screen itself, the exits.
ANONYMOUS_EVERYWHERE: tuple[str, ...] = (Stage.APPLIED.value, LAST_SCREENING_STAGE, *CLOSED_STAGES)


# An application in a clause: ``Application`` itself (correlated on ``application``) or an
# ``aliased(Application)`` (its columns are untyped to mypy, the class's are Python types).
_App: TypeAlias = Any
_Stage = sa.ColumnElement[str] | Mapped[str]


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


def _own_rule(app: _App, stage: _Stage) -> sa.ColumnElement[bool]:
    """The rule of one application on its own (``app``: ``Application`` itself, correlated on
    ``application``, or an alias of it inside a subquery), with ``stage`` as its stage: the
    stage keeps a blind candidate anonymous, the posting screens blind, nobody revealed the
    application and its history never went past screening."""
    posting_id = app.posting_id
    blind = (
        select(BlindScreening.posting_id)
        .where(col(BlindScreening.posting_id) == posting_id)
        .correlate_except(BlindScreening)
        .exists()
    )
    revealed = (
        select(IdentityReveal.id)
        .where(col(IdentityReveal.application_id) == app.id)
        .correlate_except(IdentityReveal)
        .exists()
    )
    went_further = (
        select(StageEvent.id)
        .where(
            col(StageEvent.application_id) == app.id,
            sa.not_(anonymous_stage_clause(posting_id, col(StageEvent.to_stage))),
        )
        .correlate_except(StageEvent)
        .exists()
    )
    return sa.and_(anonymous_stage_clause(posting_id, stage), blind, sa.not_(revealed), sa.not_(went_further))


def _same_person_ids() -> sa.CompoundSelect:
    """The ids of the applications of the same person as ``application`` (itself included):
    the same candidate row (the same email), or a resume with the same bytes (sha256) or the
    same words (text_sha256: the extracted text normalised, NULL for none, and NULL never
    equals NULL). Correlated on ``application``; each part reads its own index
    (application.candidate_id; document.application_id with document.sha256 or
    document.text_sha256), and the rule is written once for them."""
    same = aliased(Application)
    by_candidate = (
        select(col(same.id))
        .where(col(same.candidate_id) == col(Application.candidate_id))
        .correlate_except(same)
    )

    def by_resume(digest: Callable[[Any], Any]) -> SelectOfScalar[int]:
        mine, theirs = aliased(Document), aliased(Document)
        return (
            select(col(theirs.application_id))
            .join(mine, digest(mine) == digest(theirs))
            .where(
                col(mine.application_id) == col(Application.id),
                mine.kind == "resume",
                theirs.kind == "resume",
            )
            .correlate_except(mine, theirs)
        )

    return sa.union_all(
        by_candidate,
        by_resume(lambda doc: col(doc.sha256)),
        by_resume(lambda doc: col(doc.text_sha256)),
    )


def _same_person(other: _App) -> sa.ColumnElement[bool]:
    """``other`` (an alias) is an application of the same person as ``application``, or it."""
    return col(other.id).in_(_same_person_ids())


def _person_rule(stage_of: Callable[[_App], _Stage]) -> sa.ColumnElement[bool]:
    """The person is blind: the application's own rule holds, or that of another application
    of the same person, each with the stage ``stage_of`` gives it."""
    other = aliased(Application)
    another_blind = (
        select(other.id)
        .where(_same_person(other), other.id != col(Application.id), _own_rule(other, stage_of(other)))
        .correlate_except(other)
        .exists()
    )
    return sa.or_(_own_rule(Application, stage_of(Application)), another_blind)


@functools.cache
def own_masked_clause() -> sa.ColumnElement[bool]:
    """True for an application (correlated on ``application``) hidden by its own rule alone
    (module doc), the one a reveal ends: what a reveal or turning blind screening off writes
    a reveal row for. Built once per process (``masked_clause``)."""
    return _own_rule(Application, col(Application.stage))


@functools.cache
def masked_clause() -> sa.ColumnElement[bool]:
    """True for an application row (correlated on ``application``) whose identity the hiring
    team may not see now: its own rule holds, or that of another application of the same
    person (module doc).

    Built once per process: its aliases and correlated subqueries took 10-20 ms of CPU to
    build, on every board load, card and move (bench/hot_paths.py), and a SQL construct is
    immutable, so every statement can hold the same one (it is correlated on ``application``
    and depends on nothing but the schema; what changes is in the rows it reads)."""
    return _person_rule(lambda app: app.stage)


def _hidden_near(posting_id: int, session: Session) -> set[int]:
    """The hidden applications of the posting and of the same people on other postings (a
    stage edit here can end the own rule of an application here, and so show its person)."""
    here = aliased(Application)
    person_here = (
        select(here.id)
        .where(here.posting_id == posting_id, _same_person(here))
        .correlate_except(here)
        .exists()
    )
    found = session.exec(select(Application.id).where(person_here, masked_clause()))
    return {i for i in found.all() if i is not None}


@contextmanager
def stage_edit_shows_nobody(posting_id: int, *, session: Session) -> Iterator[None]:
    """Around an edit of a posting's stages (add, rename, move, remove): an edit that would
    show a candidate blind screening hides is refused. Which stages screen follows the
    posting's own order, so moving a stage that holds hidden cards past Recruiter screen (or
    Recruiter screen above it) would show them with no reveal recorded; a reveal stays the
    explicit, audited act (the Reveal button, or a move past screening)."""
    before = _hidden_near(posting_id, session)
    yield
    session.flush()
    shown = before - _hidden_near(posting_id, session)
    if shown:
        who = "1 candidate" if len(shown) == 1 else f"{len(shown)} candidates"
        raise Refused(
            f"This would show {who} that blind screening hides. Move them past Recruiter screen "
            "or reveal them on the board first (both are recorded)."
        )


@functools.cache
def _shown_by_moving_clause() -> sa.ColumnElement[bool]:
    """Masked now and not once the applications ``:moved`` are at ``:to_stage``: the person
    rule with each moved application's stage as the move leaves it (a stage past screening
    also ends its own rule through the history line the move writes). Built once, bound per
    move."""
    moved = sa.bindparam("moved", expanding=True, type_=sa.Integer)
    to_stage = sa.bindparam("to_stage", type_=sa.String)

    def after_move(app: _App) -> _Stage:
        return sa.case((app.id.in_(moved), to_stage), else_=app.stage)

    return sa.and_(masked_clause(), sa.not_(_person_rule(after_move)))


def shown_by_moving(application_ids: list[int], to_stage: str, *, session: Session) -> set[int]:
    """The applications among these that the hiring team may not see now and a move of them
    to ``to_stage`` would show: what services/board/transitions.py records as a reveal. A card is
    shown only when every application that blinds its person leaves screening with this move
    (a stage past screening in its posting); a card moved while another application of the
    same person stays in blind screening stays masked, and nothing is recorded for it. One
    query, none for a stage that keeps everyone anonymous on every posting (the start,
    Recruiter screen itself, the exits)."""
    if not application_ids or to_stage in ANONYMOUS_EVERYWHERE:
        return set()
    found = session.execute(
        select(Application.id).where(col(Application.id).in_(application_ids), _shown_by_moving_clause()),
        {"moved": list(application_ids), "to_stage": to_stage},
    ).scalars()
    return {i for i in found if i is not None}


def blinding_ids(application_id: int, *, session: Session) -> list[int]:
    """The applications whose own rule makes this one masked now (it and those of the same
    person still in blind screening): what a reveal of it must reveal to show it."""
    other = aliased(Application)
    found = session.exec(
        select(other.id)
        .where(
            col(Application.id) == application_id,
            _same_person(other),
            _own_rule(other, col(other.stage)),
        )
        .order_by(col(other.id))
    ).all()
    return [i for i in found if i is not None]


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
