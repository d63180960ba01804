"""Bulk actions on a board: move, reject with one reason, add one note, and undo the last.

Each action is one transaction (the caller's unit of work) with the same per-card version
check as a single move: the browser sends the version of each card it saw, and a card
someone else changed since is left as they put it and reported back by name. The last
bulk action of a user can be undone for ``UNDO_SECONDS``; undoing checks versions again,
so it never overwrites a change made after the bulk action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app.models import Application, BulkAction, Note
from careers_app.models.types import utcnow
from careers_app.services.board import board_query, pipeline, transitions
from careers_app.services.platform.db import rows_changed
from careers_app.services.platform.errors import Invalid, NotFound, Refused
from careers_app.services.postings import stages

MAX_CARDS = 500
UNDO_SECONDS = 60
NAMES_SHOWN = 10


@dataclass(frozen=True)
class BulkResult:
    changed: list[pipeline.Card]  # cards as they are now, after this action
    skipped: list[str] = field(default_factory=list)  # names left alone: changed by someone else
    skipped_ids: list[int] = field(default_factory=list)
    action_id: int | None = None  # what undo refers to (None: nothing to undo)
    message: str = ""


def parse_items(raw: object) -> list[tuple[int, int]]:
    """[{"id": 12, "version": 3}, ...] from the browser, validated: ids unique, at most MAX_CARDS."""
    if not isinstance(raw, list) or not raw:
        raise Refused("Select at least one card first.")
    if len(raw) > MAX_CARDS:
        raise Refused(f"A bulk action takes at most {MAX_CARDS} cards; select fewer.")
    items: dict[int, int] = {}
    for entry in raw:
        app_id = _as_int(entry.get("id")) if isinstance(entry, dict) else None
        version = _as_int(entry.get("version")) if isinstance(entry, dict) else None
        if app_id is None or version is None:
            raise Refused("That selection was not understood.")
        items.setdefault(app_id, version)
    return list(items.items())


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit() and len(value) < 11:
        value = int(value)
    if isinstance(value, int) and 0 < value < 2**31:
        return value
    return None


def names_sentence(count_words: str, names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" and {len(names) - NAMES_SHOWN} more"
    return f"{len(names)} {count_words}: {shown}."


def _rows(posting_id: int, ids: list[int], session: Session) -> dict[int, Application]:
    found = session.exec(
        select(Application).where(col(Application.id).in_(ids), Application.posting_id == posting_id)
    ).all()
    rows = {a.id or 0: a for a in found}
    if len(rows) != len(ids):
        missing = len(ids) - len(rows)
        raise NotFound(
            "1 selected application is not on this board."
            if missing == 1
            else f"{missing} selected applications are not on this board."
        )
    return rows


def _names(posting_id: int, ids: list[int], session: Session) -> list[str]:
    """Names as the board shows them: a blind-screened candidate's alias, never the name."""
    shown = {c.id: c.name for c in cards(posting_id, ids, session=session)}
    return [shown.get(i, "") for i in ids]


def cards(posting_id: int, ids: list[int], *, session: Session) -> list[pipeline.Card]:
    """Current cards of these applications on this board (others are left out)."""
    if not ids:
        return []
    now = utcnow()
    query = pipeline._card_query().where(
        col(Application.id).in_(ids[:MAX_CARDS]), col(Application.posting_id) == posting_id
    )
    return [pipeline._to_card(row, now) for row in session.execute(query).all()]


def filtered_items(
    posting_id: int, params: Mapping[str, object], *, session: Session, now: datetime | None = None
) -> list[tuple[int, int]]:
    """(id, version) of every application on the board matching its filter (the board's URL
    parameters, cleaned as the board cleans them), for "Select all in the filtered result".
    Withdrawn applications are left out (nobody may move them)."""
    found, _errors = board_query.parse_filter({k: params.get(k, "") for k in board_query.FILTER_PARAMS})
    return selectable_items(posting_id, found, session=session, now=now)


