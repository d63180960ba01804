"""What people see while the database or Redis is away, and how a tab gets its state back.

- ``DatabaseUnavailable`` (ASGI, in ``api.http_routes``): a page or feed whose database
  query fails because the database is unreachable answers **503** with a short "try again
  in a moment" page and ``Retry-After``, never Starlette's bare 500. Other errors pass
  through unchanged.
- ``backend_exception_handler`` (``rx.App``): an event that fails because Redis (where
  every tab's state lives) or the database is away tells the person the connection is
  being restored and that what they saved is kept, instead of Reflex's "An error
  occurred. Contact the website administrator.".
- ``LostWizardState`` (Reflex middleware, in states/wizard_recovery.py: it knows the
  wizard's state; this module only the reload): a Redis restart loses every tab's server-side
  state. Reflex then rehydrates a tab on its next event without the browser's
  localStorage, so the wizard would start a new, empty draft and overwrite the draft
  token the browser keeps. When a wizard event arrives for a wizard that was never
  loaded in this state (only possible after such a loss: the form exists only once it
  loaded), the tab is reloaded instead, which hydrates with the stored token and brings
  the draft back. What that event carried (a keystroke, a file) was not kept: the reloaded
  wizard names the field to check again (``?redo=``), so nothing is lost without a word.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from reflex_base.event import EventSpec

if TYPE_CHECKING:
    from reflex.app import App

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TRY_AGAIN_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
    "<title>Back in a moment</title></head><body style='font-family:system-ui,sans-serif;"
    "max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5'>"
    "<h1>Back in a moment</h1><p>We cannot reach our database right now. Nothing you saved is "
    "lost. Please try again in a few seconds.</p><p><a href=''>Try again</a></p></body></html>"
)
RECONNECTING = "Reconnecting to the server…"
RECONNECTING_DETAIL = "What you already entered is saved. Please try again in a few seconds."


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def database_unreachable(exc: BaseException) -> bool:
    """A connection-level database failure (not a bad query, not a constraint)."""
    for error in _chain(exc):
        if isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError):
            return True
        if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
            return True
        if type(error).__module__.startswith("psycopg") and type(error).__name__ == "OperationalError":
            return True
    return False


def redis_unreachable(exc: BaseException) -> bool:
    try:
        import redis.exceptions
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    return any(
        isinstance(error, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError)
        for error in _chain(exc)
    )


class DatabaseUnavailable:
    """ASGI middleware: a database outage is a 503 "try again" page, not a 500.

    An inner app (Reflex's, or another route table) may already have started its own 500
    response before the exception reaches here; a 500's start is held back until its
    body is complete, so it can still be replaced when the cause was the database.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        held: list[Any] = []
        started = False

        async def guarded_send(message: Any) -> None:
            nonlocal started
            if message.get("type") == "http.response.start" and message.get("status") == 500:
                held.append(message)
                return
            if held:
                held.append(message)
                return
            if message.get("type") == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as exc:
            if not started and database_unreachable(exc):
                logger.warning("database unreachable: %s answered 503", str(scope.get("path", ""))[:200])
                await _send_try_again(send)
                return
            for message in held:
                await send(message)
            raise
        for message in held:
            await send(message)


async def _send_try_again(send: Send) -> None:
    body = TRY_AGAIN_PAGE.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"5"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def backend_exception_handler(exception: Exception) -> list[EventSpec]:
    """Reflex's handler for an event that failed outside our guard (state storage, or a
    handler's database work): an outage reads as "reconnecting", anything else as before."""
    from reflex.app import default_backend_exception_handler

    if redis_unreachable(exception) or database_unreachable(exception):
        import reflex as rx

        logger.warning(
            "event failed while %s is away", "redis" if redis_unreachable(exception) else "the database"
        )
        # The event never reached its handler, so no guard put anything back: a card the
        # board dropped optimistically goes back in the browser (assets/pipeline_board.jsx).
        return [
            rx.toast.warning(RECONNECTING, description=RECONNECTING_DETAIL, id="reconnecting", duration=6000),
            rx.call_script(REVERT_BOARD_DROP),
        ]
    return [default_backend_exception_handler(exception)]


REVERT_BOARD_DROP = "window.__careersBoard && window.__careersBoard.revertPending()"


REDO_PARAM = "redo"
WIZARD_FORM_ID = "apply-form"
# What the wizard's inputs showed when its state was found lost, kept in this tab's
# sessionStorage across the reload (never in a URL or on the server) and sent back once.
UNSAVED_KEY = "careers_wizard_unsaved"
DROP_UNSAVED = f"sessionStorage.removeItem('{UNSAVED_KEY}')"
TAKE_UNSAVED = (
    f"(() => {{ const v = sessionStorage.getItem('{UNSAVED_KEY}'); "
    f"sessionStorage.removeItem('{UNSAVED_KEY}'); return v || ''; }})()"
)


def reload_script(redo: str = "") -> str:
    """Reload the tab (hydrating with its localStorage, so the draft comes back). With
    ``redo`` (the field or upload whose event found the state lost), what the wizard's
    inputs show is first kept in sessionStorage: the reloaded wizard sends it again
    (``ApplyState.take_unsaved``) and names what to check; the values never go in the URL."""
    if not redo or not redo.replace("_", "").isalnum():
        return "window.location.reload()"
    return (
        "(() => { try { const f = document.getElementById('"
        + WIZARD_FORM_ID
        + "'); if (f) sessionStorage.setItem('"
        + UNSAVED_KEY
        + "', JSON.stringify(Object.fromEntries([...new FormData(f)].filter(([, v]) => "
        + "typeof v === 'string')))); } catch (e) {} "
        + "const u = new URL(window.location.href); "
        + f"u.searchParams.set('{REDO_PARAM}', '{redo}'); window.location.replace(u.toString()); }})()"
    )


SHUTDOWN_GRACE_SECONDS = 15.0  # below the instance's Granian kill timeout (20 s)


async def drain_events_on_shutdown(app: App) -> None:
    """Lifespan task: at shutdown, let events still running finish (an upload's PDF check,
    a submit) for up to ``SHUTDOWN_GRACE_SECONDS`` before Reflex cancels them.

    Reflex 0.10.1's event processor has this grace period but leaves it unset (cancel at
    once) and offers no setting, so it is set on the running app's processor here.
    """
    for _ in range(300):
        processor = getattr(app, "_event_processor", None)
        if processor is not None:
            processor.graceful_shutdown_timeout = SHUTDOWN_GRACE_SECONDS
            return
        await asyncio.sleep(0.1)
    logger.warning("no event processor found: events in flight are cancelled at shutdown")
