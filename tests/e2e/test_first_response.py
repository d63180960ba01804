"""The public pages as a crawler reads them (plain HTTP, no JavaScript): content, title,
description, canonical, Open Graph, JSON-LD and status codes in the first response; the job
feed; and, in Chromium, that React hydrates over it quietly and shows the content once."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import extruct
import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, ConsoleMessage, expect

from careers_app.devtools.appserver import RunningApp
from tests.browser import open_page, sign_in

CORTEX = "machine-learning-engineer-data-science-cortex"
CORTEX_TITLE = "Machine Learning Engineer - Data Science, Cortex"
CLOSED = "data-center-technician-boulder"
HOSTILE = "Héllo </script><script>alert(1)</script> & <!-- “quotes” -->"
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
GOOGLE_RECOMMENDED = {"employmentType", "identifier", "directApply", "baseSalary"}


class Crawl(HTMLParser):
    """What a crawler without JavaScript takes from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.json_ld: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a.get("content", ""))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href", ""))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag not in ("meta", "link", "input", "br", "img"):
            self._stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        tag, attrs = self._stack[-1] if self._stack else ("", {})
        if tag == "title":
            self.titles.append(data)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self.json_ld.append(data)
        elif tag not in ("script", "style", "template") and data.strip():
            self.text.append(" ".join(data.split()))

    @property
    def visible(self) -> str:
        return " ".join(self.text)


def crawl(app: RunningApp, path: str, status: int = 200) -> Crawl:
    answer = httpx.get(app.base_url + path, timeout=15, headers={"User-Agent": "Googlebot"})
    assert answer.status_code == status, (path, answer.status_code)
    assert answer.headers["content-type"].startswith("text/html")
    page = Crawl()
    page.feed(answer.text)
    return page


@pytest.fixture
def extra_postings(app_server: RunningApp) -> Iterator[dict[str, str]]:
    """A draft, an expired and a hostile-titled posting, removed afterwards (other tests count)."""
    engine = sa.create_engine(app_server.database_url)
    now = datetime.now(UTC)
    slugs = {"draft": "e2e-draft-posting", "expired": "e2e-expired-posting", "hostile": "e2e-hostile-posting"}
    with engine.begin() as conn:
        team_id, office_id = conn.execute(sa.text("select team_id, office_id from posting limit 1")).one()
        for kind, slug in slugs.items():
            conn.execute(
                sa.text(
                    "insert into posting (slug, title, team_id, office_id, employment_type, status, published_at,"
                    " who_we_are, what_youll_do, who_you_are, requirements, desired, process_name, hiring_steps,"
                    " created_at, pay_currency, pay_unit, closes_at, remote) values (:slug, :title, :team, :office,"
                    " 'PART_TIME', :status, :published, :text, 'Do things.', '', '', '', 'Process', '[\"Call\"]',"
                    " :published, '', '', :closes, :remote)"
                ),
                {
                    "slug": slug,
                    "title": HOSTILE if kind == "hostile" else f"E2E {kind}",
                    "team": team_id,
                    "office": office_id,
                    "status": "draft" if kind == "draft" else "open",
                    "published": now - timedelta(days=1),
                    "text": HOSTILE if kind == "hostile" else "We build.",
                    "closes": now - timedelta(minutes=1) if kind == "expired" else None,
                    "remote": kind == "hostile",
                },
            )
    yield slugs
    with engine.begin() as conn:
        conn.execute(
            sa.text("delete from posting where slug in :s").bindparams(sa.bindparam("s", expanding=True)),
            {"s": list(slugs.values())},
        )
    engine.dispose()


