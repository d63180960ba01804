"""The first response's HTML: where tags and content go in the built shell, and escaping."""

from __future__ import annotations

from careers_app import first_response_html as markup
from careers_app.first_response import SWAP_CSS, Shell
from careers_app.services.postings import PostingView, Section

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
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&lt;!--" in html


def test_only_the_json_ld_is_marked_for_removal_the_live_page_adds_its_own() -> None:
    tags = markup.head_tags(title="T", description="D", canonical="https://x/", json_ld='{"a":1}')
    assert tags.count('data-first-response=""') == 1
    assert '<script data-first-response="" type="application/ld+json"' in tags
    assert "data-first-response" not in markup.title_tags("T", "D")
