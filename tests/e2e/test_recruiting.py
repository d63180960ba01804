"""Recruiters working the Cortex board in real Chromium: mouse, keyboard, live updates."""

from __future__ import annotations

import re

import httpx
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, Route, expect

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD, RunningApp
from tests.browser import BOARD, CORTEX, open_page, sign_in
from tests.browser import card_id as _card_id
from tests.waiting import wait_until

PASSWORD = TEST_DEMO_PASSWORD
EEO_VALUES = ("Hispanic or Latinx", "I identify as a U.S. veteran", "Gender-nonconforming", "Coast Guard")


def _db(app: RunningApp) -> sa.Engine:
    return sa.create_engine(app.database_url)


def _stage(app: RunningApp, application_id: int) -> tuple[str, str]:
    with _db(app).connect() as conn:
        return tuple(
            conn.execute(
                sa.text("select stage, rejection_reason from application where id = :a"),
                {"a": application_id},
            ).one()
        )


def _last_event(app: RunningApp, application_id: int) -> tuple[str, str, str, str]:
    with _db(app).connect() as conn:
        return tuple(
            conn.execute(
                sa.text(
                    "select from_stage, to_stage, actor, reason from stageevent where application_id = :a order by id desc limit 1"
                ),
                {"a": application_id},
            ).one()
        )


def _drag(page: Page, card_id: int, to_stage: str) -> None:
    source = page.get_by_test_id(f"card-{card_id}").bounding_box()
    target = page.locator(f"[data-stage={to_stage}]").bounding_box()
    assert source and target
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + source["height"] / 2)
    page.mouse.down()
    page.mouse.move(source["x"] + source["width"] / 2 + 8, source["y"] + source["height"] / 2 + 8, steps=4)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 30, steps=15)
    expect(page.locator(f"[data-stage={to_stage}].over")).to_have_count(1)  # the column takes it
    page.mouse.up()


def _lift(page: Page, card_id: int) -> str:
    """Space on a focused card: the library has lifted it once it shows as dragging."""
    card = page.get_by_test_id(f"card-{card_id}")
    card.focus()
    page.keyboard.press("Space")
    expect(card).to_have_class(re.compile(r"\bdragging\b"))
    over = page.locator("ul.board-cards.over")
    expect(over).to_have_count(1)
    return str(over.get_attribute("data-stage"))


def _arrow_right(page: Page, over: str) -> str:
    """One column to the right with the keyboard: returns the column now under the card."""
    page.keyboard.press("ArrowRight")
    now = page.locator(f"ul.board-cards.over:not([data-stage={over}])")
    expect(now).to_have_count(1)
    return str(now.get_attribute("data-stage"))


def _wait_stage(app: RunningApp, card_id: int, stage: str) -> None:
    wait_until(
        lambda: _stage(app, card_id)[0] == stage, timeout=15, message=f"card {card_id} saved in {stage}"
    )


def test_anonymous_visitors_are_sent_to_sign_in(page: Page) -> None:
    page.goto(BOARD)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email address").fill("recruiter@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is not right.")


def test_mouse_and_keyboard_moves_are_saved_and_seen_live_by_another_recruiter(
    recruiter: Page, browser: Browser, app_server: RunningApp
) -> None:
    other, problems = open_page(browser, app_server)
    sign_in(other, "recruiter2@example.com")
    other.goto(BOARD)
    recruiter.goto(BOARD)
    expect(
        recruiter.get_by_role("heading", name="Machine Learning Engineer - Data Science, Cortex")
    ).to_be_visible()
    expect(other.get_by_test_id("count-applied")).to_be_visible()
    applied_before = int(recruiter.get_by_test_id("count-applied").inner_text())

    dragged = _card_id(recruiter, "applied")
    _drag(recruiter, dragged, "recruiter_screen")
    expect(recruiter.locator(f"[data-stage=recruiter_screen] [data-testid=card-{dragged}]")).to_be_visible()
    expect(recruiter.get_by_test_id("count-applied")).to_have_text(str(applied_before - 1))
    # the other recruiter sees it without reloading
    expect(other.locator(f"[data-stage=recruiter_screen] [data-testid=card-{dragged}]")).to_be_visible()
    expect(other.get_by_test_id("count-applied")).to_have_text(str(applied_before - 1))
    assert _stage(app_server, dragged) == ("recruiter_screen", "")
    assert _last_event(app_server, dragged) == ("applied", "recruiter_screen", "Riley Recruiter", "")

    keyed = _card_id(recruiter, "applied")
    assert _arrow_right(recruiter, _lift(recruiter, keyed)) == "recruiter_screen"
    recruiter.keyboard.press("Space")
    expect(recruiter.locator(f"[data-stage=recruiter_screen] [data-testid=card-{keyed}]")).to_be_visible()
    expect(other.locator(f"[data-stage=recruiter_screen] [data-testid=card-{keyed}]")).to_be_visible()
    _wait_stage(app_server, keyed, "recruiter_screen")
    assert _stage(app_server, keyed) == ("recruiter_screen", "")
    assert _last_event(app_server, keyed)[:3] == ("applied", "recruiter_screen", "Riley Recruiter")
    other.context.close()
    assert problems == []


