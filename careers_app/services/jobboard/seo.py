"""What search engines are told: the sitemap of public pages, and robots.txt.

Only pages a stranger may see belong in the sitemap: the home page, the board and each
open posting. The hiring team's pages and the application wizard are kept out of both
the sitemap and crawlers' reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from sqlmodel import Session, col, select

from careers_app import i18n, routes
from careers_app.models import Posting
from careers_app.services.postings.postings import open_clause

PRIVATE_PATHS = routes.PRIVATE_PATHS
SITEMAP_PATH = "/sitemap.xml"
# A later edit time, should the table gain one; publication time otherwise.
_UPDATED_AT = getattr(Posting, "updated_at", None)


@dataclass(frozen=True)
class SitemapEntry:
    path: str
    lastmod: datetime | None
    # The page's languages: listed as hreflang alternates (``?lang=``), the plain path
    # (the reader's own language) as x-default. None: English only, no alternates.
    languages: tuple[str, ...] = ()


ALL_LANGUAGES = tuple(code for code, _name in i18n.LANGUAGES)


def _newest(*times: datetime | None) -> datetime | None:
    present = [t for t in times if t is not None]
    return max(present) if present else None


def sitemap_entries(*, session: Session) -> list[SitemapEntry]:
    """Home, board, then every open posting, newest first; the board changes when a posting does."""
    columns = [col(Posting.slug), col(Posting.title_es), col(Posting.published_at)]
    if _UPDATED_AT is not None:
        columns.append(_UPDATED_AT)
    rows: list[Any] = list(
        session.exec(
            select(*columns)
            .where(open_clause())
            .order_by(col(Posting.published_at).desc(), col(Posting.slug))
        ).all()
    )
    postings = [
        SitemapEntry(
            routes.posting_url(row[0]),
            _newest(*row[2:]),
            ALL_LANGUAGES if str(row[1] or "").strip() else (),  # a Spanish version (postings.has_spanish)
        )
        for row in rows
    ]
    board_changed = _newest(*(p.lastmod for p in postings))
    return [
        SitemapEntry(routes.HOME, board_changed, ALL_LANGUAGES),
        SitemapEntry(routes.BOARD, board_changed, ALL_LANGUAGES),
        *postings,
    ]


def sitemap_xml(entries: list[SitemapEntry], *, base_url: str) -> str:
    """The sitemaps.org XML, with absolute URLs (crawlers refuse relative ones), and Google's
    ``xhtml:link`` hreflang alternates for pages in more than one language."""
    base = base_url.rstrip("/")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in entries:
        alternates = [(code, base + i18n.url_in(code, entry.path)) for code in entry.languages]
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(href)}"/>'
            for code, href in [*alternates, ("x-default", base + entry.path)]
            if alternates
        )
        url = f"<loc>{escape(base + entry.path)}</loc>"
        if entry.lastmod is not None:
            url += f"<lastmod>{entry.lastmod.isoformat(timespec='seconds')}</lastmod>"
        lines.append(f"  <url>{url}{links}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(*, base_url: str) -> str:
    disallow = "".join(f"Disallow: {path}\n" for path in PRIVATE_PATHS)
    return f"User-agent: *\n{disallow}Allow: /\n\nSitemap: {base_url.rstrip('/')}{SITEMAP_PATH}\n"
