"""Posting page load time and LCP in headless Chromium, against a static-HTML floor.

Starts the app in production mode (own port and data), loads the Cortex posting N times
in fresh browser contexts, then serves the same rendered content as one static HTML file
(CSS inlined, no scripts) from a plain HTTP server and loads that N times. Prints median
and p95 of the load event and of largest contentful paint, and their ratios.

    python bench/posting_page.py [-n 30]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from careers_app.devtools.appserver import CHROMIUM, CHROMIUM_ARGS, running_app
from careers_app.settings import PROJECT_ROOT

SLUG = "machine-learning-engineer-data-science-cortex"
LCP_JS = """() => new Promise(resolve => {
  let last = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) last = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(last), 300);
})"""
LOAD_JS = "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd; }"


def measure(browser: Browser, url: str, ready_text: str, n: int) -> tuple[list[float], list[float]]:
    loads: list[float] = []
    lcps: list[float] = []
    for _ in range(n):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.get_by_text(ready_text, exact=False).first.wait_for()
        loads.append(page.evaluate(LOAD_JS))
        lcps.append(page.evaluate(LCP_JS))
        context.close()
    return loads, lcps


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with running_app(Path(tmp)) as app:
            url = f"{app.base_url}/jobs/{SLUG}"
            page = browser.new_page()
            page.goto(url)
            page.get_by_text("Engineering hiring process").wait_for()
            body = page.evaluate("document.body.innerHTML")
            page.close()
            measure(browser, url, "Engineering hiring process", 3)  # warm-up
            app_load, app_lcp = measure(browser, url, "Engineering hiring process", args.n)

        static_dir = Path(tmp) / "static"
        static_dir.mkdir()
        css = (PROJECT_ROOT / "assets" / "careers.css").read_text()
        (static_dir / "posting.html").write_text(
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>static</title>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'><style>{css}</style>"
            f"</head><body>{body}</body></html>",
            encoding="utf-8",
        )
        handler = functools.partial(_QuietHandler, directory=str(static_dir))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        static_url = f"http://127.0.0.1:{server.server_address[1]}/posting.html"
        measure(browser, static_url, "Engineering hiring process", 3)
        st_load, st_lcp = measure(browser, static_url, "Engineering hiring process", args.n)
        server.shutdown()
        browser.close()

    print(f"posting page, {args.n} loads each, headless Chromium, fresh context per load")
    print(f"{'':24}{'median ms':>12}{'p95 ms':>10}")
    rows = [
        ("app load event", app_load),
        ("static load event", st_load),
        ("app LCP", app_lcp),
        ("static LCP", st_lcp),
    ]
    for name, values in rows:
        print(f"{name:24}{statistics.median(values):12.1f}{p95(values):10.1f}")
    print(f"ratio app/static, load: {statistics.median(app_load) / statistics.median(st_load):.2f}x median")
    print(f"ratio app/static, LCP:  {statistics.median(app_lcp) / statistics.median(st_lcp):.2f}x median")


if __name__ == "__main__":
    main()