def test_posting_page_reads_whole_without_javascript(app_server: RunningApp) -> None:
    page = crawl(app_server, f"/jobs/{CORTEX}")
    base = app_server.env["CAREERS_BASE_URL"]
    assert page.titles == [f"{CORTEX_TITLE} | Twitter Careers"]
    assert page.canonical == [f"{base}/jobs/{CORTEX}"]
    description = page.meta["description"][0]
    assert description.startswith("As a centralized machine learning team") and len(description) <= 200
    assert page.meta["og:title"] == [page.titles[0]] and page.meta["og:url"] == page.canonical
    assert page.meta["og:description"] == [description] and page.meta["og:type"] == ["article"]
    assert page.meta["twitter:card"] == ["summary"] and page.meta["twitter:title"] == [page.titles[0]]
    text = page.visible
    for seen in (
        CORTEX_TITLE,
        "San Francisco, CA",
        "Engineering",
        "Full-time",
        "Posted 2026-",
        "$150,000 – $210,000 a year",
        "Who we are",
        "Excellent understanding of the JVM",
        "Engineering hiring process",
        "Step 1",
        "Apply for this job",
    ):
        assert seen in text, seen
    assert f"/jobs/{CORTEX}/apply" in page.links
    [ld_text] = page.json_ld
    ld = json.loads(ld_text)
    assert set(ld) >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED
    assert ld["title"] == CORTEX_TITLE and ld["url"] == page.canonical[0]
    assert ld["datePosted"] in text and ld["employmentType"] == "FULL_TIME"
    assert ld["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1355 Market Street, Suite 900",
        "addressLocality": "San Francisco",
        "addressRegion": "CA",
        "postalCode": "94103",
        "addressCountry": "US",
    }
    assert ld["jobLocation"]["address"]["addressLocality"] in text
    salary = ld["baseSalary"]
    assert salary["currency"] == "USD" and salary["value"]["unitText"] == "YEAR"
    assert (salary["value"]["minValue"], salary["value"]["maxValue"]) == (150000, 210000)
    assert (
        ld["hiringOrganization"]["name"] == "Twitter"
        and ld["hiringOrganization"]["logo"] == f"{base}/logo.png"
    )
    assert ld["identifier"]["value"] == CORTEX and ld["directApply"] is True
    assert "validThrough" not in ld  # the seed posting has no closing date
    assert "Excellent understanding of the JVM" in ld["description"]


def test_extruct_reads_the_job_posting_and_its_logo_is_served(app_server: RunningApp) -> None:
    """What a structured-data extractor takes from the first response, and the logo it names:
    a PNG of at least 112x112 px (Google's minimum), served by the app itself."""
    base = app_server.env["CAREERS_BASE_URL"]
    answer = httpx.get(f"{app_server.base_url}/jobs/{CORTEX}", timeout=15)
    data = extruct.extract(answer.text, base_url=base, syntaxes=["json-ld"], uniform=True)
    [posting] = [item for item in data["json-ld"] if item.get("@type") == "JobPosting"]
    assert set(posting) >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED
    logo_path = posting["hiringOrganization"]["logo"].removeprefix(base)
    assert logo_path == "/logo.png"
    logo = httpx.get(f"{app_server.base_url}{logo_path}", timeout=15)
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png"
    assert logo.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert min(struct.unpack(">II", logo.content[16:24])) >= 112


def test_board_lists_every_open_posting_without_javascript(app_server: RunningApp) -> None:
    base = app_server.env["CAREERS_BASE_URL"]
    engine = sa.create_engine(app_server.database_url)
    with engine.connect() as conn:
        open_slugs = {r[0] for r in conn.execute(sa.text("select slug from posting where status = 'open'"))}
    engine.dispose()
    for path in ("/", "/careers"):
        page = crawl(app_server, path)
        assert page.titles == ["Jobs | Twitter Careers"]
        assert page.meta["description"] == [
            "Open positions at Twitter: search by team, location and keyword."
        ]
        assert page.canonical == [f"{base}{path}"] and page.meta["og:url"] == page.canonical
        listed = {link.removeprefix("/jobs/") for link in page.links if link.startswith("/jobs/")}
        assert listed == open_slugs
        assert f"{len(open_slugs)} open positions" in page.visible and CORTEX_TITLE in page.visible
    design = crawl(app_server, "/careers?team=design&q=")
    assert design.canonical == [f"{base}/careers?team=design"]
    assert "6 open positions" in design.visible
    assert len([link for link in design.links if link.startswith("/jobs/")]) == 6