def selectable_items(
    posting_id: int, filter: board_query.BoardFilter, *, session: Session, now: datetime | None = None
) -> list[tuple[int, int]]:
    """What "Select all" may select under this filter: at most ``MAX_CARDS`` (one action's
    limit), or refused, saying how many match."""
    items = board_query.selectable(posting_id, session=session, filter=filter, now=now, limit=MAX_CARDS + 1)
    if len(items) > MAX_CARDS:
        per_stage = board_query.counts(posting_id, session=session, filter=filter, now=now)
        total = sum(n for stage, n in per_stage.items() if stage != pipeline.WITHDRAWN)
        raise Refused(
            f"{total} applications match; a bulk action takes at most {MAX_CARDS}. Narrow the filter."
        )
    return items


def _move_labels(
    posting_id: int, items: list[tuple[int, int]], to_stage: str, reason: str, session: Session
) -> dict[str, str]:
    """The posting's stage labels by key, once the move asked for is one a bulk action may make:
    at most MAX_CARDS cards, to one of the posting's stages (never withdrawn), a rejection with
    one of the reasons."""
    if not items or len(items) > MAX_CARDS:
        raise Refused(f"Select between 1 and {MAX_CARDS} cards.")
    labels = {s.key: s.label for s in stages.stages_for(posting_id, session=session)}
    if to_stage not in labels:
        raise Refused("Choose one of this posting's stages.")
    if to_stage == pipeline.WITHDRAWN:
        raise Refused(pipeline.WITHDRAWN_BY_CANDIDATE_ONLY)
    if to_stage == "rejected" and reason not in pipeline.REJECTION_REASONS:
        raise Invalid({"reason": "Choose a reason for rejecting."}, "Choose a reason for rejecting.")
    return labels


def bulk_move(
    posting_id: int,
    items: list[tuple[int, int]],
    to_stage: str,
    *,
    user_id: int,
    actor: str,
    session: Session,
    reason: str = "",
    email_delay: timedelta | None = None,
) -> BulkResult:
    """Move (or reject, with one reason) every selected card whose version is still the one seen.

    ``email_delay``: when rejecting, queue each rejected person's "not selected" email
    (services/mail/rejection_email.py) due after this delay; undoing in time cancels it.
    """
    labels = _move_labels(posting_id, items, to_stage, reason, session)
    if to_stage != "rejected":
        reason = ""
    rows = _rows(posting_id, [i for i, _ in items], session)
    skipped_ids: list[int] = []
    already = 0
    seen: list[transitions.Seen] = []  # cards to move, as read at the version the browser saw
    for app_id, expected in items:
        app = rows[app_id]
        if app.version != expected or app.stage == pipeline.WITHDRAWN:  # withdrawn: the candidate's
            skipped_ids.append(app_id)
        elif app.stage == to_stage:
            already += 1
        else:
            seen.append(transitions.Seen.of(app))
    # One guarded UPDATE per version seen: a card changed between our read and our write is
    # left alone and reported like the others.
    now = utcnow()
    done = transitions.change_stage(
        seen,
        to_stage,
        actor=actor,
        session=session,
        reason=reason,
        rejection_email_delay=email_delay,
        now=now,
        by_user=user_id,
    )
    skipped_ids.extend(done.lost)
    moved: list[dict[str, object]] = [
        {"id": m.application_id, "from": m.from_stage, "reason": m.previous_reason, "version": m.version}
        for m in done.moved
    ]
    action_id = None
    if moved:
        action = BulkAction(user_id=user_id, posting_id=posting_id, kind="move", items=moved, at=now)
        session.add(action)
        session.flush()
        action_id = action.id
    skipped = _names(posting_id, skipped_ids, session)
    verb = "Rejected" if to_stage == "rejected" else f"Moved to {labels[to_stage]}"
    parts = [f"{verb}: {len(moved)}."]
    if already:
        parts.append(f"{already} already there.")
    if skipped:
        parts.append(names_sentence("not moved because someone else changed them", skipped))
    moved_ids = done.moved_ids
    if to_stage == "rejected" and email_delay is not None and moved_ids:
        parts.append("Rejection emails queued." if len(moved_ids) > 1 else "Rejection email queued.")
    changed = cards(posting_id, moved_ids, session=session)
    return BulkResult(
        changed=changed,
        skipped=skipped,
        skipped_ids=skipped_ids,
        action_id=action_id,
        message=" ".join(parts),
    )


