"""A tab shows only what was saved. First, the database connection cut between a transaction's
last query and its COMMIT, on the scaled-out cluster (two instances behind nginx, its own
PostgreSQL and Redis): what a PostgreSQL restart, crash or failover does to a transaction at
that point.

The cut is PostgreSQL's own: a deferred constraint trigger, which runs inside COMMIT, ends
its own backend (``pg_terminate_backend(pg_backend_pid())``), exactly as a restart would at
that moment; the client's COMMIT fails with the connection gone and nothing is committed. A
sequence (not rolled back with the transaction) counts the cuts, so a test knows its
COMMIT was really attempted and cut.

For each of submit and a card move (in Chromium, as a person does it) and a bulk move and a
withdrawal (over a raw socket, as any client may): no success is shown, the database is
unchanged, the person is told to try again, and the retry succeeds exactly once. Last, a
move while Redis (the tabs' state) is away: the card goes back too.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD
from careers_app.devtools.cluster import Cluster
from careers_app.devtools.pdfs import make_resume
from careers_app.devtools.rawclient import HYDRATE, RawSession
from careers_app.services.candidates import candidate_access
from careers_app.services.platform.db import make_engine, session_scope
from careers_app.states.bulk import BulkState
from careers_app.states.candidate_status import CandidateStatusState
from careers_app.states.guard import TRY_AGAIN
from tests.cluster_run import SLUG, run
from tests.redis_subscriptions import redis_patterns, wait_for_patterns
from tests.waiting import wait_until

BULK = BulkState.get_full_name()
STATUS = CandidateStatusState.get_full_name()


@contextmanager
def commit_cut(db: sa.Engine, table: str, when: str) -> Iterator[str]:
    """While inside: a COMMIT of a transaction that inserted or updated a row of ``table``
    matching ``when`` (SQL over NEW) loses its connection. Yields the cut's name, for ``cuts``."""
    name = f"cut_{uuid.uuid4().hex[:10]}"
    with db.begin() as conn:
        conn.execute(sa.text(f"CREATE SEQUENCE {name}_fired"))
        conn.execute(
            sa.text(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"PERFORM nextval('{name}_fired'); "
                "PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); "
                "RETURN NULL; END $$"
            )
        )
        conn.execute(
            sa.text(
                f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE ON {table} "
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {name}()"
            )
        )
    try:
        yield name
    finally:
        with db.begin() as conn:
            conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
            conn.execute(sa.text(f"DROP FUNCTION IF EXISTS {name}()"))
            conn.execute(sa.text(f"DROP SEQUENCE IF EXISTS {name}_fired"))


def cuts(db: sa.Engine, name: str) -> int:
    """How many COMMITs the cut ``name`` has ended so far."""
    with db.connect() as conn:
        last, called = conn.execute(sa.text(f"SELECT last_value, is_called FROM {name}_fired")).one()
    return int(last) if called else 0


def _scalar(db: sa.Engine, sql: str, **params: object) -> object:
    with db.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


# ----- in Chromium ------------------------------------------------------------------------


