"""Published Greenhouse Job Board API clients, unchanged, against the running app (issue 19).

Two from npm, run under Node as their users run them (``tests/clients/*.cjs``):
gatsby-source-greenhouse-job-board@2.0.0 (the Gatsby source plugin; its host redirected by
a preloaded ``fetch`` wrapper, its paths and queries untouched) and
greenhouse-jobboard-js@0.6.0 (its documented ``JobBoardClientV1.baseURL`` set). Two from
PyPI: openroles==0.4.0 and jobfeeds==0.1.0 (their module-level URL constants pointed at
the app), and ats-jobs-mcp==1.1.0, the one that reads pay ranges (its adapter's
``base_url`` set; in a venv of its own, .tools/greenhouse-py: it needs mcp 2, whose
httpx2 would change Starlette's TestClient for the whole suite). scripts/test installs
them all (the npm ones into .tools/greenhouse-clients).

Every field each client hands its user is checked against the database, not against our
own API's output: ids, titles, links, locations (a fully remote posting included),
dates, company, departments and offices and the links between them, questions, the
description. A browser on another origin reads the API with a preflighted fetch and
through JSONP, pay ranges included.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser
from sqlmodel import Session

from careers_app.devtools.appserver import RunningApp
from careers_app.services.platform.db import make_engine
from careers_app.settings import PROJECT_ROOT, load_settings
from tests.browser import open_page
from tests.factories import make_office, make_posting, make_team
from tests.loops import run_in_own_loop

NODE_MODULES = PROJECT_ROOT / ".tools" / "greenhouse-clients" / "node_modules"
ISOLATED_PYTHON = PROJECT_ROOT / ".tools" / "greenhouse-py" / "bin" / "python"
SCRIPTS = Path(__file__).resolve().parents[1] / "clients"
TOKEN = "careers"
INSTALL_HINT = "run ./scripts/test once (it installs the Greenhouse clients into .tools/greenhouse-clients)"
REMOTE_INTRO = "We write the guides developers read first."


@dataclass(frozen=True)
class Opening:
    """One open posting as the database has it: what every client must show."""

    id: int
    title: str
    slug: str
    published_at: datetime
    closes_at: datetime | None
    remote: bool
    team_id: int
    team: str
    office_id: int
    office: str
    country_code: str
    pay: tuple[int, int, str, str] | None = None  # min and max cents, currency, unit
    who_we_are: str = ""  # a posting another test made may have no sections at all

    @property
    def location(self) -> str:
        return f"Remote - {COUNTRIES[self.country_code]}" if self.remote else self.office


COUNTRIES = {"PT": "Portugal", "US": "United States", "GB": "United Kingdom"}


@dataclass(frozen=True)
class Board:
    openings: dict[int, Opening]
    teams: dict[int, str]
    offices: dict[int, str]
    remote_id: int
    company: str
    base_url: str

    def of_team(self, team_id: int) -> list[int]:
        return sorted(o.id for o in self.openings.values() if o.team_id == team_id)

    def of_office(self, office_id: int) -> list[int]:
        return sorted(o.id for o in self.openings.values() if o.office_id == office_id)


def _iso(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat(timespec="seconds") if at else None


@pytest.fixture(scope="module")
def board(app_server: RunningApp) -> Iterator[Board]:
    """The demo board plus a fully remote posting with a closing date and pay, in a team
    and an office of its own (none of the demo postings is remote or has a closing date);
    removed again afterwards, so the other browser tests see the board they expect."""
    engine = make_engine(app_server.database_url)
    now = datetime.now(UTC).replace(microsecond=0)
    with Session(engine) as session:
        team = make_team(session, "Developer Relations", slug="gh-clients-devrel")
        office = make_office(session, "Lisbon, Portugal", slug="gh-clients-lisbon")
        office.country_code = "PT"
        posting = make_posting(
            session,
            team,
            office,
            slug="gh-clients-developer-advocate",
            title="Developer Advocate",
            who_we_are=REMOTE_INTRO,
            remote=True,
            published_at=now - timedelta(days=2),
            closes_at=now + timedelta(days=60),
            pay_min_cents=6_000_000,
            pay_max_cents=8_000_000,
            pay_currency="EUR",
            pay_unit="YEAR",
        )
        session.commit()
        made = (int(posting.id or 0), int(team.id or 0), int(office.id or 0))
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "select p.id, p.title, p.slug, p.published_at, p.closes_at, p.remote, t.id, t.name,"
                " o.id, o.name, o.country_code, p.pay_min_cents, p.pay_max_cents, p.pay_currency,"
                " p.pay_unit, p.who_we_are from posting p join team t on t.id = p.team_id"
                " join office o on o.id = p.office_id where p.status = 'open'"
            )
        ).all()
        teams: dict[int, str] = dict(conn.execute(sa.text("select id, name from team")).all())
        offices: dict[int, str] = dict(conn.execute(sa.text("select id, name from office")).all())

    def when(value: Any) -> datetime | None:
        if value is None:
            return None
        at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at

    openings = {}
    for r in rows:
        closes = when(r[4])
        if closes is not None and closes <= now:
            continue
        published = when(r[3])
        assert published is not None
        published = published.replace(microsecond=0)  # the API speaks in whole seconds
        pay = (r[11], r[12], r[13], r[14]) if r[11] is not None and r[12] is not None and r[13] else None
        openings[r[0]] = Opening(
            r[0], r[1], r[2], published, closes, bool(r[5]), r[6], r[7], r[8], r[9], r[10], pay, r[15] or ""
        )
    yield Board(
        openings=openings,
        teams=teams,
        offices=offices,
        remote_id=made[0],
        company=load_settings(app_server.env).company_name,
        base_url=app_server.base_url,
    )
    with engine.begin() as conn:
        conn.execute(sa.text("delete from posting where id = :id"), {"id": made[0]})
        conn.execute(sa.text("delete from team where id = :id"), {"id": made[1]})
        conn.execute(sa.text("delete from office where id = :id"), {"id": made[2]})
    engine.dispose()


def _node(app: RunningApp, script: str, *args: object, redirect: bool = False) -> Any:
    node = shutil.which("node")
    assert node, "Node is needed for the npm clients"
    assert NODE_MODULES.is_dir(), INSTALL_HINT
    preload = ["--require", str(SCRIPTS / "redirect_host.cjs")] if redirect else []
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES), "GREENHOUSE_API_BASE": app.base_url}
    done = subprocess.run(
        [node, *preload, str(SCRIPTS / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _text(content: str) -> str:
    """The description HTML from Greenhouse's ``content`` (escaped once more than HTML)."""
    return html.unescape(content)


