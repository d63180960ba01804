"""Route patterns and URL builders, shared by pages, states and redirects."""

from __future__ import annotations

from urllib.parse import quote, urlencode

HOME = "/"
BOARD = "/careers"
POSTING = "/jobs/[slug]"
APPLY = "/jobs/[slug]/apply"


def posting_url(slug: str) -> str:
    return f"/jobs/{quote(slug, safe='')}"


def apply_url(slug: str) -> str:
    return f"/jobs/{quote(slug, safe='')}/apply"


def board_url(*, team: str = "", office: str = "", q: str = "") -> str:
    params = {k: v for k, v in (("team", team), ("office", office), ("q", q)) if v}
    return f"{BOARD}?{urlencode(params)}" if params else BOARD
