"""The one way to write an event handler.

Any browser can send any event to any handler with any arguments, so access is decided
here, on the server, for every event, and never by hand in a handler:

    @rx.event
    @handler(Access.BOARD)
    def add_note(self, form_data: dict[str, Any]) -> Any:
        call = uow()            # the signed-in user, the event's one session, the client
        pipeline.add_note(..., call.user.id, session=call.session)

``handler`` reads the session cookie from the socket's own handshake (an HttpOnly cookie
the page's scripts cannot read or forge), resolves the user and role from the database
inside the event's single unit of work, refuses with the right page (sign-in for a
signed-out person, "not allowed" for a role that may not), maps domain errors to the
person's message, and commits or rolls back once. Work that must wait for the commit
(pushing a move to other recruiters, linking a shared state) is queued with
``call.after`` and runs after the commit, outside the transaction, so no database lock is
held across an ``await``.

The tab's state follows the commit. The handler changes the state as it goes, but the
guard keeps a copy of the state from before the event, and if anything fails after the
handler started (a domain refusal, the database gone, the COMMIT itself cut), every var
goes back to that copy before the error message is shown: a person is never told "saved"
(a success screen, a card in its new column, the next wizard step) for what the database
did not commit. What the browser already shows by itself (a card it moved on the drop)
is put back by a hook the handler queues with ``call.on_failure``; those hooks run after
the state is restored and must not touch the database.
"""

from __future__ import annotations

import functools
import inspect
import logging
import pickle
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum
from http.cookies import CookieError, SimpleCookie
from typing import Any, TypeVar

import reflex as rx
import sqlalchemy as sa
from reflex.middleware import Middleware
from reflex.state import BaseState
from sqlmodel import Session

from careers_app import i18n, logging_json, routes
from careers_app.i18n import N_
from careers_app.services.platform import auth
from careers_app.services.platform.db import session_scope
from careers_app.services.platform.errors import DomainError

logger = logging.getLogger("careers_app.events")

SESSION_COOKIE = auth.SESSION_COOKIE
DEVICE_COOKIE = auth.DEVICE_COOKIE
ACCESS_MARK = "_careers_access"
TRY_AGAIN = N_("Something went wrong on our side. Please try again in a moment.")


class Access(Enum):
    """Who may call a handler."""

    PUBLIC = "public"  # anyone, signed in or not (the job board, the wizard)
    SIGNED_IN = "signed_in"  # any active hiring-team account
    BOARD = "board"  # recruiters and admins: pipeline boards and candidate data
    ADMIN = "admin"  # admins: accounts and posting editing
    COMPLIANCE = "compliance"  # compliance staff and admins: aggregate reports only


ROLES_FOR: dict[Access, frozenset[str]] = {
    Access.SIGNED_IN: frozenset(auth.ROLES),
    Access.BOARD: frozenset(auth.BOARD_ROLES),
    Access.ADMIN: frozenset(auth.ADMIN_ROLES),
    Access.COMPLIANCE: frozenset(auth.COMPLIANCE_ROLES),
}


@dataclass
class Call:
    """What one event may use: the user (None only for public handlers), its unit of work."""

    access: Access
    user_or_none: auth.CurrentUser | None
    client_ip: str
    event_id: str
    _session: Session | None = None
    after: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)
    on_failure: list[Callable[[], None]] = field(default_factory=list)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("background handlers open their own units of work with call.unit()")
        return self._session

    @property
    def user(self) -> auth.CurrentUser:
        if self.user_or_none is None:
            raise RuntimeError("a public handler has no user")
        return self.user_or_none

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """A unit of work for background handlers, which must not hold one across awaits."""
        with session_scope() as session:
            yield session


_current: ContextVar[Call | None] = ContextVar("careers_call", default=None)


def uow() -> Call:
    """The running event's call (user, role, session). Only valid inside a ``handler``."""
    call = _current.get()
    if call is None:
        raise RuntimeError("uow() called outside a guarded handler")
    return call


def read_cookie(header: object, name: str) -> str:
    if not isinstance(header, str) or not header:
        return ""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel is not None else ""


def session_token(state: rx.State) -> str:
    """The session token from the cookie header of the socket's handshake.

    Reflex fills ``router.headers.cookie`` on the server from the socket's own environ,
    overriding anything the client sends, and never sends it back to the browser.
    """
    return read_cookie(state.router.headers.cookie, SESSION_COOKIE)


def _refusal(state: rx.State, user: auth.CurrentUser | None) -> Any:
    if user is None:
        here = routes.safe_next(state.router.url.path)
        return rx.redirect(routes.sign_in_url(next_path=here))
    return rx.redirect(routes.NOT_ALLOWED)


_hiring_team: list[type[BaseState]] = []  # the base of every hiring-team state (states/team.py)
S = TypeVar("S", bound=type[BaseState])


