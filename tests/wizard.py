"""The application wizard's state at state level, as Reflex calls it: a new tab's ApplyState
on a path, one event through the guard and the real unit of work, an open posting."""

from __future__ import annotations

from typing import Any

from reflex.istate.data import RouterData
from reflex_base.event.processor.base_state_processor import _prepare_event_payload

from careers_app.services.platform import db
from careers_app.states.apply import ApplyState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import new_root, substate
from tests.loops import run_in_own_loop


def wizard_at(path: str) -> ApplyState:
    root = new_root()
    state = substate(root, ApplyState)
    state.router = RouterData.from_router_data(
        {"headers": {"cookie": ""}, "ip": "203.0.113.9", "pathname": path.split("?")[0], "asPath": path}
    )
    return state


def send(state: ApplyState, event: str, **payload: Any) -> Any:
    handler = ApplyState.event_handlers[event]
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def new_posting() -> str:
    with db.session_scope() as session:
        return make_posting(session, make_team(session), make_office(session)).slug
