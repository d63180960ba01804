"""Response headers: the hardening set on every response, a Content-Security-Policy on every
page, and a safe Content-Disposition for every download (candidate files, reports, exports).

The built pages carry a few inline scripts (React Router's hydration data, Reflex's theme
and scroll scripts). Rather than allowing every inline script, the policy lists the
SHA-256 of each one found in the build, computed once per process at the first page it
serves; an injected script matches none of them.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from careers_app import routes
from careers_app.settings import PROJECT_ROOT, get_settings

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HARDENING = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
# The candidate status page carries its credential (the link's token) in the URL: no page
# it opens, no image or script it loads, is told that URL.
NO_REFERRER_PATHS = routes.TOKEN_LINK_PATHS
NO_REFERRER = (b"referrer-policy", b"no-referrer")
# Served over https (production), browsers must never try plain http again for a year.
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def _https() -> bool:

    return get_settings().base_url.startswith("https://")


# Candidate files are shown as documents of their own: no scripts, no same-origin access.
DOCUMENT_CSP = "sandbox"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}


def build_dir() -> Path:
    """Where `reflex run --env prod` puts the built pages (.web/build/client)."""
    try:
        from reflex import constants
        from reflex.utils import prerequisites

        web = Path(prerequisites.get_web_dir())
        return (web if web.is_absolute() else PROJECT_ROOT / web) / constants.Dirs.STATIC
    except ImportError:  # pragma: no cover - reflex is always installed with the app
        return PROJECT_ROOT / ".web" / "build" / "client"


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """CSP source expressions for every inline script in these HTML texts (data blocks skipped)."""
    found: set[str] = set()
    for html in pages:
        for attrs, body in _SCRIPT.findall(html):
            kind = _TYPE.search(attrs)
            if _SRC.search(attrs) or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def _connect_sources(origins: Iterable[str]) -> list[str]:
    """The app's own origins over HTTP and WebSocket (the event socket, uploads)."""
    sources: list[str] = []
    for origin in origins:
        parts = urlsplit(origin)
        ws = "wss" if parts.scheme == "https" else "ws"
        for source in (f"{parts.scheme}://{parts.netloc}", f"{ws}://{parts.netloc}"):
            if source not in sources:
                sources.append(source)
    return sources


def page_policy(script_hashes: Iterable[str], origins: Iterable[str]) -> str:
    """The Content-Security-Policy of every page.

    'unsafe-eval': Reflex runs toasts and other client calls sent by the server with
    eval() (state.js `_call_function`); without it those fail with a CSP error.
    'unsafe-inline' for styles: Emotion and Radix insert <style> elements at run time.
    """
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self'", *script_hashes, "'unsafe-eval'"]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        " ".join(["connect-src 'self'", *_connect_sources(origins)]),
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


@cache
def app_page_policy() -> str:
    """The policy for this process, from the build it serves (read once, at the first page)."""
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(build_dir().rglob("*.html"))]
    return page_policy(inline_script_hashes(pages), get_settings().allowed_origins)


_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")
DISPOSITIONS = ("inline", "attachment")


def content_disposition(name: str, *, disposition: str = "inline", extension: str = ".pdf") -> str:
    """`inline; filename="<ASCII>"; filename*=UTF-8''<encoded>` for a file's name.

    The file keeps the extension of what is sent (``.pdf`` for a candidate's document,
    ``.csv`` for a report, ``.zip`` for an export): a name without it gets it added, so a
    browser neither renames a CSV to ``.csv.pdf`` nor opens a PDF named ``cv.exe``.

    The name may come from a stranger: control characters (CR, LF) are dropped, the ASCII
    fallback keeps only characters that cannot end the quoted string, and the UTF-8 form
    is percent-encoded, so nothing in the name can add a header or a parameter.
    """
    if disposition not in DISPOSITIONS or not _EXTENSION.fullmatch(extension):
        raise ValueError(f"bad disposition {disposition!r} or extension {extension!r}")
    text = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    text = text.replace("/", "_").replace("\\", "_").strip()[:200]
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"[^A-Za-z0-9._ ()-]+", "_", ascii_text)
    stem = ascii_text[: -len(extension)] if ascii_text.lower().endswith(extension) else ascii_text
    stem = re.sub(r"_+", "_", stem).strip(" ._") or "document"
    if not text.lower().endswith(extension):
        text = (text or "document") + extension
    encoded = quote(text, safe="")
    return f"{disposition}; filename=\"{stem[:100]}{extension}\"; filename*=UTF-8''{encoded}"


def _no_referrer(scope: Scope) -> bool:
    path = str(scope.get("path", "")).rstrip("/")
    return any(path == p or path.startswith(p + "/") for p in NO_REFERRER_PATHS)


class SecurityHeaders:
    """ASGI middleware: hardening headers on every HTTP response, the page CSP on HTML.

    A header the response already has (the documents' own CSP) is left as it is.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message.get("type") == "http.response.start":
                headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
                present = {k.lower(): v for k, v in headers}
                if b"referrer-policy" not in present and _no_referrer(scope):
                    headers.append(NO_REFERRER)
                    present[b"referrer-policy"] = NO_REFERRER[1]
                headers.extend(h for h in HARDENING if h[0] not in present)
                if _https() and b"strict-transport-security" not in present:
                    headers.append(HSTS)
                is_page = present.get(b"content-type", b"").lower().startswith(b"text/html")
                if is_page and b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", app_page_policy().encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