def _check_job(job: dict[str, Any], opening: Opening, board: Board) -> None:
    """The fields of a job every list sends (and clients keep as they are)."""
    assert job["title"] == opening.title
    assert job["absolute_url"] == f"{board.base_url}/jobs/{opening.slug}"
    assert job["location"] == {"name": opening.location}
    assert job["internal_job_id"] == opening.id and job["requisition_id"] == opening.slug
    assert job["updated_at"] == _iso(opening.published_at)
    assert job["first_published"] == _iso(opening.published_at)
    assert job["application_deadline"] == _iso(opening.closes_at)
    assert job["company_name"] == board.company and job["language"] == "en"
    assert job["metadata"] is None


def test_gatsby_source_plugin_builds_linked_offices_departments_and_jobs(
    app_server: RunningApp, board: Board
) -> None:
    out = _node(app_server, "gatsby_source.cjs", TOKEN, redirect=True)
    # Its own requests, as it writes them: with trailing slashes.
    assert out["requested"][:3] == [f"/v1/boards/{TOKEN}/{p}/" for p in ("offices", "departments", "jobs")]
    nodes: dict[str, dict[str, Any]] = {n["id"]: n for n in out["nodes"]}
    kinds = {
        kind: {k for k, n in nodes.items() if n["internal"]["type"] == f"Greenhouse{kind}"}
        for kind in ("Job", "Office", "Department")
    }
    assert kinds["Job"] == {f"GreenhouseJob-{i}" for i in board.openings}
    assert kinds["Office"] == {f"GreenhouseOffice-{i}" for i in board.offices}
    assert kinds["Department"] == {f"GreenhouseDepartment-{i}" for i in board.teams}
    for opening in board.openings.values():
        job = nodes[f"GreenhouseJob-{opening.id}"]
        _check_job(job, opening, board)
        # A job links to its department and office only when the single job names them.
        assert job["departments___NODE"] == [f"GreenhouseDepartment-{opening.team_id}"]
        assert job["offices___NODE"] == [f"GreenhouseOffice-{opening.office_id}"]
        asked = {f["name"]: q["required"] for q in job["questions"] for f in q["fields"]}
        assert {
            k: asked[k] for k in ("first_name", "last_name", "email", "phone", "resume")
        } == dict.fromkeys(("first_name", "last_name", "email", "phone", "resume"), True)
        assert job["data_compliance"][0]["type"] == "gdpr"
    remote = nodes[f"GreenhouseJob-{board.remote_id}"]
    assert f"<p>{REMOTE_INTRO}</p>" in _text(remote["content"])
    for office_id, name in board.offices.items():
        office = nodes[f"GreenhouseOffice-{office_id}"]
        assert office["name"] == name
        assert sorted(office["jobs___NODE"]) == sorted(
            f"GreenhouseJob-{i}" for i in board.of_office(office_id)
        )
    for team_id, name in board.teams.items():
        department = nodes[f"GreenhouseDepartment-{team_id}"]
        assert department["name"] == name
        assert sorted(department.get("jobs___NODE", [])) == sorted(
            f"GreenhouseJob-{i}" for i in board.of_team(team_id)
        )


