"""Interview plans: per middle stage of a posting, the interviews and what each assesses.

A posting gets a generic default plan the first time anyone needs it (the editor, a
scorecard); admins then edit it in the posting editor, one interview per line:
``Technical interview: Python, Problem solving``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app.models import InterviewPlan, PlanInterview, Posting, Scorecard
from careers_app.models.types import utcnow
from careers_app.services.platform.errors import Invalid
from careers_app.services.platform.reference import STAGES
from careers_app.services.postings.stages import default_stages, labels_for, stages_for
from careers_app.services.visibility import blind_screening

STAGE_LABELS = dict(STAGES)
# The stages between applying and the outcome where people interview the candidate.
PLAN_STAGES: tuple[str, ...] = ("recruiter_screen", "phone_interview", "onsite")
MAX_INTERVIEWS = 6  # per stage
MAX_ATTRIBUTES = 8  # per interview
NAME_MAX = 80
ATTRIBUTE_MAX = 60

DEFAULT_PLAN: dict[str, list[tuple[str, list[str]]]] = {
    "recruiter_screen": [("Recruiter screen", ["Communication", "Motivation", "Role fit"])],
    "phone_interview": [
        ("Hiring manager interview", ["Relevant experience", "Problem solving", "Communication"])
    ],
    "onsite": [
        ("Technical interview", ["Technical skills", "Problem solving", "Code quality"]),
        ("Team interview", ["Collaboration", "Communication", "Ownership"]),
    ],
}

Plan = dict[str, list[tuple[str, list[str]]]]


@dataclass(frozen=True)
class PlannedInterview:
    id: int
    stage: str
    stage_label: str
    name: str
    attributes: list[str]


class PlanInvalid(Invalid):
    """Lines of the plan that need fixing, by field name (``plan_<stage>``)."""


def field_name(stage: str) -> str:
    return f"plan_{stage}"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


def format_plan(plan: Plan, stages: Sequence[str] = PLAN_STAGES) -> dict[str, str]:
    """The editor's text per stage: one ``Name: attribute, attribute`` line per interview."""
    return {
        stage: "\n".join(f"{name}: {', '.join(attrs)}" for name, attrs in plan.get(stage, []))
        for stage in stages
    }


def _line_problem(
    number: int, name: str, attributes: list[str], interviews: list[tuple[str, list[str]]]
) -> str:
    """What is wrong with line ``number`` of a stage's plan, whose ``interviews`` are the
    lines above it ("" if nothing)."""
    if not name:
        return f"Line {number}: name the interview before the colon."
    if len(name) > NAME_MAX:
        return f"Line {number}: use at most {NAME_MAX} characters for the interview's name."
    if not attributes:
        return f"Line {number}: list what “{name}” assesses after a colon, separated by commas."
    if len(attributes) > MAX_ATTRIBUTES:
        return f"Line {number}: at most {MAX_ATTRIBUTES} attributes per interview."
    if any(len(a) > ATTRIBUTE_MAX for a in attributes):
        return f"Line {number}: use at most {ATTRIBUTE_MAX} characters per attribute."
    if len({a.casefold() for a in attributes}) != len(attributes):
        return f"Line {number}: an attribute is listed twice."
    if any(n.casefold() == name.casefold() for n, _ in interviews):
        return f"Line {number}: “{name}” is already planned at this stage."
    return ""


