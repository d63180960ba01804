"""One production-mode app per test run, shared by every browser test.

The app gets its own port, SQLite file and upload folder (environment variables set
before start), so it never touches the development data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from careers_app.devtools.appserver import RunningApp, running_app

# The shared app runs as deployed for several workers: state in the machine's real Redis,
# two Granian workers. CAREERS_TEST_WORKERS=1 runs one worker with in-memory state instead.
WORKERS = os.environ.get("CAREERS_TEST_WORKERS", "2")
REDIS_URL = os.environ.get("CAREERS_TEST_REDIS_URL", "redis://127.0.0.1:6379")

# A first page load in a new tab can pass Playwright's default 5 s on a busy two-core CI
# machine (seen: the wizard and a 135-card board still "Loading..." at 5 s, fine at once
# when re-run). Assertions wait up to 15 s; a test still fails when the thing never comes.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    extra = {"REFLEX_REDIS_URL": REDIS_URL, "GRANIAN_WORKERS": WORKERS} if WORKERS != "1" else {}
    with running_app(tmp_path_factory.mktemp("app"), extra) as app:
        yield app


# ``playwright_instance`` and ``browser`` live in tests/conftest.py: one Playwright per run,
# shared with the cluster's browser tests (a second sync Playwright cannot start in a run).


def open_page(browser: Browser, app_server: RunningApp, width: int = 1280) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=app_server.base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Playwright turns on file-chooser interception asynchronously when the first listener
    # is added; add one up front so a quick key press cannot open the chooser before it.
    page.on("filechooser", lambda _chooser: None)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))

    def on_console(msg: ConsoleMessage) -> None:
        # A page the server answers 404 or 410 on purpose (an unknown or closed posting)
        # makes Chromium log the document's own status; any other resource's status counts.
        own_status = msg.text.startswith("Failed to load resource: the server responded with a status of 4")
        if own_status and msg.location.get("url", "").split("#")[0] == page.url.split("#")[0]:
            return
        if msg.type == "error":
            problems.append(f"console error: {msg.text}")

    page.on("console", on_console)
    return page, problems


@pytest.fixture
def page(browser: Browser, app_server: RunningApp) -> Iterator[Page]:
    """A fresh browser context (its own Reflex session); fails the test on any page error."""
    pg, problems = open_page(browser, app_server)
    yield pg
    pg.context.close()
    assert problems == [], problems


@pytest.fixture
def phone_page(browser: Browser, app_server: RunningApp) -> Iterator[Page]:
    pg, problems = open_page(browser, app_server, width=390)
    yield pg
    pg.context.close()
    assert problems == [], problems


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