def test_rejecting_asks_for_a_reason(recruiter: Page, app_server: RunningApp) -> None:
    # Columns keep a readable width and the board scrolls sideways: a mouse drag reaches the
    # columns in view, and at 1920 px Applied and Rejected are both in view.
    recruiter.set_viewport_size({"width": 1920, "height": 900})
    recruiter.goto(BOARD)
    card = _card_id(recruiter, "applied")
    _drag(recruiter, card, "rejected")
    dialog = recruiter.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(recruiter.locator(f"[data-stage=applied] [data-testid=card-{card}]")).to_be_visible()  # put back
    assert _stage(app_server, card)[0] == "applied"
    card = _card_id(recruiter, "applied")  # now reject the card at the top of the column
    _drag(recruiter, card, "rejected")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Reason").select_option("Skills do not match the requirements")
    dialog.get_by_role("button", name="Reject").click()
    expect(dialog).to_have_count(0)
    _wait_stage(app_server, card, "rejected")
    assert _stage(app_server, card) == ("rejected", "Skills do not match the requirements")
    assert _last_event(app_server, card) == (
        "applied",
        "rejected",
        "Riley Recruiter",
        "Skills do not match the requirements",
    )


def test_the_panels_linkedin_link_opens_the_profile_in_a_new_tab(
    recruiter: Page, app_server: RunningApp
) -> None:
    """A link the candidate gave (demo: one in three) is in the panel and opens in a new tab,
    without telling the profile's site where it came from (no opener, no referrer)."""
    with sa.create_engine(app_server.database_url).connect() as db:
        given: dict[int, str] = dict(
            db.execute(
                sa.text(
                    "select a.id, a.linkedin from application a join posting p on p.id = a.posting_id "
                    "where p.slug = :s and a.linkedin <> ''"
                ),
                {"s": CORTEX},
            ).all()
        )
    recruiter.goto(BOARD)
    expect(recruiter.locator("[data-stage=applied] .board-card").first).to_be_visible()
    shown = recruiter.locator(".board-card").evaluate_all("cards => cards.map(c => c.dataset.testid)")
    app_id = next(int(t.removeprefix("card-")) for t in shown if int(t.removeprefix("card-")) in given)
    linkedin = given[app_id]
    asked: list[dict[str, str]] = []

    def profile_site(route: Route) -> None:  # no internet here: the profile's site, played
        asked.append(route.request.headers)
        route.fulfill(status=200, content_type="text/html", body="<title>Profile</title>")

    recruiter.context.route("https://www.linkedin.com/**", profile_site)
    recruiter.get_by_test_id(f"card-{app_id}").click()
    link = recruiter.locator("aside").get_by_role("link", name=linkedin)
    expect(link).to_have_attribute("rel", "noopener noreferrer nofollow")
    with recruiter.context.expect_page() as opened:
        link.click()
    expect(opened.value).to_have_title("Profile")
    assert opened.value.url == linkedin
    assert asked and "referer" not in asked[0]
    assert opened.value.evaluate("window.opener") is None
    opened.value.close()


