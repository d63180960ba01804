"""The pre-started PDF checker: one warm spare process per app process, same limits, one file
per process, and faster than starting a checker for each file."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import psutil

from careers_app.devtools.pdfs import make_resume
from careers_app.services import documents
from careers_app.services.check_slots import slots_for


def _limits(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {line[:26].strip(): line[26:].split()[0] for line in lines}


def _spare_ready() -> documents.subprocess.Popen[bytes]:
    spare = documents._spare
    assert spare is not None and spare.poll() is None
    process = psutil.Process(spare.pid)
    deadline = time.monotonic() + 20
    last = -1.0
    while True:  # past the import: blocked reading its stdin, its CPU time no longer moves
        used = sum(process.cpu_times()[:2])
        if used == last and process.status() == psutil.STATUS_SLEEPING:
            return spare
        assert time.monotonic() < deadline
        last = used
        time.sleep(0.3)


def test_a_warm_spare_checks_the_next_file_under_the_same_limits(tmp_path: Path) -> None:
    slots = slots_for(tmp_path)
    pdf = make_resume("Warm Spare", "Engineer", ["Kafka"])
    first = documents.check_pdf(pdf, slots=slots)
    spare = _spare_ready()
    limits = _limits(spare.pid)
    assert limits["Max cpu time"] == "2" and limits["Max address space"] == str(768 * 1024 * 1024)
    second = documents.check_pdf(pdf, slots=slots)
    assert first == second and second.page_count == 1 and "Kafka" in second.text
    assert spare.poll() == 0  # the spare checked that one file and ended
    assert documents._spare is not None and documents._spare.pid != spare.pid  # a new spare waits

    rejected = documents.DocumentRejected
    try:
        documents.check_pdf(b"%PDF-1.4 not really a pdf %%EOF", slots=slots)
    except rejected as error:
        assert error.code in ("damaged", "too_complex")
    else:
        raise AssertionError("a broken file was accepted")


def test_warm_checks_are_faster_than_cold_ones(tmp_path: Path) -> None:
    slots = slots_for(tmp_path)
    pdf = make_resume("Warm Spare", "Engineer", ["Spark"])
    cold, warm = [], []
    for _ in range(3):
        with documents._spare_lock:  # no spare: the check starts its own process, as before
            if documents._spare is not None:
                documents._spare.kill()
                documents._spare.wait()
            documents._spare = None
        started = time.perf_counter()
        documents.check_pdf(pdf, slots=slots)
        cold.append(time.perf_counter() - started)
        _spare_ready()
        started = time.perf_counter()
        documents.check_pdf(pdf, slots=slots)
        warm.append(time.perf_counter() - started)
    assert statistics.median(warm) < statistics.median(cold), (warm, cold)
