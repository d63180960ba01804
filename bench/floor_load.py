"""Reflex's own floor under the load test's pace: bench/floor deployed like the careers app.

The floor app (``bench/floor``: one state, one handler that sets a string) runs as the
careers app's cluster runs it (careers_app/devtools/cluster.py): its own Redis as the
state manager, ``--instances`` instances of ``--workers`` Granian workers each (the same
Granian settings, ``bench/floor/serve.py``), nginx from ``deploy/nginx.conf`` in front. No
PostgreSQL: the floor has no database, which is the point.

The same people as ``bench/load.py``, each event a set-string event: ``--candidates``
tabs that pause ``--think`` (x 0.5-1.5) before each event, and open a new tab (connect,
hydrate) every ``--events-per-tab`` events as a candidate does per application (24 wizard
events); ``--recruiters`` tabs that pause 3 x ``--think`` between events, as the load
test's recruiters do between moves. An event is timed until its value is in the state the
tab received.

    python bench/floor_load.py [--candidates 50] [--recruiters 5] [--seconds 30] [--think 0.3]
                               [--instances 2] [--workers N] [--json out.json]

Prints events answered per second, p50/p95, errors, the app processes' CPU-ms per event
(Granian main and workers of every instance, as bench/load.py counts ours), Redis, nginx
and the load generator apart, RSS, and the pickled size of a tab's state in Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadkit import ROOT_STATE, Thinking, cpu_seconds, pct, rss_mb, state_sizes

from careers_app.devtools.appserver import free_port
from careers_app.devtools.cluster import Nginx, OwnRedis, default_workers, http_status
from careers_app.devtools.rawclient import HYDRATE, RawSession, source_address
from careers_app.devtools.simulate import Timings

FLOOR = Path(__file__).resolve().parent / "floor"
FLOOR_STATE_SUFFIX = "floor___floor____floor_state"  # FloorState's full name ends so
WIZARD_EVENTS_PER_APPLICATION = 24  # 9 fields typed and left, 3 next steps, skip, consent, submit


@dataclass
class FloorCluster:
    folder: Path
    port: int
    redis: OwnRedis
    nginx: Nginx
    instances: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: int = 1

    @property
    def base_url(self) -> str:
        return f"http://localhost:{self.port}"


def _wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while http_status(url) != 200:
        if proc.poll() is not None:
            raise RuntimeError(f"floor instance exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"floor instance not ready in {timeout:.0f} s")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@contextlib.contextmanager
def running_floor(folder: Path, *, instances: int = 2, workers: int | None = None) -> Iterator[FloorCluster]:
    """Redis, the floor's instances and nginx, as ``running_cluster`` starts ours."""
    workers = workers or default_workers(instances)
    port = free_port()
    redis = OwnRedis(folder / "redis")
    nginx = Nginx(folder / "nginx", port)
    cluster = FloorCluster(folder, port, redis, nginx, workers=workers)
    try:
        redis.start()
        env = {
            **os.environ,
            "REFLEX_REDIS_URL": redis.url,
            "REFLEX_WEB_WORKDIR": str(folder / "web"),
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_DEPLOY_URL": cluster.base_url,
        }
        ports = []
        serve = [sys.executable, str(FLOOR / "serve.py")]
        for n in range(instances):
            inst_port = free_port()
            ports.append(inst_port)
            with (folder / f"floor{n + 1}.log").open("ab") as log:
                cluster.instances.append(
                    subprocess.Popen(
                        [*serve, "--port", str(inst_port), "--workers", str(workers)],
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        for inst_port, proc in zip(ports, cluster.instances, strict=True):
            _wait_ready(f"http://127.0.0.1:{inst_port}/ping", proc)
        nginx.write([(p, True) for p in ports])
        nginx.start()
        yield cluster
    finally:
        nginx.stop()
        for proc in cluster.instances:
            _stop(proc)
        redis.stop()


def processes(cluster: FloorCluster) -> dict[str, list[psutil.Process]]:
    found: dict[str, list[psutil.Process]] = {}
    for n, proc in enumerate(cluster.instances):
        main = psutil.Process(proc.pid)
        found[f"floor{n + 1} main"] = [main]
        for w, child in enumerate(main.children(recursive=True)):
            found[f"floor{n + 1} worker {w + 1}"] = [child]
    for name, server in (("redis", cluster.redis.proc), ("nginx", cluster.nginx.proc)):
        if server is not None:
            parent = psutil.Process(server.pid)
            found[name] = [parent, *parent.children(recursive=True)]
    return found


def floor_state(session: RawSession) -> str:
    return next(name for name in session.state if name.endswith(FLOOR_STATE_SUFFIX))


async def set_text(session: RawSession, state: str, value: str, timings: Timings) -> None:
    await session.pause()
    started = time.perf_counter()
    await session.send(f"{state}.set_text", {"value": value}, "/")
    done = await session.wait_for(lambda s: s.get(state, {}).get("text_rx_state_") == value)
    timings.add("set_text", done - started)


async def open_tab(session: RawSession, timings: Timings) -> str:
    await session.connect()
    timings.add("hydrate", await session.emit(HYDRATE, {}, "/"))
    return floor_state(session)


async def typist_loop(
    base_url: str, ids: itertools.count[int], deadline: float, think: float, per_tab: int, timings: Timings
) -> None:
    """A candidate's pace: a new tab per ``per_tab`` events, as per application."""
    while time.perf_counter() < deadline:
        n = next(ids)
        session = Thinking(base_url, source=source_address(n))
        session.think = think
        try:
            state = await open_tab(session, timings)
            for i in range(per_tab):
                await set_text(session, state, f"{n}-{i}", timings)
        except Exception as error:  # counted and reported, the loop goes on
            timings.errors["typist"].append(f"{type(error).__name__}: {error}"[:200])
        finally:
            await session.close()


async def slow_loop(base_url: str, index: int, deadline: float, think: float, timings: Timings) -> None:
    """A recruiter's pace: one tab, 3 x think (x 0.5-1.5) between events."""
    session = RawSession(base_url, source=source_address(400_000 + index))
    try:
        state = await open_tab(session, timings)
        n = 0
        while time.perf_counter() < deadline:
            await asyncio.sleep(random.uniform(0.5, 1.5) * max(think, 0.05) * 3)
            n += 1
            await set_text(session, state, f"r{index}-{n}", timings)
    except Exception as error:
        timings.errors["slow"].append(f"{type(error).__name__}: {error}"[:200])
    finally:
        await session.close()


async def drive(cluster: FloorCluster, args: argparse.Namespace) -> dict[str, Any]:
    procs = processes(cluster)
    cpu_before = {name: cpu_seconds(p) for name, p in procs.items()}
    me = psutil.Process()
    me_before = cpu_seconds([me])
    timings = Timings()
    ids = itertools.count(10_000)
    started = time.perf_counter()
    deadline = started + args.seconds
    tasks = [
        typist_loop(cluster.base_url, ids, deadline, args.think, args.events_per_tab, timings)
        for _ in range(args.candidates)
    ]
    tasks += [slow_loop(cluster.base_url, i, deadline, args.think, timings) for i in range(args.recruiters)]
    rss_during: dict[str, float] = {}

    async def sample_rss() -> None:
        await asyncio.sleep(args.seconds * 0.8)
        rss_during.update({name: rss_mb(p) for name, p in procs.items()})

    await asyncio.gather(*tasks, sample_rss())
    elapsed = time.perf_counter() - started
    cpu = {name: cpu_seconds(p) - cpu_before[name] for name, p in procs.items()}
    app_cpu = sum(v for k, v in cpu.items() if k.startswith("floor"))
    cpu["load generator (the simulated people, this process)"] = cpu_seconds([me]) - me_before
    events = timings.samples.get("set_text", [])
    answered = max(1, len(events))
    return {
        "candidates": args.candidates,
        "recruiters": args.recruiters,
        "think_s": args.think,
        "events_per_tab": args.events_per_tab,
        "seconds": round(elapsed, 1),
        "events": {
            kind: {
                "n": len(v),
                "p50_ms": round(pct(v, 0.5) * 1000, 1),
                "p95_ms": round(pct(v, 0.95) * 1000, 1),
            }
            for kind, v in sorted(timings.samples.items())
        },
        "errors": {kind: len(v) for kind, v in timings.errors.items()},
        "error_examples": {kind: v[:3] for kind, v in timings.errors.items()},
        "event_p95_ms": round(pct(events, 0.95) * 1000, 1),
        "events_per_s": round(len(events) / elapsed, 1),
        "app_cpu_ms_per_event": round(app_cpu * 1000 / answered, 2),
        "cpu_ms_per_event": {
            "app (all instances)": round(app_cpu * 1000 / answered, 2),
            **{k: round(v * 1000 / answered, 2) for k, v in cpu.items() if not k.startswith("floor")},
        },
        "cpu_busy_share": round(sum(cpu.values()) / elapsed / (psutil.cpu_count() or 1), 2),
        "rss_mb_active": {k: round(v, 1) for k, v in rss_during.items()},
        "state_bytes": state_sizes(cluster.redis.url, {"floor": f"{ROOT_STATE}.{FLOOR_STATE_SUFFIX}"}),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def show(result: dict[str, Any]) -> None:
    print(
        f"\nfloor: {result['candidates']} typing tabs + {result['recruiters']} slow tabs, think {result['think_s']} s,"
        f" {result['seconds']} s, {result['instances']} instances x {result['workers']} workers"
    )
    print(f"errors: {result['errors'] or 'none'}")
    for kind, examples in result["error_examples"].items():
        for example in examples:
            print(f"   {kind}: {example}")
    print("\n| event | n | p50 ms | p95 ms |\n|---|---|---|---|")
    for kind, row in result["events"].items():
        print(f"| {kind} | {row['n']} | {row['p50_ms']} | {row['p95_ms']} |")
    print(
        f"\nset-string events: p95 {result['event_p95_ms']} ms, {result['events_per_s']} answered per second"
    )
    print("CPU-ms per event answered:")
    for name, ms in result["cpu_ms_per_event"].items():
        print(f"   {name}: {ms}")
    print(f"CPU busy: {result['cpu_busy_share']:.0%} of the machine; load average {result['load_average']}")
    for kind, size in result["state_bytes"].items():
        print(
            f"pickled state per {kind} tab ({size['tabs']} tabs): its own state {size['own_bytes_median']:,} bytes,"
            f" the whole tab {size['tab_bytes_median']:,}"
        )
    print("RSS (MB) with the tabs active:")
    for name, mb in result["rss_mb_active"].items():
        print(f"   {name}: {mb}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--recruiters", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=0.3)
    parser.add_argument("--events-per-tab", type=int, default=WIZARD_EVENTS_PER_APPLICATION)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument(
        "--workers", type=int, help="per instance (default: the cores shared out, at least 1)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="careers-floor-") as folder:
        print(
            f"starting the floor ({args.instances} instances x {args.workers or 'default'} workers)...",
            flush=True,
        )
        with running_floor(Path(folder), instances=args.instances, workers=args.workers) as cluster:
            result = asyncio.run(drive(cluster, args))
            workers = cluster.workers
    result["instances"], result["workers"] = args.instances, workers
    show(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