def test_candidate_panel_documents_history_notes_and_move(recruiter: Page, app_server: RunningApp) -> None:
    recruiter.goto(BOARD)
    card = _card_id(recruiter, "phone_interview")
    recruiter.get_by_test_id(f"card-{card}").click()
    panel = recruiter.locator("aside")
    expect(panel.get_by_role("heading", name="Stage history")).to_be_visible()
    expect(panel.get_by_role("heading", name="Documents")).to_be_visible()
    expect(panel.locator("iframe").first).to_have_attribute(
        "src", __import__("re").compile(r"^/recruiting/documents/\d+$")
    )
    expect(panel.locator(".resume-text")).to_contain_text("years of experience")
    expect(panel.locator(".history li").first).to_contain_text("Applied (candidate)")
    panel.get_by_label("Add a note").fill("Great Spark answers; move forward.")
    panel.get_by_role("button", name="Add note").click()
    expect(panel.locator(".notes")).to_contain_text("Great Spark answers; move forward.")
    panel.get_by_label("Move to stage").select_option("onsite")
    panel.get_by_role("button", name="Move").click()
    expect(recruiter.locator(f"[data-stage=onsite] [data-testid=card-{card}]")).to_be_visible()
    expect(panel.locator(".history li").last).to_contain_text("Phone interview → Onsite by Riley Recruiter")
    # the document is served to this signed-in recruiter, and to nobody else
    url = app_server.base_url + (panel.locator("iframe").first.get_attribute("src") or "")
    cookies = {c["name"]: c["value"] for c in recruiter.context.cookies()}
    ok = httpx.get(url, cookies={"careers_session": cookies["careers_session"]}, timeout=10)
    assert (
        ok.status_code == 200
        and ok.headers["content-type"] == "application/pdf"
        and ok.content.startswith(b"%PDF")
    )
    assert httpx.get(url, timeout=10).status_code == 403
    assert (
        httpx.get(
            url, cookies={"careers_session": "forged-token-forged-token-forged"}, timeout=10
        ).status_code
        == 403
    )


def test_no_frame_sent_to_a_recruiter_carries_an_equal_opportunity_answer(
    recruiter: Page, app_server: RunningApp
) -> None:
    with _db(app_server).begin() as conn:
        app_id = conn.execute(
            sa.text(
                "select a.id from application a join posting p on p.id = a.posting_id "
                "where p.slug = :s and a.stage = 'applied' order by a.id limit 1"
            ),
            {"s": CORTEX},
        ).scalar()
        posting_id = conn.execute(sa.text("select id from posting where slug = :s"), {"s": CORTEX}).scalar()
        conn.execute(sa.text("delete from eeo_answer where application_id = :a"), {"a": app_id})
        conn.execute(
            sa.text(
                "insert into eeo_answer (application_id, posting_id, gender, race_ethnicity, veteran_status, "
                "gender_identity, sexual_orientation, veteran_branch, created_at) values "
                "(:a, :p, 'Female', :r, :v, :g, 'Bisexual', :b, CURRENT_TIMESTAMP)"
            ),
            {
                "a": app_id,
                "p": posting_id,
                "r": EEO_VALUES[0],
                "v": EEO_VALUES[1],
                "g": EEO_VALUES[2],
                "b": EEO_VALUES[3],
            },
        )
    frames: list[str] = []
    recruiter.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    recruiter.goto(BOARD)
    recruiter.get_by_test_id(f"card-{app_id}").click()
    history = recruiter.locator("aside").get_by_role("heading", name="Stage history")
    expect(history).to_be_visible()
    # A closing marker: the tab's events are answered in order, so once the panel's Close is
    # answered (the panel gone), every frame of opening it has arrived.
    recruiter.locator("aside").get_by_role("button", name="Close").click()
    expect(history).to_have_count(0)
    assert frames, "no websocket frames were captured"
    text = "\n".join(frames)
    assert "Stage history" not in text  # frames are data, not markup
    for value in (*EEO_VALUES, "Bisexual"):
        assert value not in text, value