def test_missing_closed_and_draft_postings_are_never_200(
    app_server: RunningApp, extra_postings: dict[str, str]
) -> None:
    for path, status in (
        ("/jobs/no-such-job", 404),
        (f"/jobs/{extra_postings['draft']}", 404),
        (f"/jobs/{CLOSED}", 410),
        (f"/jobs/{extra_postings['expired']}", 410),
        ("/jobs/%3Cscript%3E", 404),
        ("/jobs/" + "x" * 500, 404),
    ):
        page = crawl(app_server, path, status)
        assert page.titles == ["Job not found | Twitter Careers"], path
        assert "Job not found" in page.visible and "See all open jobs" in page.visible
        assert "/careers" in page.links and page.meta["robots"] == ["noindex"]
        assert page.json_ld == [] and "<script>" not in page.visible


def test_hostile_text_is_escaped_and_json_ld_cannot_end_early(
    app_server: RunningApp, extra_postings: dict[str, str]
) -> None:
    answer = httpx.get(f"{app_server.base_url}/jobs/{extra_postings['hostile']}", timeout=15)
    assert answer.status_code == 200
    assert "<script>alert(1)" not in answer.text and "--></script" not in answer.text
    page = Crawl()
    page.feed(answer.text)
    assert page.titles == [f"{HOSTILE} | Twitter Careers"]
    assert HOSTILE in page.visible and page.meta["og:title"] == page.titles
    ld = json.loads(page.json_ld[0])
    assert ld["title"] == HOSTILE
    assert ld["jobLocationType"] == "TELECOMMUTE" and ld["applicantLocationRequirements"]["name"]
    assert "jobLocation" not in ld and ld["employmentType"] == "PART_TIME"


def test_feed_parses_and_holds_every_open_posting(
    app_server: RunningApp, extra_postings: dict[str, str]
) -> None:
    answer = httpx.get(f"{app_server.base_url}/feeds/jobs.xml", timeout=15)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(answer.content)
    engine = sa.create_engine(app_server.database_url)
    with engine.connect() as conn:
        open_slugs = {r[0] for r in conn.execute(sa.text("select slug from posting where status = 'open'"))}
    engine.dispose()
    jobs = {job.findtext("referencenumber"): job for job in root.findall("job")}
    assert set(jobs) == open_slugs - {extra_postings["expired"]}
    base = app_server.env["CAREERS_BASE_URL"]
    cortex = jobs[CORTEX]
    assert cortex.findtext("title") == CORTEX_TITLE and cortex.findtext("url") == f"{base}/jobs/{CORTEX}"
    assert {
        name: cortex.findtext(name) for name in ("city", "state", "country", "streetaddress", "postalcode")
    } == {
        "city": "San Francisco",
        "state": "CA",
        "country": "US",
        "streetaddress": "1355 Market Street, Suite 900",
        "postalcode": "94103",
    }
    assert (
        cortex.findtext("salary") == "$150,000 – $210,000 a year" and cortex.findtext("jobtype") == "fulltime"
    )
    assert cortex.findtext("company") == "Twitter" and re.fullmatch(
        r"2026-\d\d-\d\dT\d\d:\d\d:\d\dZ", cortex.findtext("date") or ""
    )
    assert cortex.findtext("referencenumber") == cortex.findtext("requisitionid") == CORTEX
    assert cortex.findtext("category") == "Engineering" and cortex.find("remotetype") is None
    for job in root.findall("job"):  # nothing the posting knows is sent empty
        assert all((child.text or "").strip() for child in job), job.findtext("referencenumber")
    assert "<li>" in (cortex.findtext("description") or "")
    hostile = jobs[extra_postings["hostile"]]
    assert hostile.findtext("title") == HOSTILE and hostile.findtext("remotetype") == "Fully remote"
    assert hostile.findtext("jobtype") == "parttime" and hostile.find("city") is None


