"""A wizard tab whose server-side state was lost (a Redis restart) is reloaded, so its draft
comes back, and the reloaded wizard names what to check again (resilience.py's module doc
says why and how)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import StateUpdate
from reflex_base.event import Event as RxEvent

from careers_app.resilience import reload_script
from careers_app.states.apply import ApplyState

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import BaseState
    from reflex_base.event import Event

logger = logging.getLogger(__name__)


class LostWizardState(Middleware):
    """Reload a wizard tab whose server-side state was lost (see the module doc)."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        prefix = ApplyState.get_full_name() + "."
        name = getattr(event, "name", "")
        if not name.startswith(prefix) or name == prefix + "load":
            return None
        wizard = await state.get_state(ApplyState)
        if wizard.status != "loading" or wizard.posting_slug:
            return None
        logger.warning("wizard state lost (Redis restarted?): reloading the tab to restore its draft")
        payload = getattr(event, "payload", None) or {}
        field = ""
        if name in (prefix + "set_field", prefix + "leave_field"):
            field = str(payload.get("name", ""))
        elif name == prefix + "toggle_race":
            field = "race_ethnicity"
        spec = rx.call_script(reload_script(redo=field))
        return StateUpdate(events=[RxEvent.from_event_type(spec)[0]])
