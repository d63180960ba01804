"""The first response's HTML: where tags and content go in the built shell, and escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import extruct
import pytest
from sqlmodel import Session
from starlette.requests import Request

from careers_app.http import first_response
from careers_app.http import first_response_html as markup
from careers_app.http.first_response import SWAP_CSS, Shell
from careers_app.models.types import utcnow
from careers_app.services.postings.postings import PostingView, Section
from careers_app.settings import PROJECT_ROOT, get_settings
from tests.factories import make_office, make_posting, make_team

SHELL = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>'
    '<link rel="modulepreload" href="/assets/entry.client-X.js"/><script>theme()</script></head>'
    '<body><section aria-label="Notifications"></section><div data-is-root-theme="true" '
    'data-accent-color="indigo" data-radius="medium" class="radix-themes css-0"></div>'
    '<script type="module" async="">import("/assets/entry.client-X.js");</script></body></html>'
)
HOSTILE = "</script><script>alert(1)</script>\"'<!--"


def test_tags_go_before_head_end_and_content_right_after_body() -> None:
    html = Shell.parse(SHELL).render("<title>T</title>", "<p>Hello</p>")
    head, body = html.split("</head>")
    assert head.endswith(f'<title>T</title><style data-first-response="">{SWAP_CSS}</style>')
    assert body.startswith(
        '<body><div data-accent-color="indigo" data-radius="medium" class="radix-themes first-response">'
        "<p>Hello</p></div><section"
    )
    assert 'class="radix-themes css-0"' in body and "<script>theme()</script>" in head
    assert "modulepreload" not in html  # the content paints before the modules hydrate


def test_every_value_is_escaped() -> None:
    view = PostingView(
        slug="a-b",
        title=HOSTILE,
        team=HOSTILE,
        team_slug="eng",
        office=HOSTILE,
        employment_type="FULL_TIME",
        published="2026-11-01",
        sections=[Section(heading=HOSTILE, paragraphs=[HOSTILE], bullets=[HOSTILE])],
        process_name=HOSTILE,
        steps=[HOSTILE],
        employment_label="Full-time",
        pay=HOSTILE,
    )
    html = markup.page(markup.posting_main(view, company=HOSTILE), company=HOSTILE)
    html += markup.title_tags(HOSTILE, HOSTILE) + markup.head_tags(
        title=HOSTILE, description=HOSTILE, canonical="https://x/jobs/a-b", site_name=HOSTILE
    )
    assert "<script" not in html and "<!--" not in html and "alert(1)</" not in html
    # Jinja2's autoescape (MarkupSafe) writes " and ' as &#34; and &#39;.
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39;&lt;!--" in html
    assert "\n" not in html  # the templates' line breaks and indentation are dropped


def test_text_given_as_markup_is_escaped_and_the_json_ld_is_made_script_safe() -> None:
    """Only a rendered template goes into the page as markup; the JSON-LD is the one value put
    in unescaped, after job_schema.script_safe (HTML escaping would corrupt a script's text)."""
    assert "&lt;b&gt;" in markup.page("<b>", company="Acme")  # type: ignore[arg-type]
    tags = markup.head_tags(
        title="T", description="D", canonical="https://x/", json_ld='{"a":"</script><!--&"}'
    )
    assert (
        '<script data-first-response="" type="application/ld+json" id="first-response-ld">'
        '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026"}</script>'
    ) in tags


def test_only_the_json_ld_is_marked_for_removal_the_live_page_adds_its_own() -> None:
    tags = markup.head_tags(title="T", description="D", canonical="https://x/", json_ld='{"a":1}')
    assert tags.count('data-first-response=""') == 1 and '{"a":1}</script>' in tags
    assert '<script data-first-response="" type="application/ld+json"' in tags
    assert "data-first-response" not in markup.title_tags("T", "D")


# ----- the posting's first response, read by a structured-data extractor -------------------------

# https://developers.google.com/search/docs/appearance/structured-data/job-posting
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
GOOGLE_RECOMMENDED = {"validThrough", "employmentType", "identifier", "directApply", "baseSalary"}
GOOGLE_REMOTE = {"jobLocationType", "applicantLocationRequirements"}


def _first_response(session: Session, monkeypatch: pytest.MonkeyPatch, slug: str) -> tuple[int, str]:
    """The real route function, on the test's session and a built shell of the frontend's shape."""

    @contextmanager
    def scope() -> Iterator[Session]:
        yield session

    monkeypatch.setattr(first_response, "session_scope", scope)
    monkeypatch.setattr(first_response, "shell", lambda _name: Shell.parse(SHELL))
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": f"/jobs/{slug}",
            "path_params": {"slug": slug},
            "headers": [],
            "query_string": b"",
        }
    )
    answer = first_response.posting_page(request)
    return answer.status_code, bytes(answer.body).decode()


