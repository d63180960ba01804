"""Admins make, see once, and revoke job board API keys (/team/api-keys)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app.services import api_keys
from careers_app.services.errors import Invalid
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import as_id
from careers_app.states.team import HiringTeamState


class ApiKeysState(HiringTeamState):
    keys: list[api_keys.KeyInfo] = []
    # The key just made, shown once: cleared by the next event, never stored anywhere.
    new_key: str = ""
    new_key_name: str = ""
    message: str = ""

    def _refresh(self) -> None:
        self.keys = api_keys.list_keys(session=uow().session)

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        self.new_key = self.new_key_name = self.message = ""
        self._refresh()

    @rx.event
    @handler(Access.ADMIN)
    def create(self, form_data: dict[str, Any]) -> Any:
        name = form_data.get("name", "") if isinstance(form_data, dict) else ""
        call = uow()
        self.new_key = self.new_key_name = ""
        try:
            made = api_keys.create_key(name, created_by=call.user.id, session=call.session)
        except Invalid as invalid:
            self.message = next(iter(invalid.errors.values()))
            return None
        self.new_key, self.new_key_name = made.key, made.info.name
        self.message = ""
        self._refresh()
        return None

    @rx.event
    @handler(Access.ADMIN)
    def revoke(self, key_id: int) -> Any:
        target = as_id(key_id)
        if target is None:
            return rx.toast.error("That request was not understood.")
        self.new_key = self.new_key_name = ""
        info = api_keys.revoke_key(target, session=uow().session)
        self._refresh()
        return rx.toast.success(f"Key “{info.name}” revoked; requests with it are refused from now on.")

    @rx.event
    @handler(Access.ADMIN)
    def hide_key(self) -> None:
        self.new_key = self.new_key_name = ""
