"""Credential links taken out of text that is kept or handed on: one rule for every copy.

The app mails links that work without an account, because the link carries a secret: the
status page (``/status?token=``), an interview's booking page (``/interview/<token>``), a
job alert's confirm and unsubscribe pages (``/alerts/confirm?token=``,
``/alerts/unsubscribe?token=``) and the person's own zip (``/status/export.zip?ticket=``).
The database keeps only SHA-256s of those secrets, so a copy of the text that carried one
must not keep it either: an export zip (the admin's and the person's own: a zip is shared
further than a session) and an email's stored body once it has been delivered
(services/mail/outbox.py). ``without_links`` puts ``REMOVED`` where the secret was; the rest of
the text, the link's path included, stays readable.

Every query parameter named ``token`` or ``ticket`` counts, in any URL, also HTML-escaped
(``&amp;token=``) or percent-encoded inside another URL (``%3Ftoken%3D``), so a new page
whose link carries a ``?token=`` is covered without a change here; a secret in a path part
is one of ``routes.TOKEN_IN_PATH``.
"""

from __future__ import annotations

import re
from typing import Any

from careers_app import routes

REMOVED = "[removed]"
SECRET_PARAMS: tuple[str, ...] = ("token", "ticket")

# Before the parameter: ?, &, ; (or their escaped forms); after it: = (or %3D).
_PARAMS = "|".join(re.escape(p) for p in SECRET_PARAMS)
_VALUE = r"[^\s&;\"'<>#\\()\[\]]+"  # to the next separator, quote, bracket or space
_QUERY = re.compile(
    r"(?P<before>(?:[?&;]|&amp;|%3F|%26)(?:" + _PARAMS + r")(?:=|%3D))(?P<secret>" + _VALUE + ")",
    re.IGNORECASE,
)
_PATH = re.compile(
    r"(?P<before>"
    + "|".join(re.escape(p).replace("/", "(?:/|%2F)") for p in routes.TOKEN_IN_PATH)
    + r")(?P<secret>"
    + _VALUE.replace("&", "&/?")
    + ")",
    re.IGNORECASE,
)


def without_links(text: str) -> str:
    """The text with the secret of every credential link replaced by ``REMOVED``."""
    if not text:
        return text
    for pattern in (_QUERY, _PATH):
        text = pattern.sub(lambda m: m["before"] + REMOVED, text)
    return text


def without_links_in(value: Any) -> Any:
    """``without_links`` applied to every string in a JSON-like value (dicts, lists)."""
    if isinstance(value, str):
        return without_links(value)
    if isinstance(value, dict):
        return {key: without_links_in(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_links_in(item) for item in value]
    return value
