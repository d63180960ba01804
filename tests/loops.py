"""Run a coroutine to completion on its own event loop, in its own thread.

Playwright's sync API keeps an event loop running in the main thread for the rest of the
session, so ``asyncio.run`` there fails once a browser test has run before a unit test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from typing import Any


def run_in_own_loop(make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    context = copy_context()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, lambda: asyncio.run(make())).result()
