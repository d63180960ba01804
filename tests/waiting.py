"""Waiting for a condition instead of for a fixed time.

``wait_until(check, timeout=...)`` calls ``check`` until it returns something truthy and
returns that, or fails with ``message`` (and the last value seen) at the deadline. The
pause between calls only spaces the checks out; how long the test waits is decided by
the condition. ``await wait_until_async(...)`` is the same inside a coroutine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(check: Callable[[], T], *, timeout: float, message: str = "", every: float = 0.05) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message or 'condition'} not met within {timeout} s (last: {found!r})")
        time.sleep(every)


async def wait_until_async(
    check: Callable[[], T | Awaitable[T]], *, timeout: float, message: str = "", every: float = 0.05
) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if isinstance(found, Awaitable):
            found = await found
        if found:
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message or 'condition'} not met within {timeout} s (last: {found!r})")
        await asyncio.sleep(every)
