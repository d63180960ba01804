"""The "Floor" section of bench/REPORT.md (issue 21): the careers app next to Reflex's own
floor under the same load, and every row of issue 21's goals table.

Used by bench/report.py. Each run is a pair, one after the other on the same machine:
``bench/load.py`` (ours: 50 candidates, 5 recruiters, think 0.3 s, the default cluster)
and ``bench/floor_load.py`` (the floor app, same deployment, same people and pace, every
event a set-string event). CPU per event is each run's app processes' CPU (Granian main
and workers, from /proc) over the events answered in that run; the ratio is ours / the
floor's within a pair, so both halves see about the same machine.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
HEADING = "## Floor"
PEOPLE = ["--candidates", "50", "--recruiters", "5", "--think", "0.3"]
IDLE_GOAL = 5000
UPLOAD_KB = 1000  # a 1,024,000-byte resume: under the app's 1 MiB cap


@dataclass
class Pair:
    ours: dict[str, Any] | None
    floor: dict[str, Any] | None
    load_before: float
    load_after: float
    at: str  # UTC, when the pair started


Runner = Callable[[list[str], str, bool, float], str]


def _json_run(run: Runner, cmd: list[str], name: str) -> dict[str, Any] | None:
    OUT.mkdir(exist_ok=True)
    out = OUT / f"{name}.json"
    run([*cmd, "--json", str(out)], name, False, 1200)
    return json.loads(out.read_text()) if out.exists() else None


def run_pairs(run: Runner, py: str, runs: int, seconds: float, reuse: bool = False) -> list[Pair]:
    """``runs`` pairs, ours then the floor; the load average before and after each pair is
    kept next to their outputs (bench/out/floor-pair-N.json), so ``--reuse`` shows it too."""
    pairs = []
    for n in range(1, runs + 1):
        sidecar = OUT / f"floor-pair-{n}.json"
        before = {"load_before": os.getloadavg()[0], "at": f"{datetime.now(UTC):%Y-%m-%d %H:%M}"}
        common = [*PEOPLE, "--seconds", str(seconds)]
        ours = _json_run(run, [py, "bench/load.py", *common], f"floor-ours-{n}")
        floor = _json_run(run, [py, "bench/floor_load.py", *common], f"floor-floor-{n}")
        if reuse and sidecar.exists():
            seen = json.loads(sidecar.read_text())
        else:
            seen = {**before, "load_after": os.getloadavg()[0]}
            sidecar.write_text(json.dumps(seen))
        pairs.append(Pair(ours, floor, seen["load_before"], seen["load_after"], seen["at"]))
    return pairs


def run_upload_and_idle(run: Runner, py: str, seconds: float) -> dict[str, Any] | None:
    """One more load run of ours with a 1 MB resume, then 5,000 idle tabs held."""
    cmd = [py, "bench/load.py", *PEOPLE, "--seconds", str(seconds)]
    cmd += ["--pdf-kb", str(UPLOAD_KB), "--idle", str(IDLE_GOAL)]
    return _json_run(run, cmd, "floor-upload-idle")


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f} ms"


def _spread(values: list[float], unit: str, digits: int = 1) -> str:
    if not values:
        return "not measured"
    if len(values) == 1:
        return f"{values[0]:,.{digits}f}{unit}"
    shown = ", ".join(f"{v:,.{digits}f}" for v in values)
    return f"{statistics.median(values):,.{digits}f}{unit} median ({shown})"


def _sizes(result: dict[str, Any] | None, kind: str) -> dict[str, Any] | None:
    return (result or {}).get("state_bytes", {}).get(kind)


def section(
    pairs: list[Pair],
    seconds: float,
    board: dict[str, tuple[float, float]] | None,
    posting_load_ratio: float | None,
    extra: dict[str, Any] | None,
    extra_reason: str,
    browser_reason: str,
) -> list[str]:
    """The section's markdown lines. ``board``: board.py's rows (median, p95) or None when not
    run; ``posting_load_ratio``: posting_page.py's load event ratio; ``extra``: the 1 MB
    upload + 5,000 idle tabs run. The reasons say why a missing figure is missing."""
    good = [p for p in pairs if p.ours and p.floor]
    loads = ", ".join(f"{p.load_before:.1f}" for p in pairs)
    when = f"{pairs[0].at} to {pairs[-1].at} UTC" if pairs else "no runs"
    lines = [
        HEADING,
        "",
        f"Written by `bench/report.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from runs started {when}: "
        f"{len(good)} of {len(pairs)} side-by-side runs of {seconds:g} s (each: `bench/load.py`, then `bench/floor_load.py`), "
        f"{os.cpu_count()} cores shared with other engineers' work; 1-minute load average at the start of "
        f"each run {loads or '—'}. Ours: 50 candidates and 5 recruiters, think 0.3 s, the default cluster "
        "(2 instances x 1 Granian worker, Redis, nginx, PostgreSQL). The floor (`bench/floor`): one "
        "state, one handler that sets a string, the same deployment without a database, the same "
        "number of tabs at the same think times (a new tab every 24 events, as per application), "
        "every event a set-string event. CPU per event = the app processes' CPU (Granian main and "
        "workers, from /proc) / the events answered in that run (ours: wizard and board events, "
        "uploads and page loads not counted as events but their CPU included).",
        "",
        "| run | load avg before / after | ours: events/s | ours: event p95 | ours: CPU-ms per event | floor: events/s "
        "| floor: event p95 | floor: CPU-ms per event | CPU ratio ours / floor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    ratios: list[float] = []
    for n, p in enumerate(pairs, 1):
        if not (p.ours and p.floor):
            missing = "ours" if not p.ours else "the floor"
            lines.append(
                f"| {n} | {p.load_before:.1f} / {p.load_after:.1f} | run of {missing} failed: see bench/out/ | | | | | | |"
            )
            continue
        ratio = p.ours["app_cpu_ms_per_event"] / p.floor["app_cpu_ms_per_event"]
        ratios.append(ratio)
        lines.append(
            f"| {n} | {p.load_before:.1f} / {p.load_after:.1f} | {p.ours['events_per_s']} | {p.ours['event_p95_ms']} ms "
            f"| {p.ours['app_cpu_ms_per_event']:.2f} | {p.floor['events_per_s']} | {p.floor['event_p95_ms']} ms "
            f"| {p.floor['app_cpu_ms_per_event']:.2f} | {ratio:.2f}x |"
        )
    if len(good) > 1:
        ours = [p.ours for p in good if p.ours]
        floor = [p.floor for p in good if p.floor]

        def med(results: list[dict[str, Any]], key: str) -> float:
            return float(statistics.median(r[key] for r in results))

        lines.append(
            f"| median | | {med(ours, 'events_per_s'):.1f} | {med(ours, 'event_p95_ms'):.1f} ms "
            f"| {med(ours, 'app_cpu_ms_per_event'):.2f} | {med(floor, 'events_per_s'):.1f} "
            f"| {med(floor, 'event_p95_ms'):.1f} ms | {med(floor, 'app_cpu_ms_per_event'):.2f} "
            f"| {statistics.median(ratios):.2f}x |"
        )
    goals = _goals(good, ratios, board, posting_load_ratio, extra, extra_reason, browser_reason)
    lines += ["", *_state_table(good), "", *goals, "", _tree_note()]
    return lines


def _tree_note() -> str:
    """Which app was measured: the checkout's HEAD and its uncommitted app files when this
    section was written (other engineers edit the same tree while benchmarks run)."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=BENCH.parent, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    dirty = [line for line in git("status", "--porcelain", "--", "careers_app").splitlines() if line.strip()]
    return (
        f"The app measured is the working tree: HEAD {git('rev-parse', '--short', 'HEAD') or '?'} when this "
        f"section was written, with {len(dirty)} uncommitted files under careers_app/ at that moment (other "
        "engineers' work in progress); browser figures are p95 of few samples (the worst of 10 with -n 10)."
    )


