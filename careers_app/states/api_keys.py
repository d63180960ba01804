"""Admins see and revoke job board API keys (/team/api-keys).

A new key is made by a plain HTTP POST (careers_app/http/api_keys_routes.py) and shown once in
that response: it never enters this state, which Reflex keeps on the server (files or
Redis) and sends back whenever the tab reconnects.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from careers_app.http.api_keys_routes import NAME_ERROR
from careers_app.services.platform import api_keys
from careers_app.states.guard import Access, handler, uow
from careers_app.states.pipeline import as_id
from careers_app.states.team import HiringTeamState

NAME_REFUSED = f"Give the key a name (at most {api_keys.NAME_MAX} printable characters)."


class ApiKeysState(HiringTeamState):
    keys: list[api_keys.KeyInfo] = []
    message: str = ""

    def _refresh(self) -> None:
        self.keys = api_keys.list_keys(session=uow().session)

    @rx.event
    @handler(Access.ADMIN)
    def load(self) -> None:
        self._show_user()
        self._leave_board()
        refused = self.router.url.query_parameters.get("error", "") == NAME_ERROR
        self.message = NAME_REFUSED if refused else ""
        self._refresh()

    @rx.event
    @handler(Access.ADMIN)
    def revoke(self, key_id: int) -> Any:
        target = as_id(key_id)
        if target is None:
            return rx.toast.error("That request was not understood.")
        info = api_keys.revoke_key(target, session=uow().session)
        self._refresh()
        return rx.toast.success(f"Key “{info.name}” revoked; requests with it are refused from now on.")
