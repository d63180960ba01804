"""Simulated people for the load benchmark and the fault tests: a candidate filling the wizard
and a recruiter moving cards, each speaking the app's real protocol (rawclient.py).

The candidate sends what the browser sends, in the browser's order: hydrate, the wizard's
``load``, per field ``set_field`` (the debounced input) then ``leave_field`` (blur),
``next_step``, the resume as an HTTP upload to ``/_upload``, ``next_step``,
``skip_voluntary``, the consent box, ``submit``. Each event's time is measured until the
state it must change has arrived (Reflex sends nothing for an event that changes nothing,
so "first frame" alone would mismatch events and answers).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from careers_app.devtools.appserver import TEST_DEMO_PASSWORD
from careers_app.devtools.rawclient import HYDRATE, HYDRATE_AND_LOAD, ProtocolError, RawSession
from careers_app.states.apply import ApplyState
from careers_app.states.pipeline import PipelineState


def _state_names() -> tuple[str, str]:

    return ApplyState.get_full_name(), PipelineState.get_full_name()


APPLY, BOARD = _state_names()
STEP1 = ("first_name", "last_name", "email", "phone", "country")
STEP2 = ("address", "city", "state", "zip_code")


@dataclass
class Timings:
    """Seconds per event kind, and the errors seen (kind -> messages)."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, seconds: float) -> None:
        self.samples[kind].append(seconds)

    def merge(self, other: Timings) -> None:
        for kind, values in other.samples.items():
            self.samples[kind].extend(values)
        for kind, messages in other.errors.items():
            self.errors[kind].extend(messages)


def person_values(n: int) -> dict[str, str]:
    letters = "".join(chr(97 + int(d)) for d in str(n))
    return {
        "first_name": "Load",
        "last_name": f"Candidate {letters.capitalize()}",
        "email": f"load.candidate.{n}@example.com",
        "phone": "+1 415 555 0132",
        "country": "United States",
        "address": f"{n} Market Street",
        "city": "San Francisco",
        "state": "California",
        "zip_code": "94105",
    }


def _apply_var(session: RawSession, var: str) -> Any:
    return session.var(APPLY, var)


async def _timed(
    session: RawSession,
    timings: Timings,
    kind: str,
    name: str,
    payload: dict[str, Any],
    path: str,
    until: Any,
) -> None:
    await session.pause()
    started = time.perf_counter()
    await session.send(name, payload, path)
    try:
        done = await session.wait_for(until)
    except ProtocolError as error:
        wizard = session.state.get(APPLY, {})
        shown = {k: wizard.get(f"{k}_rx_state_") for k in ("status", "step", "errors", "touched")}
        raise ProtocolError(f"{kind} {payload}: {error}; wizard {shown}") from error
    timings.add(kind, done - started)


def stored_draft(token: str) -> dict[str, Any]:
    """The hydrate payload of a browser whose localStorage holds the wizard's draft token."""
    return {"vars": {f"{APPLY}.draft_token_rx_state_": token}} if token else {}


async def open_wizard(session: RawSession, slug: str, stored_token: str = "", query: str = "") -> None:
    """What the browser does when the wizard's socket connects: hydrate with its
    localStorage, then the page's on_load (``ApplyState.load``). The wizard's cached state
    is dropped first, so on a socket that already had the wizard open the answer awaited is
    this hydrate's (which carries the whole state), not what was cached before it."""
    path = f"/jobs/{slug}/apply" + (f"?{query}" if query else "")
    session.state.pop(APPLY, None)
    await session.send(HYDRATE_AND_LOAD, stored_draft(stored_token), path)
    await session.wait_for(
        lambda s: s.get(APPLY, {}).get("status_rx_state_") in ("ready", "missing", "closed", "done")
    )


