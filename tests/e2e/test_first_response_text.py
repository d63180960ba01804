"""The first response and the hydrated page show the same text (issue 20).

The first response (careers_app/http/templates, for crawlers and clients without
JavaScript) and the live Reflex page are written apart, so this is what keeps them together:
for the board and a posting, in English and in Spanish, the text of <main> in the HTML the
server sends, as a browser without JavaScript shows it, and the text of <main> once the live
page has taken over, whitespace normalised, are the same, but for the one thing only the live
page has (listed in ``LIVE_ONLY``, asserted exactly).
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from careers_app import i18n
from careers_app.devtools.appserver import RunningApp
from tests.browser import CORTEX, open_page

# The board's "Email me new jobs" control needs the live page (a Reflex form, under the
# list): the first response leaves it out, so a client without JavaScript sees no dead form.
LIVE_ONLY = {"board": "Email me new jobs like these", "posting": ""}


def _normal(text: str) -> str:
    return " ".join(text.split())


def first_response_text(browser: Browser, app: RunningApp, path: str) -> str:
    """<main>'s text in the HTML fetched over HTTP, as a browser without JavaScript renders it
    (the app's own CSS applies: what is hidden there is not text)."""
    answer = httpx.get(app.base_url + path, timeout=15)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert answer.text.count('class="radix-themes first-response"') == 1
    context = browser.new_context(base_url=app.base_url, java_script_enabled=False)
    page = context.new_page()
    url = app.base_url + path

    def serve(route: Route) -> None:  # the very HTML fetched above, not a second request
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=answer.text)

    page.route(lambda u: u == url, serve)
    page.goto(path)
    main = page.locator("body > .first-response main")
    expect(main).to_be_visible()
    text = main.inner_text()
    context.close()
    return _normal(text)


def hydrated_text(browser: Browser, app: RunningApp, path: str) -> str:
    """<main>'s text once the live page has its content and the first response is gone."""
    page, problems = open_page(browser, app)
    page.goto(path)
    expect(page.locator("body > .radix-themes [data-live]").first).to_be_attached()
    expect(page.locator("body > .first-response")).to_have_count(0)  # removed once live
    main = page.locator("main#main")
    expect(main).to_have_count(1)
    text = main.inner_text()
    page.context.close()
    assert problems == [], problems
    return _normal(text)


@pytest.mark.parametrize(
    ("kind", "path", "lang"),
    [
        ("board", "/careers", "en"),
        ("board", "/careers?lang=es", "es"),
        ("board", "/careers?team=design&q=designer&lang=es", "es"),  # filters chosen: "Clear filters"
        ("posting", f"/jobs/{CORTEX}", "en"),
        ("posting", f"/jobs/{CORTEX}?lang=es", "es"),
    ],
)
def test_the_first_response_and_the_hydrated_page_show_the_same_text(
    browser: Browser, app_server: RunningApp, kind: str, path: str, lang: str
) -> None:
    first = first_response_text(browser, app_server, path)
    live = hydrated_text(browser, app_server, path)
    assert len(first) > 200, first  # the page's content, not a loading placeholder
    only_live = i18n.translate(lang, LIVE_ONLY[kind]) if LIVE_ONLY[kind] else ""
    assert live == _normal(f"{first} {only_live}")


def _box(page: Page, name: str) -> tuple[float, float, float, float]:
    box = page.get_by_role("link", name=name).first.bounding_box()
    assert box is not None, name
    return (round(box["x"]), round(box["y"]), round(box["width"]), round(box["height"]))


@pytest.mark.parametrize(
    ("path", "links"),
    [
        (f"/jobs/{CORTEX}", ("Check out other opportunities at Twitter.", "Apply for this job")),
        ("/careers", ("Machine Learning Engineer - Data Science, Cortex",)),
    ],
)
def test_the_live_page_takes_over_where_the_first_response_was(
    browser: Browser, app_server: RunningApp, path: str, links: tuple[str, ...]
) -> None:
    """A click that lands while the live page replaces the first response must hit the same
    link: each one a person may click first is where it was (a test clicking "Check out other
    opportunities" during the swap once missed, under load). Layout shift is measured as a
    browser does it: the link's box, to the pixel, without scripts and once live."""
    answer = httpx.get(app_server.base_url + path, timeout=15)
    context = browser.new_context(
        base_url=app_server.base_url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    static = context.new_page()
    static.route(
        lambda u: u == app_server.base_url + path,
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=answer.text),
    )
    static.goto(path)
    before = {name: _box(static, name) for name in links}
    context.close()
    page, problems = open_page(browser, app_server)
    page.goto(path)
    expect(page.locator("body > .first-response")).to_have_count(0)  # removed once live
    after = {name: _box(page, name) for name in links}
    page.context.close()
    assert problems == [], problems
    assert after == before
