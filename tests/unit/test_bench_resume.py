"""bench/load.py's padded resume must pass the app's PDF check, or the load test's
"upload + check of 1 MB" times refusals (as it did: every padded upload was "damaged")."""

import sys
from pathlib import Path

import pytest

from careers_app.services.candidates.documents import check_pdf

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize("kb", [0, 1000])
def test_the_load_tests_resume_passes_the_pdf_check(kb: int) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import load
    finally:
        sys.path.remove(str(BENCH))
    data = load.resume(kb)
    assert len(data) >= kb * 1024
    assert len(data) <= 1024 * 1024
    checked = check_pdf(data)
    assert checked.page_count == 1
    assert "Load Candidate" in checked.text
