"""The pipeline board: load time at 200 and 2,000 applications, drag-to-persisted latency,
how long until a second recruiter's browser shows a move, and the read side: the next page
of a column (click on "Show more" to the cards in the DOM, and the query alone).

Targets (issue 11): first paint of the 2,000-application board <= 1 s; next page of a
column p95 <= 150 ms; a bulk move of 100 cards persisted and shown to a second recruiter
p95 <= 1 s.

Keyboard drop to persisted (issue 12: p95 <= 50 ms) runs from the page's own keydown of
the dropping Space (stamped in the page, before the drag library's listeners) to the moment
a thread polling the row every 2 ms sees the new stage; both are wall-clock times on this
machine. (Until 2026-12 the clock started before Playwright's ``press`` and the polling
only after it returned; ``press`` waits until the page has handled the key, board re-render
included, so that figure, ~100-230 ms, measured the test driver more than the drop.) The
move handler's own time comes from the app's JSON log (CAREERS_LOG_FORMAT=json).

Starts its own app (production mode, own SQLite file). With --redis, state lives in
Redis at 127.0.0.1:6379 and two workers serve (GRANIAN_WORKERS=2), so the second
recruiter may be on another worker than the first.

    python bench/board.py [-n 20] [--redis] [--drop-only | --bulk-only]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect, sync_playwright

from careers_app.devtools.appserver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TEST_DEMO_PASSWORD,
    app_env,
    free_port,
    running_app,
)
from careers_app.settings import PROJECT_ROOT

BIG = "machine-learning-engineer-data-science-cortex"
PASSWORD = TEST_DEMO_PASSWORD


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(name: str, values: list[float]) -> str:
    return f"{name:44}{statistics.median(values):10.1f}{p95(values):10.1f}"


def sign_in(page: Page, email: str) -> None:
    page.goto("/recruiting/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Pipelines")).to_be_visible()


def load_times(page: Page, slug: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        page.goto(f"/recruiting/{slug}")
        page.locator("[data-stage=applied] .board-card").first.wait_for()
        times.append((time.perf_counter() - started) * 1000)
    return times


NEXT_PAGE_JS = """async (have) => {
    const sel = "[data-stage=applied] .board-card";
    const col = document.querySelector("[data-stage=applied]");
    const button = [...col.querySelectorAll("button")].find((b) => b.textContent.startsWith("Show more"));
    if (!button) return -1;
    const started = performance.now();
    return await new Promise((resolve) => {
        const obs = new MutationObserver(() => {
            if (document.querySelectorAll(sel).length > have) { obs.disconnect(); resolve(performance.now() - started); }
        });
        obs.observe(col, { childList: true, subtree: true });
        button.click();  // not scrolled into view, so only this click asks for the page
    });
}"""


def next_page_times(page: Page, slug: str, n: int) -> list[float]:
    """Click to next 50 cards in the DOM, in the browser (page reloaded when a column ends)."""
    times: list[float] = []
    applied = "[data-stage=applied] .board-card"
    while len(times) < n:
        page.goto(f"/recruiting/{slug}")
        page.locator(applied).first.wait_for()
        while len(times) < n:
            elapsed = float(page.evaluate(NEXT_PAGE_JS, page.locator(applied).count()))
            if elapsed < 0:
                break
            times.append(elapsed)
            page.wait_for_timeout(50)
    return times


def query_times(database_url: str, slug: str, n: int) -> tuple[list[float], list[float]]:
    """The service alone: the whole board's first pages, and one next page (keyset)."""
    from sqlmodel import Session

    from careers_app.services.board import board_query
    from careers_app.services.board.pipeline import posting_id_for_slug

    engine = sa.create_engine(database_url)
    first: list[float] = []
    nxt: list[float] = []
    with Session(engine) as session:
        found = posting_id_for_slug(slug, session=session)
        assert found is not None
        for _ in range(n):
            started = time.perf_counter()
            _columns, cursors = board_query.board(found[0], session=session)
            first.append((time.perf_counter() - started) * 1000)
            after = cursors.get("applied", "")
            started = time.perf_counter()
            board_query.column_page(found[0], "applied", session=session, after=after)
            nxt.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return first, nxt


BULK = 100  # cards per bulk move (engineer F); target: persisted and shown to a second recruiter, p95 <= 1 s

SEE_COUNT_JS = """([stage, expected]) => { window.__seen = null;
    const done = () => { const el = document.querySelector(`[data-testid=count-${stage}]`);
        return el && el.textContent.trim() === String(expected); };
    const obs = new MutationObserver(() => { if (done()) { window.__seen = Date.now(); obs.disconnect(); } });
    obs.observe(document.body, {childList: true, subtree: true, characterData: true}); }"""


def _count(page: Page, stage: str) -> int:
    return int(page.get_by_test_id(f"count-{stage}").inner_text())


