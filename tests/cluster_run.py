"""For the cluster's fault tests: the demo posting they work on, and running a scenario
(a coroutine) to completion from a test."""

from __future__ import annotations

from typing import Any

from tests.loops import run_in_own_loop

SLUG = "machine-learning-engineer-data-science-cortex"


def run(coro: Any) -> Any:
    return run_in_own_loop(lambda: coro)