def _state_table(good: list[Pair]) -> list[str]:
    """Pickled per-tab state in Redis after the last good pair (bytes, median and max)."""
    if not good:
        return ["Pickled state per tab: not measured (no run completed)."]
    last = good[-1]
    floor = _sizes(last.floor, "floor")
    rows = [
        ("the floor's tab", floor),
        ("wizard tab (ApplyState)", _sizes(last.ours, "wizard")),
        ("board tab (PipelineState)", _sizes(last.ours, "board")),
    ]
    lines = [
        "Pickled state per tab, as Reflex's Redis state manager stores it after the last run (one key "
        "per state class of a tab; 'whole tab' adds the root state, parents and Reflex's own "
        "substates), bytes:",
        "",
        "| tab | tabs | its own state, median (max) | whole tab, median (max) | whole tab / the floor's "
        "| largest keys (bytes) |",
        "|---|---|---|---|---|---|",
    ]
    for name, size in rows:
        if size is None:
            lines.append(f"| {name} | — | not measured (no such tab in Redis) | | | |")
            continue
        over = f"{size['tab_bytes_median'] / floor['tab_bytes_median']:.1f}x" if floor else "—"
        lines.append(
            f"| {name} | {size['tabs']} | {size['own_bytes_median']:,} ({size['own_bytes_max']:,}) "
            f"| {size['tab_bytes_median']:,} ({size['tab_bytes_max']:,}) | {over} "
            f"| {', '.join(f'{k} {v:,}' for k, v in size.get('largest_states', {}).items()) or '—'} |"
        )
    return lines