@pytest.mark.parametrize(("path", "heading"), [(f"/jobs/{CORTEX}", CORTEX_TITLE), ("/", "Work at Twitter")])
def test_live_page_hydrates_quietly_over_the_first_response_and_shows_it_once(
    browser: Browser, app_server: RunningApp, path: str, heading: str
) -> None:
    # Where the first response puts the heading, with no JavaScript at all.
    still = browser.new_context(base_url=app_server.base_url, java_script_enabled=False)
    plain = still.new_page()
    plain.goto(path)
    before = plain.get_by_role("heading", level=1, name=heading).bounding_box()
    still.close()

    context = browser.new_context(base_url=app_server.base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    said: list[str] = []
    page.on("pageerror", lambda exc: said.append(f"pageerror: {exc}"))

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type in ("error", "warning"):
            said.append(f"{msg.type}: {msg.text}")

    page.on("console", on_console)
    page.goto(path)
    expect(page.locator("body > .radix-themes [data-live]").first).to_be_attached()
    expect(page.locator("body > .first-response")).to_have_count(0)  # removed once live
    expect(page.locator("[data-first-response]")).to_have_count(0)
    # Crawlers that run JavaScript read the rendered page: its canonical URL stays.
    expect(page.locator('head link[rel="canonical"]')).to_have_count(1)
    expect(page.get_by_role("heading", level=1, name=heading)).to_have_count(1)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    after = page.get_by_role("heading", level=1, name=heading).bounding_box()
    assert before and after and abs(before["x"] - after["x"]) < 1 and abs(before["y"] - after["y"]) < 1
    if path != "/":
        expect(page.get_by_text("$150,000 – $210,000 a year")).to_have_count(1)
        assert page.title() == f"{CORTEX_TITLE} | Twitter Careers"
        assert len(page.locator('script[type="application/ld+json"]').all()) == 1
    # Nothing said: checked after the live page took over ([data-live]: the load for this URL
    # answered), so hydration and the load's render, where warnings come from, are over.
    context.close()
    assert said == [], said


def test_admin_sets_pay_range_closing_date_and_remote_and_crawlers_read_them(
    browser: Browser, app_server: RunningApp
) -> None:
    admin, problems = open_page(browser, app_server)
    sign_in(admin, "admin@example.com")
    admin.get_by_role("link", name="New posting").click()
    expect(admin.get_by_role("heading", name="New posting")).to_be_visible()
    admin.get_by_label("Title", exact=True).fill("Remote Payroll Specialist")
    admin.get_by_label("Team").select_option(label="Engineering")
    admin.get_by_label("Location").select_option(label="San Francisco, CA")
    admin.get_by_label("Status").select_option("open")
    admin.get_by_label("What you’ll do").fill("You will run payroll.")
    admin.get_by_label("Hiring process steps (one per line)").fill("Recruiter call")
    admin.get_by_label("Pay from").fill("90000")
    admin.get_by_label("Pay up to").fill("80000")
    admin.get_by_label("Workplace").select_option(label="Fully remote")
    admin.get_by_label("Closing date (optional)").fill("2099-06-30")
    admin.get_by_role("button", name="Save posting").click()
    expect(admin.locator("#posting-pay_max-error")).to_have_text("The maximum must not be below the minimum.")
    expect(admin.get_by_label("Pay up to")).to_be_focused()
    admin.get_by_label("Pay up to").fill("120000")
    admin.get_by_role("button", name="Save posting").click()
    expect(admin.get_by_role("heading", name="Pipelines")).to_be_visible()
    admin.context.close()
    assert problems == []

    engine = sa.create_engine(app_server.database_url)
    with engine.connect() as conn:
        slug = conn.execute(
            sa.text("select slug from posting where title = 'Remote Payroll Specialist'")
        ).scalar_one()
    page = crawl(app_server, f"/jobs/{slug}")
    assert "$90,000 – $120,000 a year" in page.visible and "Apply by 2099-06-30" in page.visible
    assert "Remote (US)" in page.visible
    ld = json.loads(page.json_ld[0])
    assert ld["baseSalary"]["value"]["minValue"] == 90000 and ld["baseSalary"]["value"]["maxValue"] == 120000
    assert ld["validThrough"] == "2099-06-30T23:59:59+00:00"
    assert ld["jobLocationType"] == "TELECOMMUTE" and ld["applicantLocationRequirements"]["name"] == "US"
    with engine.begin() as conn:  # other tests count the open postings
        conn.execute(sa.text("update posting set status = 'draft' where slug = :s"), {"s": slug})
    engine.dispose()
    crawl(app_server, f"/jobs/{slug}", 404)


# Every visible level-1 and level-2 heading the page ever shows, recorded as the DOM changes.
SEEN_HEADINGS = """(() => {
  window.__seen = [];
  new MutationObserver(() => {
    for (const h of document.querySelectorAll('h1, h2')) {
      if (h.offsetParent !== null && !window.__seen.includes(h.textContent)) window.__seen.push(h.textContent);
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""


def test_a_full_load_in_the_same_tab_never_shows_the_previous_page(
    browser: Browser, app_server: RunningApp
) -> None:
    """A tab's Reflex state outlives a full page load: the previous posting must not replace
    the first response while the new posting's state is on its way."""
    context = browser.new_context(base_url=app_server.base_url)
    page = context.new_page()
    page.goto("/careers")
    expect(page.locator("body > .first-response")).to_have_count(0)
    # Another posting than the one opened next (other tests may have added postings, so
    # the fourth card is not always the same one).
    target = page.locator(f"a.job-card:not([href$='/jobs/{CORTEX}'])").nth(3)
    title = target.locator(".job-title").text_content() or ""
    href = target.get_attribute("href") or ""
    page.goto(f"/jobs/{CORTEX}")
    expect(page.locator("body > .first-response")).to_have_count(0)
    page.add_init_script(SEEN_HEADINGS)
    page.goto(href)  # a full load of another posting, same tab, same state
    expect(page.locator("body > .radix-themes [data-live]")).to_be_attached()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    # [data-live] exists once the load for this URL has answered; the previous posting could
    # only show before it (the tab's state is answered in order), and __seen saw every heading.
    assert CORTEX_TITLE not in page.evaluate("window.__seen"), page.evaluate("window.__seen")
    context.close()


def test_a_full_load_of_a_filtered_board_never_shows_the_previous_list(
    browser: Browser, app_server: RunningApp
) -> None:
    context = browser.new_context(base_url=app_server.base_url)
    page = context.new_page()
    page.goto("/careers")
    expect(page.locator("body > .first-response")).to_have_count(0)
    everything = page.get_by_role("heading", name=re.compile(r"^\d+ open positions$"))
    expect(everything).to_be_visible()
    whole_list = everything.inner_text()  # other tests may have opened postings: read it
    page.add_init_script(SEEN_HEADINGS)
    page.goto("/careers?q=jupyter")  # a full load, same tab, same state
    expect(page.locator("body > .radix-themes [data-live]")).to_be_attached()
    expect(page.get_by_role("heading", name="1 open position", exact=True)).to_be_visible()
    # As above: [data-live] means this URL's list has come; an older one could only come before.
    assert whole_list not in page.evaluate("window.__seen"), page.evaluate("window.__seen")
    context.close()


def test_without_javascript_search_and_clear_filters_use_the_boards_own_addresses(
    browser: Browser, app_server: RunningApp
) -> None:
    context = browser.new_context(base_url=app_server.base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/careers")
    page.get_by_role("searchbox", name="Search jobs").fill("underwater basket weaving")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No open positions match these filters.")).to_be_visible()
    page.get_by_role("button", name="Clear filters").first.click()
    expect(page).to_have_url(re.compile(r"/careers$"))
    context.close()
