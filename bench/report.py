"""Run every benchmark in bench/ with small sample counts and write one table to bench/REPORT.md.

    python bench/report.py [-n 10] [--load-seconds 30] [--skip board,posting_page]
    python bench/report.py --floor-only [--floor-runs 3] [--with upload-idle,board,posting_page]

Each browser benchmark builds the shared .web/ frontend, so it runs under the browser
tests' lock (flock /tmp/careers-e2e.lock), one at a time. The load benchmark starts its
own cluster (two instances behind nginx, its own PostgreSQL and Redis). Every figure is
parsed from the benchmark's own output, which is kept in full under bench/out/ for anyone
who wants the rest. The table: figure, goal, measured, ratio (measured / goal, or goal /
measured where more is better; at most 1.00 meets the goal).

The "Floor" section (bench/floor_report.py, issue 21) puts the app next to Reflex's own
floor (bench/floor_load.py) in ``--floor-runs`` side-by-side runs and lists every row of
issue 21's goals; ``--floor-only`` runs just that (plus the benchmarks named in ``--with``)
and rewrites only that section. Sections of REPORT.md that this script does not write
(e.g. the resume autofill one) are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import floor_report

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LOCK = "/tmp/careers-e2e.lock"
ROW = re.compile(r"^(?P<label>\S.*?)\s+(?P<median>-?[0-9][0-9.,]*)\s+(?P<p95>-?[0-9][0-9.,]*)\s*$")


@dataclass
class Figure:
    name: str
    goal: str
    measured: str
    ratio: str
    source: str


REUSE = False  # --reuse: read bench/out/<name>.txt of the last run instead of running again


def run(cmd: list[str], name: str, browser: bool, timeout: float) -> str:
    out_dir = BENCH / "out"
    out_dir.mkdir(exist_ok=True)
    if REUSE and (out_dir / f"{name}.txt").exists():
        return (out_dir / f"{name}.txt").read_text()
    full = (["flock", LOCK] if browser else []) + cmd
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    print(f"==> {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(
            full, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        text = done.stdout + ("\n" + done.stderr if done.returncode else "")
    except subprocess.TimeoutExpired as exc:
        # TimeoutExpired carries the output captured so far as bytes even with text=True.
        captured = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else exc.stdout or ""
        text = f"{captured}\nTIMED OUT after {timeout:.0f} s"
    (out_dir / f"{name}.txt").write_text(text)
    if browser:  # the browser benchmarks' build may touch the lock file of the frontend packages
        subprocess.run(
            ["git", "checkout", "--", "reflex.lock/package.json"], cwd=ROOT, capture_output=True, check=False
        )
    print(f"    {time.monotonic() - started:.0f} s", flush=True)
    return text


def rows(text: str) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            found[match["label"].strip()] = (
                float(match["median"].replace(",", "")),
                float(match["p95"].replace(",", "")),
            )
    return found


def find(table: dict[str, tuple[float, float]], prefix: str) -> tuple[float, float] | None:
    return next((v for k, v in table.items() if k.startswith(prefix)), None)


def at_most(name: str, goal: float, value: float | None, unit: str, source: str) -> Figure:
    if value is None:
        return Figure(name, f"≤ {goal:g} {unit}", "not measured", "—", source)
    return Figure(name, f"≤ {goal:g} {unit}", f"{value:,.1f} {unit}", f"{value / goal:.2f}", source)


def at_least(name: str, goal: float, value: float | None, unit: str, source: str) -> Figure:
    if value is None:
        return Figure(name, f"≥ {goal:g} {unit}", "not measured", "—", source)
    ratio = goal / value if value else float("inf")
    return Figure(name, f"≥ {goal:g} {unit}", f"{value:,.0f} {unit}", f"{ratio:.2f}", source)


def info(name: str, value: float | None, unit: str, source: str) -> Figure:
    shown = "not measured" if value is None else f"{value:,.1f} {unit}"
    return Figure(name, "—", shown, "—", source)


def _submissions_figures(py: str) -> list[Figure]:
    """submissions.py: the service-level rate on PostgreSQL, 8 at once."""
    figures: list[Figure] = []
    text = run([py, "bench/submissions.py", "-n", "100", "-c", "1", "8"], "submissions", False, 900)
    best = None
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[0].lower() == "postgresql" and parts[1] == "8":
            best = float(parts[2])
    figures.append(info("submissions/s, PostgreSQL, 8 at once (service level)", best, "/s", "submissions.py"))
    return figures


def _load_figures(args: argparse.Namespace, py: str) -> list[Figure]:
    """load.py (or its --load-json result): errors, event latency, rates, CPU and RSS under load."""
    figures: list[Figure] = []
    if args.load_json:
        result = json.loads(args.load_json.read_text())
    else:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "load.json"
            cmd = [py, "bench/load.py", "--candidates", "50", "--recruiters", "5"]
            cmd += ["--seconds", str(args.load_seconds), "--idle", str(args.idle), "--json", str(out)]
            run(cmd, "load", False, 1200)
            result = json.loads(out.read_text()) if out.exists() else None
    src = "load.py (50 candidates, 5 recruiters, 0.3 s think, nginx)"
    if result is not None:
        src = (
            f"load.py (50 candidates, 5 recruiters, think {result['think_s']} s, "
            f"{result['instances']} instances x {result['workers']} workers, nginx)"
        )
    if result is None:
        figures.append(Figure("load test", "runs", "failed: see bench/out/load.txt", "—", src))
    else:
        errors = sum(result["errors"].values())
        figures.append(Figure("errors under load", "0", str(errors), "—" if not errors else "∞", src))
        figures.append(
            at_most("wizard and board event p95 under load", 100, result["event_p95_ms"], "ms", src)
        )
        figures.append(info("events answered per second", result.get("events_per_s"), "/s", src))
        upload = result["events"].get("upload+check", {})
        figures.append(info("upload + check p95 under load", upload.get("p95_ms"), "ms", src))
        figures.append(info("completed applications per second", result["applications_per_s"], "/s", src))
        figures.append(
            info(
                "app CPU per application",
                result["cpu_ms_per_application"]["app (all instances)"],
                "ms",
                src,
            )
        )
        checker = result["cpu_ms_per_application"].get("PDF checker processes")
        figures.append(info("PDF checker CPU per application", checker, "ms", src))
        generator = next(
            (v for k, v in result["cpu_ms_per_application"].items() if k.startswith("load generator")),
            None,
        )
        figures.append(info("load generator CPU per application (same cores)", generator, "ms", src))
        workers = {k: v for k, v in result["rss_mb_active"].items() if "worker" in k}
        figures.append(
            at_most(
                f"RSS per worker, 55 active sessions over {result['instances'] * result['workers']} workers (max)",
                300,
                max(workers.values(), default=None),
                "MB",
                src,
            )
        )
        if "idle" in result:
            idle = result["idle"]
            figures.append(at_least("idle connected sessions held", idle["asked"], idle["held"], "", src))
            idle_workers = {k: v for k, v in idle["rss_mb"].items() if "worker" in k}
            figures.append(
                info(
                    f"RSS per worker, {idle['held']} idle sessions over {len(idle_workers)} workers (max)",
                    max(idle_workers.values(), default=None),
                    "MB",
                    src,
                )
            )
    return figures


def _paced_load_figures(args: argparse.Namespace, py: str) -> list[Figure]:
    """load.py again at each --paces think time: errors and event latency."""
    figures: list[Figure] = []
    for pace in filter(None, args.paces.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "load.json"
            cmd = [py, "bench/load.py", "--candidates", "50", "--recruiters", "5", "--think", pace]
            cmd += ["--seconds", str(args.load_seconds), "--json", str(out)]
            run(cmd, f"load-think-{pace}", False, 1200)
            paced = json.loads(out.read_text()) if out.exists() else None
        src = f"load.py (50 candidates, 5 recruiters, think {pace} s)"
        if paced is None:
            figures.append(
                Figure("load test", "runs", f"failed: see bench/out/load-think-{pace}.txt", "—", src)
            )
            continue
        errors = sum(paced["errors"].values())
        figures.append(Figure("errors under load", "0", str(errors), "—" if not errors else "∞", src))
        figures.append(
            at_most("wizard and board event p95 under load", 100, paced["event_p95_ms"], "ms", src)
        )
        figures.append(info("events answered per second", paced.get("events_per_s"), "/s", src))
    return figures


def _one_worker_figures(args: argparse.Namespace, py: str) -> list[Figure]:
    """load.py on one instance of one worker: its RSS and event latency with 105 sessions."""
    figures: list[Figure] = []
    # The RSS goal is per worker with 100 active sessions: one instance of one worker
    # serving 100 candidates and 5 recruiters at once (at a person's pace, so the run
    # measures memory, not a queue).
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "load.json"
        cmd = [py, "bench/load.py", "--instances", "1", "--workers", "1", "--candidates", "100"]
        cmd += [
            "--recruiters",
            "5",
            "--think",
            "1.0",
            "--seconds",
            str(args.load_seconds),
            "--json",
            str(out),
        ]
        run(cmd, "load-one-worker", False, 1200)
        single = json.loads(out.read_text()) if out.exists() else None
    src = "load.py (1 instance x 1 worker, 100 candidates, 5 recruiters, think 1.0 s)"
    if single is None:
        figures.append(Figure("load test", "runs", "failed: see bench/out/load-one-worker.txt", "—", src))
    else:
        worker = max((v for k, v in single["rss_mb_active"].items() if "worker" in k), default=None)
        figures.append(at_most("RSS of one worker with 105 active sessions", 300, worker, "MB", src))
        figures.append(
            at_most("wizard and board event p95, one worker", 100, single["event_p95_ms"], "ms", src)
        )
        errors = sum(single["errors"].values())
        figures.append(Figure("errors under load", "0", str(errors), "—" if not errors else "∞", src))
    return figures


def _floor_lines(
    args: argparse.Namespace,
    skip: set[str],
    py: str,
    board_table: dict[str, tuple[float, float]] | None,
    posting_load_ratio: float | None,
) -> list[str] | None:
    """The Floor section (ours side by side with the static floor), or None when skipped."""
    floor_lines: list[str] | None = None
    if "floor" not in skip:
        pairs = floor_report.run_pairs(run, py, args.floor_runs, args.load_seconds, REUSE)
        extra = (
            None if "upload-idle" in skip else floor_report.run_upload_and_idle(run, py, args.load_seconds)
        )
        left_out = "left out with --floor-only" if args.floor_only else "skipped with --skip"
        floor_lines = floor_report.section(
            pairs,
            args.load_seconds,
            board_table,
            posting_load_ratio,
            extra,
            extra_reason=(
                "the 1 MB upload + 5,000 idle tabs run failed: see bench/out/floor-upload-idle.txt"
                if "upload-idle" not in skip
                else f"that run (load.py --pdf-kb 1000 --idle 5000) was {left_out}"
            ),
            browser_reason=f"the browser benchmark was {left_out} (time; it rebuilds the shared frontend)",
        )
    return floor_lines


def _write_report(
    args: argparse.Namespace, skip: set[str], figures: list[Figure], floor_lines: list[str] | None
) -> None:
    """bench/REPORT.md: the table of figures and the Floor section (only that with --floor-only)."""
    report_path = BENCH / "REPORT.md"
    if args.floor_only:
        if floor_lines is not None:
            current = report_path.read_text() if report_path.exists() else "# Benchmark report\n"
            report_path.write_text(floor_report.replace_section(current, floor_report.HEADING, floor_lines))
            print("\n".join(floor_lines))
        return
    for name in sorted(skip):
        figures.append(Figure(f"{name}.py", "runs", "not run this time (--skip)", "—", f"{name}.py"))
    load_avg = os.getloadavg()
    lines = [
        "# Benchmark report",
        "",
        f"Written by `bench/report.py -n {args.n}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average at the end "
        f"{load_avg[0]:.1f}; the load generator runs on the same cores as the app. "
        "Ratio = measured / goal (goal / measured for 'at least'); 1.00 or less meets the goal. "
        "Full outputs: `bench/out/`.",
        "",
        "| figure | goal | measured | ratio | from |",
        "|---|---|---|---|---|",
        *(f"| {f.name} | {f.goal} | {f.measured} | {f.ratio} | {f.source} |" for f in figures),
        "",
    ]
    # Keep the sections this script does not write (after the main table), replace the Floor one.
    current = report_path.read_text() if report_path.exists() else ""
    later = current.find("\n## ")
    text = "\n".join(lines) + ("\n" + current[later + 1 :] if later >= 0 else "")
    if floor_lines is not None:
        text = floor_report.replace_section(text, floor_report.HEADING, floor_lines)
    report_path.write_text(text)
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10, help="samples per browser figure")
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--skip", default="", help="comma-separated benchmarks to leave out")
    parser.add_argument("--load-json", type=Path, help="use this load.py --json result instead of running it")
    parser.add_argument(
        "--paces",
        default="1.0",
        help="comma-separated extra think times (s) for the load test: the same people at a slower pace",
    )
    parser.add_argument("--reuse", action="store_true", help="rebuild the table from bench/out/ only")
    parser.add_argument("--floor-runs", type=int, default=3, help="side-by-side runs of ours and the floor")
    parser.add_argument(
        "--floor-only", action="store_true", help="only the Floor section (and the benchmarks in --with)"
    )
    parser.add_argument(
        "--with",
        dest="with_",
        default="",
        help="with --floor-only: also run these (upload-idle, board, posting_page) for issue 21's rows",
    )
    args = parser.parse_args()
    global REUSE
    REUSE = args.reuse
    skip = set(filter(None, args.skip.split(",")))
    also = set(filter(None, args.with_.split(",")))
    if args.floor_only:
        skip |= {"posting_page", "wizard", "board", "submissions", "load", "upload-idle"} - also
    board_table: dict[str, tuple[float, float]] | None = None
    posting_load_ratio: float | None = None
    py = sys.executable
    figures: list[Figure] = []
    n = str(args.n)

    if "posting_page" not in skip:
        text = run([py, "bench/posting_page.py", "-n", n], "posting_page", True, 900)
        match = re.search(r"ratio app/floor, lcp: ([0-9.]+)x", text, re.IGNORECASE)
        ratio = float(match[1]) if match else None
        match = re.search(r"ratio app/floor, load: ([0-9.]+)x", text, re.IGNORECASE)
        posting_load_ratio = float(match[1]) if match else None
        figures.append(
            at_most("posting page LCP, app / static floor (median)", 1.5, ratio, "x", "posting_page.py")
        )

    if "wizard" not in skip:
        table = rows(run([py, "bench/wizard.py", "-n", n], "wizard", True, 900))
        upload = find(table, "upload + check")
        figures.append(
            at_most("upload + check of a ~1 MB PDF, p95", 150, upload and upload[1], "ms", "wizard.py")
        )
        check = find(table, "isolated PDF check")
        figures.append(
            info(
                "  of which the isolated PDF check (separate process), p95",
                check and check[1],
                "ms",
                "wizard.py",
            )
        )
        keystroke = find(table, "keystroke")
        figures.append(
            info(
                "keystroke to error shown (150 ms debounce included), p95",
                keystroke and keystroke[1],
                "ms",
                "wizard.py",
            )
        )

    if "board" not in skip:
        table = rows(run([py, "bench/board.py", "-n", n, "--redis"], "board", True, 1500))
        board_table = table
        drop = find(table, "drop to row persisted")
        figures.append(
            at_most("keyboard drop to persisted, p95", 50, drop and drop[1], "ms", "board.py --redis")
        )
        seen = find(table, "drop to shown in a second")
        figures.append(
            at_most("second recruiter sees a move, p95", 250, seen and seen[1], "ms", "board.py --redis")
        )
        page = find(table, "next page of a column")
        figures.append(
            at_most(
                "next page of a column (2,000 cards), p95", 150, page and page[1], "ms", "board.py --redis"
            )
        )
        load_2000 = find(table, "board load, 2,000")
        figures.append(
            info(
                "board load with 2,000 applications, p95",
                load_2000 and load_2000[1],
                "ms",
                "board.py --redis",
            )
        )

    if "submissions" not in skip:
        figures += _submissions_figures(py)

    if "load" not in skip:
        figures += _load_figures(args, py)

    if "load" not in skip and not args.load_json:
        figures += _paced_load_figures(args, py)

    if "load" not in skip and not args.load_json:
        figures += _one_worker_figures(args, py)

    floor_lines = _floor_lines(args, skip, py, board_table, posting_load_ratio)
    _write_report(args, skip, figures, floor_lines)


if __name__ == "__main__":
    main()
