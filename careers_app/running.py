"""The running Reflex app, for the plain HTTP routes that reach into it (a sign-out wipes the
state Reflex keeps for the tab).

careers_app.py names the app here once it has made it. Those routes are part of the app
(mounted when it is made), so they cannot import careers_app.py itself.
"""

from __future__ import annotations

import reflex as rx

_running: list[rx.App] = []


def register(app: rx.App) -> None:
    _running[:] = [app]


def app() -> rx.App:
    if not _running:
        msg = "no running app: careers_app.careers_app registers it when it is imported"
        raise RuntimeError(msg)
    return _running[0]