def hiring_team_root(cls: S) -> S:
    """Class decorator naming the base of every hiring-team state (``team.HiringTeamState``).

    This module wipes that state's data, and that state runs its handlers in this module's
    unit of work: it names itself here, so neither module imports the other's.
    """
    _hiring_team[:] = [cls]
    return cls


def _hiring_team_classes() -> Iterator[type[BaseState]]:
    """The hiring-team base and every state below it (none in an app without one)."""
    todo = list(_hiring_team)
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        yield cls


async def forget_hiring_team_data(state: BaseState) -> None:
    """Wipe every hiring-team state of this browser and leave any live board feed.

    Reflex keeps a browser's state on the server and sends all of it back whenever the
    tab reconnects, so a refused or signed-out browser must not keep candidate data,
    accounts or board membership in it: the next person at that tab would receive them.
    """
    for cls in _hiring_team_classes():
        found = await state.get_state(cls)
        unlink = getattr(found, "_unlink_feed", None)
        if unlink is not None:
            await unlink()
        found.reset()


async def leave_feeds(state: BaseState) -> None:
    """Leave every live feed this browser's hiring-team states joined (a board's): a page
    that is not a board calls this after its commit. Only states that define a feed are
    loaded."""
    for cls in _hiring_team_classes():
        if "_unlink_feed" in vars(cls):
            found = await state.get_state(cls)
            await found._unlink_feed()  # type: ignore[attr-defined]


HYDRATE_EVENTS = (".hydrate", ".hydrate_and_load")


async def gate_hydrate(state: BaseState, event_name: str) -> None:
    """Before Reflex sends a tab its whole state (a hydrate, on every connect and
    reconnect), wipe the hiring-team part unless the socket's cookie is still an active
    hiring-team session.

    Handlers are guarded, but a hydrate is Reflex's own event: without this, any tab of a
    browser whose user signed out in another tab (sign-out wipes only the tab that sent
    the form), or whose session ended, got every card and panel it had loaded back on
    reconnect, cookie or not.
    """
    if not event_name.endswith(HYDRATE_EVENTS):
        return
    if not _hiring_team:
        return  # an app without hiring-team states
    team: Any = await state.get_state(_hiring_team[0])
    if not (team.user_name or team.user_role or team._user_id):
        return  # nothing of the hiring team's was ever loaded in this tab
    token = session_token(state)  # type: ignore[arg-type]
    try:
        with session_scope() as session:
            user = auth.current_user(token, session=session) if token else None
    except Exception:  # the database away: fail closed (the pages load their data again)
        logger.warning("could not check the session of a hydrating tab: its hiring-team state is wiped")
        user = None
    # Only to the person who loaded it: another account's cookie (a colleague, compliance
    # staff, at the same browser after a sign-out) gets the tab wiped, not their data.
    if user is None or user.role not in ROLES_FOR[Access.SIGNED_IN] or user.id != team._user_id:
        await forget_hiring_team_data(state)


class HydrateGate(Middleware):
    """Reflex middleware running ``gate_hydrate`` before every event (it acts on hydrates)."""

    async def preprocess(self, app: Any, state: BaseState, event: Any) -> None:
        await gate_hydrate(state, str(getattr(event, "name", "")))


def tab_language(state: BaseState) -> str:
    """The language of the page a tab has open: ``?lang=``, then the switcher's cookie (from
    the socket's handshake), then the browser's Accept-Language (i18n.choose)."""
    router = state.router
    return i18n.choose(
        param=router.url.query_parameters.get(i18n.PARAM, ""),
        cookie=read_cookie(router.headers.cookie, i18n.COOKIE),
        accept_language=router.headers.accept_language,
    )


def _said(state: BaseState, access: Access, message: str) -> str:
    """A public handler's message (a candidate's page, no account) in the tab's language when
    the catalog has it (the service marked it ``N_()``); the hiring team's as written."""
    return i18n.translate(tab_language(state), message) if access is Access.PUBLIC else message


def _message(state: BaseState, access: Access, error: DomainError) -> Any:
    return rx.toast.error(_said(state, access, str(error)))


_PLAIN = (str, int, float, bool, type(None))


