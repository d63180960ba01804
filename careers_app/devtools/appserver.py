"""Start the app in production mode on a free port with its own data, and stop it.

Used by the browser tests (one app per test run) and by the benchmarks.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from careers_app.settings import PROJECT_ROOT

# Every demo account's password in apps started here (CAREERS_DEMO_PASSWORD; refused in
# production). Test and benchmark data only: real installs get random demo passwords.
TEST_DEMO_PASSWORD = "test-only-demo-password"  # noqa: S105 (tests and benchmarks only)
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


# Below Linux's ephemeral range (32768-60999): a port the kernel hands out with bind(0) is
# also the local port of some other process's next outgoing connection (to PostgreSQL, to
# Redis, a load generator's), so the app could find it taken between the pick and its own
# bind ("Address already in use", seen when two test runs shared the machine). Ports here
# are only ever taken by a listener that chose them.
PORT_RANGE = (20000, 32000)


def free_port() -> int:
    """A port nothing listens on now, on every address, outside the ephemeral range."""
    rng = random.SystemRandom()
    for _attempt in range(200):
        port = rng.randrange(*PORT_RANGE)
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))  # noqa: S104 (the app binds every address too)
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORT_RANGE}")


@dataclass(frozen=True)
class RunningApp:
    base_url: str
    env: dict[str, str]
    log: Path
    data_dir: Path

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]


def app_env(data_dir: Path, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        {
            "CAREERS_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'careers.db'}",
            "CAREERS_UPLOAD_DIR": str(data_dir / "uploads"),
            "CAREERS_PORT": str(port),
            "CAREERS_BASE_URL": f"http://localhost:{port}",
            "REFLEX_UPLOADED_FILES_DIR": str(data_dir / "reflex-uploads"),
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "CAREERS_DEMO_PASSWORD": TEST_DEMO_PASSWORD,
            "PATH": f"{PROJECT_ROOT / '.tools/node_modules/.bin'}:{bin_dir}:{env.get('PATH', '')}",
        }
    )
    env.update(extra or {})
    return env


@contextmanager
def running_app(
    data_dir: Path, extra_env: dict[str, str] | None = None, timeout: float = 300
) -> Iterator[RunningApp]:
    """Migrate, load demo data, build and serve; kill the whole process group on exit."""
    port = free_port()
    env = app_env(data_dir, port, extra_env)
    subprocess.run([sys.executable, "-m", "careers_app.cli", "setup"], cwd=PROJECT_ROOT, env=env, check=True)
    log = data_dir / "reflex.log"
    reflex = str(Path(sys.executable).parent / "reflex")
    cmd = [reflex, "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base_url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app exited early:\n{log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{base_url}/ping", timeout=2) as resp:  # noqa: S310
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"app not ready in {timeout:.0f} s:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield RunningApp(base_url=base_url, env=env, log=log, data_dir=data_dir)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
