"""Which language a page speaks (careers_app/i18n.py): ``?lang=`` > the switcher's cookie >
Accept-Language > English, the same in the live tab (states/language.py, through the
guarded handler) and in the first response (a real Starlette request)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from reflex.istate.data import RouterData
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.requests import Request

from careers_app import i18n
from careers_app.http import first_response
from careers_app.http.first_response import Shell
from careers_app.services.postings import postings
from careers_app.states.board import BoardState
from careers_app.states.language import LanguageState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import new_root, redirect_target, send, substate


@pytest.mark.parametrize(
    ("param", "cookie", "accept", "expected"),
    [
        ("", "", "", "en"),
        ("", "", "es-ES,es;q=0.9,en;q=0.8", "es"),
        ("", "", "en-US,en;q=0.9,es;q=0.8", "en"),
        ("", "", "fr-FR, de;q=0.9, es-MX;q=0.7", "es"),  # the best one we speak
        ("", "", "es;q=0, en;q=0.1", "en"),  # q=0 means "not this one"
        ("", "", "fr, de", "en"),
        ("", "es", "en", "es"),  # the switcher's cookie beats the browser
        ("en", "es", "es", "en"),  # the URL beats both
        ("es", "en", "en", "es"),
        ("ES", "", "", "es"),
        ("xx", "zz", "es", "es"),  # unknown values are ignored, not trusted
        ("", "", "es;q=oops", "en"),
    ],
)
def test_parameter_beats_cookie_beats_accept_language(
    param: str, cookie: str, accept: str, expected: str
) -> None:
    assert i18n.choose(param=param, cookie=cookie, accept_language=accept) == expected


def test_hostile_values_never_reach_a_page() -> None:
    assert i18n.choose(param=["es"], cookie={"a": 1}, accept_language=None) == "en"
    assert i18n.supported('es"><script>') == ""
    assert i18n.from_accept_language("," * 10_000 + "es") == ""  # only the first 500 characters


def test_the_switchers_url_keeps_the_page_and_sets_only_lang() -> None:
    assert i18n.url_in("es", "/careers", "team=engineering&lang=en&q=a+b") == (
        "/careers?team=engineering&q=a+b&lang=es"
    )
    assert i18n.url_in("en", "/jobs/x", {"source": "linkedin"}) == "/jobs/x?source=linkedin&lang=en"


def _tab(path: str, *, accept: str = "", cookie: str = "") -> Any:
    root = new_root()
    root.router = RouterData.from_router_data(
        {
            "headers": {"accept-language": accept, "cookie": cookie},
            "ip": "203.0.113.7",
            "pathname": path.split("?")[0],
            "asPath": path,
        }
    )
    return root


@pytest.mark.parametrize(
    ("path", "accept", "cookie", "expected"),
    [
        ("/careers", "es-ES,es;q=0.9", "", "es"),
        ("/careers", "es", f"{i18n.COOKIE}=en", "en"),
        ("/careers?lang=es", "en", f"{i18n.COOKIE}=en", "es"),
        ("/careers", "", "", "en"),
    ],
)
def test_the_tab_gets_its_language_through_the_guarded_handler(
    app_db: Engine, path: str, accept: str, cookie: str, expected: str
) -> None:
    root = _tab(path, accept=accept, cookie=cookie)
    language = substate(root, LanguageState)
    send(language, LanguageState, "detect")
    assert language.lang == expected
    # The catalog goes only to a tab that needs it (an English tab's state carries none of it).
    assert language.texts == ({} if expected == "en" else language.texts)
    assert expected == "en" or language.texts["Search jobs"] == "Buscar empleos"
    assert language.href_es.endswith("lang=es") and language.href_en.endswith("lang=en")
    # The board's own words (counted in the handler) follow the same rule.
    board = substate(root, BoardState)
    send(board, BoardState, "load")
    assert board.lang == expected
    assert board.result_label.endswith("puestos vacantes" if expected == "es" else "open positions")


def test_a_link_with_lang_sets_the_switchers_cookie(app_db: Engine) -> None:
    root = _tab("/jobs/x?team=a&lang=es", accept="en")
    language = substate(root, LanguageState)
    send(language, LanguageState, "detect")
    assert language.chosen == "es" and language.lang == "es"
    assert language.href_en == "/jobs/x?team=a&lang=en"


@pytest.mark.parametrize(
    ("event", "payload", "target"),
    [
        ("choose_team", {"team": "engineering"}, "/careers?team=engineering"),
        ("search", {"form_data": {"q": "data"}}, "/careers?q=data"),
        ("clear_filters", {}, "/careers"),
    ],
)
def test_a_filters_redirect_carries_the_switchers_links_for_the_new_page(
    app_db: Engine, event: str, payload: dict[str, Any], target: str
) -> None:
    """The switcher's links change in the same answer as the redirect: before, they changed
    only when the new page's load came back, and a click on "Español" in between lost the
    filter (seen in CI: /careers?lang=es after choosing a team)."""
    root = _tab("/careers?lang=en", accept="en")
    language = substate(root, LanguageState)
    send(language, LanguageState, "detect")
    board = substate(root, BoardState)
    send(board, BoardState, "load")
    result = send(board, BoardState, event, **payload)
    assert redirect_target(result) == target
    query = target.partition("?")[2]
    assert language.href_es == "/careers?" + (f"{query}&" if query else "") + "lang=es"
    assert language.href_en == "/careers?" + (f"{query}&" if query else "") + "lang=en"


SHELL = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><title>Jobs | X Careers</title>'
    '<meta content="Open positions at X: search by team, location and keyword." name="description"/>'
    '</head><body><div data-is-root-theme="true" class="radix-themes css-0"></div></body></html>'
)


def _get(
    session: Session, monkeypatch: pytest.MonkeyPatch, path: str, query: str = "", **headers: str
) -> tuple[int, str, dict[str, str]]:
    @contextmanager
    def scope() -> Iterator[Session]:
        yield session

    monkeypatch.setattr(first_response, "session_scope", scope)
    monkeypatch.setattr(first_response, "shell", lambda _name: Shell.parse(SHELL))
    monkeypatch.setattr(first_response, "_board_shell", lambda _path: Shell.parse(SHELL))
    slug = path.removeprefix("/jobs/") if path.startswith("/jobs/") else ""
    request = Request(
        {
            "type": "http",
            "method": "GET",
            "path": path,
            "path_params": {"slug": slug} if slug else {},
            "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
            "query_string": query.encode(),
        }
    )
    answer = (first_response.posting_page if slug else first_response.board_page)(request)
    return answer.status_code, bytes(answer.body).decode(), dict(answer.headers)


def test_the_first_response_speaks_the_requests_language(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    make_posting(session, team, office, slug="ml", title="ML Engineer", title_es="Ingeniero/a de ML")
    status, html, headers = _get(session, monkeypatch, "/careers", accept_language="es")
    assert status == 200 and '<html lang="es">' in html
    assert "Buscar empleos" in html and "Search jobs" not in html
    assert "<title>Empleos | Empleo en " in html and "Puestos vacantes en" in html
    assert "Ingeniero/a de ML" in html  # the card's title in the posting's Spanish version
    assert "Accept-Language" in headers["vary"] and "Cookie" in headers["vary"]
    assert re.search(r'<link rel="alternate" hreflang="es" href="https?://[^"]+/careers\?lang=es">', html)

    _, html, _ = _get(
        session, monkeypatch, "/careers", "lang=en", accept_language="es", cookie=f"{i18n.COOKIE}=es"
    )
    assert '<html lang="en">' in html and "Search jobs" in html and "ML Engineer" in html
    _, html, _ = _get(session, monkeypatch, "/careers", accept_language="en", cookie=f"{i18n.COOKIE}=es")
    assert '<html lang="es">' in html and "Buscar empleos" in html


def test_a_postings_spanish_version_in_the_first_response(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    make_posting(
        session,
        team,
        office,
        slug="ml",
        title="ML Engineer",
        title_es="Ingeniero/a de ML",
        body_es="Texto de entrada.\n## Qué harás\n- Modelos\n- Datos",
    )
    make_posting(session, team, office, slug="only-en", title="Only English")
    _, html, _ = _get(session, monkeypatch, "/jobs/ml", "lang=es")
    assert "<h1" in html and ">Ingeniero/a de ML</h1>" in html
    assert "<h2>Qué harás</h2>" in html and "<li>Modelos</li>" in html and "<p>Texto de entrada.</p>" in html
    assert "Solicitar este empleo" in html and '"title": "Ingeniero/a de ML"' in html
    assert 'rel="alternate" hreflang="es"' in html and 'rel="alternate" hreflang="x-default"' in html
    assert '<link rel="canonical" href="' in html and '/jobs/ml?lang=es">' in html

    # No Spanish version: English text, Spanish chrome, no Spanish alternate.
    _, html, _ = _get(session, monkeypatch, "/jobs/only-en", "lang=es")
    assert ">Only English</h1>" in html and "Solicitar este empleo" in html
    assert 'rel="alternate" hreflang="es"' not in html and 'rel="alternate" hreflang="en"' in html

    view = postings.get_open_posting("ml", session=session, company="X", base_url="https://x.test", lang="en")
    assert view is not None and view.title == "ML Engineer" and view.language == "en" and view.has_spanish


def test_the_job_board_api_and_the_sitemap_carry_the_spanish_version(session: Session) -> None:
    from careers_app.services.jobboard import job_board, seo

    team, office = make_team(session, "Engineering", "eng"), make_office(session)
    both = make_posting(session, team, office, slug="ml", title="ML Engineer", title_es="Ingeniero/a de ML")
    both.body_es = "## Qué harás\n- Modelos"
    make_posting(session, team, office, slug="only-en", title="Only English")
    session.flush()
    spanish = job_board.BoardContext(base_url="https://x.test", company="X", lang="es")
    listed = {j["requisition_id"]: j for j in job_board.jobs(spanish, content=True, session=session)["jobs"]}
    assert (listed["ml"]["title"], listed["ml"]["language"]) == ("Ingeniero/a de ML", "es")
    assert listed["ml"]["absolute_url"] == "https://x.test/jobs/ml?lang=es"
    assert "Qué harás" in listed["ml"]["content"] and "Modelos" in listed["ml"]["content"]
    assert (listed["only-en"]["title"], listed["only-en"]["language"]) == ("Only English", "en")
    english = job_board.BoardContext(base_url="https://x.test", company="X")
    listed = {j["requisition_id"]: j for j in job_board.jobs(english, content=False, session=session)["jobs"]}
    assert (listed["ml"]["title"], listed["ml"]["language"]) == ("ML Engineer", "en")

    xml = seo.sitemap_xml(seo.sitemap_entries(session=session), base_url="https://x.test")
    ml = next(line for line in xml.splitlines() if "<loc>https://x.test/jobs/ml</loc>" in line)
    assert 'hreflang="es" href="https://x.test/jobs/ml?lang=es"' in ml and 'hreflang="x-default"' in ml
    only = next(line for line in xml.splitlines() if "/jobs/only-en</loc>" in line)
    assert "hreflang" not in only
