"""One production-mode app per test run, shared by every browser test.

The app gets its own port, SQLite file and upload folder (environment variables set
before start), so it never touches the development data.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CAREERS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RunningApp:
    def __init__(self, base_url: str, env: dict[str, str], log: Path) -> None:
        self.base_url = base_url
        self.env = env
        self.log = log

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    data = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = dict(os.environ)
    env.update(
        {
            "CAREERS_DATA_DIR": str(data),
            "DATABASE_URL": f"sqlite:///{data / 'careers.db'}",
            "CAREERS_UPLOAD_DIR": str(data / "uploads"),
            "CAREERS_PORT": str(port),
            "CAREERS_BASE_URL": f"http://localhost:{port}",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
        }
    )
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = f"{ROOT / '.tools/node_modules/.bin'}:{bin_dir}:{env.get('PATH', '')}"
    subprocess.run([sys.executable, "-m", "careers_app.cli", "setup"], cwd=ROOT, env=env, check=True)
    log = data / "reflex.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(Path(bin_dir) / "reflex"),
                "run",
                "--env",
                "prod",
                "--frontend-port",
                str(port),
                "--backend-port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app exited early:\n{log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{base_url}/ping", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"app not ready in 300 s:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield RunningApp(base_url, env, log)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


def open_page(browser: Browser, app_server: RunningApp, width: int = 1280) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=app_server.base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))

    def on_console(msg: ConsoleMessage) -> None:
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
