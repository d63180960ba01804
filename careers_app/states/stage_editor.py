"""Admins edit a posting's own stages (in the posting editor): add, rename, reorder, remove.

The posting comes from the editor page's URL at load (kept in ``_posting_id``); every
argument is checked by services/postings/stages.py, which also refuses removing a stage that still
has applications and moving or removing a fixed end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from careers_app.services.board import pipeline
from careers_app.services.platform.errors import DomainError, Invalid
from careers_app.services.postings import stages
from careers_app.services.visibility import identity
from careers_app.states.guard import Access, handler, uow
from careers_app.states.team import HiringTeamState


@dataclass(frozen=True)
class StageRow:
    key: str
    label: str
    fixed: bool
    first_step: bool  # cannot move earlier
    last_step: bool  # cannot move later
    count: int  # applications in it now


class StageEditorState(HiringTeamState):
    rows: list[StageRow] = []
    message: str = ""
    error: str = ""
    form_key: int = 0  # renders the inputs again after a change
    _posting_id: int = 0

    def _refresh(self) -> None:
        session = uow().session
        found = stages.stages_for(self._posting_id, session=session)
        counts = pipeline.stage_counts(self._posting_id, session=session)
        steps = [s.key for s in found if s.kind == "step"]
        self.rows = [
            StageRow(
                key=s.key,
                label=s.label,
                fixed=s.fixed,
                first_step=bool(steps) and s.key == steps[0],
                last_step=bool(steps) and s.key == steps[-1],
                count=counts.get(s.key, 0),
            )
            for s in found
        ]
        self.form_key += 1

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        slug = str(self.router.url.query_parameters.get("slug", ""))[:200]
        found = pipeline.posting_id_for_slug(slug, session=uow().session) if slug else None
        self._posting_id = found[0] if found else 0
        self.message = self.error = ""
        if self._posting_id:
            self._refresh()
        else:
            self.rows = []

    def _run(self, change: Any, done: str) -> None:
        """One edit: the service decides; its refusal is shown by the list, nothing is written."""
        if not self._posting_id:
            return
        call = uow()
        try:
            with identity.stage_edit_shows_nobody(self._posting_id, session=call.session):
                change(call.session)
        except DomainError as refused:
            call.session.rollback()
            self.error, self.message = str(refused), ""
            if isinstance(refused, Invalid) and "label" in refused.errors:
                self.error = refused.errors["label"]
            self._refresh()
            return
        self.error, self.message = "", done
        self._refresh()

    @rx.event
    @handler(Access.ADMIN)
    def add(self, form_data: dict[str, Any]) -> None:
        label = form_data.get("label") if isinstance(form_data, dict) else None
        self._run(lambda s: stages.add_stage(self._posting_id, label, session=s), "Stage added.")

    @rx.event
    @handler(Access.ADMIN)
    def rename(self, form_data: dict[str, Any]) -> None:
        form = form_data if isinstance(form_data, dict) else {}
        key, label = form.get("key"), form.get("label")
        self._run(lambda s: stages.rename_stage(self._posting_id, key, label, session=s), "Stage renamed.")

    @rx.event
    @handler(Access.ADMIN)
    def move(self, key: str, offset: int) -> None:
        self._run(lambda s: stages.move_stage(self._posting_id, key, offset, session=s), "Order saved.")

    @rx.event
    @handler(Access.ADMIN)
    def remove(self, key: str) -> None:
        self._run(lambda s: stages.remove_stage(self._posting_id, key, session=s), "Stage removed.")
