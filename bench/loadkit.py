"""What bench/load.py (the careers app) and bench/floor_load.py (Reflex's floor) share:
percentiles, a thinking person, CPU and RSS from /proc (psutil), and the pickled size of
each tab's state as Reflex's Redis state manager stores it."""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
from typing import Any, cast

import psutil

from careers_app.devtools.rawclient import RawSession

# Where Reflex's Redis state manager keeps a tab's state: one key per state class of the
# tab, "<client token>_<state's full name>", holding pickle.dumps((schema, state)).
ROOT_STATE = "reflex___state____state"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Thinking(RawSession):
    """A person: a pause before each action (not counted in the action's time)."""

    think: float = 0.0

    async def pause(self) -> None:
        if self.think:
            await asyncio.sleep(random.uniform(0.5, 1.5) * self.think)


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def rss_mb(procs: list[psutil.Process]) -> float:
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total / 2**20


def state_sizes(redis_url: str, tabs: dict[str, str]) -> dict[str, Any]:
    """Pickled bytes per tab, read back from Redis after a run.

    ``tabs`` names a kind of tab by the state that marks it (``{"board": PipelineState's
    full name, "wizard": ApplyState's}``; a tab goes to the first kind whose state it holds,
    since a hydrated tab may hold other features' states too): for each kind, the size of
    that state's own key and of the whole tab (every state key of the same client token:
    the root state, parents, Reflex's own), median and max over the tabs of that kind."""
    import redis

    client = redis.Redis.from_url(redis_url)
    per_token: dict[str, dict[str, int]] = {}
    try:
        for key in client.scan_iter(count=1000):
            token, sep, state = key.decode(errors="replace").partition("_")
            if not sep or not state.startswith(ROOT_STATE) or client.type(key) != b"string":
                continue
            per_token.setdefault(token, {})[state] = int(cast(int, client.strlen(key)))
    finally:
        client.close()
    kinds: dict[str, list[dict[str, int]]] = {kind: [] for kind in tabs}
    for states in per_token.values():  # a tab is of the first kind whose state it holds
        kind = next((k for k, marker in tabs.items() if marker in states), None)
        if kind is not None:
            kinds[kind].append(states)
    found: dict[str, Any] = {}
    for kind, tokens in kinds.items():
        if tokens:
            own = [states[tabs[kind]] for states in tokens]
            whole = [sum(states.values()) for states in tokens]
            found[kind] = {
                "tabs": len(tokens),
                "state": tabs[kind],
                "own_bytes_median": int(statistics.median(own)),
                "own_bytes_max": max(own),
                "tab_bytes_median": int(statistics.median(whole)),
                "tab_bytes_max": max(whole),
                "largest_states": _largest(tokens),
            }
    return found


def _largest(tokens: list[dict[str, int]], top: int = 4) -> dict[str, int]:
    """The tab's biggest state keys (median bytes over the tabs), short names."""
    sizes: dict[str, list[int]] = {}
    for states in tokens:
        for name, size in states.items():
            sizes.setdefault(name.rpartition(".")[2], []).append(size)
    ranked = sorted(((int(statistics.median(v)), k) for k, v in sizes.items()), reverse=True)
    return {name: size for size, name in ranked[:top]}
