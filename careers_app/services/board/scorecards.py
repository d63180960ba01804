"""Scorecards: one interviewer's ratings and recommendation for one interview of the plan.

Visibility (enforced here, so no state or page can leak what this returns nothing of):
an interviewer sees other people's scorecards for an application only after submitting
one of their own for that application; until then they see only how many there are.
Admins see all of them. Submitted scorecards are final: nothing can be changed after
others may have read it, and no earlier version exists to show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from careers_app.models import Application, PlanInterview, Scorecard, User
from careers_app.services.interviews import interview_plans
from careers_app.services.platform.auth import CurrentUser, Role
from careers_app.services.platform.errors import Conflict, Invalid, NotFound

RATINGS: tuple[tuple[int, str], ...] = ((1, "Definitely not"), (2, "No"), (3, "Yes"), (4, "Strong yes"))
RATING_LABELS = dict(RATINGS)
RECOMMENDATIONS: tuple[tuple[str, str], ...] = (
    ("strong_no", "Strong no"),
    ("no", "No"),
    ("yes", "Yes"),
    ("strong_yes", "Strong yes"),
)
RECOMMENDATION_LABELS = dict(RECOMMENDATIONS)
NOTES_MAX = 5000


@dataclass(frozen=True)
class Rating:
    attribute: str
    score: int
    label: str


@dataclass(frozen=True)
class ScorecardView:
    id: int
    interview: str
    stage_label: str
    interviewer: str
    recommendation: str  # key
    recommendation_label: str
    ratings: list[Rating]
    notes: str
    when: str
    mine: bool = False


@dataclass(frozen=True)
class InterviewChoice:
    """An interview of the plan, as the scorecard form offers it to one interviewer."""

    id: int
    label: str  # "Onsite: Technical interview"
    attributes: list[str]
    done: bool  # this interviewer already submitted one for it


@dataclass(frozen=True)
class Summary:
    total: int = 0
    yes: int = 0  # yes + strong yes
    no: int = 0  # no + strong no
    strong_yes: int = 0
    strong_no: int = 0
    visible: bool = False  # False: only the total may be shown to this viewer

    @property
    def text(self) -> str:
        if not self.total:
            return ""
        noun = "scorecard" if self.total == 1 else "scorecards"
        if not self.visible:
            return f"{self.total} {noun}"
        return f"{self.yes} yes · {self.no} no"


@dataclass(frozen=True)
class ScorecardPanel:
    interviews: list[InterviewChoice] = field(default_factory=list)
    scorecards: list[ScorecardView] = field(default_factory=list)  # only those the viewer may see
    hidden: int = 0  # others' scorecards this viewer may not see yet
    summary_text: str = ""


NO_PANEL = ScorecardPanel()


def sees_all(viewer: CurrentUser) -> bool:
    return viewer.role == Role.ADMIN


def _may_see_others(application_id: int, viewer: CurrentUser, *, session: Session) -> bool:
    if sees_all(viewer):
        return True
    own = session.exec(
        select(Scorecard.id).where(
            Scorecard.application_id == application_id, Scorecard.interviewer_id == viewer.id
        )
    ).first()
    return own is not None


def _posting_of(application_id: int, posting_id: int, *, session: Session) -> None:
    found = session.exec(
        select(Application.id).where(Application.id == application_id, Application.posting_id == posting_id)
    ).first()
    if found is None:
        raise NotFound("This application is not on this board.")


def _when(scorecard: Scorecard) -> str:
    at = scorecard.submitted_at
    return f"{at:%b} {at.day}, {at:%Y} {at:%H:%M} UTC"


def visible_scorecards(application_id: int, viewer: CurrentUser, *, session: Session) -> list[ScorecardView]:
    """The scorecards of one application that this viewer may read (the rule in the module doc)."""
    query = (
        select(Scorecard, PlanInterview, User.name)
        .join(PlanInterview, col(PlanInterview.id) == col(Scorecard.interview_id))
        .join(User, col(User.id) == col(Scorecard.interviewer_id))
        .where(Scorecard.application_id == application_id)
        .order_by(col(Scorecard.submitted_at), col(Scorecard.id))
    )
    if not _may_see_others(application_id, viewer, session=session):
        query = query.where(Scorecard.interviewer_id == viewer.id)
    return [
        ScorecardView(
            id=card.id or 0,
            interview=interview.name,
            stage_label=interview_plans.STAGE_LABELS.get(interview.stage, interview.stage),
            interviewer=name,
            recommendation=card.recommendation,
            recommendation_label=RECOMMENDATION_LABELS.get(card.recommendation, card.recommendation),
            ratings=[
                Rating(attribute=a, score=int(s), label=RATING_LABELS.get(int(s), ""))
                for a, s in card.ratings.items()
            ],
            notes=card.notes,
            when=_when(card),
            mine=card.interviewer_id == viewer.id,
        )
        for card, interview, name in session.exec(query).all()
    ]


def summaries(application_ids: list[int], viewer: CurrentUser, *, session: Session) -> dict[int, Summary]:
    """Per application: how many scorecards, and (where the viewer may see them) yes/no counts."""
    if not application_ids:
        return {}
    ids = list(dict.fromkeys(application_ids))
    counts: dict[int, Counter[str]] = {}
    theirs: set[int] = set()  # applications the viewer wrote a scorecard for (one query with the counts)
    wrote = func.max(sa.case((col(Scorecard.interviewer_id) == viewer.id, 1), else_=0))
    for app_id, recommendation, n, own in session.exec(
        select(Scorecard.application_id, Scorecard.recommendation, func.count(), wrote)
        .where(col(Scorecard.application_id).in_(ids))
        .group_by(col(Scorecard.application_id), col(Scorecard.recommendation))
    ).all():
        counts.setdefault(app_id, Counter())[recommendation] += n
        if own:
            theirs.add(app_id)
    mine = set(counts) if sees_all(viewer) else theirs
    result = {}
    for app_id, c in counts.items():
        visible = app_id in mine
        result[app_id] = Summary(
            total=sum(c.values()),
            yes=c["yes"] + c["strong_yes"] if visible else 0,
            no=c["no"] + c["strong_no"] if visible else 0,
            strong_yes=c["strong_yes"] if visible else 0,
            strong_no=c["strong_no"] if visible else 0,
            visible=visible,
        )
    return result


def panel(application_id: int, posting_id: int, viewer: CurrentUser, *, session: Session) -> ScorecardPanel:
    """What the candidate panel shows this viewer: the plan's interviews, visible scorecards."""
    _posting_of(application_id, posting_id, session=session)
    plan = interview_plans.current_plan(posting_id, session=session)
    done = set(
        session.exec(
            select(Scorecard.interview_id).where(
                Scorecard.application_id == application_id, Scorecard.interviewer_id == viewer.id
            )
        ).all()
    )
    visible = visible_scorecards(application_id, viewer, session=session)
    total = session.exec(
        select(func.count()).select_from(Scorecard).where(Scorecard.application_id == application_id)
    ).one()
    summary = summaries([application_id], viewer, session=session).get(application_id, Summary())
    return ScorecardPanel(
        interviews=[
            InterviewChoice(
                id=i.id,
                label=f"{i.stage_label}: {i.name}",
                attributes=i.attributes,
                done=i.id in done,
            )
            for i in plan
        ],
        scorecards=visible,
        hidden=int(total) - len(visible),
        summary_text=summary.text,
    )