def test_admin_deactivates_an_account_and_its_open_board_stops_working(
    browser: Browser, app_server: RunningApp
) -> None:
    victim, problems_v = open_page(browser, app_server)
    sign_in(victim, "recruiter2@example.com")
    victim.goto(BOARD)
    expect(victim.get_by_test_id("count-applied")).to_be_visible()

    admin, problems_a = open_page(browser, app_server)
    sign_in(admin, "admin@example.com")
    admin.get_by_role("link", name="Accounts").click()
    expect(admin.get_by_role("heading", name="Accounts")).to_be_visible()
    admin.get_by_role("button", name="Deactivate recruiter2@example.com").click()
    expect(admin.get_by_role("button", name="Reactivate recruiter2@example.com")).to_be_visible()

    card = _card_id(victim, "applied")
    victim.get_by_test_id(f"card-{card}").click()  # the next action is refused at once
    expect(victim.get_by_role("heading", name="Sign in")).to_be_visible()
    victim.goto(BOARD)
    expect(victim.get_by_role("heading", name="Sign in")).to_be_visible()

    admin.get_by_role("button", name="Reactivate recruiter2@example.com").click()
    expect(admin.get_by_role("button", name="Deactivate recruiter2@example.com")).to_be_visible()
    admin.get_by_label("Name").fill("Pat New")
    admin.get_by_label("Email address").fill("pat@example.com")
    admin.get_by_label("Role").select_option("recruiter")
    admin.get_by_label("Temporary password (12+ characters)").fill("temporary-pass-123")
    admin.get_by_role("button", name="Add account").click()
    expect(admin.get_by_role("status")).to_have_text("Account created for pat@example.com.")
    expect(admin.get_by_role("button", name="Deactivate pat@example.com")).to_be_visible()
    victim.context.close()
    admin.context.close()
    assert problems_v == [] and problems_a == []


def test_a_recruiter_cannot_reach_the_accounts_page_and_is_told_so(recruiter: Page) -> None:
    recruiter.goto("/team/accounts")
    expect(recruiter.get_by_role("heading", name="Not available to your account")).to_be_visible()
    recruiter.get_by_role("link", name="Go to your start page").click()
    expect(recruiter.get_by_role("heading", name="Pipelines")).to_be_visible()


def test_compliance_lands_on_its_own_page_and_boards_say_not_available(page: Page) -> None:
    page.goto("/recruiting/sign-in")
    page.get_by_label("Email address").fill("compliance@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Equal-opportunity monitoring")).to_be_visible()
    answered = page.get_by_role("table", name="Applicants who answered at least one voluntary question")
    # the demo's compliance cohort, in the last closed quarter (the reports count closed quarters)
    expect(answered).to_contain_text("Senior Backend Engineer - Timelines")
    expect(answered).not_to_contain_text("undefined")
    expect(answered).to_contain_text(re.compile(r"\d+ %"))
    page.goto(BOARD)
    expect(page.get_by_role("heading", name="Not available to your account")).to_be_visible()
    page.goto("/recruiting/sign-in")  # signed in already: back to its own page, no loop
    expect(page.get_by_role("heading", name="Equal-opportunity monitoring")).to_be_visible()
    assert "careers_session" not in page.evaluate("document.cookie")  # HttpOnly


def test_repeated_wrong_passwords_are_slowed_and_the_page_says_how_long(page: Page) -> None:
    page.goto("/recruiting/sign-in")
    for attempt in range(6):
        page.get_by_label("Email address").fill("nobody-here@example.com")
        page.get_by_label("Password").fill(f"wrong password {attempt}")
        with page.expect_navigation(url=re.compile(r"/recruiting/sign-in/?\?error=")):
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).not_to_be_empty()
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins. Try again in")
    expect(page.get_by_label("Email address")).to_be_focused()


def test_a_signed_out_tab_receives_no_more_board_moves(browser: Browser, app_server: RunningApp) -> None:
    """Signing out in one tab stops the live feed of the board open in another tab."""
    context = browser.new_context(base_url=app_server.base_url)
    board_tab = context.new_page()
    sign_in(board_tab, "recruiter2@example.com")
    frames: list[str] = []
    board_tab.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda f: frames.append(f if isinstance(f, str) else "")),
    )
    board_tab.goto(BOARD)
    expect(board_tab.get_by_test_id("count-applied")).to_be_visible()

    other_tab = context.new_page()
    other_tab.goto("/recruiting")
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.get_by_role("heading", name="Sign in")).to_be_visible()

    mover, problems = open_page(browser, app_server)
    sign_in(mover)
    mover.goto(BOARD)
    card = _card_id(mover, "applied")
    with _db(app_server).connect() as conn:
        first, last = conn.execute(
            sa.text("select first_name, last_name from application where id = :a"), {"a": card}
        ).one()
    seen_before = len(frames)
    _drag(mover, card, "recruiter_screen")
    expect(mover.locator(f"[data-stage=recruiter_screen] [data-testid=card-{card}]")).to_be_visible()
    expect(board_tab.get_by_role("heading", name="Sign in")).to_be_visible()  # refused at the next push
    # The refused push is answered in full once its redirect has arrived (the same answer); the
    # guard unlinked the tab from the board's feed in it, so no later push can reach it.
    wait_until(
        lambda: "/recruiting/sign-in" in "".join(frames[seen_before:]), timeout=15, message="the refusal"
    )
    after = "".join(frames[seen_before:])
    assert first not in after and last not in after
    assert re.search(r'"cards":\s*\[\s*\{', after) is None  # no card sent (the reset's empty lists only)
    mover.context.close()
    context.close()
    assert problems == []


