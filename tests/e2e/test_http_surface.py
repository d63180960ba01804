"""What the app answers to plain HTTP: the sitemap and robots.txt, a CSP on every page that
allows exactly the build's own inline scripts, and 404 (not 500) for ids no table holds."""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET

import httpx
import pytest
import sqlalchemy as sa

from careers_app.devtools.appserver import RunningApp

CORTEX = "machine-learning-engineer-data-science-cortex"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = (
    "/",
    "/careers",
    f"/jobs/{CORTEX}",
    f"/jobs/{CORTEX}/apply",
    "/recruiting/sign-in",
    f"/recruiting/{CORTEX}",
    "/team/accounts",
    "/no-such-page",
)


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_sitemap_lists_the_public_pages_and_every_open_posting(app_server: RunningApp) -> None:
    answer = httpx.get(f"{app_server.base_url}/sitemap.xml", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    urls = {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
        for u in ET.fromstring(answer.content)
    }
    with sa.create_engine(app_server.database_url).connect() as conn:
        open_slugs = [r[0] for r in conn.execute(sa.text("select slug from posting where status = 'open'"))]
    base = app_server.base_url
    assert len(open_slugs) > 40
    assert set(urls) == {f"{base}/", f"{base}/careers", *(f"{base}/jobs/{slug}" for slug in open_slugs)}
    assert f"{base}/jobs/data-center-technician-boulder" not in urls  # closed
    for url, lastmod in urls.items():
        assert url and lastmod and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", lastmod), url
        assert not re.search(r"/recruiting|/team|/compliance|/apply", url), url


def test_robots_keeps_crawlers_out_of_private_pages(app_server: RunningApp) -> None:
    answer = httpx.get(f"{app_server.base_url}/robots.txt", timeout=10)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    lines = answer.text.splitlines()
    for path in ("/recruiting", "/team", "/compliance", "/jobs/*/apply"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {app_server.base_url}/sitemap.xml" in lines


@pytest.mark.parametrize(
    "raw", ["0", "99999999999999999999999", "2147483648", "-1", "1e3", "%D9%A3", "x"]
)
def test_document_ids_no_table_holds_are_not_found(app_server: RunningApp, raw: str) -> None:
    answer = httpx.get(f"{app_server.base_url}/recruiting/documents/{raw}", timeout=10)
    assert answer.status_code == 404


def test_every_page_has_a_csp_that_allows_only_its_own_inline_scripts(app_server: RunningApp) -> None:
    ws_origin = app_server.base_url.replace("http://", "ws://")
    for path in PAGES:
        answer = httpx.get(app_server.base_url + path, timeout=10, follow_redirects=True)
        assert answer.headers["content-type"].startswith("text/html"), path
        policy = answer.headers.get("content-security-policy", "")
        d = _directives(policy)
        assert d.get("default-src") == ["'self'"], (path, policy)
        assert d["object-src"] == ["'none'"] and d["base-uri"] == ["'self'"]
        assert d["frame-ancestors"] == ["'self'"] and d["form-action"] == ["'self'"]
        assert d["img-src"] == ["'self'", "data:", "blob:"]
        assert "'self'" in d["connect-src"] and ws_origin in d["connect-src"]
        assert "'unsafe-inline'" not in d["script-src"] and "*" not in policy
        inline = [
            body
            for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", answer.text, re.S)
            if "src=" not in attrs and "ld+json" not in attrs
        ]
        assert inline, path  # the built pages do have inline scripts: each must be allowed by hash
        for body in inline:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in d["script-src"], (path, body[:80])


def test_other_responses_get_the_hardening_headers_but_no_page_policy(app_server: RunningApp) -> None:
    for path in ("/sitemap.xml", "/robots.txt", "/ping", "/recruiting/documents/1"):
        answer = httpx.get(app_server.base_url + path, timeout=10)
        assert answer.headers.get("x-content-type-options") == "nosniff", path
        assert answer.headers.get("x-frame-options") == "SAMEORIGIN", path
        assert "default-src" not in answer.headers.get("content-security-policy", ""), path