def _goals(
    good: list[Pair],
    ratios: list[float],
    board: dict[str, tuple[float, float]] | None,
    posting_load_ratio: float | None,
    extra: dict[str, Any] | None,
    extra_reason: str,
    browser_reason: str,
) -> list[str]:
    ours = [p.ours for p in good if p.ours]
    rows: list[tuple[str, str, str, str, str, str]] = []
    src = "load.py + floor_load.py, side by side"
    if ratios:
        rows.append(
            (
                "app CPU per event / the floor's",
                "unmeasured",
                "≤ 1.5x",
                _spread(ratios, "x", 2),
                f"{statistics.median(ratios) / 1.5:.2f}",
                src,
            )
        )
    else:
        rows.append(
            (
                "app CPU per event / the floor's",
                "unmeasured",
                "≤ 1.5x",
                "not measured (no run completed)",
                "—",
                src,
            )
        )
    per_app = [o["cpu_ms_per_application"]["app (all instances)"] for o in ours]
    rows.append(
        (
            "app CPU per completed application",
            "159 ms",
            "≤ 80 ms",
            _spread(per_app, " ms") if per_app else "not measured (no run completed)",
            f"{statistics.median(per_app) / 80:.2f}" if per_app else "—",
            "load.py (the side-by-side runs)",
        )
    )
    p95s = [o["event_p95_ms"] for o in ours]
    met = sum(1 for v in p95s if v <= 100)
    rows.append(
        (
            "wizard and board event p95 at 50 candidates, 0.3 s think",
            "81-115 ms",
            "≤ 100 ms in 3 of 3 runs",
            f"{', '.join(f'{v:.1f}' for v in p95s)} ms: {met} of {len(p95s)} runs"
            if p95s
            else "not measured",
            f"{max(p95s) / 100:.2f} (worst run)" if p95s else "—",
            "load.py (the side-by-side runs)",
        )
    )
    upload = (extra or {}).get("events", {}).get("upload+check", {}).get("p95_ms")
    rows.append(
        (
            "upload + check of 1 MB under that load, p95",
            "496 ms",
            "≤ 250 ms",
            _ms(upload) if upload is not None else f"not measured ({extra_reason})",
            f"{upload / 250:.2f}" if upload is not None else "—",
            f"load.py --pdf-kb {UPLOAD_KB} (one run)",
        )
    )
    board_rows = (
        ("2,000-card board first paint, p95", "518 ms", 300, "board load, 2,000"),
        ("keyboard drop to persisted, p95", "28 ms", 20, "drop to row persisted"),
        ("a second recruiter sees the move, p95", "87 ms", 60, "drop to shown in a second"),
    )
    for name, now, goal, prefix in board_rows:
        value = next((v[1] for k, v in (board or {}).items() if k.startswith(prefix)), None)
        rows.append(
            (
                name,
                now,
                f"≤ {goal} ms",
                _ms(value) if value is not None else f"not measured ({browser_reason})",
                f"{value / goal:.2f}" if value is not None else "—",
                "board.py --redis",
            )
        )
    idle = (extra or {}).get("idle")
    if idle:
        workers = [v for k, v in idle["rss_mb"].items() if "worker" in k]
        worst = max(workers, default=0.0)
        measured = f"{idle['held']:,} held of {idle['asked']:,}; {worst:,.0f} MB per worker (max)"
        if idle.get("not_held"):
            measured += "; not held: " + "; ".join(f"{n:,} {why}" for why, n in idle["not_held"].items())
        ratio = f"{max(IDLE_GOAL / max(1, idle['held']), worst / 400):.2f}"
    else:
        measured, ratio = f"not measured ({extra_reason})", "—"
    rows.append(
        (
            "idle connected tabs held on this box",
            "1,000 (307 MB per worker)",
            "5,000, ≤ 400 MB per worker",
            measured,
            ratio,
            f"load.py --idle {IDLE_GOAL} (2 instances x 1 worker)",
        )
    )
    rows.append(
        (
            "posting page load event / static floor (LCP is at 1.00x)",
            "2.33x",
            "≤ 1.5x",
            f"{posting_load_ratio:.2f}x (median)"
            if posting_load_ratio is not None
            else f"not measured ({browser_reason})",
            f"{posting_load_ratio / 1.5:.2f}" if posting_load_ratio is not None else "—",
            "posting_page.py",
        )
    )
    return [
        "Issue 21's goals (ratio = measured / goal; at most 1.00 meets it; for the idle tabs the worse "
        "of tabs asked / held and MB / 400):",
        "",
        "| figure | issue's 'now' | goal | measured | ratio | from |",
        "|---|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
    ]


def replace_section(text: str, heading: str, lines: list[str]) -> str:
    """``text`` with the ``heading`` section (up to the next '## ') replaced by ``lines``, or
    ``lines`` appended: other sections of REPORT.md are kept as they are."""
    block = "\n".join(lines).rstrip() + "\n"
    start = text.find(f"\n{heading}\n")
    if start < 0:
        return text.rstrip() + "\n\n" + block
    end = text.find("\n## ", start + 1)
    rest = "" if end < 0 else "\n" + text[end + 1 :]
    return text[: start + 1] + block + rest
