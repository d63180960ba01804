"""At most one PDF check per CPU core on this host, shared by every process of the app.

Each check runs in its own process and may use a core for up to its CPU limit; left
unbounded, two anonymous uploads at once pin both cores of a small server. The app runs
as several Granian workers (and possibly two instances on one host), so an in-process
semaphore is not enough: a slot is an exclusive ``flock`` on one of N lock files in a
shared folder. The kernel drops the lock when its holder exits, so a crashed worker
never leaks a slot. Waiting is bounded: a check that gets no slot in time is refused
with a "busy, try again" message instead of piling up.

Two pools share the slots, and the wizard has priority. The job board API (one client
may post two applications a second, each with two files) may take only the first N-1
slots: however fast an integration posts, the last slot is always free for candidates
in the wizard (and on their status page). On a one-core host there is nothing to
reserve, so the API gets one slot of its own instead (two checks may then run at once).
"""

from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# How long an upload waits for a free slot. A check takes 0.1-2 CPU-seconds, so a few
# seconds lets a short queue drain; longer would only keep the person waiting for a
# refusal, and keep a worker thread busy doing nothing.
WAIT_SECONDS = 5.0
_POLL_SECONDS = (0.02, 0.08)  # jittered, so waiting processes do not retry in lockstep


WIZARD = "wizard"  # the application wizard and the status page: every slot
API = "api"  # the job board API: every slot but the last
POOLS = (WIZARD, API)


class NoSlotFree(Exception):
    """Every slot stayed taken for the whole wait."""


@dataclass(frozen=True)
class CheckSlots:
    """Where the lock files live, how many slots there are, and how long to wait for one."""

    directory: Path
    count: int
    wait_seconds: float = WAIT_SECONDS
    prefix: str = "check-slot"

    def paths(self) -> list[Path]:
        return [self.directory / f"{self.prefix}-{i}.lock" for i in range(self.count)]


def host_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def slots_for(
    data_dir: Path, count: int | None = None, wait_seconds: float = WAIT_SECONDS, *, pool: str = WIZARD
) -> CheckSlots:
    """The slots a pool may take (``count``: the host's slots, by default one per CPU core
    this process may use), lock files in the app's data folder."""
    if pool not in POOLS:
        raise ValueError(f"unknown check pool {pool!r}")
    total = max(1, count if count is not None else host_cores())
    if pool == API:
        if total == 1:
            return CheckSlots(directory=data_dir, count=1, wait_seconds=wait_seconds, prefix="api-check-slot")
        total -= 1  # the first N-1 of the wizard's own files: the last one stays the wizard's
    return CheckSlots(directory=data_dir, count=total, wait_seconds=wait_seconds)


def _try_take(path: Path) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def check_slot(slots: CheckSlots) -> Iterator[int]:
    """Hold one slot (its index) for the duration of the block, or raise NoSlotFree.

    flock, not fcntl/lockf: flock locks belong to the open file, so two threads of one
    worker exclude each other too, whereas POSIX record locks are per process.
    """
    slots.directory.mkdir(parents=True, exist_ok=True)
    paths = slots.paths()
    deadline = time.monotonic() + slots.wait_seconds
    while True:
        start = random.randrange(len(paths))  # noqa: S311 (spreads load, not security)
        for offset in range(len(paths)):
            index = (start + offset) % len(paths)
            fd = _try_take(paths[index])
            if fd is not None:
                try:
                    yield index
                finally:
                    os.close(fd)  # closing the file releases the lock
                return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise NoSlotFree
        time.sleep(min(remaining, random.uniform(*_POLL_SECONDS)))  # noqa: S311
