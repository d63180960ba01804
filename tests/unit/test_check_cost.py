"""What one PDF check may cost, and how many may run at once.

CPU is measured on the real checker processes: the kernel's count of the CPU time of the
check server's finished children (one per file), once the server has waited for them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import psutil
import pytest

from careers_app.devtools import pdfs
from careers_app.devtools.pdfs import make_resume, make_text_heavy_pdf
from careers_app.services.candidates import documents as documents_module
from careers_app.services.candidates import pdf_worker
from careers_app.services.candidates.check_slots import CheckSlots, check_slot
from careers_app.services.candidates.documents import MESSAGES, CheckedPdf, DocumentRejected, check_pdf

T = TypeVar("T")


def _server() -> psutil.Process:
    check_pdf(make_resume("Start", "The server", ["x"]), slots=CheckSlots(Path(tempfile.mkdtemp()), 1))
    pid = documents_module.checker_pid()
    assert pid is not None
    return psutil.Process(pid)


def _finished_children_cpu(server: psutil.Process) -> float:
    deadline = time.monotonic() + 10
    while server.children() and time.monotonic() < deadline:  # not yet exited and waited for
        time.sleep(0.01)
    times = server.cpu_times()
    return times.children_user + times.children_system


def _child_cpu(fn: Callable[[], T]) -> tuple[T | DocumentRejected, float]:
    server = _server()
    before = _finished_children_cpu(server)
    try:
        result: T | DocumentRejected = fn()
    except DocumentRejected as exc:
        result = exc
    assert documents_module.checker_pid() == server.pid  # the same server checked it
    return result, _finished_children_cpu(server) - before


def test_cpu_is_counted_where_the_tests_look() -> None:
    """The measure above sees a check's cost (else the limits below would prove nothing)."""
    data = _pdf_of_contents([b"()'\n" * ((pdf_worker.TEXT_CONTENT_BUDGET - 100) // 4)])  # ~0.3 s of work
    result, cpu = _child_cpu(lambda: check_pdf(data, slots=CheckSlots(Path(tempfile.mkdtemp()), 1)))
    assert isinstance(result, CheckedPdf)
    assert cpu > 0.1, cpu


@pytest.fixture
def slots(tmp_path: Path) -> CheckSlots:
    """Slots of the test's own, so other test runs on this machine never wait for them."""
    return CheckSlots(directory=tmp_path / "slots", count=2, wait_seconds=30)


def _resume() -> bytes:
    return make_resume(
        "Ada Lovelace", "Engineer", [f"Worked on analytical engine part {i}" for i in range(40)]
    )


# ----- cost of one check --------------------------------------------------------------------


def test_hostile_text_heavy_pdf_is_cheap_and_accepted(slots: CheckSlots) -> None:
    """Ten pages of 8 MB of text operators in ~200 KB: was 6-8 CPU-seconds and a refusal."""
    data = make_text_heavy_pdf()
    assert 150_000 < len(data) < 250_000
    result, cpu = _child_cpu(lambda: check_pdf(data, slots=slots))
    assert isinstance(result, CheckedPdf), result
    assert result.page_count == 10
    assert cpu < 1.0, f"the hostile file cost {cpu:.2f} CPU-seconds"


def test_a_normal_resume_is_cheap_and_keeps_its_text(slots: CheckSlots) -> None:
    result, cpu = _child_cpu(lambda: check_pdf(_resume(), slots=slots))
    assert isinstance(result, CheckedPdf), result
    assert "analytical engine part 39" in result.text
    assert cpu < pdf_worker.CPU_SECONDS / 2


def test_text_stops_at_the_content_budget_but_the_file_is_accepted(slots: CheckSlots) -> None:
    per_page = pdf_worker.TEXT_CONTENT_BUDGET // 2 - 1000  # the third page overspends
    texts = [f"page {i} words" for i in range(3)]
    checked = check_pdf(_pdf_of_contents([_text_page(t, per_page) for t in texts]), slots=slots)
    assert checked.page_count == 3
    assert "page 0 words" in checked.text and "page 1 words" in checked.text
    assert "page 2 words" not in checked.text


def test_a_page_that_fills_the_budget_with_the_costliest_operators_stays_under_the_cpu_limit(
    slots: CheckSlots,
) -> None:
    """Short text-showing operators are the dearest per byte (~3 microseconds each)."""
    content = b"()'\n" * ((pdf_worker.TEXT_CONTENT_BUDGET - 100) // 4)
    data = _pdf_of_contents([content])
    result, cpu = _child_cpu(lambda: check_pdf(data, slots=slots))
    assert isinstance(result, CheckedPdf), result
    assert cpu < pdf_worker.CPU_SECONDS * 0.75


def test_work_the_budget_cannot_see_is_cut_off_by_the_cpu_limit(slots: CheckSlots) -> None:
    """A tiny page that draws a big form object thousands of times: refused, at ~2 CPU-seconds."""
    result, cpu = _child_cpu(lambda: check_pdf(pdfs.make_form_heavy_pdf(), slots=slots))
    assert isinstance(result, DocumentRejected) and result.code == "too_complex"
    assert cpu < pdf_worker.CPU_SECONDS + 1.5


def _text_page(text: str, size: int) -> bytes:
    """Content showing ``text``, padded with cheap operators to about ``size`` bytes."""
    body = b"BT /F1 12 Tf 72 720 Td (" + text.encode() + b") Tj ET\n"
    return body + b"q Q\n" * max(0, (size - len(body)) // 4)


def _pdf_of_contents(contents: list[bytes]) -> bytes:
    """One page per content stream (Flate-compressed), all with Helvetica as /F1."""
    n = len(contents)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, content in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(pdfs._stream(content, compress=True))
    return pdfs._assemble(objects)


# ----- how many at once ---------------------------------------------------------------------

HOLD_SLOTS = """
import fcntl, sys, time
fds = [open(p, "a") for p in sys.argv[1:]]
for f in fds:
    fcntl.flock(f, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def all_slots_held_elsewhere(tmp_path: Path) -> Iterator[CheckSlots]:
    """Both slots taken by another process (as another worker of the app would)."""
    slots = CheckSlots(directory=tmp_path / "slots", count=2, wait_seconds=1.0)
    slots.directory.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SLOTS, *map(str, slots.paths())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield slots
    finally:
        holder.communicate(timeout=10)


def test_busy_when_every_slot_is_taken_by_another_process(all_slots_held_elsewhere: CheckSlots) -> None:
    started = time.monotonic()
    with pytest.raises(DocumentRejected) as refused:
        check_pdf(_resume(), slots=all_slots_held_elsewhere)
    waited = time.monotonic() - started
    assert refused.value.code == "busy"
    assert (
        str(refused.value)
        == MESSAGES["busy"]
        == ("We are checking many files right now. Please try again in a minute.")
    )
    assert 1.0 <= waited < 2.0, waited


def test_busy_when_the_slot_is_taken_by_another_thread_of_this_process(tmp_path: Path) -> None:
    slots = CheckSlots(directory=tmp_path / "slots", count=1, wait_seconds=0.5)
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with check_slot(slots):
            taken.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(5)
        started = time.monotonic()
        with pytest.raises(DocumentRejected) as refused:
            check_pdf(_resume(), slots=slots)
        assert refused.value.code == "busy"
        assert 0.5 <= time.monotonic() - started < 1.5
    finally:
        release.set()
        holder.join()
    assert isinstance(check_pdf(_resume(), slots=slots), CheckedPdf)  # free again


def _most_checkers_at_once(slots: CheckSlots, checks: int) -> tuple[int, list[object]]:
    """Run checks from several threads and count the checker processes alive at once."""
    data = make_text_heavy_pdf(pages=10, content_bytes=25_000)  # ~0.3 s each, all within budget
    server = _server()
    most = 0
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(_try(data, slots))) for _ in range(checks)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        most = max(most, len(server.children()))  # one forked child per file being checked
        time.sleep(0.005)
    for t in threads:
        t.join()
    return most, results


def _try(data: bytes, slots: CheckSlots) -> object:
    try:
        return check_pdf(data, slots=slots)
    except DocumentRejected as exc:
        return exc


def test_with_one_slot_two_checks_never_run_at_once(tmp_path: Path) -> None:
    most, results = _most_checkers_at_once(CheckSlots(tmp_path / "one", count=1, wait_seconds=60), 3)
    assert all(isinstance(r, CheckedPdf) for r in results), results  # queued, none refused
    assert most == 1


def test_with_two_slots_two_checks_do_run_at_once(tmp_path: Path) -> None:
    """The counting above can see overlap (else the test before would prove nothing)."""
    most, results = _most_checkers_at_once(CheckSlots(tmp_path / "two", count=2, wait_seconds=60), 4)
    assert all(isinstance(r, CheckedPdf) for r in results), results
    assert most == 2
