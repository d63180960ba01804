"""The sitemap lists public pages only, with absolute URLs and dates; robots.txt keeps crawlers out
of the hiring team's pages and the wizard. On SQLite and PostgreSQL."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from sqlmodel import Session

from careers_app.services.jobboard.seo import robots_txt, sitemap_entries, sitemap_xml
from tests.factories import make_office, make_posting, make_team

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_home_board_and_open_postings_only(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    old = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    new = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    make_posting(session, team, office, slug="old-role", published_at=old)
    make_posting(session, team, office, slug="new-role", published_at=new)
    make_posting(session, team, office, slug="a-draft", status="draft", published_at=None)
    make_posting(session, team, office, slug="was-open", status="closed")
    entries = sitemap_entries(session=session)
    assert [(e.path, e.lastmod) for e in entries] == [
        ("/", new),
        ("/careers", new),
        ("/jobs/new-role", new),
        ("/jobs/old-role", old),
    ]


def test_sitemap_xml_is_valid_with_absolute_escaped_urls(session: Session) -> None:
    team, office = make_team(session), make_office(session)
    make_posting(session, team, office, slug="r&d-lead", published_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    text = sitemap_xml(sitemap_entries(session=session), base_url="https://jobs.example.com/")
    root = ET.fromstring(text)
    urls = [(u.findtext("s:loc", namespaces=NS), u.findtext("s:lastmod", namespaces=NS)) for u in root]
    assert urls == [
        ("https://jobs.example.com/", "2026-03-02T09:00:00+00:00"),
        ("https://jobs.example.com/careers", "2026-03-02T09:00:00+00:00"),
        ("https://jobs.example.com/jobs/r%26d-lead", "2026-03-02T09:00:00+00:00"),
    ]
    assert "/recruiting" not in text and "/team" not in text and "/apply" not in text


def test_empty_board_still_lists_home_and_board_without_dates(session: Session) -> None:
    text = sitemap_xml(sitemap_entries(session=session), base_url="http://localhost:3000")
    root = ET.fromstring(text)
    assert [u.findtext("s:loc", namespaces=NS) for u in root] == [
        "http://localhost:3000/",
        "http://localhost:3000/careers",
    ]
    assert "lastmod" not in text


def test_robots_keeps_crawlers_out_of_private_pages_and_names_the_sitemap() -> None:
    text = robots_txt(base_url="https://jobs.example.com")
    lines = text.splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/recruiting", "/team", "/compliance", "/jobs/*/apply"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: https://jobs.example.com/sitemap.xml" in lines
