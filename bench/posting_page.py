"""Posting page first paint in headless Chromium, against a static floor of the same bytes.

Starts the app in production mode (own port and data) and loads the Cortex posting N times
in fresh browser contexts. The floor is the very HTML document the app sends for that page
(its first response, with the posting already in it) and the very CSS files it links,
served as static files by a plain HTTP server, minus the scripts: the least any page with
this content and look can cost. Prints median and p95 of the load event, of the largest
contentful paint and, for the app, of the moment the live (React) content replaced the
first response, and the app/floor ratios of the medians.

    python bench/posting_page.py [-n 30]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import statistics
import tempfile
import threading
from pathlib import Path

import httpx
from playwright.sync_api import Browser, sync_playwright

from careers_app.devtools.appserver import CHROMIUM, CHROMIUM_ARGS, running_app
from careers_app.http.headers import build_dir

SLUG = "machine-learning-engineer-data-science-cortex"
READY_TEXT = "Engineering hiring process"
LCP_JS = """() => new Promise(resolve => {
  let last = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) last = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(last), 300);
})"""
LOAD_JS = "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd; }"
# When the live page's own content first exists (the swap from the first response).
LIVE_WATCH = """(() => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('body > .radix-themes [data-live]')) {
      window.__liveAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, {subtree: true, childList: true});
})();"""
_SCRIPT = re.compile(r"<script\b(?![^>]*application/ld\+json)[^>]*>.*?</script>", re.S | re.I)
_PRELOAD = re.compile(r'<link rel="modulepreload"[^>]*>')


def measure(browser: Browser, url: str, n: int, *, live: bool) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"load": [], "lcp": [], "live": []}
    for _ in range(n):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.add_init_script(LIVE_WATCH)
        page.goto(url, wait_until="load")
        page.get_by_text(READY_TEXT, exact=False).first.wait_for()
        if live:
            page.wait_for_function("window.__liveAt !== undefined")
            figures["live"].append(page.evaluate("window.__liveAt"))
        figures["load"].append(page.evaluate(LOAD_JS))
        figures["lcp"].append(page.evaluate(LCP_JS))
        context.close()
    return figures


def static_floor(html: str, folder: Path) -> None:
    """The app's document without scripts, beside copies of the build's CSS and assets."""
    shutil.copytree(build_dir() / "assets", folder / "assets")
    for name in ("careers.css", "favicon.ico"):
        if (build_dir() / name).is_file():
            shutil.copy(build_dir() / name, folder / name)
    (folder / "posting.html").write_text(_PRELOAD.sub("", _SCRIPT.sub("", html)), encoding="utf-8")


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
        static_dir = Path(tmp) / "static"
        with running_app(Path(tmp) / "app") as app:
            url = f"{app.base_url}/jobs/{SLUG}"
            sent = httpx.get(url, timeout=15)
            sent.raise_for_status()
            static_floor(sent.text, static_dir)
            measure(browser, url, 3, live=True)  # warm-up
            app_figures = measure(browser, url, args.n, live=True)

        handler = functools.partial(_QuietHandler, directory=str(static_dir))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        static_url = f"http://127.0.0.1:{server.server_address[1]}/posting.html"
        measure(browser, static_url, 3, live=False)
        floor = measure(browser, static_url, args.n, live=False)
        server.shutdown()
        browser.close()

    print(f"posting page, {args.n} loads each, headless Chromium, fresh context per load")
    print("floor: the app's own first-response HTML and CSS as static files, scripts removed")
    print(f"{'':32}{'median ms':>12}{'p95 ms':>10}")
    rows = [
        ("app load event", app_figures["load"]),
        ("floor load event", floor["load"]),
        ("app LCP", app_figures["lcp"]),
        ("floor LCP", floor["lcp"]),
        ("app live content in place", app_figures["live"]),
    ]
    for name, values in rows:
        print(f"{name:32}{statistics.median(values):12.1f}{p95(values):10.1f}")
    for name in ("load", "lcp"):
        ratio = statistics.median(app_figures[name]) / statistics.median(floor[name])
        print(f"ratio app/floor, {name}: {ratio:.2f}x median (goal: within 1.5x)")


if __name__ == "__main__":
    main()