def bulk_move_times(
    a: Page, b: Page, engine: sa.Engine, slug: str, n: int
) -> tuple[list[float], list[float]]:
    """Bulk move of 100 cards from Applied to Phone interview: click to all rows persisted,
    and click to the second recruiter's board showing them (its column count); each round
    is then undone, so the board stays as it was."""
    for page in (a, b):
        page.goto(f"/recruiting/{slug}")
        page.locator("[data-stage=applied] .board-card").first.wait_for()
    with engine.connect() as conn:
        posting_id = conn.execute(sa.text("select id from posting where slug = :s"), {"s": slug}).scalar()
    persisted: list[float] = []
    seen: list[float] = []
    for _ in range(n):
        cards = a.locator("[data-stage=applied] .board-card")
        while cards.count() < BULK:
            have = cards.count()
            a.locator("[data-stage=applied] .board-more button").click()
            a.wait_for_function(
                "(have) => document.querySelectorAll('[data-stage=applied] .board-card').length > have",
                arg=have,
            )
        boxes = a.locator("[data-stage=applied] .card-select")
        boxes.nth(0).click()
        boxes.nth(BULK - 1).click(modifiers=["Shift"])
        bar = a.get_by_role("region", name="Bulk actions")
        expect(bar.get_by_role("status")).to_have_text(f"{BULK} cards selected")
        bar.get_by_label("Move to").select_option("phone_interview")
        before = _count(b, "phone_interview")
        b.evaluate(SEE_COUNT_JS, ["phone_interview", before + BULK])
        with engine.connect() as conn:
            in_db = conn.execute(
                sa.text(
                    "select count(*) from application where posting_id = :p and stage = 'phone_interview'"
                ),
                {"p": posting_id},
            ).scalar_one()
        started = time.perf_counter()
        a.evaluate(
            "(label) => { window.__sent = Date.now(); [...document.querySelectorAll('.bulk-bar button')]"
            ".find((el) => el.textContent === label).click(); }",
            f"Move {BULK}",
        )
        with engine.connect() as conn:
            while (
                conn.execute(
                    sa.text(
                        "select count(*) from application where posting_id = :p and stage = 'phone_interview'"
                    ),
                    {"p": posting_id},
                ).scalar()
                != in_db + BULK
            ):
                time.sleep(0.002)
                conn.rollback()
        persisted.append((time.perf_counter() - started) * 1000)
        b.wait_for_function("window.__seen !== null", timeout=10_000)
        seen.append(float(b.evaluate("window.__seen")) - float(a.evaluate("window.__sent")))
        a.get_by_role("button", name="Undo", exact=True).click()
        expect(b.get_by_test_id("count-phone_interview")).to_have_text(str(before), timeout=10_000)
    return persisted, seen


class RowWatcher(threading.Thread):
    """Polls one application's stage every 2 ms until it is ``stage``; keeps the wall-clock
    time (seconds) at which it first saw it."""

    def __init__(self, engine: sa.Engine, app_id: int, stage: str) -> None:
        super().__init__(daemon=True)
        self.engine, self.app_id, self.stage = engine, app_id, stage
        self.seen_at: float | None = None

    def run(self) -> None:
        deadline = time.time() + 10
        with self.engine.connect() as conn:
            while time.time() < deadline:
                found = conn.execute(
                    sa.text("select stage from application where id = :i"), {"i": self.app_id}
                ).scalar()
                conn.rollback()
                if found == self.stage:
                    self.seen_at = time.time()
                    return
                time.sleep(0.002)


