"""Each posting's own pipeline: which stages its board has, in which order, with which names.

``STAGES`` (services/platform/reference.py) stays the default template: a posting without rows of
its own (one created before anyone edited its stages) has exactly those. Applied, hired
and rejected (and any other fixed end the template gains, such as withdrawn) are fixed:
they cannot be removed or moved, only renamed. Keys never change once given, so stage
events stored years ago still read with the stage's current label, and a removed stage
keeps its row (``removed_at``) so history that passed through it still has a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, aliased
from sqlmodel import Session, col, func, select

from careers_app.models import Application, Posting, PostingStage
from careers_app.models.types import utcnow
from careers_app.services.platform.errors import Invalid, NotFound, Refused
from careers_app.services.platform.reference import END_STAGES, STAGES

LABEL_MAX = 40
STAGES_MAX = 20  # active stages per posting, ends included
END_KINDS = END_STAGES  # fixed ends, in this order, after the steps


@dataclass(frozen=True)
class StageDef:
    key: str
    label: str
    kind: str  # start | step | hired | rejected | withdrawn

    @property
    def fixed(self) -> bool:
        return self.kind != "step"


def _kind_of(key: str, index: int) -> str:
    if index == 0:
        return "start"
    return key if key in END_KINDS else "step"


def default_stages() -> list[StageDef]:
    """The template every posting starts from (today's fixed list)."""
    return [StageDef(str(key), label, _kind_of(str(key), i)) for i, (key, label) in enumerate(STAGES)]


def _order(stage: StageDef) -> tuple[int, int]:
    if stage.kind == "start":
        return (0, 0)
    if stage.kind == "step":
        return (1, 0)
    return (2, END_KINDS.index(stage.kind) if stage.kind in END_KINDS else len(END_KINDS))


_ROWS_KEY = "careers_posting_stages"  # in Session.info: posting id -> its rows, this unit of work


def _rows(posting_id: int, session: Session) -> list[PostingStage]:
    """The posting's stage rows, read once per unit of work: a move asked for them three
    times (the target's check, the card's history, the counts). A transaction that edits
    them reads them again: while one is added, changed or removed and not yet flushed, and
    after each flush that wrote one (``_forget_written_stages``)."""
    known: dict[int, list[PostingStage]] = session.info.setdefault(_ROWS_KEY, {})
    pending = any(isinstance(o, PostingStage) for o in (*session.new, *session.dirty, *session.deleted))
    if not pending and posting_id in known:
        return list(known[posting_id])
    rows = list(
        session.exec(
            select(PostingStage)
            .where(PostingStage.posting_id == posting_id)
            .order_by(col(PostingStage.position), col(PostingStage.id))
        ).all()
    )
    known[posting_id] = rows
    return list(rows)


@sa.event.listens_for(sa.orm.Session, "after_flush")
def _forget_written_stages(session: sa.orm.Session, _context: object) -> None:
    if any(isinstance(o, PostingStage) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(_ROWS_KEY, None)


@sa.event.listens_for(sa.orm.Session, "after_commit")
@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _forget_at_the_end(session: sa.orm.Session) -> None:
    """Read once per transaction: another may change them before this session's next one."""
    session.info.pop(_ROWS_KEY, None)


def _active(rows: list[PostingStage]) -> list[StageDef]:
    found = [StageDef(r.key, r.label, r.kind) for r in rows if r.removed_at is None]
    if not found:
        return default_stages()
    # A fixed end the template gained after this posting's rows were written (withdrawn).
    have = {s.key for s in found} | {r.key for r in rows}
    found += [s for s in default_stages() if s.fixed and s.key not in have]
    return sorted(found, key=_order)  # stable: steps keep their own order


def stages_for(posting_id: int, *, session: Session) -> list[StageDef]:
    """The posting's board columns in order: (key, label, kind)."""
    return _active(_rows(posting_id, session))


def stage_keys_for(posting_id: int, *, session: Session) -> tuple[str, ...]:
    return tuple(s.key for s in stages_for(posting_id, session=session))


def labels_for(posting_id: int, *, session: Session) -> dict[str, str]:
    """Every label a stage key of this posting ever had (removed stages too), current names."""
    labels = {str(k): v for k, v in STAGES}
    labels.update({r.key: r.label for r in _rows(posting_id, session)})
    return labels


def no_later_than_clause(
    posting_id: sa.ColumnElement[int] | Mapped[int], stage: sa.ColumnElement[str] | Mapped[str], boundary: str
) -> sa.ColumnElement[bool]:
    """SQL, correlated on the caller's columns: True where ``stage`` (a key) is one of the
    posting's stages before the fixed ends that comes no later than ``boundary`` in the
    posting's own order (as ``stages_for`` orders them; the template's order while the posting
    has no rows of its own). A posting that removed ``boundary`` has no such stage to stop
    at: then every stage before the ends counts (the rule that uses it leans to the safe side).
    One clause, so a page of applications is judged in one query."""
    template = default_stages()
    keys = [s.key for s in template if not s.fixed or s.kind == "start"]
    template_keys = tuple(keys[: keys.index(boundary) + 1]) if boundary in keys else tuple(keys)
    row, edge, any_row = aliased(PostingStage), aliased(PostingStage), aliased(PostingStage)
    boundary_position = (
        select(edge.position)
        .where(edge.posting_id == posting_id, edge.key == boundary, col(edge.removed_at).is_(None))
        .correlate_except(edge)
        .scalar_subquery()
    )
    own_rows = (
        select(any_row.id)
        .where(any_row.posting_id == posting_id, col(any_row.removed_at).is_(None))
        .correlate_except(any_row)
        .exists()
    )
    in_own_order = (
        select(row.id)
        .where(
            row.posting_id == posting_id,
            row.key == stage,
            col(row.removed_at).is_(None),
            col(row.kind).in_(("start", "step")),
            sa.or_(boundary_position.is_(None), row.position <= boundary_position),
        )
        .correlate_except(row)
        .exists()
    )
    return sa.or_(sa.and_(sa.not_(own_rows), stage.in_(template_keys)), in_own_order)


# ----- editing (admins) -------------------------------------------------------------------


def clean_label(value: object) -> str:
    text = value if isinstance(value, str) else ""
    text = unicodedata.normalize("NFC", text[:200])
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    if not text:
        raise Invalid({"label": "Give the stage a name."}, "Give the stage a name.")
    if len(text) > LABEL_MAX:
        message = f"A stage name has at most {LABEL_MAX} characters."
        raise Invalid({"label": message}, message)
    return text


def _materialise(posting_id: int, session: Session) -> list[PostingStage]:
    """The posting's rows, written from the template first if it has none yet."""

    if session.get(Posting, posting_id) is None:
        raise NotFound("No such posting.")
    rows = _rows(posting_id, session)
    active = _active(rows)
    have = {r.key for r in rows}
    added = False
    for stage in active:
        if stage.key not in have:
            session.add(
                PostingStage(posting_id=posting_id, key=stage.key, label=stage.label, kind=stage.kind)
            )
            added = True
    if added:
        session.flush()
        rows = _rows(posting_id, session)
        _renumber(rows, [s.key for s in active])
    return rows


def _renumber(rows: list[PostingStage], order: list[str]) -> None:
    by_key = {r.key: r for r in rows}
    for position, key in enumerate(order):
        row = by_key[key]
        if row.position != position:
            row.position = position
    last = len(order)
    for row in rows:
        if row.key not in order:
            row.position = last
            last += 1


def _find(rows: list[PostingStage], key: object) -> PostingStage:
    row = next((r for r in rows if r.key == key and r.removed_at is None), None)
    if row is None:
        raise NotFound("This posting has no such stage.")
    return row


def _unique_label(rows: list[PostingStage], label: str, *, other_than: str = "") -> None:
    taken = {r.label.casefold() for r in rows if r.removed_at is None and r.key != other_than}
    if label.casefold() in taken:
        message = f"This posting already has a stage called {label}."
        raise Invalid({"label": message}, message)


def _new_key(rows: list[PostingStage], label: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:24] or "stage"
    taken = {r.key for r in rows} | {str(k) for k, _ in STAGES} | set(END_KINDS)
    key, n = base, 2
    while key in taken:
        key = f"{base}_{n}"
        n += 1
    return key


def add_stage(posting_id: int, label: object, *, session: Session) -> StageDef:
    """A new step, placed last before the fixed ends."""
    text = clean_label(label)
    rows = _materialise(posting_id, session)
    _unique_label(rows, text)
    active = _active(rows)
    if len(active) >= STAGES_MAX:
        raise Refused(f"A pipeline has at most {STAGES_MAX} stages.")
    key = _new_key(rows, text)
    session.add(PostingStage(posting_id=posting_id, key=key, label=text, kind="step"))
    session.flush()
    steps_end = max(i for i, s in enumerate(active) if s.kind in ("start", "step")) + 1
    order = [s.key for s in active]
    order.insert(steps_end, key)
    _renumber(_rows(posting_id, session), order)
    session.flush()
    return StageDef(key, text, "step")


def rename_stage(posting_id: int, key: object, label: object, *, session: Session) -> StageDef:
    """Only the label changes: applications and their history keep the key."""
    text = clean_label(label)
    rows = _materialise(posting_id, session)
    row = _find(rows, key)
    _unique_label(rows, text, other_than=row.key)
    row.label = text
    session.add(row)
    session.flush()
    return StageDef(row.key, row.label, row.kind)


def move_stage(posting_id: int, key: object, offset: object, *, session: Session) -> None:
    """Move a step one place earlier (-1) or later (+1), never past a fixed end."""
    if offset not in (-1, 1):
        raise Refused("A stage moves one place at a time.")
    rows = _materialise(posting_id, session)
    row = _find(rows, key)
    if row.kind != "step":
        raise Refused(f"{row.label} is a fixed stage and stays where it is.")
    order = [s.key for s in _active(rows)]
    at = order.index(row.key)
    to = at + int(offset)
    neighbour = next((r for r in rows if r.key == order[to]), None) if 0 <= to < len(order) else None
    if neighbour is None or neighbour.kind != "step":
        raise Refused(f"{row.label} cannot move further that way.")
    order[at], order[to] = order[to], order[at]
    _renumber(rows, order)
    session.flush()


def remove_stage(posting_id: int, key: object, *, session: Session) -> None:
    """Remove an empty step; its row stays (hidden) so old history keeps its name."""
    rows = _materialise(posting_id, session)
    row = _find(rows, key)
    if row.kind != "step":
        raise Refused(f"{row.label} is a fixed stage and cannot be removed.")
    count = session.exec(
        select(func.count())
        .select_from(Application)
        .where(Application.posting_id == posting_id, Application.stage == row.key)
    ).one()
    if count:
        people = "1 application is" if count == 1 else f"{count} applications are"
        raise Refused(f"{people} in {row.label}: move them to another stage first.")
    row.removed_at = utcnow()
    order = [s.key for s in _active(rows) if s.key != row.key]
    _renumber(rows, order)
    session.flush()
