"""Structured logs: one JSON line per HTTP request and per Reflex event, with an id.

``CAREERS_LOG_FORMAT=json`` turns it on (``text``, the default, keeps the usual warnings
only). Every line is one object: ``ts``, ``level``, ``logger``, ``msg``, and for a request
``request_id``, ``method``, ``path``, ``status``, ``ms``; for an event ``event_id``,
``event``, ``access``, ``outcome``, ``ms``. Anything else logged while a request or event
runs (a database error, a refused upload) carries the same id, so one grep finds all of
it. The id of a request comes from nginx's ``X-Request-ID`` when it looks like one, else
a new one; it is sent back in the response's ``X-Request-ID``.

Cheap on purpose: one ``json.dumps`` per line, no query strings (they may carry a
person's search), no headers, no bodies, no client addresses.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from careers_app import routes

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

APP_LOGGER = "careers_app"
REQUEST_LOGGER = "careers_app.requests"
EVENT_LOGGER = "careers_app.events"
_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{8,64}")
_current_id: ContextVar[str] = ContextVar("careers_log_id", default="")
_enabled = False
# Record attributes every LogRecord has; anything else given in ``extra`` is a field.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One line of JSON per record: the standard fields, ``extra`` fields, the exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class _WithCurrentId(logging.Filter):
    """Adds the running request's or event's id to every record logged inside it."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _current_id.get()
        if current and not hasattr(record, "request_id") and not hasattr(record, "event_id"):
            record.log_id = current
        return True


def configure(log_format: str, stream: Any = None) -> bool:
    """Send the app's logs as JSON lines to stderr when ``log_format`` is ``json``.

    Only the ``careers_app`` logger tree is touched (Granian and Reflex configure their
    own), so calling this again, in every worker, is harmless. Returns whether JSON is on.
    """
    global _enabled
    _enabled = log_format == "json"
    logger = logging.getLogger(APP_LOGGER)
    for old in [h for h in logger.handlers if getattr(h, "_careers_json", False)]:
        logger.removeHandler(old)
    if not _enabled:
        return False
    out = logging.StreamHandler(stream or sys.stderr)
    out.setFormatter(JsonFormatter())
    out.addFilter(_WithCurrentId())
    out._careers_json = True  # type: ignore[attr-defined]
    logger.addHandler(out)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return True


def enabled() -> bool:
    return _enabled


def new_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def event_line(event: str, access: str) -> Iterator[dict[str, Any]]:
    """Time one Reflex event and log one line for it; yields the line's fields (the guard
    sets ``outcome``). The id is the event's id everywhere (``current_id()``)."""
    fields: dict[str, Any] = {"event_id": new_id(), "event": event, "access": access, "outcome": "ok"}
    reset = _current_id.set(fields["event_id"])
    started = time.perf_counter()
    try:
        yield fields
    except BaseException:
        fields["outcome"] = "exception"
        raise
    finally:
        _current_id.reset(reset)
        if _enabled:
            fields["ms"] = round((time.perf_counter() - started) * 1000, 2)
            level = logging.ERROR if fields["outcome"] == "exception" else logging.INFO
            logging.getLogger(EVENT_LOGGER).log(level, "event", extra=fields)


def current_id() -> str:
    """The id of the request or event being handled ('' outside one)."""
    return _current_id.get()


# Paths whose last part is a secret (a candidate's interview link): logged without it.
SECRET_PATH_PREFIXES = routes.TOKEN_IN_PATH


def log_path(path: str) -> str:
    """The request path as logged: bounded, with any secret path part replaced."""
    for prefix in SECRET_PATH_PREFIXES:
        if path.startswith(prefix):
            return prefix + "[token]"
    return path[:200]


class RequestLog:
    """ASGI middleware: one line per HTTP request (method, path, status, duration, id)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or not _enabled:
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"")
        request_id = given.decode() if _REQUEST_ID.fullmatch(given) else new_id()
        status = 0
        started = time.perf_counter()

        async def send_with_id(message: Any) -> None:
            nonlocal status
            if message.get("type") == "http.response.start":
                status = int(message.get("status", 0))
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        reset = _current_id.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        except BaseException:
            status = status or 500
            raise
        finally:
            _current_id.reset(reset)
            fields = {
                "request_id": request_id,
                "method": scope.get("method", ""),
                "path": log_path(str(scope.get("path", ""))),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 2),
            }
            level = logging.ERROR if status >= 500 else logging.INFO
            logging.getLogger(REQUEST_LOGGER).log(level, "request", extra=fields)
