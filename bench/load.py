"""End-to-end load: simulated candidates and recruiters through nginx against two instances.

Starts the scaled-out cluster (careers_app/devtools/cluster.py: own PostgreSQL, Redis, two
instances with their Granian workers, nginx) and drives it with the app's real protocol
(careers_app/devtools/simulate.py): candidates fill the wizard with the browser's events
in the browser's order and upload a resume PDF over HTTP (``--pdf-kb`` pads it), recruiters sign in and move cards on one board. Each simulated
person connects from its own loopback address, so per-address limits apply per person.

    python bench/load.py [--candidates 50] [--recruiters 5] [--seconds 30] [--think 0.3]
                         [--idle 1000] [--instances 2] [--workers 2] [--json out.json]

Prints completed applications per second, p50/p95 per event kind, errors, CPU-ms per
application (all app processes, and PostgreSQL/Redis/nginx apart), RSS per process with
the active sessions, then the same RSS with ``--idle`` idle connected sessions held.
``--think`` is the pause between one person's events (a person typing; 0 = flat out).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadkit import Thinking, cpu_seconds, pct, rss_mb, state_sizes

from careers_app.devtools.cluster import Cluster, running_cluster
from careers_app.devtools.pdfs import make_pdf
from careers_app.devtools.rawclient import HYDRATE_AND_LOAD, RawSession, http_client, source_address
from careers_app.devtools.simulate import (
    APPLY,
    BOARD,
    Timings,
    fill_wizard,
    move_card,
    open_board,
    sign_in,
)

SLUG = "machine-learning-engineer-data-science-cortex"
RECRUITERS = ("recruiter@example.com", "recruiter2@example.com", "admin@example.com")


def processes(cluster: Cluster) -> dict[str, list[psutil.Process]]:
    found: dict[str, list[psutil.Process]] = {}
    for instance in cluster.instances:
        assert instance.proc is not None
        main = psutil.Process(instance.proc.pid)
        found[f"{instance.name} main"] = [main]
        workers = [child for child in main.children(recursive=True) if not _is_check_server(child)]
        for n, child in enumerate(workers):
            found[f"{instance.name} worker {n + 1}"] = [child]
    for name, proc in (
        ("postgres", cluster.postgres.proc if cluster.postgres else None),
        ("redis", cluster.redis.proc if cluster.redis else None),
        ("nginx", cluster.nginx.proc),
    ):
        if proc is not None:
            parent = psutil.Process(proc.pid)
            found[name] = [parent, *parent.children(recursive=True)]
    return found


def _is_check_server(proc: psutil.Process) -> bool:
    try:
        return "careers_app.services.candidates.pdf_worker" in " ".join(proc.cmdline())
    except psutil.Error:
        return False


def checker_cpu_seconds(cluster: Cluster) -> float:
    """CPU of the PDF check servers (each app worker starts one) and of the children they
    forked, one per uploaded file, that have ended."""
    total = 0.0
    for instance in cluster.instances:
        assert instance.proc is not None
        for proc in psutil.Process(instance.proc.pid).children(recursive=True):
            if not _is_check_server(proc):
                continue
            try:
                times = proc.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
            except psutil.Error:
                pass
    return total


# Where a worker's CPU goes: each sampled stack is put in the first group (from the
# innermost frame out) whose file path matches.
PROFILE_GROUPS = (
    ("database (SQLAlchemy, psycopg)", ("sqlalchemy/", "psycopg/", "sqlmodel/")),
    ("Redis client", ("redis/",)),
    (
        "state (de)serialisation (pickle, Reflex state manager)",
        ("pickle", "reflex/istate/manager", "_serialize (", "_deserialize (", "__getstate__", "__setstate__"),
    ),
    ("Socket.IO / Engine.IO framing", ("socketio/", "engineio/")),
    ("JSON encoding", ("json/", "orjson")),
    ("Reflex event processing (delta, vars, dispatch)", ("reflex/", "reflex_base/")),
    ("app code (handlers, services, validation)", ("careers_app/",)),
    ("HTTP server and ASGI (granian, starlette, uploads)", ("granian", "starlette/", "multipart")),
    ("logging", ("logging/",)),
    ("event loop (asyncio) and the rest", ("",)),
)


NATIVE = "no Python frame (native code: granian's Rust threads, C extensions)"


def start_profilers(procs: dict[str, list[psutil.Process]], args: argparse.Namespace) -> list[Any]:
    """py-spy on every app worker for the run (sampling at 100 Hz, GIL holders only)."""
    import subprocess

    args.profile.mkdir(parents=True, exist_ok=True)
    started = []
    for name, ps in procs.items():
        if "worker" not in name:
            continue
        out = args.profile / (name.replace(" ", "-") + ".txt")
        cmd = ["py-spy", "record", "--pid", str(ps[0].pid), "--rate", "100", "--format", "raw"]
        cmd += ["--duration", str(int(args.seconds)), "--output", str(out), "--nonblocking"]
        started.append((subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), out))
    return started


def finish_profilers(profilers: list[Any], events: int, folder: Path) -> dict[str, Any]:
    groups: dict[str, int] = dict.fromkeys((g for g, _ in PROFILE_GROUPS), 0)
    groups[NATIVE] = 0
    for proc, out in profilers:
        proc.wait(timeout=120)
        if not out.exists():
            continue
        for line in out.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            frames = [f for f in stack.split(";") if f.strip()][::-1]  # innermost first
            groups[_group(frames) if frames else NATIVE] += int(count)
    total = sum(groups.values()) or 1
    return {
        "samples": total,
        "cpu_ms_per_event": {g: round(n * 10 / max(1, events), 2) for g, n in groups.items()},
        "share": {g: round(n / total, 3) for g, n in groups.items()},
        "folder": str(folder),
    }


def _group(frames: list[str]) -> str:
    for frame in frames:
        for name, needles in PROFILE_GROUPS[:-1]:
            if any(needle in frame for needle in needles):
                return name
    return PROFILE_GROUPS[-1][0]


def handler_times(cluster: Cluster, since: float) -> dict[str, dict[str, float]]:
    """Per event handler, the time inside it (its guard, its unit of work, commit included)
    from the instances' JSON logs: what is left of an event's time is the way there and
    back (proxy, Socket.IO, the state lock, state load and save) and waiting for the worker."""
    from datetime import datetime

    found: dict[str, list[float]] = {}
    for instance in cluster.instances:
        for line in instance.log.read_text(errors="replace").splitlines():
            if not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
                at = datetime.fromisoformat(str(record.get("time", record.get("ts", "")))).timestamp()
            except ValueError:
                continue
            if "event" in record and "ms" in record and at >= since:
                found.setdefault(str(record["event"]).rpartition(".")[2], []).append(
                    float(record["ms"]) / 1000
                )
    return {
        name: {"n": len(v), "p50_ms": round(pct(v, 0.5) * 1000, 1), "p95_ms": round(pct(v, 0.95) * 1000, 1)}
        for name, v in sorted(found.items())
    }


async def candidate_loop(
    cluster: Cluster,
    ids: itertools.count,
    deadline: float,
    think: float,
    pdf: bytes,
    timings: Timings,
    done: list[float],
) -> None:
    while time.perf_counter() < deadline:
        n = next(ids)
        session = Thinking(cluster.base_url, source=source_address(n))
        session.think = think
        try:
            await session.connect()
            async with http_client(source_address(n)) as http:
                if await fill_wizard(session, http, SLUG, n, pdf, timings) == "done":
                    done.append(time.perf_counter())
        except Exception as error:  # counted and reported, the loop goes on
            timings.errors["candidate"].append(f"{type(error).__name__}: {error}"[:200])
        finally:
            await session.close()


async def recruiter_loop(
    cluster: Cluster, index: int, cards: list[int], deadline: float, think: float, timings: Timings
) -> None:
    db = sa.create_engine(cluster.database_url)
    try:
        async with http_client() as http:
            cookie = await sign_in(http, cluster.base_url, RECRUITERS[index % len(RECRUITERS)])
        session = RawSession(cluster.base_url, cookie=cookie)
        await session.connect()
        await open_board(session, SLUG, timings)
        while time.perf_counter() < deadline:
            await asyncio.sleep(random.uniform(0.5, 1.5) * max(think, 0.05) * 3)
            app_id = random.choice(cards)
            with db.connect() as conn:
                stage, version = conn.execute(
                    sa.text("select stage, version from application where id = :i"), {"i": app_id}
                ).one()
            to = "recruiter_screen" if stage == "applied" else "applied"
            await move_card(session, SLUG, app_id, version, to, timings)
        await session.close()
    except Exception as error:
        timings.errors["recruiter"].append(f"{type(error).__name__}: {error}"[:200])
    finally:
        db.dispose()


async def hold_idle(cluster: Cluster, count: int, start: int) -> tuple[int, list[RawSession], dict[str, int]]:
    """Open ``count`` tabs on a posting page (connected, hydrated), 50 at a time. Also
    returns why the others are not held: each failure's message, how many opened and then
    closed, and nginx's complaints about its connection limit."""
    sessions: list[RawSession] = []
    path = f"/jobs/{SLUG}"
    why: collections.Counter[str] = collections.Counter()

    async def one(n: int) -> RawSession | None:
        session = RawSession(cluster.base_url, source=source_address(n))
        try:
            await session.connect(timeout=60)
            await session.emit(HYDRATE_AND_LOAD, {}, path, timeout=60)
            return session
        except Exception as error:
            why[f"{type(error).__name__}: {error}"[:120]] += 1
            await session.close()
            return None

    for batch in range(0, count, 50):
        opened = await asyncio.gather(*(one(start + batch + i) for i in range(min(50, count - batch))))
        sessions.extend(s for s in opened if s is not None)
    await asyncio.sleep(5)
    alive = sum(1 for s in sessions if not s.closed)
    if len(sessions) > alive:
        why["opened, then closed by the server"] = len(sessions) - alive
    nginx_log = cluster.nginx.prefix / "logs" / "error.log"
    if nginx_log.exists():
        short = nginx_log.read_text(errors="replace").count("worker_connections are not enough")
        if short:
            why["nginx log: worker_connections are not enough (lines)"] = short
    return alive, sessions, dict(why.most_common(5))