def test_greenhouse_jobboard_js_reads_jobs_questions_and_departments(
    app_server: RunningApp, board: Board
) -> None:
    remote = board.openings[board.remote_id]
    out = _node(app_server, "jobboard_js.cjs", TOKEN, remote.id, remote.team_id)
    assert sorted(j["id"] for j in out["jobList"]) == sorted(board.openings)
    for job in out["jobList"]:
        _check_job(job, board.openings[job["id"]], board)
    for job in out["jobListWithContent"]:
        opening = board.openings[job["id"]]
        _check_job(job, opening, board)
        assert [(d["id"], d["name"]) for d in job["departments"]] == [(opening.team_id, opening.team)]
    for one in (out["job"], out["jobWithQuestions"]):
        _check_job(one, remote, board)
        assert one["id"] == remote.id and f"<p>{REMOTE_INTRO}</p>" in _text(one["content"])
        assert [(d["id"], d["name"]) for d in one["departments"]] == [(remote.team_id, "Developer Relations")]
    asked = out["jobWithQuestions"]
    fields = {
        f["name"]: f["type"] for q in asked["questions"] + asked["location_questions"] for f in q["fields"]
    }
    assert fields["resume"] == "input_file" and fields["email"] == "input_text"
    assert all(
        f["values"] for q in asked["location_questions"] for f in q["fields"] if f["type"].startswith("multi")
    )
    assert asked["data_compliance"][0]["type"] == "gdpr"
    for listed in (out["departmentList"], out["departmentTree"]):
        assert {d["id"]: d["name"] for d in listed} == board.teams
        for department in listed:
            assert sorted(j["id"] for j in department["jobs"]) == board.of_team(department["id"])
            for job in department["jobs"]:
                opening = board.openings[job["id"]]
                assert (job["title"], job["location"]["name"], job["absolute_url"], job["updated_at"]) == (
                    opening.title,
                    opening.location,
                    f"{board.base_url}/jobs/{opening.slug}",
                    _iso(opening.published_at),
                )
    assert all(d["parent_id"] is None and d["child_ids"] == [] for d in out["departmentList"])
    assert all(d["children"] == [] for d in out["departmentTree"])
    for one in (out["departmentAsListItem"], out["departmentAsTreeNode"]):
        assert one["id"] == remote.team_id and [j["id"] for j in one["jobs"]] == [remote.id]