def _job_postings(html: str, base_url: str) -> list[dict[str, Any]]:
    data = extruct.extract(html, base_url=base_url, syntaxes=["json-ld"], uniform=True)
    return [item for item in data["json-ld"] if item.get("@type") == "JobPosting"]


def test_extruct_finds_a_job_posting_with_every_property_google_lists(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    office.region, office.street_address, office.postal_code = "CA", "1355 Market Street, Suite 900", "94103"
    make_posting(
        session,
        team,
        office,
        slug="sre-sf",
        title="Site Reliability Engineer",
        pay_min_cents=15_000_000,
        pay_max_cents=21_000_000,
        pay_currency="USD",
        pay_unit="YEAR",
        closes_at=utcnow() + timedelta(days=30),
    )
    status, html = _first_response(session, monkeypatch, "sre-sf")
    base = get_settings().base_url.rstrip("/")
    assert status == 200
    [posting] = _job_postings(html, base)
    assert set(posting) >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED
    assert posting["title"] == "Site Reliability Engineer" and posting["url"] == f"{base}/jobs/sre-sf"
    assert posting["hiringOrganization"]["logo"] == f"{base}/logo.png"
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1355 Market Street, Suite 900",
        "addressLocality": "San Francisco",
        "addressRegion": "CA",
        "postalCode": "94103",
        "addressCountry": "US",
    }
    assert posting["baseSalary"]["value"]["minValue"] == 150000


def test_extruct_reads_a_fully_remote_posting_as_telecommute(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    make_posting(
        session,
        team,
        office,
        slug="anywhere",
        remote=True,
        closes_at=utcnow() + timedelta(days=3),
        pay_min_cents=100,
        pay_max_cents=200,
        pay_currency="USD",
        pay_unit="HOUR",
    )
    status, html = _first_response(session, monkeypatch, "anywhere")
    assert status == 200
    [posting] = _job_postings(html, get_settings().base_url)
    assert (GOOGLE_REQUIRED - {"jobLocation"}) | GOOGLE_RECOMMENDED | GOOGLE_REMOTE <= set(posting)
    assert posting["jobLocationType"] == "TELECOMMUTE"


def test_a_missing_posting_carries_no_structured_data(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, html = _first_response(session, monkeypatch, "no-such-posting")
    assert status == 404 and _job_postings(html, "http://x") == []


def test_no_tag_in_a_template_spans_lines() -> None:
    """A template loses its line breaks and indentation when it loads (JoinLines): a tag cut
    over two lines would lose the space between its attributes."""
    templates = PROJECT_ROOT / "careers_app" / "http" / "templates"
    assert sorted(p.name for p in templates.glob("*.html.j2")) == [
        "board.html.j2",
        "head.html.j2",
        "not_found.html.j2",
        "page.html.j2",
        "posting.html.j2",
    ]
    for path in templates.glob("*.html.j2"):
        source = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        for number, line in enumerate(source.splitlines(), start=1):
            code = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", line)  # what Jinja reads, gone
            assert "{{" not in code and "{%" not in code, f"{path.name}:{number}"
            assert code.count("<") == code.count(">"), f"{path.name}:{number}"