async def fill_wizard(
    session: RawSession,
    http: httpx.AsyncClient,
    slug: str,
    n: int,
    pdf: bytes,
    timings: Timings,
    stored_token: str = "",
) -> str:
    """One application from an open socket: returns the wizard's final status ('done' on success).

    ``stored_token`` is what the browser's localStorage holds (a retry after a reconnect)."""
    path = f"/jobs/{slug}/apply"
    t0 = time.perf_counter()
    await open_wizard(session, slug, stored_token or str(session.var(APPLY, "draft_token") or ""))
    timings.add("hydrate+load", time.perf_counter() - t0)
    if _apply_var(session, "status") != "ready":
        return str(_apply_var(session, "status"))
    if _apply_var(session, "step") != 1:  # a retry: the draft came back at a later step
        await _timed(
            session,
            timings,
            "go_to_step",
            f"{APPLY}.go_to_step",
            {"step": 1},
            path,
            lambda s: s.get(APPLY, {}).get("step_rx_state_") == 1,
        )
    values = person_values(n)
    for step, names in ((1, STEP1), (2, STEP2)):
        for name in names:
            value = values[name]
            await _timed(
                session,
                timings,
                "set_field",
                f"{APPLY}.set_field",
                {"name": name, "value": value},
                path,
                lambda s, name=name, value=value: (
                    (s.get(APPLY, {}).get("values_rx_state_") or {}).get(name) == value
                ),
            )
            await _timed(
                session,
                timings,
                "leave_field",
                f"{APPLY}.leave_field",
                {"name": name},
                path,
                lambda s, name=name: name in (s.get(APPLY, {}).get("touched_rx_state_") or []),
            )
        await _timed(
            session,
            timings,
            "next_step",
            f"{APPLY}.next_step",
            {},
            path,
            lambda s, step=step: s.get(APPLY, {}).get("step_rx_state_") == step + 1,
        )
    await session.pause()
    started = time.perf_counter()
    answer = await session.upload(http, f"{APPLY}.upload_resume", f"resume-{n}.pdf", pdf)
    if answer.status_code >= 300:
        raise ProtocolError(f"upload answered {answer.status_code}: {answer.text[:200]}")

    def uploaded(s: dict[str, dict[str, Any]]) -> bool:
        state = s.get(APPLY, {})
        name = ((state.get("documents_rx_state_") or {}).get("resume") or {}).get("name")
        return bool(name) or bool((state.get("errors_rx_state_") or {}).get("resume"))

    done = await session.wait_for(uploaded, timeout=30)
    timings.add("upload+check", done - started)
    error = (_apply_var(session, "errors") or {}).get("resume")
    if error:
        raise ProtocolError(f"upload refused: {error}")
    await _timed(
        session,
        timings,
        "next_step",
        f"{APPLY}.next_step",
        {},
        path,
        lambda s: s.get(APPLY, {}).get("step_rx_state_") == 4,
    )
    await _timed(
        session,
        timings,
        "skip_voluntary",
        f"{APPLY}.skip_voluntary",
        {},
        path,
        lambda s: s.get(APPLY, {}).get("step_rx_state_") == 5,
    )
    if "consent_processing_rx_state_" in session.state.get(APPLY, {}):
        await _timed(
            session,
            timings,
            "set_consent",
            f"{APPLY}.set_consent",
            {"name": "consent_processing", "checked": True},
            path,
            lambda s: s.get(APPLY, {}).get("consent_processing_rx_state_") is True,
        )
    await _timed(
        session,
        timings,
        "submit",
        f"{APPLY}.submit",
        {},
        path,
        lambda s: (
            s.get(APPLY, {}).get("status_rx_state_") != "ready"
            or bool(s.get(APPLY, {}).get("submit_failed_rx_state_"))
        ),
    )
    status = str(_apply_var(session, "status"))
    if status != "done":
        fixes = _apply_var(session, "fixes")
        raise ProtocolError(f"submit ended as {status}: {fixes}")
    return status


async def sign_in(http: httpx.AsyncClient, base_url: str, email: str) -> str:
    """The sign-in form's POST, as a browser sends it; returns the Cookie header value."""
    try:
        answer = await http.post(
            f"{base_url}/recruiting/session",
            data={"email": email, "password": TEST_DEMO_PASSWORD},
            headers={"Origin": base_url},
        )
    except httpx.TransportError as error:  # what a browser shows as a network error
        raise ProtocolError(f"sign-in of {email} cut off: {error!r}") from error
    token = answer.cookies.get("careers_session")
    if not token:
        raise ProtocolError(f"sign-in of {email} failed: {answer.status_code}")
    return f"careers_session={token}"


async def open_board(session: RawSession, slug: str, timings: Timings) -> None:
    path = f"/recruiting/{slug}"
    started = time.perf_counter()
    await session.send(HYDRATE, {}, path)
    await session.send(f"{BOARD}.load", {}, path)
    await session.wait_for(lambda s: s.get(BOARD, {}).get("status_rx_state_") in ("ready", "missing"))
    timings.add("board load", time.perf_counter() - started)


async def move_card(
    session: RawSession, slug: str, app_id: int, version: int, to: str, timings: Timings
) -> None:
    """Drop a card on another column; done when the answer to this move arrives: the card's
    own update, or a message (a conflict). Live pushes for other cards (new applications,
    other recruiters' moves) can arrive first and are not the answer."""
    path = f"/recruiting/{slug}"
    await session.pause()
    session.drain()
    started = time.perf_counter()
    await session.send(f"{BOARD}.move", {"request": {"id": app_id, "version": version, "to": to}}, path)
    deadline = started + 15.0
    while True:
        frame = await session.next_frame(timeout=max(0.1, deadline - time.perf_counter()))
        if _answers_move(frame.data, app_id, to, version + 1):
            break
    timings.add("move", frame.at - started)


def _answers_move(data: dict[str, Any], app_id: int, to: str, version: int) -> bool:
    """A frame carrying this card's update to the new stage, or any toast (the refusal or
    conflict message). The live echo of an earlier move of this card can arrive late, even
    one to the same stage, so only the version this move makes is the answer."""
    if data.get("events"):
        return True
    for delta in (data.get("delta") or {}).values():
        update = delta.get("card_update_rx_state_") if isinstance(delta, dict) else None
        if (
            isinstance(update, dict)
            and update.get("id") == app_id
            and update.get("stage") == to
            and update.get("version") == version
        ):
            return True
    return False
