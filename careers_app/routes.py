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


def path_slug(path: str, section: str) -> str:
    """The decoded segment after /<section>/ in a path ("" if none), e.g. the posting slug in
    /jobs/<slug>, /jobs/<slug>/apply or /recruiting/<slug>."""
    from urllib.parse import unquote

    parts = [p for p in (path or "").split("?", 1)[0].split("/") if p]
    if len(parts) >= 2 and parts[0] == section:
        return unquote(parts[1])[:200]
    return ""
