"""``GET /healthz`` for the proxy and the cluster's supervisor: can this instance reach its
database and its Redis right now?

200 ``{"database": "ok", "redis": "ok"}`` when both answer within ``TIMEOUT_SECONDS``;
503 with ``"unavailable"`` (or ``"timeout"``) for the one that did not. Redis reads
``"not used"`` when the app runs one worker without it. Nothing else is said: no
address, no version, no error text (those could help an attacker and nobody else).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from careers_app.services.platform.db import get_engine

logger = logging.getLogger(__name__)

PATH = "/healthz"
TIMEOUT_SECONDS = 2.0
NO_STORE = {"Cache-Control": "no-store"}


def redis_url() -> str:
    """The Redis that holds Reflex's state ('' when there is none: one worker)."""
    from reflex.config import get_config

    return get_config().redis_url or ""


async def _redis_ping(url: str) -> None:
    """A fresh connection each time (a health check every few seconds is cheap, and a
    client kept across event loops or a Redis restart would answer for an old socket)."""
    import redis.asyncio

    client: Any = redis.asyncio.Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        await client.ping()
    finally:
        await client.aclose()


def _database_ok() -> None:
    with get_engine().connect() as connection:
        connection.execute(sa.text("SELECT 1"))


async def check_database() -> str:
    try:
        await asyncio.wait_for(asyncio.to_thread(_database_ok), TIMEOUT_SECONDS)
    except TimeoutError:
        return "timeout"
    except Exception as error:  # any driver error means "not reachable"
        logger.warning("healthz: database unavailable (%s)", type(error).__name__)
        return "unavailable"
    return "ok"


async def check_redis(url: str) -> str:
    if not url:
        return "not used"
    try:
        await asyncio.wait_for(_redis_ping(url), TIMEOUT_SECONDS)
    except TimeoutError:
        return "timeout"
    except Exception as error:
        logger.warning("healthz: redis unavailable (%s)", type(error).__name__)
        return "unavailable"
    return "ok"


async def healthz(_request: Request) -> Response:
    database, redis = await asyncio.gather(check_database(), check_redis(redis_url()))
    healthy = database == "ok" and redis in ("ok", "not used")
    return JSONResponse(
        {"database": database, "redis": redis}, status_code=200 if healthy else 503, headers=NO_STORE
    )