def test_admin_writes_a_posting_that_candidates_then_see(browser: Browser, app_server: RunningApp) -> None:
    admin, problems = open_page(browser, app_server)
    sign_in(admin, "admin@example.com")
    admin.get_by_role("link", name="New posting").click()
    expect(admin.get_by_role("heading", name="New posting")).to_be_visible()
    admin.get_by_role("button", name="Save posting").click()
    expect(admin.locator("#posting-title-error")).to_have_text("This field is required.")
    admin.get_by_label("Title", exact=True).fill("Privacy Engineer")
    admin.get_by_label("Team").select_option(label="Engineering")
    admin.get_by_label("Location").select_option(label="Dublin, Ireland")
    admin.get_by_label("Status").select_option("open")
    admin.get_by_label("What you’ll do").fill(
        "You will design privacy reviews.\n- Data minimisation\n- Retention"
    )
    admin.get_by_label("Hiring process steps (one per line)").fill(
        "Recruiter call\nTechnical interview\nOnsite"
    )
    admin.get_by_role("button", name="Save posting").click()
    expect(admin.get_by_role("heading", name="Pipelines")).to_be_visible()
    admin.goto("/careers?q=privacy")
    admin.get_by_role("link", name="Privacy Engineer").click()
    expect(admin.get_by_role("heading", level=1, name="Privacy Engineer")).to_be_visible()
    expect(admin.get_by_role("listitem").filter(has_text="Retention")).to_be_visible()
    expect(admin.get_by_role("list", name="Hiring process").get_by_role("listitem")).to_have_count(3)
    admin.context.close()
    assert problems == []


def test_keyboard_move_right_after_a_cancelled_reject(recruiter: Page, app_server: RunningApp) -> None:
    """Cancelling a keyboard reject gives the card back its place and the focus, so Space,
    arrow, Space moves it next. It used to go last in its long column (there the arrow keys
    find no column in view, as the library only offers visible ones), with focus on <body>."""
    recruiter.goto(BOARD)
    applied = recruiter.get_by_role("list", name="Applied candidates")
    card = applied.get_by_role("button").first
    card_id = int((card.get_attribute("data-testid") or "").removeprefix("card-"))
    assert applied.get_by_role("button").count() >= 12  # long enough that last place is out of view
    over = _lift(recruiter, card_id)
    for _ in range(6):  # Applied -> ... -> Rejected
        over = _arrow_right(recruiter, over)
    expect(recruiter.locator("[data-stage=rejected].over")).to_have_count(1)
    recruiter.keyboard.press("Space")
    dialog = recruiter.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Reason")).to_be_focused()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)

    moved = recruiter.get_by_test_id(f"card-{card_id}")
    expect(applied.get_by_role("button").first).to_have_attribute("data-testid", f"card-{card_id}")
    expect(moved).to_be_focused()
    assert _stage(app_server, card_id) == ("applied", "")
    assert _arrow_right(recruiter, _lift(recruiter, card_id)) == "recruiter_screen"
    recruiter.keyboard.press("Space")
    expect(
        recruiter.get_by_role("list", name="Recruiter screen candidates").get_by_test_id(f"card-{card_id}")
    ).to_be_visible()
    _wait_stage(app_server, card_id, "recruiter_screen")
    assert _stage(app_server, card_id) == ("recruiter_screen", "")
    assert _last_event(app_server, card_id) == ("applied", "recruiter_screen", "Riley Recruiter", "")
