"""Point the whole app at a test's settings: every module's own ``get_settings`` reference
(a module that did ``from careers_app.settings import get_settings`` keeps the function it
imported, so patching only ``careers_app.settings`` misses it)."""

from __future__ import annotations

import sys

import pytest

import careers_app.settings
from careers_app.settings import Settings, get_settings


def use_settings(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("careers_app") and getattr(module, "get_settings", None) is get_settings:
            monkeypatch.setattr(module, "get_settings", lambda: settings)
    monkeypatch.setattr(careers_app.settings, "get_settings", lambda: settings)