def bulk_note(posting_id: int, ids: list[int], body: object, *, user_id: int, session: Session) -> BulkResult:
    """The same note on every selected application (notes never conflict: nothing is overwritten)."""
    text = body.strip()[:5000] if isinstance(body, str) else ""
    if not text:
        raise Invalid({"note": "Write a note first."}, "Write a note first.")
    if not ids or len(ids) > MAX_CARDS:
        raise Refused(f"Select between 1 and {MAX_CARDS} cards.")
    _rows(posting_id, ids, session)
    notes = [Note(application_id=app_id, author_id=user_id, body=text) for app_id in ids]
    session.add_all(notes)
    session.flush()
    action = BulkAction(
        user_id=user_id,
        posting_id=posting_id,
        kind="note",
        items=[{"id": n.application_id, "note": n.id} for n in notes],
    )
    session.add(action)
    session.flush()
    noun = "application" if len(ids) == 1 else "applications"
    return BulkResult(changed=[], action_id=action.id, message=f"Note added to {len(ids)} {noun}.")


def last_undoable(user_id: int, posting_id: int, *, session: Session) -> BulkAction | None:
    """The user's latest bulk action on this board, if it is recent and not undone yet."""
    latest = session.exec(
        select(BulkAction)
        .where(BulkAction.user_id == user_id)
        .order_by(col(BulkAction.at).desc(), col(BulkAction.id).desc())
    ).first()
    if latest is None or latest.posting_id != posting_id or latest.undone_at is not None:
        return None
    if latest.at < utcnow() - timedelta(seconds=UNDO_SECONDS):
        return None
    return latest


def undo_last(posting_id: int, *, user_id: int, actor: str, session: Session) -> BulkResult:
    """Put back what the user's last bulk action changed, card by card with version checks."""
    action = last_undoable(user_id, posting_id, session=session)
    if action is None:
        raise Refused(f"Nothing to undo: only your last bulk action, within {UNDO_SECONDS} seconds.")
    # Claim it first: of two undos racing, the second finds it undone.
    claimed = session.execute(
        sa.update(BulkAction)
        .where(col(BulkAction.id) == action.id, col(BulkAction.undone_at).is_(None))
        .values(undone_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if rows_changed(claimed) != 1:
        raise Refused("That bulk action was already undone.")
    if action.kind == "note":
        note_ids = [int(i["note"]) for i in action.items]
        session.execute(
            sa.delete(Note)
            .where(col(Note.id).in_(note_ids), col(Note.author_id) == user_id)
            .execution_options(synchronize_session=False)
        )
        session.flush()
        return BulkResult(changed=[], message=f"Note removed from {len(note_ids)} applications.")
    ids = [int(i["id"]) for i in action.items]
    found = session.exec(
        select(Application).where(col(Application.id).in_(ids), Application.posting_id == posting_id)
    ).all()
    rows = {a.id: a for a in found}
    keys = set(stages.stage_keys_for(posting_id, session=session))
    now = utcnow()
    skipped_ids: list[int] = []
    # Cards go back to where each was, so one change per (stage, reason) put back.
    back_to: dict[tuple[str, str], list[transitions.Seen]] = {}
    for item in action.items:
        app = rows.get(int(item["id"]))
        if app is None:
            continue  # erased meanwhile
        back, version = str(item["from"]), int(item["version"])
        reason = str(item.get("reason", "")) if back == "rejected" else ""
        if app.version != version or back not in keys or app.stage == back:
            skipped_ids.append(app.id or 0)
            continue
        back_to.setdefault((back, reason), []).append(transitions.Seen.of(app))
    restored: list[int] = []
    for (back, reason), seen in back_to.items():
        done = transitions.change_stage(
            seen, back, actor=actor, session=session, reason=reason, now=now, by_user=user_id
        )
        restored.extend(done.moved_ids)
        skipped_ids.extend(done.lost)
    skipped = _names(posting_id, skipped_ids, session)
    parts = [f"Undone: {len(restored)} back where they were."]
    if skipped:
        parts.append(names_sentence("left as they are because someone else changed them", skipped))
    return BulkResult(
        changed=cards(posting_id, restored, session=session),
        skipped=skipped,
        skipped_ids=skipped_ids,
        message=" ".join(parts),
    )
