"""Opening a page the way the browser tests do (page errors and console errors collected, to
fail the test), signing in by the form's labels, and finding the demo board's cards."""

from __future__ import annotations

from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp

CORTEX = "machine-learning-engineer-data-science-cortex"
BOARD = f"/recruiting/{CORTEX}"


def open_page(browser: Browser, app_server: RunningApp, width: int = 1280) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=app_server.base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Playwright turns on file-chooser interception asynchronously when the first listener
    # is added; add one up front so a quick key press cannot open the chooser before it.
    page.on("filechooser", lambda _chooser: None)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))

    def on_console(msg: ConsoleMessage) -> None:
        # A page the server answers 404 or 410 on purpose (an unknown or closed posting)
        # makes Chromium log the document's own status; any other resource's status counts.
        own_status = msg.text.startswith("Failed to load resource: the server responded with a status of 4")
        if own_status and msg.location.get("url", "").split("#")[0] == page.url.split("#")[0]:
            return
        if msg.type == "error":
            problems.append(f"console error: {msg.text}")

    page.on("console", on_console)
    return page, problems


def sign_in(page: Page, email: str = "recruiter@example.com", password: str = TEST_DEMO_PASSWORD) -> None:
    page.goto("/recruiting/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Pipelines")).to_be_visible()


def card_id(page: Page, stage: str, index: int = 0) -> int:
    card = page.locator(f"[data-stage={stage}] .board-card").nth(index)
    return int((card.get_attribute("data-testid") or "").removeprefix("card-"))


# True once the element is where it was two animation frames earlier (a scroll or an
# animation has ended); Playwright runs the predicate again until it holds.
_STILL = """el => new Promise(done => {
    const at = () => { const r = el.getBoundingClientRect(); return `${r.x},${r.y},${r.width},${r.height}`; };
    const first = at();
    requestAnimationFrame(() => requestAnimationFrame(() => done(at() === first)));
})"""


def wait_until_still(element: Locator) -> None:
    """Wait until the element has stopped moving (a smooth scroll, a transition)."""
    element.page.wait_for_function(_STILL, arg=element.element_handle())