class StateCopy:
    """The vars of a state (and the hiring-team states above it) as they were before an event.

    Plain values are kept as they are; containers and dataclasses are pickled, since a
    handler may change them in place. ``restore`` sets back only what differs, so the
    browser is sent exactly the vars the failed event had changed.
    """

    def __init__(self, state: BaseState) -> None:
        self.state = state
        self.saved: dict[str, tuple[bool, Any]] = {}
        for name, var in type(state).__fields__.items():
            owner = getattr(var, "_owner", None)
            if owner is None or not owner.__module__.startswith("careers_app."):
                continue  # Reflex's own vars (router, hydration) are not the handler's to change
            value = var._get_raw(state)
            if type(value) in _PLAIN:
                self.saved[name] = (False, value)
            else:
                self.saved[name] = (True, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def changed(self) -> list[str]:
        fields = type(self.state).__fields__
        found = []
        for name, (pickled, saved) in self.saved.items():
            now = fields[name]._get_raw(self.state)
            if pickled:
                if type(now) in _PLAIN or pickle.dumps(now, pickle.HIGHEST_PROTOCOL) != saved:
                    found.append(name)
            elif type(now) is not type(saved) or now != saved:
                found.append(name)
        return found

    def restore(self) -> None:
        for name in self.changed():
            pickled, saved = self.saved[name]
            # Our own bytes, pickled a moment ago in this process from this state.
            setattr(self.state, name, pickle.loads(saved) if pickled else saved)  # noqa: S301


def _failed(call: Call, before: StateCopy | None, fn: Callable[..., Any]) -> None:
    """After any failure once the handler ran: the state as before the event, then the hooks."""
    if before is not None:
        before.restore()
    for hook in call.on_failure:
        try:
            hook()
        except Exception:  # a hook must never hide the person's message
            logger.exception("failure hook of %s failed (event %s)", fn.__qualname__, call.event_id)


def _answer_failure(
    state: rx.State,
    access: Access,
    call: Call,
    before: StateCopy | None,
    fn: Callable[..., Any],
    line: dict[str, Any],
    error: Exception,
) -> Any:
    """The event's outcome, log and answer for an error it raised (called in its ``except``):
    a domain error's own message, or "try again" for a database or any other error."""
    if isinstance(error, DomainError):
        line["outcome"] = type(error).__name__
        _failed(call, before, fn)
        return _message(state, access, error)
    if isinstance(error, sa.exc.SQLAlchemyError):
        line["outcome"] = "database_unavailable"
        logger.error(
            "database error in %s (event %s): %s",
            fn.__qualname__,
            call.event_id,
            error,
            exc_info=not isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError),
        )
        _failed(call, before, fn)
        return rx.toast.error(_said(state, access, TRY_AGAIN))
    line["outcome"] = "error"
    logger.exception("%s failed (event %s)", fn.__qualname__, call.event_id)
    _failed(call, before, fn)
    return rx.toast.error(_said(state, access, TRY_AGAIN))


F = TypeVar("F", bound=Callable[..., Any])


def handler(access: Access, *, background: bool = False) -> Callable[[F], F]:
    """Guard an event handler: access, one unit of work, error mapping (see module doc).

    Regular handlers are plain functions (their database work is synchronous inside the
    unit of work). ``background=True`` handlers are async and run outside the state lock;
    they get the user but open short units of work themselves with ``call.unit()``.
    """

    def decorate(fn: F) -> F:
        if background != inspect.iscoroutinefunction(fn):
            raise TypeError(f"{fn.__qualname__}: background handlers are async, the others are not")

        async def guarded(self: rx.State, line: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            call = Call(
                access=access,
                user_or_none=None,
                client_ip=self.router.session.client_ip,
                event_id=line["event_id"],
            )
            token = session_token(self)
            result: Any = None
            refusal: Any = None
            before: StateCopy | None = None
            try:
                with session_scope() as session:  # the event's one unit of work
                    user = auth.current_user(token, session=session) if token else None
                    call.user_or_none = user
                    if access is not Access.PUBLIC and (user is None or user.role not in ROLES_FOR[access]):
                        refusal = _refusal(self, user)
                    elif not background:
                        call._session = session
                        before = StateCopy(self)
                        reset = _current.set(call)
                        try:
                            result = fn(self, *args, **kwargs)
                        finally:
                            _current.reset(reset)
                            call._session = None
                    # Leaving this block commits; a failed COMMIT raises here like any other error.
                if refusal is not None:
                    line["outcome"] = "refused"
                    await forget_hiring_team_data(self)
                    return refusal
                if background:
                    reset = _current.set(call)
                    try:
                        result = await fn(self, *args, **kwargs)
                    finally:
                        _current.reset(reset)
            except Exception as error:
                return _answer_failure(self, access, call, before, fn, line, error)
            for later in call.after:  # only after the commit succeeded
                await later()
            return result

        @functools.wraps(fn)
        async def run(self: rx.State, *args: Any, **kwargs: Any) -> Any:
            # One structured log line per event (CAREERS_LOG_FORMAT=json): id, outcome, ms.
            with logging_json.event_line(fn.__qualname__, access.value) as line:
                return await guarded(self, line, *args, **kwargs)

        setattr(run, ACCESS_MARK, access)
        return run  # type: ignore[return-value]

    return decorate


def access_of(fn: object) -> Access | None:
    """The access a handler was declared with (None: not guarded), for the role-matrix test."""
    return getattr(fn, ACCESS_MARK, None)
