"""Links to files: a report, an export, a candidate's document.

In Reflex 0.10 ``rx.el.a`` is React Router's ``Link``: a click is handled by the client
router, which looks the path up among the app's pages and shows the 404 page for a file
the server would have sent. ``reload_document`` makes the click an ordinary request, so
the browser gets the server's answer (its Content-Disposition name and content type).
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def download_link(label: Any, href: str | rx.Var[str], **props: Any) -> rx.Component:
    """A link that downloads what the server sends (named by its Content-Disposition)."""
    return rx.el.a(label, href=href, download=True, reload_document=True, **props)


def file_link(label: Any, href: str | rx.Var[str], **props: Any) -> rx.Component:
    """A link that opens a file (a PDF) in a new tab, outside the client router."""
    return rx.el.a(label, href=href, target="_blank", rel="noopener", reload_document=True, **props)