def test_openroles_reads_every_opening(
    app_server: RunningApp, board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openroles
    from openroles.providers import greenhouse

    host = app_server.base_url.split("://", 1)[1]
    monkeypatch.setattr(greenhouse, "HOST", host)  # robots.txt is asked for over https there: none
    monkeypatch.setattr(greenhouse, "URL", app_server.base_url + "/v1/boards/{token}/jobs?content=true")
    monkeypatch.setattr(greenhouse, "META", app_server.base_url + "/v1/boards/{token}")
    jobs = openroles.fetch(f"greenhouse:{TOKEN}")
    assert sorted(j.id for j in jobs) == sorted(f"gh-{i}" for i in board.openings)
    for job in jobs:
        opening = board.openings[int(job.id.removeprefix("gh-"))]
        assert (job.ats, job.board, job.title, job.url) == (
            "greenhouse",
            TOKEN,
            opening.title,
            f"{board.base_url}/jobs/{opening.slug}",
        )
        assert job.location == opening.location and opening.office in job.locations
        assert job.remote is (True if opening.remote else None)
        assert job.workplace == ("remote" if opening.remote else "")
        assert job.posted == opening.published_at.date().isoformat()
        assert job.deadline == (opening.closes_at.date().isoformat() if opening.closes_at else "")
        assert job.department == opening.team
        if opening.who_we_are:
            assert job.description and job.description.startswith("Who we are\n")
    remote = next(j for j in jobs if j.id == f"gh-{board.remote_id}")
    assert remote.description and remote.description.startswith(f"Who we are\n{REMOTE_INTRO}")


def test_jobfeeds_reads_company_dates_and_departments(
    app_server: RunningApp, board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobfeeds.sources import greenhouse

    monkeypatch.setattr(greenhouse, "BOARD_URL", app_server.base_url + "/v1/boards/{token}/jobs")
    source = greenhouse.Greenhouse([TOKEN], per_board_limit=10_000)
    postings = run_in_own_loop(source.fetch)  # Playwright's sync API holds this thread's loop
    assert sorted(int(p.external_id) for p in postings) == sorted(board.openings)
    for posting in postings:
        opening = board.openings[int(posting.external_id)]
        assert posting.company == board.company  # from company_name; without it, "Careers"
        assert (posting.title, str(posting.url), posting.location_raw) == (
            opening.title,
            f"{board.base_url}/jobs/{opening.slug}",
            opening.location,
        )
        assert posting.posted_at == opening.published_at
        assert posting.raw["departments"] == [opening.team] and posting.raw["board"] == TOKEN
    remote = next(p for p in postings if int(p.external_id) == board.remote_id)
    assert f"<p>{REMOTE_INTRO}</p>" in remote.raw["description"]


def test_ats_jobs_mcp_reads_pay_ranges_company_and_dates(app_server: RunningApp, board: Board) -> None:
    assert ISOLATED_PYTHON.is_file(), INSTALL_HINT
    done = subprocess.run(
        [str(ISOLATED_PYTHON), str(SCRIPTS / "ats_jobs_mcp_list.py"), app_server.base_url, TOKEN],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer = json.loads(done.stdout)
    assert (answer["company"], answer["ats"], answer["board"]) == (board.company, "greenhouse", TOKEN)
    assert answer["open_jobs"] == len(board.openings) and answer.get("error") is None
    jobs = {int(j["job_id"]): j for j in answer["jobs"]}
    assert sorted(jobs) == sorted(board.openings)
    paid = 0
    for job_id, job in jobs.items():
        opening = board.openings[job_id]
        assert (job["title"], job["company"], job["department"], job["location_raw"]) == (
            opening.title,
            board.company,
            opening.team,
            opening.location,
        )
        assert job["verify_url"] == job["apply_url"] == f"{board.base_url}/jobs/{opening.slug}"
        assert job["posted_date"] == job["updated_date"] == opening.published_at.date().isoformat()
        if opening.who_we_are:
            assert job["description_text"] and job["description_text"].startswith("Who we are\n")
        if opening.pay is None:
            assert (job["salary_min"], job["salary_max"], job["salary_currency"]) == (None, None, None)
            continue
        paid += 1
        low, high, currency, unit = opening.pay
        assert (job["salary_min"], job["salary_max"], job["salary_currency"]) == (
            low / 100,
            high / 100,
            currency,
        )
        assert job["salary_text"] == "Pay range" + (f" per {unit.lower()}" if unit else "")
    assert paid > 1 and jobs[board.remote_id]["salary_currency"] == "EUR"


BROWSER_CLIENT = """
async ({api, remoteId}) => {
  // A header outside CORS's safe list makes the browser send a preflight first.
  const response = await fetch(`${api}/jobs/?content=true&pay_transparency=true`,
                               {headers: {"X-Requested-With": "careers-test"}});
  const listed = await response.json();
  const viaJsonp = await new Promise((resolve, reject) => {
    window.board = {jobs: resolve};
    const script = document.createElement("script");
    script.src = `${api}/jobs/${remoteId}?pay_transparency=true&callback=board.jobs`;
    script.onerror = () => reject(new Error("JSONP script failed"));
    document.head.appendChild(script);
  });
  return {status: response.status, listed, viaJsonp};
}
"""


@pytest.fixture
def other_origin() -> Iterator[str]:
    """A page of another site: another port on this machine, a real server (a page made up
    by a Playwright route could not fetch the app: Chromium's checks on pages reaching into
    the local network)."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!doctype html><title>Jobs elsewhere</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_origin_reads_the_api_by_fetch_and_jsonp(
    browser: Browser, app_server: RunningApp, board: Board, other_origin: str
) -> None:
    page, problems = open_page(browser, app_server)
    page.goto(f"{other_origin}/")
    api = f"{app_server.base_url}/v1/boards/{TOKEN}"
    got = page.evaluate(BROWSER_CLIENT, {"api": api, "remoteId": board.remote_id})
    page.context.close()
    assert problems == [], problems
    assert got["status"] == 200 and sorted(j["id"] for j in got["listed"]["jobs"]) == sorted(board.openings)
    remote = next(j for j in got["listed"]["jobs"] if j["id"] == board.remote_id)
    pay = [(r["min_cents"], r["max_cents"], r["currency_type"]) for r in remote["pay_input_ranges"]]
    assert pay == [(6_000_000, 8_000_000, "EUR")]
    assert (
        got["viaJsonp"]["id"] == board.remote_id
        and got["viaJsonp"]["pay_input_ranges"] == remote["pay_input_ranges"]
    )
    assert got["viaJsonp"]["location"] == {"name": "Remote - Portugal"}