def event_ms(log: Path, event: str) -> list[float]:
    """The ``ms`` of every JSON log line of this event handler (CAREERS_LOG_FORMAT=json):
    the time inside the handler, from its guard to its last database write."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("event") == event and "ms" in record:
            found.append(float(record["ms"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("--bulk-only", action="store_true", help="only the bulk move of 100 cards")
    parser.add_argument("--drop-only", action="store_true", help="only the keyboard drops")
    args = parser.parse_args()
    extra = {"REFLEX_REDIS_URL": "redis://127.0.0.1:6379", "GRANIAN_WORKERS": "2"} if args.redis else {}
    extra["CAREERS_LOG_FORMAT"] = "json"  # the server's own time per event, for "where the time goes"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        data = Path(tmp)
        env = app_env(data, free_port(), extra)
        subprocess.run(
            [sys.executable, "-m", "careers_app.cli", "setup"], cwd=PROJECT_ROOT, env=env, check=True
        )
        engine = sa.create_engine(env["DATABASE_URL"])
        with engine.connect() as conn:
            slugs: dict[str, int] = dict(
                conn.execute(
                    sa.text(
                        "select p.slug, count(a.id) from posting p left join application a on a.posting_id = p.id group by p.slug"
                    )
                ).all()
            )
        small = next(s for s, c in sorted(slugs.items()) if 0 < c < 60 and s != BIG)
        for slug, target in ((BIG, 2000), (small, 200)):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "careers_app.cli",
                    "demo-applications",
                    slug,
                    str(target - slugs[slug]),
                ],
                cwd=PROJECT_ROOT,
                env=env,
                check=True,
            )
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with running_app(data, extra) as app:
            a = browser.new_context(base_url=app.base_url, viewport={"width": 1400, "height": 900}).new_page()
            b = browser.new_context(base_url=app.base_url, viewport={"width": 1400, "height": 900}).new_page()
            sign_in(a, "recruiter@example.com")
            sign_in(b, "recruiter2@example.com")
            bulk_persisted, bulk_seen = (
                ([0.0], [0.0]) if args.drop_only else bulk_move_times(a, b, engine, BIG, args.n)
            )
            if args.bulk_only:
                print(f"bulk move of {BULK} cards, {args.n} samples, median / p95 ms")
                print(row(f"bulk move of {BULK}: click to rows persisted", bulk_persisted))
                print(row(f"bulk move of {BULK}: shown to a second recruiter", bulk_seen))
                return
            if args.drop_only:
                load_200 = load_2000 = next_page = board_query_ms = next_query_ms = [0.0]
                a.goto(f"/recruiting/{BIG}")
                a.locator("[data-stage=applied] .board-card").first.wait_for()
            else:
                load_times(a, small, 2)
                load_200 = load_times(a, small, args.n)
                load_2000 = load_times(a, BIG, args.n)
                next_page = next_page_times(a, BIG, args.n)
                board_query_ms, next_query_ms = query_times(env["DATABASE_URL"], BIG, args.n)

            b.goto(f"/recruiting/{BIG}")
            b.locator("[data-stage=applied] .board-card").first.wait_for()
            # On window, capturing, before the drag library's own listeners (added at each
            # lift): the drop's keydown is stamped before React re-renders this board.
            a.evaluate(
                "window.addEventListener('keydown', e => { if (e.code === 'Space') window.__drop = Date.now(); }, true)"
            )
            persisted: list[float] = []
            seen_by_other: list[float] = []
            for _ in range(args.n):
                card = a.locator("[data-stage=applied] .board-card").first
                card_id = int((card.get_attribute("data-testid") or "").removeprefix("card-"))
                b.evaluate(
                    # The other board's Recruiter screen count changes (the card lands at the end
                    # of that long column, beyond the part loaded there, so only the count shows it).
                    """(id) => { window.__seen = null; const count = document.querySelector("[data-testid=count-recruiter_screen]");
                    const before = count.textContent;
                    const obs = new MutationObserver(() => { if (count.textContent !== before) { window.__seen = Date.now(); obs.disconnect(); } });
                    obs.observe(count, {childList: true, subtree: true, characterData: true}); }""",
                    card_id,
                )
                card.focus()
                a.keyboard.press("Space")
                a.wait_for_timeout(120)
                a.keyboard.press("ArrowRight")
                a.wait_for_timeout(300)
                # The row is watched from another thread while the key goes in: Playwright's
                # press returns only once the page has handled the key (the board re-renders
                # meanwhile), so polling after it would add that wait to the figure. Both ends
                # are wall-clock times on this machine: the page's keydown, the row's change.
                watcher = RowWatcher(engine, card_id, "recruiter_screen")
                watcher.start()
                a.keyboard.press("Space")
                watcher.join(10)
                assert watcher.seen_at is not None, "the move never reached the database"
                persisted.append(watcher.seen_at * 1000 - float(a.evaluate("window.__drop")))
                b.wait_for_function("window.__seen !== null", timeout=10_000)
                seen_by_other.append(float(b.evaluate("window.__seen")) - float(a.evaluate("window.__drop")))
                a.wait_for_timeout(150)
            server_ms = event_ms(app.log, "PipelineState.move")[-args.n :]
        browser.close()

    mode = "Redis state manager, 2 workers" if args.redis else "one worker, in-memory state"
    print(f"pipeline board, headless Chromium on loopback, {mode}, {args.n} samples each")
    print(f"{'':44}{'median ms':>10}{'p95 ms':>10}")
    if args.drop_only:
        print(row("drop to row persisted (keyboard drop)", persisted))
        print(row("drop to shown in a second recruiter's board", seen_by_other))
        if server_ms:
            print(row("  server alone: the move handler (log ms)", server_ms))
        return
    print(row("board load, 200 applications", load_200))
    print(row("board load, 2,000 applications", load_2000))
    print(row("drop to row persisted (keyboard drop)", persisted))
    print(row("drop to shown in a second recruiter's board", seen_by_other))
    if server_ms:
        print(row("  server alone: the move handler (log ms)", server_ms))
    print(row("next page of a column, 2,000 (click to DOM)", next_page))
    print(row(f"bulk move of {BULK}: click to rows persisted", bulk_persisted))
    print(row(f"bulk move of {BULK}: shown to a second recruiter", bulk_seen))
    print(row("  query alone: every column's first page", board_query_ms))
    print(row("  query alone: next page of Applied", next_query_ms))
    print(f"ratio load 2,000 / 200: {statistics.median(load_2000) / statistics.median(load_200):.2f}x")
    print(
        f"first paint, 2,000: p95 {p95(load_2000):.0f} ms of 1000 ms ({p95(load_2000) / 1000:.2f}x the target)"
    )
    print(f"next page, 2,000: p95 {p95(next_page):.0f} ms of 150 ms ({p95(next_page) / 150:.2f}x the target)")
    print(f"bulk move of {BULK}, seen by a second recruiter: p95 {p95(bulk_seen):.0f} ms of 1000 ms")


if __name__ == "__main__":
    main()
