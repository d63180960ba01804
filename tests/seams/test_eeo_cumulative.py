"""All time, downloaded before and after a quarter closes, gives that quarter away (the
remaining leak after the frozen quarters): "all time" is the sum of the closed quarters, so
when a new one closes it grows by exactly that quarter, and an admin who downloaded it
before can subtract. The rule must hide what such a difference would give back, though the
earlier all-time report is no longer offered (``services/compliance/eeo_disclosure.py``, across time).

Read on the real path: the quarters are frozen by ``eeo_snapshots`` on the first report
after they end ('today' is controlled), and the CSVs are the ones the CSV route writes
(``eeo_reports.reports`` and ``report_csv``).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from careers_app.services.compliance import eeo_reports, eeo_snapshots
from careers_app.services.compliance.eeo_disclosure import (
    FLOW,
    HIDDEN,
    ReportFilter,
    next_quarter,
    quarter_of,
)
from tests.eeo_data import KEPT_QUARTERS, add_reported
from tests.factories import make_office, make_posting, make_team

VETERAN = "I identify as a U.S. veteran"
NOT_VETERAN = "I am not a U.S. veteran"
Cells = dict[tuple[str, str], list[str]]


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def _csv(filter_: ReportFilter, today: datetime, session: Session, monkeypatch: pytest.MonkeyPatch) -> Cells:
    """The EEO CSV the route writes for ``filter_`` on ``today``, as (question, answer) -> cells."""
    monkeypatch.setattr(eeo_snapshots, "utcnow", lambda: today)
    tables, _impact = eeo_reports.reports(filter_, session=session)
    rows = list(csv.reader(io.StringIO(eeo_reports.report_csv(tables))))
    return {(r[0], r[1]): r[2:] for r in rows[1:]}


def _quarter(session: Session, pid: int, start: date, people: list[tuple[str, str, str]]) -> None:
    for i, (stage, gender, veteran) in enumerate(people):
        add_reported(
            session,
            pid,
            stage,
            submitted_at=_at(start + timedelta(days=i % 80)),
            gender=gender,
            veteran_status=veteran,
        )


def test_all_time_downloaded_before_and_after_a_quarter_closes_gives_no_hidden_count_away(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    posting = make_posting(session, make_team(session), make_office(session), title="Cumulative Analyst")
    pid = posting.id or 0
    F, M, VET, NOT = "Female", "Male", VETERAN, NOT_VETERAN
    applied = "applied"

    def mix(*groups: tuple[int, str, str]) -> list[tuple[str, str, str]]:
        return [(applied, gender, veteran) for n, gender, veteran in groups for _ in range(n)]

    _quarter(
        session, pid, date(2025, 10, 1), mix((1, F, NOT), (4, F, VET), (3, M, NOT), (3, M, VET))
    )  # 2025 Q4
    _quarter(
        session, pid, date(2026, 1, 1), mix((3, F, NOT), (4, F, VET), (3, M, NOT), (3, M, VET))
    )  # A: 2026 Q1
    # B: 2026 Q2, a woman and four men, all veterans; B's own report hides the men
    _quarter(session, pid, date(2026, 4, 1), mix((1, F, VET), (4, M, VET)))

    # 2026 Q2 under way: all time is 2025 Q4 and 2026 Q1 (quarter A, frozen on this first report)
    before = _csv(ReportFilter(), datetime(2026, 5, 10, 9, tzinfo=UTC), session, monkeypatch)
    # 2026 Q2 has ended: it is frozen and all time grows by exactly that quarter
    after_day = datetime(2026, 7, 10, 9, tzinfo=UTC)
    after = _csv(ReportFilter(), after_day, session, monkeypatch)
    quarter_b = _csv(ReportFilter(None, date(2026, 4, 1), date(2026, 6, 30)), after_day, session, monkeypatch)
    assert before[("Gender", "All applications")][0] == "24"
    assert after[("Gender", "All applications")][0] == "29"
    assert quarter_b[("Gender", "Male")][0] == HIDDEN  # four men: B's own report hides them
    assert before[("Gender", "Male")][0] == "12"  # a real table: both counts shown

    given_away = [
        (key, stage, int(after[key][stage]) - int(before[key][stage]))
        for key, cells in quarter_b.items()
        for stage, text in enumerate(cells)
        if text == HIDDEN and after[key][stage].isdigit() and before[key][stage].isdigit()
    ]
    assert given_away == [], (
        f"hidden in {date(2026, 4, 1)}'s report, but all time after - before: {given_away}"
    )


def test_a_quarter_report_downloaded_at_a_later_quarter_end_shows_what_it_did_at_its_own(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each quarter's report (each posting and all postings) downloaded at the end of every
    quarter from its own on, as a reader keeps them: each shows and hides what it did the
    first time, so a cover hidden now was never shown (``services/eeo_disclosure.py``, rule 3).
    Failed before each earlier report was kept as it was offered: on ``KEPT_QUARTERS``,
    posting 3's 2026 Q1 report showed 0 (Female, applied) at 2026 Q1's end and "—" at 2026
    Q2's and Q4's, one of the zeros that gave back a hidden 3 (``test_eeo_disclosure_solver.py``)."""
    team, office = make_team(session), make_office(session)
    postings = {n: make_posting(session, team, office, title=f"Kept Analyst {n}").id or 0 for n in (1, 2, 3)}
    for n, day, furthest, gender, race, veteran in KEPT_QUARTERS:
        add_reported(
            session,
            postings[n],
            FLOW[furthest],
            submitted_at=_at(date.fromisoformat(day)),
            gender=gender,
            race_ethnicity=race,
            veteran_status=veteran,
        )
    starts = sorted({quarter_of(date.fromisoformat(day))[0] for _, day, *_ in KEPT_QUARTERS})
    first: dict[tuple[int | None, date], Cells] = {}
    changed = []
    for end, start in enumerate(starts):
        today = _at(next_quarter(start) + timedelta(days=9))  # that quarter has closed
        for q in starts[: end + 1]:
            for pid in [*postings.values(), None]:
                cells = _csv(ReportFilter(pid, q, quarter_of(q)[1]), today, session, monkeypatch)
                then = first.setdefault((pid, q), cells)
                changed += [
                    (pid, q, key, stage, was, cells[key][stage], today.date())
                    for key, texts in then.items()
                    for stage, was in enumerate(texts)
                    if cells[key][stage] != was
                ]
    assert len(first) == 4 * 3  # every posting and all postings, for each of the 3 quarters
    assert any(HIDDEN in texts for cells in first.values() for texts in cells.values())
    assert changed == [], f"(posting, quarter, row, stage, then, now, on): {changed[:6]}"
