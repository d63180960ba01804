"""Every report at once, solved as an attacker would (the security review of 2f9d891).

The attack: download every report a user may ask for (each posting and all postings, all time
and each quarter), read each hidden cell as an interval (0 up to the column's public total for
the one marker; were there two again, "<5" is 0 to 4 and "—" 5 or more, as the attacker read
them against 2f9d891), and tighten the intervals with everything known about them together:
a question's answers add up to the column's total, the postings add up to all postings, the
quarters to all time, and a row's count never grows from one stage to the next. One posting's
cover (a zero hidden next to a small count) was undone because all postings showed the same
cell as 0. Here the solver runs over all reports together, not pairs, and no hidden cell may
come out as exactly one value from 1 to 4 (a range of two values or more, or a zero, is fine).

Interval propagation only ever narrows to values every solution allows, so a cell it pins is
truly pinned; the check is as strong as the attacker's solver, not a proof over every
combination of reports.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from careers_app.services import eeo_reports as eeo
from careers_app.services import race_2024
from careers_app.services.eeo_disclosure import (
    FLOW,
    RACE,
    TOTAL,
    Disclosure,
    Disclosures,
    ReportFilter,
    Respondent,
    disclose,
)
from careers_app.services.reference import EEO_QUESTIONS

Var = tuple[Hashable, ...]  # (posting id or None, quarter or None, field, answer, stage)


def _reports(d: Disclosures) -> dict[tuple[int | None, date | None], Disclosure]:
    """Every report a user may ask for."""
    out = {}
    for p in [*d.postings, None]:
        for period in d.periods():
            start = date.fromisoformat(period.date_from) if period.date_from else None
            end = date.fromisoformat(period.date_to) if period.date_to else None
            out[(p, start)] = d.report(ReportFilter(p, start, end))
    return out


def pinned(d: Disclosures) -> list[tuple[Var, str, int]]:
    """Hidden cells that the interval solver pins to one value from 1 to 4."""
    reports = _reports(d)
    stages = range(len(FLOW))
    bounds: dict[Var, list[int]] = {}
    hidden: dict[Var, str] = {}
    sums: list[tuple[list[Var], Var]] = []
    fields = [f for f, _, _ in EEO_QUESTIONS]
    additive = {f: not (f == RACE and set(d.table_rows[f]) & set(race_2024.LABELS.values())) for f in fields}
    for (p, q), shown in reports.items():
        for s in stages:
            total = int(shown.text(TOTAL, s))  # public: the boards show every application
            bounds[(p, q, "", "total", s)] = [total, total]
            for f in fields:
                for a in d.table_rows[f]:
                    text = shown.text((f, "row", a), s)
                    key = (p, q, f, a, s)
                    if text.isdigit():
                        bounds[key] = [int(text), int(text)]
                    else:
                        hidden[key] = text
                        bounds[key] = (
                            [0, min(4, total)]
                            if text == "<5"
                            else [5, total]
                            if text == "—" and eeo.PRIMARY != eeo.COMPLEMENT
                            else [0, total]
                        )
                if additive[f]:
                    sums.append(([(p, q, f, a, s) for a in d.table_rows[f]], (p, q, "", "total", s)))
    rows = [("", "total")] + [(f, a) for f in fields for a in d.table_rows[f]]
    quarters: list[date | None] = [q for (p, q) in reports if p is None and q is not None]
    for f, a in rows:
        for s in stages:
            for q in [*quarters, None]:
                sums.append(([(p, q, f, a, s) for p in d.postings], (None, q, f, a, s)))
            for p in [*d.postings, None]:
                if quarters:
                    sums.append(([(p, q, f, a, s) for q in quarters], (p, None, f, a, s)))
    falling = [
        ((p, q, f, a, s), (p, q, f, a, s + 1)) for (p, q) in reports for f, a in rows for s in stages[:-1]
    ]

    changed = True
    while changed:
        changed = False
        for parts, whole in sums:
            w = bounds[whole]
            lows, highs = [bounds[x][0] for x in parts], [bounds[x][1] for x in parts]
            low, high = sum(lows), sum(highs)
            if max(w[0], low) > min(w[1], high):
                raise AssertionError(f"reports contradict each other at {whole}")
            if low > w[0] or high < w[1]:
                w[0], w[1] = max(w[0], low), min(w[1], high)
                changed = True
            for x, lo, hi in zip(parts, lows, highs, strict=True):
                b = bounds[x]
                new = [max(b[0], w[0] - (high - hi)), min(b[1], w[1] - (low - lo))]
                if new != b:
                    b[0], b[1] = new
                    changed = True
        for before, after in falling:
            earlier, later = bounds[before], bounds[after]
            if later[1] > earlier[1]:
                later[1] = earlier[1]
                changed = True
            if earlier[0] < later[0]:
                earlier[0] = later[0]
                changed = True
    return [
        (key, text, bounds[key][0])
        for key, text in hidden.items()
        if bounds[key][0] == bounds[key][1] and 1 <= bounds[key][0] <= 4
    ]


def test_the_demo_data_gives_no_hidden_count_back_over_all_reports(session: Session, tmp_path: Path) -> None:
    """The reviewer's attack on the demo board: 12 postings, all postings, every quarter."""
    from careers_app.demo.applicants import load_demo_applications
    from careers_app.demo.postings import load_demo_data

    load_demo_data(session=session)
    load_demo_applications(tmp_path, session=session)
    found = pinned(eeo.disclosures(session=session))
    assert found == [], f"{len(found)} hidden counts pinned, e.g. {found[:5]}"


ANSWERS = {f: (*opts, "") for f, _, opts in EEO_QUESTIONS if f in ("gender", "veteran_status", RACE)}
START = date(2026, 2, 1)


people = st.lists(
    st.builds(
        Respondent,
        posting_id=st.integers(1, 3),
        submitted=st.sampled_from((0, 20, 70, 100, 160)).map(lambda d: START + timedelta(days=d)),
        furthest=st.integers(0, len(FLOW) - 1),
        answers=st.fixed_dictionaries({f: st.sampled_from(v) for f, v in ANSWERS.items()}),
    ),
    min_size=1,
    max_size=60,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(made=people)
def test_no_hidden_count_is_pinned_by_all_reports_together(made: list[Respondent]) -> None:
    found = pinned(disclose(made))
    assert found == [], f"{len(found)} hidden counts pinned, e.g. {found[:5]}"
