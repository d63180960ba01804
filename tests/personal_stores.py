"""Where the erasure tests keep the tabs' state: a Redis database of their own (the
``stores`` fixture in tests/seams/conftest.py points the app's settings at it)."""

from __future__ import annotations

import os

# A database of its own (the app in the browser tests uses 0), one per pytest-xdist worker
# ("gw0", "gw1", ...), since the fixture empties it before and after each test.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = f"redis://127.0.0.1:6379/{11 + _WORKER}"
