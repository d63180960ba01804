"""Where an application came from: the careers site, the job board API, or a tracked link.

A tracked link is the posting's URL with ``?source=<slug>`` (or Greenhouse's ``?gh_src=``),
e.g. ``/jobs/<slug>?source=linkedin``. Anyone can type any query, so the value is kept
only as a short slug of ``[a-z0-9_-]`` (at most 40 characters, compared lower-cased);
anything else becomes "other". Names this app gives itself ("api", "job board",
"unknown") cannot be claimed by a link: they become "other" too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

JOB_BOARD = "job board"  # the careers site's own wizard, without a tracked link
API = "api"  # the Greenhouse-compatible job board API (services/jobboard/job_board_apply.py)
UNKNOWN = "unknown"  # applications saved before sources were recorded
OTHER = "other"  # a tracked link whose value is not a short slug
RESERVED = frozenset({JOB_BOARD, API, UNKNOWN, "job-board", "job_board", "careers_site", "demo"})
QUERY_KEYS = ("source", "gh_src")  # checked in this order
MAX_LENGTH = 40
_SLUG = re.compile(r"[a-z0-9_-]{1,40}")

LABELS = {
    JOB_BOARD: "Job board (careers site)",
    API: "Job board API",
    UNKNOWN: "Unknown",
    OTHER: "Other link",
}


def clean_slug(raw: object) -> str:
    """The tracked-link value as stored: a short slug, or "other"."""
    if not isinstance(raw, str):
        return OTHER
    value = raw.strip().lower()
    if not _SLUG.fullmatch(value) or value in RESERVED:
        return OTHER
    return value


def tracked(params: Mapping[str, object]) -> str:
    """The source a URL's query names (``source`` first, then ``gh_src``), or "" for none.

    Query values may arrive as lists (a repeated key): the first one counts.
    """
    for key in QUERY_KEYS:
        raw = params.get(key)
        if isinstance(raw, list | tuple):
            raw = raw[0] if raw else ""
        if raw is None or raw == "":
            continue
        return clean_slug(raw)
    return ""


def for_submission(stored: object) -> str:
    """The source a wizard submission is saved with: its tracked link, else the job board."""
    if isinstance(stored, str) and stored:
        return stored if stored == OTHER else clean_slug(stored)
    return JOB_BOARD


def label(source: str) -> str:
    """How a source is named on the analytics page (a tracked slug as is, prefixed)."""
    return LABELS.get(source) or f"Link: {source}"