@pytest.fixture
def page(browser: Browser, cluster: Cluster) -> Iterator[Page]:
    context = browser.new_context(base_url=cluster.base_url, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    yield pg
    context.close()
    assert problems == [], problems


def _try_again(page: Page) -> None:
    expect(page.get_by_text(TRY_AGAIN).first).to_be_visible()


def test_submit_with_the_commit_cut_shows_no_success_and_the_retry_applies_once(
    page: Page, cluster: Cluster, db: sa.Engine, tmp_path: Path
) -> None:
    email = f"cut.submit.{uuid.uuid4().hex[:8]}@example.com"
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(make_resume("Amara Nwosu", "Engineer", ["Python"]))
    page.goto(f"/jobs/{SLUG}/apply")
    expect(page.get_by_role("heading", name="Step 1 of 5: You")).to_be_visible()
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Last name").fill("Nwosu")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Primary phone").fill("(415) 555-0134")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("City").fill("Oakland")
    page.get_by_label("Country").fill("United States")
    page.get_by_label("State").select_option("California")
    page.get_by_label("Zip code").fill("94607")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Step 3 of 5: Documents")).to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload resume/profile").click()
    chooser.value.set_files(str(resume))
    expect(page.get_by_test_id("resume-card")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Skip this step").click()
    expect(page.get_by_role("heading", name="Step 5 of 5: Review")).to_be_visible()
    page.get_by_label(re.compile("I agree that")).check()

    with commit_cut(db, "candidate", f"lower(NEW.email) = '{email}'") as armed:
        page.get_by_role("button", name="Submit application").click()
        _try_again(page)
        assert cuts(db, armed) == 1
    # Still the review step, with the consent as it was: nothing says it was received.
    expect(page.get_by_role("heading", name="Step 5 of 5: Review")).to_be_visible()
    expect(page.get_by_text("Thanks for applying")).to_have_count(0)
    assert _scalar(db, "select count(*) from candidate where lower(email) = :e", e=email) == 0
    assert _scalar(db, "select count(*) from outbox where lower(to_email) = :e", e=email) == 0

    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Thanks for applying").first).to_be_visible()
    assert (
        _scalar(
            db,
            "select count(*) from application a join candidate c on c.id = a.candidate_id "
            "where lower(c.email) = :e",
            e=email,
        )
        == 1
    )
    assert _scalar(db, "select count(*) from outbox where lower(to_email) = :e", e=email) == 1


def _sign_in(page: Page) -> None:
    page.goto("/recruiting/sign-in")
    page.get_by_label("Email address").fill("recruiter@example.com")
    page.get_by_label("Password").fill(TEST_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Pipelines")).to_be_visible()


def test_a_move_with_the_commit_cut_puts_the_card_back_and_the_retry_moves_it_once(
    page: Page, cluster: Cluster, db: sa.Engine
) -> None:
    _sign_in(page)
    page.goto(f"/recruiting/{SLUG}")
    first = page.locator("[data-stage=applied] .board-card").first
    expect(first).to_be_visible()
    card = int((first.get_attribute("data-testid") or "").removeprefix("card-"))
    in_applied = page.locator(f"[data-stage=applied] [data-testid=card-{card}]")
    in_screen = page.locator(f"[data-stage=recruiter_screen] [data-testid=card-{card}]")
    count_before = page.get_by_test_id("count-applied").inner_text()
    events_before = _scalar(db, "select count(*) from stageevent where application_id = :a", a=card)
    assert isinstance(events_before, int)

    def keyboard_move() -> None:
        page.get_by_test_id(f"card-{card}").focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")

    with commit_cut(db, "application", f"NEW.id = {card}") as armed:
        keyboard_move()
        _try_again(page)
        assert cuts(db, armed) == 1
        expect(in_applied).to_be_visible()  # back in its column at once, not "0 days in stage" there
        expect(in_screen).to_have_count(0)
        expect(page.get_by_test_id("count-applied")).to_have_text(count_before)
    assert _scalar(db, "select stage from application where id = :a", a=card) == "applied"
    assert _scalar(db, "select count(*) from stageevent where application_id = :a", a=card) == events_before
    # The same tab reloaded still shows it where the database has it.
    page.reload()
    expect(in_applied).to_be_visible()

    keyboard_move()
    expect(in_screen).to_be_visible()
    wait_until(
        lambda: _scalar(db, "select stage from application where id = :a", a=card) == "recruiter_screen",
        timeout=15,
        message="the retried move committed",
    )
    assert (
        _scalar(db, "select count(*) from stageevent where application_id = :a", a=card)
        == events_before + 1
    )


# ----- over a raw socket ------------------------------------------------------------------------


def _events(session: RawSession, since: int) -> str:
    return json.dumps([f.data.get("events", []) for f in session.frames[since:]], ensure_ascii=False)


async def _told_try_again(session: RawSession, since: int) -> None:
    await session.wait_for(lambda _s: TRY_AGAIN in _events(session, since), timeout=15)


async def _closing_marker(session: RawSession, path: str, state_name: str) -> None:
    """Return once everything the tab's earlier events sent has arrived: Reflex answers one
    tab's events in order, so when a hydrate sent now is answered (the whole state, this
    state's vars in it), nothing of an earlier event is still on its way. An assertion that
    something did not happen comes after this, never after a pause."""
    mark = len(session.frames)
    await session.send(HYDRATE, {}, path)
    await session.wait_for(
        lambda _s: any(state_name in (f.data.get("delta") or {}) for f in session.frames[mark:]), timeout=15
    )


def test_a_bulk_move_with_the_commit_cut_changes_nothing_and_the_retry_moves_each_once(
    cluster: Cluster, db: sa.Engine
) -> None:
    with db.connect() as conn:
        posting_id = conn.execute(sa.text("select id from posting where slug = :s"), {"s": SLUG}).scalar_one()
        rows = conn.execute(
            sa.text(
                "select id, version from application where posting_id = :p and stage = 'applied' "
                "order by id desc limit 3"
            ),
            {"p": posting_id},
        ).all()
    assert len(rows) == 3
    ids = [r[0] for r in rows]
    items = [{"id": r[0], "version": r[1]} for r in rows]
    request = {"action": "move", "items": items, "to": "phone_interview"}
    path = f"/recruiting/{SLUG}"

    async def scenario() -> None:
        async with httpx.AsyncClient() as http:
            answer = await http.post(
                f"{cluster.base_url}/recruiting/session",
                data={"email": "recruiter@example.com", "password": TEST_DEMO_PASSWORD},
                headers={"Origin": cluster.base_url},
            )
        session = RawSession(cluster.base_url, cookie=f"careers_session={answer.cookies['careers_session']}")
        await session.connect()
        try:
            await session.send(HYDRATE, {}, path)
            await session.send(f"{BULK}.load", {}, path)
            await session.wait_for(lambda s: BULK in s)
            before = json.dumps(session.state.get(BULK), sort_keys=True)
            id_list = ",".join(str(i) for i in ids)
            with commit_cut(db, "application", f"NEW.id IN ({id_list})") as armed:
                mark = len(session.frames)
                await session.send(f"{BULK}.apply", {"request": request}, path)
                await _told_try_again(session, mark)
                assert cuts(db, armed) == 1
            await _closing_marker(session, path, BULK)
            assert json.dumps(session.state.get(BULK), sort_keys=True) == before  # no report, no undo
            with db.connect() as conn:
                stages = (
                    conn.execute(sa.text(f"select stage from application where id in ({id_list})"))
                    .scalars()
                    .all()
                )
                assert set(stages) == {"applied"}
            mark = len(session.frames)
            await session.send(f"{BULK}.apply", {"request": request}, path)
            await session.wait_for(
                lambda s: (s.get(BULK) or {}).get("report_kind_rx_state_") not in (None, "")
            )
            assert TRY_AGAIN not in _events(session, mark)
        finally:
            await session.close()

    run(scenario())
    with db.connect() as conn:
        for app_id in ids:
            assert (
                conn.execute(
                    sa.text("select stage from application where id = :a"), {"a": app_id}
                ).scalar_one()
                == "phone_interview"
            )
            assert (
                conn.execute(
                    sa.text(
                        "select count(*) from stageevent where application_id = :a and to_stage = 'phone_interview'"
                    ),
                    {"a": app_id},
                ).scalar_one()
                == 1
            )


def test_a_withdrawal_with_the_commit_cut_keeps_the_application_and_the_retry_withdraws_once(
    cluster: Cluster, db: sa.Engine
) -> None:
    with db.connect() as conn:
        app_id, candidate_id = conn.execute(
            sa.text(
                "select a.id, a.candidate_id from application a join posting p on p.id = a.posting_id "
                "where p.slug = :s and a.stage = 'applied' order by a.id limit 1"
            ),
            {"s": SLUG},
        ).one()
    engine = make_engine(cluster.database_url)
    try:
        with session_scope(engine) as s:
            token = candidate_access.issue_link(candidate_id, session=s)
    finally:
        engine.dispose()
    path = f"/status?token={token}"

    async def scenario() -> None:
        session = RawSession(cluster.base_url)
        await session.connect()
        try:
            await session.send(HYDRATE, {}, path)
            await session.send(f"{STATUS}.load", {}, path)
            await session.wait_for(lambda s: (s.get(STATUS) or {}).get("status_rx_state_") == "ready")
            await session.send(f"{STATUS}.ask_withdraw", {"application_id": app_id}, path)
            await session.wait_for(lambda s: (s.get(STATUS) or {}).get("withdraw_title_rx_state_"))
            before = json.dumps(session.state.get(STATUS), sort_keys=True)
            with commit_cut(db, "application", f"NEW.id = {app_id}") as armed:
                mark = len(session.frames)
                await session.send(f"{STATUS}.confirm_withdraw", {}, path)
                await _told_try_again(session, mark)
                assert cuts(db, armed) == 1
            await _closing_marker(session, path, STATUS)
            # The confirmation is still open, as before the event: nothing says "withdrawn".
            assert json.dumps(session.state.get(STATUS), sort_keys=True) == before
            assert "was withdrawn" not in _events(session, mark)
            with db.connect() as conn:
                assert (
                    conn.execute(
                        sa.text("select stage from application where id = :a"), {"a": app_id}
                    ).scalar_one()
                    == "applied"
                )
            mark = len(session.frames)
            await session.send(f"{STATUS}.confirm_withdraw", {}, path)
            await session.wait_for(lambda _s: "was withdrawn" in _events(session, mark))
        finally:
            await session.close()

    run(scenario())
    with db.connect() as conn:
        assert (
            conn.execute(sa.text("select stage from application where id = :a"), {"a": app_id}).scalar_one()
            == "withdrawn"
        )
        assert (
            conn.execute(
                sa.text(
                    "select count(*) from stageevent where application_id = :a and to_stage = 'withdrawn'"
                ),
                {"a": app_id},
            ).scalar_one()
            == 1
        )


def test_a_move_while_redis_is_away_puts_the_card_back_and_works_once_it_is_back(
    page: Page, cluster: Cluster, db: sa.Engine
) -> None:
    """The event fails before any handler runs (the tab's state is in Redis): no guard can
    put anything back, so the server's error handler tells the board to (resilience.py)."""
    assert cluster.redis is not None
    _sign_in(page)
    page.goto(f"/recruiting/{SLUG}")
    first = page.locator("[data-stage=applied] .board-card").first
    expect(first).to_be_visible()
    card = int((first.get_attribute("data-testid") or "").removeprefix("card-"))
    in_applied = page.locator(f"[data-stage=applied] [data-testid=card-{card}]")
    in_screen = page.locator(f"[data-stage=recruiter_screen] [data-testid=card-{card}]")
    cluster.redis.stop()
    try:
        page.get_by_test_id(f"card-{card}").focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")
        expect(page.get_by_text("Reconnecting to the server").first).to_be_visible()
        expect(in_applied).to_be_visible()
        expect(in_screen).to_have_count(0)
    finally:
        cluster.redis.start()
    assert _scalar(db, "select stage from application where id = :a", a=card) == "applied"
    for instance in cluster.instances:
        instance.wait_healthy(30)
    page.reload()  # Redis came back empty: the tab's state is rebuilt from the page
    expect(in_applied).to_be_visible()


def test_what_was_typed_while_redis_was_away_is_sent_again_and_named(
    page: Page, cluster: Cluster, db: sa.Engine
) -> None:
    """Redis restarts empty: every tab's state is gone. What the person typed while it was
    away reached no state; the wizard reloads (bringing the draft back), sends what the
    inputs showed again, saves it, and names the fields to check."""
    assert cluster.redis is not None
    email = f"cut.redis.{uuid.uuid4().hex[:8]}@example.com"
    page.goto(f"/jobs/{SLUG}/apply")
    expect(page.get_by_role("heading", name="Step 1 of 5: You")).to_be_visible()
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Email address").blur()
    wait_until(  # saved in the draft
        lambda: _scalar(
            db, "select count(*) from application_draft where cast(data as text) like :e", e=f"%{email}%"
        ),
        timeout=15,
        message="the draft saved",
    )
    subscribed = redis_patterns(cluster.redis.url)
    cluster.redis.stop()
    try:
        page.get_by_label("Last name").fill("Nwosu")
        page.get_by_label("Last name").blur()
        expect(page.get_by_text("Reconnecting to the server").first).to_be_visible()
    finally:
        cluster.redis.start()
    for instance in cluster.instances:
        instance.wait_healthy(30)
    wait_for_patterns(cluster.redis.url, subscribed)  # Reflex re-subscribes 1 s after a failed attempt
    page.get_by_label("Primary phone").fill("(415) 555-0134")  # the next keystroke finds the state lost
    expect(page.get_by_text(re.compile("We lost the connection for a moment"))).to_be_visible()
    notice = page.get_by_role("alert").filter(has_text="We lost the connection")
    expect(notice).to_contain_text("Last name")
    expect(notice).to_contain_text("Primary phone")
    expect(page.get_by_label("First name")).to_have_value("Amara")  # the draft came back
    expect(page.get_by_label("Last name")).to_have_value("Nwosu")  # and what reached no server
    expect(page.get_by_label("Primary phone")).to_have_value("(415) 555-0134")
    wait_until(
        lambda: _scalar(
            db, "select count(*) from application_draft where cast(data as text) like :e", e="%Nwosu%"
        ),
        timeout=15,
        message="what was typed while Redis was away saved",
    )
    assert (
        _scalar(db, "select count(*) from application_draft where cast(data as text) like :e", e="%Nwosu%")
        == 1
    )
