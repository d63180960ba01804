"""Where the erasure tests keep the tabs' state: a Redis database of their own (the
``stores`` fixture in tests/seams/conftest.py points the app's settings at it)."""

from __future__ import annotations

REDIS_URL = "redis://127.0.0.1:6379/11"  # a database of its own: other runs use 0