def parse_plan(texts: dict[str, object], stages: Sequence[str] = PLAN_STAGES) -> Plan:
    """The editor's text per stage as a plan; raises PlanInvalid with a message per stage."""
    plan: Plan = {}
    errors: dict[str, str] = {}
    for stage in stages:
        raw = texts.get(field_name(stage), "")
        text = raw if isinstance(raw, str) else ""
        interviews: list[tuple[str, list[str]]] = []
        problem = ""
        for number, line in enumerate(text[:10_000].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, rest = line.partition(":")
            name = _clean(name)
            attributes = [_clean(a) for a in rest.split(",")] if sep else []
            attributes = [a for a in attributes if a]
            problem = _line_problem(number, name, attributes, interviews)
            if problem:
                break
            interviews.append((name, attributes))
        if not problem and len(interviews) > MAX_INTERVIEWS:
            problem = f"Plan at most {MAX_INTERVIEWS} interviews per stage."
        if problem:
            errors[field_name(stage)] = problem
        plan[stage] = interviews
    if errors:
        raise PlanInvalid(errors, "The interview plan needs attention.")
    return plan


def _rows(posting_id: int, *, session: Session) -> list[PlanInterview]:
    return list(
        session.exec(
            select(PlanInterview)
            .where(PlanInterview.posting_id == posting_id, col(PlanInterview.removed_at).is_(None))
            .order_by(col(PlanInterview.id))
        ).all()
    )


def ensure_plan(posting_id: int, *, session: Session) -> None:
    """Give the posting its default plan if it has never had one (safe when two try at once)."""
    if session.get(InterviewPlan, posting_id) is not None:
        return
    try:
        with session.begin_nested():
            session.add(InterviewPlan(posting_id=posting_id))
            session.flush()
    except sa.exc.IntegrityError:
        return  # another request made it (with its interviews) first
    for stage, interviews in DEFAULT_PLAN.items():
        for position, (name, attributes) in enumerate(interviews):
            session.add(
                PlanInterview(
                    posting_id=posting_id, stage=stage, position=position, name=name, attributes=attributes
                )
            )
    session.flush()


def plan_stages(posting_id: int | None, *, session: Session) -> list[tuple[str, str]]:
    """The stages a plan covers: the posting's own middle stages (services/postings/stages.py), in
    board order, with their current names; for a new posting, the template's."""
    found = stages_for(posting_id, session=session) if posting_id else default_stages()
    return [(s.key, s.label) for s in found if s.kind == "step"]


def current_plan(posting_id: int, *, session: Session) -> list[PlannedInterview]:
    """The posting's interviews in stage order (the default plan is made if there is none).
    Interviews of a stage the posting no longer has come last, under the stage's last name."""
    ensure_plan(posting_id, session=session)
    order = {key: i for i, (key, _label) in enumerate(plan_stages(posting_id, session=session))}
    labels = {**STAGE_LABELS, **labels_for(posting_id, session=session)}
    rows = sorted(
        _rows(posting_id, session=session), key=lambda r: (order.get(r.stage, 99), r.position, r.id or 0)
    )
    return [
        PlannedInterview(
            id=r.id or 0,
            stage=r.stage,
            stage_label=labels.get(r.stage, r.stage),
            name=r.name,
            attributes=list(r.attributes),
        )
        for r in rows
    ]


def plan_texts(posting_id: int, *, session: Session) -> dict[str, str]:
    plan: Plan = {}
    for item in current_plan(posting_id, session=session):
        plan.setdefault(item.stage, []).append((item.name, item.attributes))
    return format_plan(plan, [key for key, _label in plan_stages(posting_id, session=session)])


def save_plan(posting_id: int, plan: Plan, *, user_id: int | None, session: Session) -> None:
    """Replace the plan of the stages in ``plan``. Interviews keep their id when their stage
    and name stay, so scorecards already written stay with them; removed interviews that
    have scorecards are kept, marked removed."""
    ensure_plan(posting_id, session=session)
    rows = [r for r in _rows(posting_id, session=session) if r.stage in plan]
    existing = {(r.stage, r.name.casefold()): r for r in rows}
    now = utcnow()
    for stage in plan:
        for position, (name, attributes) in enumerate(plan.get(stage, [])):
            row = existing.pop((stage, name.casefold()), None)
            if row is None:
                row = PlanInterview(posting_id=posting_id, stage=stage, name=name)
            row.name, row.position, row.attributes = name, position, list(attributes)
            session.add(row)
    for row in existing.values():
        used = session.exec(select(Scorecard.id).where(Scorecard.interview_id == row.id)).first()
        if used is None:
            session.delete(row)
        else:
            row.removed_at = now
            session.add(row)
    header = session.get(InterviewPlan, posting_id)
    if header is not None:
        header.updated_by, header.updated_at = user_id, now
        session.add(header)
    session.flush()


# ----- the posting editor's part: the plan per stage and the blind screening switch ---------

BLIND_FIELD = "blind"


def editor_values(slug: str, *, session: Session) -> dict[str, str]:
    """The editor's plan texts and blind switch for a posting ("" slug: a new posting)."""

    posting_id = session.exec(select(Posting.id).where(Posting.slug == slug)).first() if slug else None
    stages = [key for key, _label in plan_stages(posting_id, session=session)]
    texts = plan_texts(posting_id, session=session) if posting_id else format_plan(DEFAULT_PLAN, stages)
    values = {field_name(stage): texts[stage] for stage in stages}
    blind = posting_id is not None and blind_screening.is_enabled(posting_id, session=session)
    values[BLIND_FIELD] = "on" if blind else ""
    return values


def editor_stages(slug: str, *, session: Session) -> list[dict[str, str]]:
    """The editor's plan fields: one per middle stage of the posting (or of the template)."""
    posting_id = session.exec(select(Posting.id).where(Posting.slug == slug)).first() if slug else None
    return [
        {"key": key, "label": label, "field": field_name(key)}
        for key, label in plan_stages(posting_id, session=session)
    ]


def editor_errors(form: object, slug: str, *, session: Session) -> dict[str, str]:
    stages = [s["key"] for s in editor_stages(slug, session=session)]
    try:
        parse_plan(form if isinstance(form, dict) else {}, stages)
    except PlanInvalid as invalid:
        return invalid.errors
    return {}


def save_editor_values(slug: str, form: object, *, user_id: int | None, session: Session) -> None:
    """Save the plan and the switch of a posting the editor has just saved (raises PlanInvalid)."""

    data = form if isinstance(form, dict) else {}
    posting_id = session.exec(select(Posting.id).where(Posting.slug == slug)).one()
    assert posting_id is not None
    plan = parse_plan(data, [key for key, _label in plan_stages(posting_id, session=session)])
    save_plan(posting_id, plan, user_id=user_id, session=session)
    enabled = data.get(BLIND_FIELD) in ("on", "true", True)  # a form sends "on"; a ref, True
    blind_screening.set_enabled(posting_id, enabled, user_id=user_id, session=session)
