"""The wizard in the browser: keystroke-to-error latency and 1 MB PDF upload + check time.

Starts the app (production mode, own port and data), then in headless Chromium:
- types a character that makes the email invalid, and one that makes it valid again,
  timing from the keystroke to the error message changing on screen (N times each);
  the fields are debounced by 150 ms, so that delay is part of every figure;
- uploads a PDF of just under 1 MB N times, timing from choosing the file to the
  file card (name, size, pages) appearing; and times the isolated PDF check alone (a
  forked child of the check server, which each app worker starts as it starts).

    python bench/wizard.py [-n 30]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from careers_app.devtools.appserver import CHROMIUM, CHROMIUM_ARGS, running_app
from careers_app.devtools.pdfs import pdf_of_size
from careers_app.services.candidates.documents import check_pdf, warm_up

APPLY = "/jobs/machine-learning-engineer-data-science-cortex/apply"
WATCH_JS = """() => {
  const el = document.getElementById('field-email-error');
  const before = el.textContent;
  window.__lat = null;
  const obs = new MutationObserver(() => {
    if (el.textContent !== before) { obs.disconnect(); window.__lat = performance.now() - window.__t0; }
  });
  obs.observe(el, {childList: true, characterData: true, subtree: true});
}"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(name: str, values: list[float]) -> str:
    return f"{name:40}{statistics.median(values):10.1f}{p95(values):10.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        pdf = Path(tmp) / "resume.pdf"
        pdf.write_bytes(pdf_of_size(1_040_000))
        pdf_size = pdf.stat().st_size
        check_times = []
        warm_up()  # as each app worker does when it starts (tasks.start_pdf_checker)
        for _ in range(args.n):
            started = time.perf_counter()
            check_pdf(pdf.read_bytes())
            check_times.append((time.perf_counter() - started) * 1000)

        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with running_app(Path(tmp)) as app:
            page = browser.new_page(base_url=app.base_url)
            page.goto(APPLY)
            email = page.get_by_label("Email address")
            email.fill("ada@example.com")
            email.blur()
            expect(page.locator("#field-email-error")).to_have_text("")
            email.focus()
            email.evaluate(
                "el => el.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true)"
            )
            keystroke: list[float] = []
            for _ in range(args.n):
                # "@" makes the address invalid, Backspace makes it valid again.
                for key in ("@", "Backspace"):
                    page.evaluate(WATCH_JS)
                    page.keyboard.press(key)
                    page.wait_for_function("window.__lat !== null")
                    keystroke.append(float(page.evaluate("window.__lat")))

            page.get_by_label("First name").fill("Ada")
            page.get_by_label("Last name").fill("Lovelace")
            page.get_by_label("Primary phone").fill("4155550132")
            page.get_by_role("button", name="Next").click()
            page.get_by_label("Country").fill("United States")
            page.get_by_role("button", name="Next").click()
            upload: list[float] = []
            for _ in range(args.n):
                button = page.get_by_role("button", name="Upload resume/profile").or_(
                    page.get_by_role("button", name="Replace resume/profile")
                )
                with page.expect_file_chooser() as chooser:
                    button.click()
                page.evaluate("window.__t0 = performance.now()")
                chooser.value.set_files(str(pdf))
                page.wait_for_function(
                    "() => { const c = document.querySelector('[data-testid=resume-card]');"
                    " return c && !document.getElementById('resume-progress') && c.textContent.includes('1 page'); }"
                )
                upload.append(page.evaluate("performance.now() - window.__t0"))
                page.get_by_role("button", name="Remove resume/profile").click()
                expect(page.get_by_test_id("resume-card")).to_have_count(0)
        browser.close()

    print(f"wizard, headless Chromium on loopback, {args.n} samples each")
    print(f"{'':40}{'median ms':>10}{'p95 ms':>10}")
    print(row("keystroke -> error shown/cleared", keystroke))
    print(row(f"upload + check, {pdf_size:,} B PDF", upload))
    print(row("isolated PDF check alone (server)", check_times))
    print(
        f"share of upload time spent in the PDF check: {statistics.median(check_times) / statistics.median(upload):.0%}"
    )


if __name__ == "__main__":
    main()