def board_cards(cluster: Cluster) -> list[int]:
    db = sa.create_engine(cluster.database_url)
    with db.connect() as conn:
        cards = list(
            conn.execute(
                sa.text(
                    "select a.id from application a join posting p on p.id = a.posting_id where p.slug = :s and a.stage in ('applied', 'recruiter_screen') order by a.id"
                ),
                {"s": SLUG},
            ).scalars()
        )
    db.dispose()
    return cards


RESUME_LINES = ["Load Candidate", "Engineer", "", *["Kafka", "Spark", "Python"] * 3]


def resume(kb: int = 0) -> bytes:
    """The simulated candidates' resume; with ``kb``, padded to about that many KiB by an
    unreferenced stream, so it stays a valid PDF. (A comment inserted before ``%%EOF``, as
    here before, pushed ``startxref`` out of the readers' view: every 1 MB upload was
    refused as damaged.)"""
    pdf = make_pdf([RESUME_LINES])
    if kb:
        pdf = make_pdf([RESUME_LINES], padding=max(1, kb * 1024 - len(pdf)))
    return pdf


async def drive(cluster: Cluster, args: argparse.Namespace) -> dict[str, Any]:
    pdf = resume(args.pdf_kb)
    cards = board_cards(cluster)
    random.shuffle(cards)
    share = max(1, len(cards) // max(1, args.recruiters))
    procs = processes(cluster)
    cpu_before = {name: cpu_seconds(p) for name, p in procs.items()}
    me = psutil.Process()
    me_before = cpu_seconds([me])
    profilers = start_profilers(procs, args) if args.profile else []
    checker_before = checker_cpu_seconds(cluster)
    timings = Timings()
    done: list[float] = []
    ids = itertools.count(10_000)
    started = time.perf_counter()
    started_wall = time.time()
    deadline = started + args.seconds
    tasks = [
        candidate_loop(cluster, ids, deadline, args.think, pdf, timings, done) for _ in range(args.candidates)
    ]
    tasks += [
        recruiter_loop(cluster, i, cards[i * share : (i + 1) * share] or cards, deadline, args.think, timings)
        for i in range(args.recruiters)
    ]
    rss_during: dict[str, float] = {}

    async def sample_rss() -> None:
        await asyncio.sleep(args.seconds * 0.8)
        rss_during.update({name: rss_mb(p) for name, p in procs.items()})

    await asyncio.gather(*tasks, sample_rss())
    elapsed = time.perf_counter() - started
    cpu = {name: cpu_seconds(p) - cpu_before[name] for name, p in procs.items()}
    app_cpu = sum(v for k, v in cpu.items() if k.startswith("app"))
    cpu["load generator (the simulated people, this process)"] = cpu_seconds([me]) - me_before
    checker_cpu = checker_cpu_seconds(cluster) - checker_before
    completed = len(done)
    result: dict[str, Any] = {
        "candidates": args.candidates,
        "recruiters": args.recruiters,
        "think_s": args.think,
        "seconds": round(elapsed, 1),
        "completed": completed,
        "applications_per_s": round(completed / elapsed, 2),
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
        "cpu_ms_per_application": {
            "app (all instances)": round(app_cpu * 1000 / max(1, completed), 1),
            "PDF checker processes": round(checker_cpu * 1000 / max(1, completed), 1),
            **{k: round(v * 1000 / max(1, completed), 1) for k, v in cpu.items() if not k.startswith("app")},
        },
        "rss_mb_active": {k: round(v, 1) for k, v in rss_during.items()},
    }
    all_events = [
        x
        for k, v in timings.samples.items()
        if k not in ("upload+check", "hydrate+load", "board load")
        for x in v
    ]
    result["event_p95_ms"] = round(pct(all_events, 0.95) * 1000, 1)
    result["handler_ms"] = handler_times(cluster, started_wall)
    result["events_per_s"] = round(len(all_events) / elapsed, 1)
    # The floor comparison's measure (bench/floor_load.py computes the same): the app
    # processes' CPU (Granian main and workers of every instance, not the PDF checks) over
    # the wizard and board events answered in the run.
    result["app_cpu_ms_per_event"] = round(app_cpu * 1000 / max(1, len(all_events)), 2)
    if cluster.env.get("REFLEX_REDIS_URL"):
        result["state_bytes"] = state_sizes(
            cluster.env["REFLEX_REDIS_URL"], {"board": BOARD, "wizard": APPLY}
        )
    result["cpu_busy_share"] = round(sum(cpu.values()) / elapsed / (psutil.cpu_count() or 1), 2)
    if profilers:
        every_event = sum(len(v) for v in timings.samples.values())
        result["profile"] = finish_profilers(profilers, every_event, args.profile)
    if args.idle:
        alive, sessions, why = await hold_idle(cluster, args.idle, 500_000)
        result["idle"] = {
            "asked": args.idle,
            "held": alive,
            "not_held": why,
            "rss_mb": {k: round(rss_mb(p), 1) for k, p in procs.items()},
        }
        await asyncio.gather(*(s.close() for s in sessions))
    return result


def show(result: dict[str, Any]) -> None:
    print(
        f"\n{result['candidates']} candidates + {result['recruiters']} recruiters, think {result['think_s']} s, {result['seconds']} s"
    )
    print(f"completed applications: {result['completed']} ({result['applications_per_s']}/s)")
    print(f"errors: {result['errors'] or 'none'}")
    for kind, examples in result["error_examples"].items():
        for example in examples:
            print(f"   {kind}: {example}")
    print("\n| event | n | p50 ms | p95 ms |\n|---|---|---|---|")
    for kind, row in result["events"].items():
        print(f"| {kind} | {row['n']} | {row['p50_ms']} | {row['p95_ms']} |")
    if result.get("handler_ms"):
        print("\ninside the handlers (the app's JSON log: guard, unit of work, commit):")
        print("| handler | n | p50 ms | p95 ms |\n|---|---|---|---|")
        for name, row in result["handler_ms"].items():
            print(f"| {name} | {row['n']} | {row['p50_ms']} | {row['p95_ms']} |")
    print(f"\nall wizard and board events (not uploads, not page loads): p95 {result['event_p95_ms']} ms")
    print("\nCPU-ms per completed application:")
    for name, ms in result["cpu_ms_per_application"].items():
        print(f"   {name}: {ms}")
    print(
        f"events answered per second: {result['events_per_s']}; CPU busy: {result['cpu_busy_share']:.0%} of the machine"
    )
    print(f"app CPU per event answered: {result['app_cpu_ms_per_event']} ms")
    for kind, size in result.get("state_bytes", {}).items():
        print(
            f"pickled state per {kind} tab ({size['tabs']} tabs): its own state {size['own_bytes_median']:,} bytes"
            f" (max {size['own_bytes_max']:,}), the whole tab {size['tab_bytes_median']:,} (max {size['tab_bytes_max']:,})"
        )
    if "profile" in result:
        _show_profile(result["profile"])
    print("\nRSS (MB) with the sessions active:")
    for name, mb in result["rss_mb_active"].items():
        print(f"   {name}: {mb}")
    if "idle" in result:
        _show_idle(result["idle"])


def _show_profile(prof: dict[str, Any]) -> None:
    """Where the app workers' CPU went (--profile)."""
    print(
        f"\nwhere the app workers' CPU goes (py-spy, {prof['samples']} samples at 100 Hz; stacks in {prof['folder']}):"
    )
    print("| part | share | CPU-ms per event |\n|---|---|---|")
    for part, share in sorted(prof["share"].items(), key=lambda kv: -kv[1]):
        print(f"| {part} | {share:.0%} | {prof['cpu_ms_per_event'][part]} |")


def _show_idle(idle: dict[str, Any]) -> None:
    """How many idle sessions (--idle) stayed connected, and the RSS with them."""
    print(f"\nidle sessions: {idle['held']} of {idle['asked']} held connected")
    for reason, n in idle.get("not_held", {}).items():
        print(f"   not held, {n}: {reason}")
    print("RSS (MB):")
    for name, mb in idle["rss_mb"].items():
        print(f"   {name}: {mb}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--recruiters", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=0.3)
    parser.add_argument("--idle", type=int, default=0)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument(
        "--workers", type=int, help="per instance (default: the cores shared out, at least 1)"
    )
    parser.add_argument("--pdf-kb", type=int, default=0, help="pad the resume to this size")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--profile", type=Path, help="sample every worker with py-spy; stacks go here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="careers-load-") as folder:
        print(
            f"starting the cluster ({args.instances} instances x {args.workers or 'default'} workers)...",
            flush=True,
        )
        with running_cluster(Path(folder), instances=args.instances, workers=args.workers) as cluster:
            result = asyncio.run(drive(cluster, args))
            workers = cluster.instances[0].workers
    result["instances"], result["workers"] = args.instances, workers
    show(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
