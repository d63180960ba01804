"""Resume autofill accuracy over the generated corpus (tests/resumes/corpus.py), per field.

Each resume is drawn as a PDF, its text extracted with pypdf as the app does, and
services/candidates/resume_autofill.guess run on it. Per field: correct (the expected value, or nothing
where nothing is expected), wrong (another value), missed (nothing where a value was
expected); and, among the guesses the wizard offers (confidence >= resume_autofill.OFFERED), how many are right.

    python bench/autofill.py [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from careers_app.services.candidates import resume_autofill
from tests.resumes.corpus import CORPUS, FIELDS, HELD_OUT, Resume, build, text_of

OFFERED = resume_autofill.OFFERED  # the wizard suggests guesses at least this sure


@dataclass
class Tally:
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    offered: int = 0
    offered_right: int = 0
    present: int = 0  # resumes that hold a value for the field

    @property
    def total(self) -> int:
        return self.correct + self.wrong + self.missed


def score(resumes: list[Resume], verbose: bool = False) -> tuple[dict[str, Tally], float]:
    tallies = {name: Tally() for name in FIELDS}
    seconds = 0.0
    for resume in resumes:
        text = text_of(build(resume))
        started = time.perf_counter()
        found = resume_autofill.guess(text).found()
        seconds += time.perf_counter() - started
        for name in FIELDS:
            want = resume.expected.get(name, "")
            got = found.get(name)
            tally = tallies[name]
            tally.present += bool(want)
            value = got.value if got else ""
            if value == want:
                tally.correct += 1
            elif got is None:
                tally.missed += 1
            else:
                tally.wrong += 1
            if got is not None and got.confidence >= OFFERED:
                tally.offered += 1
                tally.offered_right += value == want
            if verbose and value != want:
                print(
                    f"  {resume.key:18} {name:11} want {want!r:32} got {value!r} ({got.confidence if got else '-'})"
                )
    return tallies, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true", help="print every wrong or missed field")
    args = parser.parse_args()
    for title, resumes in (
        ("corpus (the heuristics were tuned on it)", CORPUS),
        ("held out (never tuned on)", HELD_OUT),
    ):
        print(f"\n== {title}: {len(resumes)} resumes")
        table(*score(resumes, args.verbose), len(resumes))
    print("\n== both")
    table(*score([*CORPUS, *HELD_OUT]), len(CORPUS) + len(HELD_OUT))


def table(tallies: dict[str, Tally], seconds: float, count: int) -> None:
    print(f"guess() took {seconds * 1000 / count:.2f} ms per resume")
    print(
        f"{'field':12}{'present':>8}{'correct':>9}{'wrong':>7}{'missed':>8}{'accuracy':>10}{'offered right':>15}"
    )
    total = Tally()
    for name, t in tallies.items():
        offered = f"{t.offered_right}/{t.offered}"
        print(
            f"{name:12}{t.present:8}{t.correct:9}{t.wrong:7}{t.missed:8}{t.correct / t.total:10.0%}{offered:>15}"
        )
        total.correct += t.correct
        total.wrong += t.wrong
        total.missed += t.missed
        total.offered += t.offered
        total.offered_right += t.offered_right
        total.present += t.present
    offered = f"{total.offered_right}/{total.offered}"
    print(
        f"{'overall':12}{total.present:8}{total.correct:9}{total.wrong:7}{total.missed:8}{total.correct / total.total:10.0%}{offered:>15}"
    )


if __name__ == "__main__":
    main()
