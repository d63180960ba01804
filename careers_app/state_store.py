"""No credential is written to Reflex's state store (files, or Redis when scaled out).

Reflex keeps each tab's request data on its root state and pickles it with the rest: the
socket's Cookie header (the hiring team's session token) and the page's URL (a candidate's
status-link token, an interview link's token, a download ticket). The database keeps only
hashes of these; the state store kept them raw (attack review: a session token copied out
of a state file signed its holder in). ``keep_no_credentials`` makes the root state's pickle
leave them out. Nothing is lost: every event carries the socket's headers and the page's URL
again, and Reflex rebuilds the request data from them before any handler runs (the guard
reads the cookie only then); a state loaded from the store just differs from the next
event's request data, which Reflex then assigns.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

SECRET_PARAMS = frozenset({"token", "ticket"})
_SECRET_PATH = re.compile(r"^(/interview/)[^/?#]+")
REDACTED = "[redacted]"


def without_secrets(path: str) -> str:
    """The path and query with every credential taken out (not marked): what a link the
    server keeps may hold (the language switcher's, ``states/language.py``)."""
    path = _SECRET_PATH.sub(r"\1", path)
    if "?" not in path:
        return path
    base, _, query = path.partition("?")
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in SECRET_PARAMS]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _clean_path(path: str) -> str:
    path = _SECRET_PATH.sub(r"\1" + REDACTED, path)
    if "?" not in path:
        return path
    base, _, query = path.partition("?")
    pairs = [(k, REDACTED if k in SECRET_PARAMS else v) for k, v in parse_qsl(query, keep_blank_values=True)]
    return f"{base}?{urlencode(pairs, safe='[]')}"


def without_credentials(router_data: dict[str, Any]) -> dict[str, Any]:
    """A copy of Reflex's request data with no cookie and no secret in its URL."""
    clean = dict(router_data)
    headers = clean.get("headers")
    if isinstance(headers, dict):
        clean["headers"] = {k: v for k, v in headers.items() if k.lower() != "cookie"}
    for key in ("pathname", "asPath", "raw_path", "full_raw_path"):
        if isinstance(clean.get(key), str):
            clean[key] = _clean_path(clean[key])
    query = clean.get("query")
    if isinstance(query, dict):
        clean["query"] = {k: (REDACTED if k in SECRET_PARAMS else v) for k, v in query.items()}
    return clean


def keep_no_credentials() -> None:
    """Wrap the root state's pickling (once): its request data goes to the store cleaned."""
    from reflex.istate.data import HeaderData, PageData, URLData
    from reflex.state import State

    rebuild: dict[str, Any] = {
        "rx_router_headers": HeaderData,
        "rx_router_page": PageData,
        "rx_router_url": URLData,
    }

    if getattr(State.__getstate__, "_careers_clean", False):
        return
    original = State.__getstate__

    def __getstate__(self: Any) -> dict[str, Any]:
        fields = dict(original(self))
        data = fields.get("router_data")
        if isinstance(data, dict) and data:
            clean = without_credentials(data)
            fields["router_data"] = clean
            for name, kind in rebuild.items():  # Reflex's parsed copies of the same data
                if name in fields:
                    fields[name] = kind.from_router_data(clean)
            if isinstance(fields.get("rx_router_route_id"), str):
                fields["rx_router_route_id"] = _clean_path(fields["rx_router_route_id"])
        for name in SECRET_PARAMS:  # Reflex's route variables (``/interview/[token]``, ``?token=``)
            fields.pop(f"__cached_{name}_rx_state_", None)  # cached values: computed again when read
        return fields

    __getstate__._careers_clean = True  # type: ignore[attr-defined]
    State.__getstate__ = __getstate__  # type: ignore[method-assign]
