"""One production-mode app per test run, shared by every browser test.

The app gets its own port, SQLite file and upload folder (environment variables set
before start), so it never touches the development data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from careers_app.devtools.appserver import RunningApp, running_app
from tests.browser import open_page, sign_in

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


@pytest.fixture
def page(browser: Browser, app_server: RunningApp) -> Iterator[Page]:
    """A fresh browser context (its own Reflex session); fails the test on any page error."""
    pg, problems = open_page(browser, app_server)
    yield pg
    pg.context.close()
    assert problems == [], problems


@pytest.fixture
def recruiter(browser: Browser, app_server: RunningApp) -> Iterator[Page]:
    """A fresh browser context signed in as the demo recruiter; fails the test on any page error."""
    pg, problems = open_page(browser, app_server)
    sign_in(pg)
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
