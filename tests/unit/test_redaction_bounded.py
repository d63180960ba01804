"""Redaction's work is bounded whatever the resume's text (found by the fourth attack: one
resume whose text is a run of 99,000 letters made ``redact`` take ~30 s, in the submit's
transaction, on the worker's event loop: every tab of that worker waited).

Each hostile text runs in a child process limited to 10 CPU-seconds: the quadratic version
needs minutes for some of them, the linear one well under a second for all, so the margin is
wide and the test does not time anything itself.
"""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from careers_app.settings import PROJECT_ROOT

CPU_SECONDS = 10
N = 99_000  # what the PDF check lets through (MAX_TEXT is 100,000)

HOSTILE = {
    "one run of letters": "'a' * N",
    "address-like run": "'a.' * (N // 2)",
    "at signs": "'a@' * (N // 2)",
    "dotted words": "'ab.' * (N // 3)",
    "digits and spaces": "'1 ' * (N // 2)",
    "spaced letters": "'a ' * (N // 2)",
    "spaces": "' ' * N",
    "name-like words": "'Anna ' * (N // 5)",
    "one long line of short lines": "'Bob Nowak\\n' * (N // 10)",
}


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_redaction_of_a_hostile_text_finishes(name: str) -> None:
    code = (
        "from careers_app.services.visibility.redaction import Identity, redact\n"
        f"N = {N}\n"
        f"text = 'Robert Quill\\nrobert@example.com\\n' + {HOSTILE[name]}\n"
        "out = redact(text, Identity(first_name='Robert', last_name='Quill', email='robert@example.com'))\n"
        "assert 'robert@example.com' not in out and 'Quill' not in out\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        preexec_fn=_limit_cpu,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, (name, done.returncode, done.stderr.decode()[-2000:])
