"""The PDF check server: one per app process, one forked child per file under the same
limits as a fresh process, restarted when it dies, and much cheaper than starting a
checker process for each file."""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from careers_app.devtools.pdfs import make_resume, pdf_of_size
from careers_app.services import documents
from careers_app.services.check_slots import CheckSlots, slots_for
from careers_app.settings import PROJECT_ROOT


def _limits(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {line[:26].strip(): line[26:].split()[0] for line in lines}


def _server(slots: CheckSlots) -> psutil.Process:
    documents.check_pdf(make_resume("Server", "Start", ["x"]), slots=slots)
    pid = documents.checker_pid()
    assert pid is not None
    return psutil.Process(pid)


def test_each_file_is_checked_in_its_own_child_under_the_limits(tmp_path: Path) -> None:
    """A child that has not got its whole file yet waits: its limits can be read, and it is
    a child of the server, not the server itself."""
    server = _server(slots_for(tmp_path))
    path = server.cmdline()[-1]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    try:
        conn.sendall(make_resume("Limits", "Engineer", ["Kafka"]))  # no end of input yet
        deadline = time.monotonic() + 10
        while not server.children():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        (child,) = server.children()
        limits = _limits(child.pid)
        assert limits["Max cpu time"] == "2" and limits["Max address space"] == str(768 * 1024 * 1024)
        assert _limits(server.pid)["Max cpu time"] == "unlimited"  # the server itself reads no file
        conn.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    finally:
        conn.close()
    verdict = json.loads(reply)
    assert verdict["ok"] and verdict["pages"] == 1 and "Kafka" in verdict["text"]
    assert child.wait(10) == 0 or not child.is_running()


def test_a_killed_server_is_replaced_and_checks_go_on(tmp_path: Path) -> None:
    slots = slots_for(tmp_path)
    first = _server(slots)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    checked = documents.check_pdf(make_resume("After", "Restart", ["Spark"]), slots=slots)
    assert checked.page_count == 1 and "Spark" in checked.text
    assert documents.checker_pid() not in (None, first.pid)


def test_the_server_ends_when_the_process_that_started_it_ends(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "from careers_app.services import documents\n"
        "from careers_app.services.check_slots import slots_for\n"
        "from careers_app.devtools.pdfs import make_resume\n"
        f"documents.check_pdf(make_resume('A', 'B', ['C']), slots=slots_for(Path({str(tmp_path)!r})))\n"
        "print(documents.checker_pid(), flush=True)\n"
        "import time; time.sleep(60)\n"
    )
    app = subprocess.Popen(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert app.stdout is not None
    server = psutil.Process(int(app.stdout.readline()))
    app.send_signal(signal.SIGKILL)  # no atexit: the server must notice by itself
    app.wait(10)
    server.wait(10)  # raises TimeoutExpired if it stayed


def test_a_hostile_file_cannot_reach_the_next_one(tmp_path: Path) -> None:
    """Two files at once: each is its own process; the refused one leaves the other intact."""
    slots = CheckSlots(tmp_path / "slots", count=2, wait_seconds=30)
    results: list[object] = []

    def check(data: bytes) -> None:
        try:
            results.append(documents.check_pdf(data, slots=slots))
        except documents.DocumentRejected as error:
            results.append(error.code)

    threads = [
        threading.Thread(target=check, args=(b"%PDF-1.4 not really a pdf %%EOF",)),
        threading.Thread(target=check, args=(make_resume("Kept", "Apart", ["Rust"]),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(type, results), key=str) == sorted([str, documents.CheckedPdf], key=str)
    checked = next(r for r in results if isinstance(r, documents.CheckedPdf))
    assert "Rust" in checked.text and "Apart" in checked.text


@pytest.mark.parametrize("runs", [5])
def test_served_checks_are_much_faster_than_a_new_process_per_file(tmp_path: Path, runs: int) -> None:
    slots = slots_for(tmp_path)
    pdf = pdf_of_size(1_040_000)
    _server(slots)
    served, cold = [], []
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(PROJECT_ROOT)}
    for _ in range(runs):
        started = time.perf_counter()
        documents.check_pdf(pdf, slots=slots)
        served.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "careers_app.services.pdf_worker"],
            input=pdf,
            capture_output=True,
            check=True,
            cwd=PROJECT_ROOT,
            env=env,
        )
        cold.append(time.perf_counter() - started)
    assert statistics.median(served) * 3 < statistics.median(cold), (served, cold)
