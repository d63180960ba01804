"""Calling event handlers the way Reflex calls them, through production's unit of work.

Shared by the handler tests (the ``app_db`` fixture, the app's own ``session_scope``
pointed at a committed database, is in tests/conftest.py): signing in, one event on a fresh client (``call``), a
browser tab that keeps its state across events (``Tab``), what a result asks the browser
to do (redirect, toast), and every guarded handler of every state.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from typing import Any, TypeVar

import reflex as rx
from reflex.istate.data import RouterData
from reflex.state import BaseState, State
from reflex_base.event.processor.base_state_processor import _prepare_event_payload

import careers_app.careers_app  # registers every page and state
import careers_app.states
from careers_app.services.platform import auth, db
from careers_app.states.guard import SESSION_COOKIE
from tests.accounts import PASSWORDS
from tests.loops import run_in_own_loop


def token_for(role: str) -> str:
    """A fresh session token of the ``app_db`` account with this role."""
    with db.session_scope() as session:
        token, _ = auth.sign_in(f"{role}@example.com", PASSWORDS[role], session=session)
    return token


def _router(token: str, path: str) -> RouterData:
    return RouterData.from_router_data(
        {
            "headers": {"cookie": f"{SESSION_COOKIE}={token}" if token else ""},
            "ip": "203.0.113.7",
            "pathname": path.split("?")[0],
            "asPath": path,
        }
    )


S = TypeVar("S", bound=BaseState)


def new_root() -> State:
    """A fresh root state, as Reflex's state manager makes one for a new tab.

    Reflex declares its states a ``dataclass_transform``, so mypy builds ``__init__`` from the
    declared vars and does not know the internal keyword the state manager passes.
    """
    return State(_reflex_internal_init=True)  # type: ignore[call-arg]


def substate(root: BaseState, state_cls: type[S]) -> S:
    """The tab's instance of ``state_cls`` under ``root``."""
    state = root.get_substate(state_cls.get_full_name().split(".")[1:])
    assert isinstance(state, state_cls)
    return state


def send(state: BaseState, state_cls: type[BaseState], event: str, /, **payload: Any) -> Any:
    """One event to one state: Reflex's argument conversion, then the (guarded) handler."""
    handler = getattr(state_cls, event)
    return run_in_own_loop(lambda: handler.fn(state, **_prepare_event_payload(handler, payload)))


def call(state_cls: type[rx.State], name: str, *, token: str = "", path: str = "/", **payload: Any) -> tuple:
    """Run one event on a fresh client's state as Reflex would: argument conversion, then the handler."""
    root = new_root()
    state = substate(root, state_cls)
    state.router = _router(token, path)
    return state, send(state, state_cls, name, **payload)


class Tab:
    """One browser tab: one root state kept across events, as Reflex keeps it per tab.

    ``go`` is the tab's navigation (the URL every later event carries, as the router data
    of the socket does); ``send`` runs one event on one of its states.
    """

    def __init__(self, token: str = "", path: str = "/") -> None:
        self.root = new_root()
        self.token = token
        self.go(path)

    def go(self, path: str) -> None:
        self.path = path
        self.root.router = _router(self.token, path)

    def state(self, state_cls: type[BaseState]) -> Any:
        return substate(self.root, state_cls)

    def send(self, state_cls: type[BaseState], event: str, /, **payload: Any) -> Any:
        return send(self.state(state_cls), state_cls, event, **payload)


def redirect_target(result: Any) -> str | None:
    specs = result if isinstance(result, list) else [result]
    for spec in specs:
        if isinstance(spec, rx.event.EventSpec) and spec.args and spec.args[0][0]._js_expr == "path":
            path = spec.args[0][1]
            assert isinstance(path, rx.vars.LiteralStringVar), path  # rx.redirect of a Python str
            return path._var_value
    return None


_TOAST = re.compile(r"""refs\['__toast'\]\?\.\["(\w+)"\]\(""")


def toast_levels(result: Any) -> list[str]:
    """The levels (error, success, info, warning) of the toasts a result shows."""
    specs = result if isinstance(result, list) else [result]
    found: list[str] = []
    for spec in specs:
        if isinstance(spec, rx.event.EventSpec) and spec.args:
            found += _TOAST.findall(str(spec.args[0][1]))
    return found


def all_states() -> list[type[rx.State]]:
    for module in pkgutil.iter_modules(careers_app.states.__path__):
        importlib.import_module(f"careers_app.states.{module.name}")
    found: list[type[rx.State]] = []
    stack: list[Any] = list(State.get_substates())
    while stack:
        cls = stack.pop()
        stack.extend(cls.get_substates())
        if cls.__module__.startswith("careers_app.states"):
            found.append(cls)
    return found


def own_handlers(cls: type[rx.State]) -> dict[str, Any]:
    """The event handlers a browser can call on this state, defined by our code."""
    return {
        name: handler
        for name, handler in cls.event_handlers.items()
        if inspect.unwrap(handler.fn).__module__.startswith("careers_app.")
    }