def submit(
    application_id: int,
    posting_id: int,
    interview_id: int,
    form: object,
    viewer: CurrentUser,
    *,
    session: Session,
) -> None:
    """Record a scorecard. ``form`` holds ``rating_<n>`` per attribute (n = position in the
    interview's list, 1-4), ``recommendation`` and ``notes``; raises Invalid per field."""
    _posting_of(application_id, posting_id, session=session)
    interview = session.exec(
        select(PlanInterview).where(
            PlanInterview.id == interview_id,
            PlanInterview.posting_id == posting_id,
            col(PlanInterview.removed_at).is_(None),
        )
    ).first()
    if interview is None:
        raise NotFound("That interview is not in this posting's plan.")
    data = form if isinstance(form, dict) else {}
    errors: dict[str, str] = {}
    ratings: dict[str, int] = {}
    for n, attribute in enumerate(interview.attributes):
        raw = data.get(f"rating_{n}", "")
        if isinstance(raw, str) and raw in ("1", "2", "3", "4"):
            ratings[attribute] = int(raw)
        else:
            errors[f"rating_{n}"] = f"Rate {attribute}."
    recommendation = data.get("recommendation", "")
    if recommendation not in RECOMMENDATION_LABELS:
        errors["recommendation"] = "Choose an overall recommendation."
    notes = data.get("notes", "")
    notes = notes.strip().replace("\r\n", "\n") if isinstance(notes, str) else ""
    if len(notes) > NOTES_MAX:
        errors["notes"] = f"Use at most {NOTES_MAX:,} characters."
    if errors:
        raise Invalid(errors, "The scorecard needs attention: " + next(iter(errors.values())))
    already = session.exec(
        select(Scorecard.id).where(
            Scorecard.application_id == application_id,
            Scorecard.interview_id == interview_id,
            Scorecard.interviewer_id == viewer.id,
        )
    ).first()
    if already is not None:
        raise Conflict("You have already submitted a scorecard for this interview.")
    try:
        with session.begin_nested():
            session.add(
                Scorecard(
                    application_id=application_id,
                    interview_id=interview_id,
                    interviewer_id=viewer.id,
                    ratings=ratings,
                    recommendation=str(recommendation),
                    notes=notes,
                )
            )
            session.flush()
    except sa.exc.IntegrityError as exc:  # the same person submitted twice at once
        raise Conflict("You have already submitted a scorecard for this interview.") from exc
