"""Reflex's state store x credentials (attack review): a tab's pickled state kept the socket's
Cookie header (a live session token) and the page's URL (status and interview link tokens)
raw, where the database keeps only their hashes. Checked on the pickle Reflex's disk and
Redis state managers both write, then the next event's request data as Reflex applies it."""

from __future__ import annotations

import pickle

from reflex.istate.data import RouterData
from reflex.state import BaseState, State

import careers_app.careers_app  # noqa: F401 (registers the states and the store's cleaning)
from careers_app.state_store import without_credentials
from careers_app.states.guard import SESSION_COOKIE, session_token
from careers_app.states.language import LanguageState
from tests.handler_calls import new_root, send, substate

COOKIE = f"{SESSION_COOKIE}=SESSIONSECRETxyz; careers_device=abc"


def _request(path: str) -> dict[str, object]:
    return {
        "headers": {"cookie": COOKIE, "host": "careers.example"},
        "ip": "203.0.113.7",
        "pathname": path.split("?")[0],
        "asPath": path,
        "query": dict(p.split("=") for p in path.partition("?")[2].split("&") if p),
    }


def test_a_stored_tab_state_holds_no_session_cookie_or_link_token() -> None:
    for path in ("/status?token=LINKSECRETabc&x=1", "/interview/BOOKSECRETdef", "/recruiting/some-board"):
        root = new_root()
        data = _request(path)
        root.router_data = data
        root.router = RouterData.from_router_data(data)
        stored = pickle.dumps(root)
        for secret in (b"SESSIONSECRETxyz", b"LINKSECRETabc", b"BOOKSECRETdef"):
            assert secret not in stored, (path, secret)
        assert b"203.0.113.7" in stored  # what is not a credential stays (the upload limits use it)
        # The live state is untouched, and the next event's request data brings the cookie back.
        assert session_token(root) == "SESSIONSECRETxyz"
        loaded = pickle.loads(stored)
        assert session_token(loaded) == ""
        merged = loaded._update_router_vars(data, loaded.router_data)
        loaded.router_data = merged
        assert session_token(loaded) == "SESSIONSECRETxyz"


def test_the_cleaning_keeps_everything_else_of_the_url() -> None:
    clean = without_credentials(_request("/status?token=LINKSECRETabc&lang=es"))
    assert clean["asPath"] == "/status?token=[redacted]&lang=es"
    assert clean["query"] == {"token": "[redacted]", "lang": "es"}
    assert clean["headers"] == {"host": "careers.example"}


def _every_stored_state(root: State) -> list[bytes]:
    """What Reflex's Redis manager writes for a tab: one pickle per state of the tree."""
    found: list[bytes] = []
    todo: list[BaseState] = [root]
    while todo:
        state = todo.pop()
        found.append(state._serialize())
        todo.extend(state.substates.values())
    return found


def test_a_visited_status_or_interview_page_leaves_no_token_in_any_stored_state() -> None:
    """The attack run of issue 18: the language switcher's links (``href_en``/``href_es``) were
    built from the page's URL, token and all, and Reflex's own route variable of
    ``/interview/[token]`` kept its value cached on the root state: both were pickled."""
    for path, secret in (("/status?token=LINKSECRETabc", b"LINKSECRETabc"), ("/interview/BOOKSECRETdef", b"BOOKSECRETdef")):
        root = new_root()
        data = _request(path)
        if path.startswith("/interview/"):
            data["pathname"] = "/interview/[token]"
            data["query"] = {"token": "BOOKSECRETdef"}
        root.router_data = data
        root.router = RouterData.from_router_data(data)
        switcher = substate(root, LanguageState)
        send(switcher, LanguageState, "detect")
        assert getattr(root, "token", "") == secret.decode()  # the route variable, as a render reads (and caches) it
        blobs = _every_stored_state(root)
        assert [b for b in blobs if secret in b] == [], path
        # The switcher still leads to this page in the other language, on the client's own URL.
        assert switcher.href_es.endswith("lang=es")
