"""One disclosure rule for equal-opportunity data (issue 18, leaks 1 and 2), on the real path.

Leak 1: an admin (who sees every card's submission date on the boards) downloads
``/compliance/eeo.csv`` for ranges that differ by the day one person applied; the rows whose
counts differ are that person's answers. Here the attack is run over plain HTTP with a
signed-in admin's cookie, trying every range an attacker would, and must recover nothing.

Leak 2: the stage table hides a count ("<5" or "—") that the adverse-impact table on the
same page, and ``impact.csv``, printed exactly. Here every count hidden in the stage table
must be hidden in both, on the page's own state (the guard, committed per event) and in the
CSV, and no rate or ratio may be shown where a count it is computed from is hidden.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from itertools import permutations

from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from careers_app import routes
from careers_app.http import api
from careers_app.services.platform import db
from careers_app.settings import get_settings
from careers_app.states.guard import SESSION_COOKIE
from careers_app.states.team import ComplianceState
from tests.eeo_data import add_reported
from tests.factories import make_office, make_posting, make_team
from tests.unit.test_handlers import _token, app_db, call

__all__ = ["app_db"]

HIDDEN = ("<5", "—")
VETERAN = "I identify as a U.S. veteran"
NOT_VETERAN = "I am not a U.S. veteran"
TARGET_DAY = date(2026, 5, 13)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def _crowd() -> tuple[str, str]:
    """Two postings in April-June 2026. On 13 May exactly one person applies (to the first
    posting): a woman, a Coast Guard veteran, who reached the recruiter screen. Every row
    she counts in holds five or more people on the days before, so each shows exactly."""
    with db.session_scope() as session:
        team, office = make_team(session), make_office(session)
        target = make_posting(session, team, office, title="Differencing Analyst")
        other = make_posting(session, team, office, title="Other Analyst")
        pid, oid = target.id or 0, other.id or 0
        day = date(2026, 4, 2)
        for i in range(36):
            if day == TARGET_DAY:
                day += timedelta(days=1)
            add_reported(
                session,
                pid,
                "recruiter_screen" if i % 2 else "applied",
                submitted_at=_at(day),
                gender="Female" if i % 3 else "Male",
                veteran_status=VETERAN if i % 4 == 0 else NOT_VETERAN,
                veteran_branch="Coast Guard" if i % 4 == 0 else "",
            )
            day += timedelta(days=2)
        for i in range(9):
            add_reported(
                session,
                oid,
                "recruiter_screen" if i % 2 else "applied",
                submitted_at=_at(date(2026, 4, 20) + timedelta(days=i)),
                gender="Male" if i % 2 else "Female",
                veteran_status=NOT_VETERAN,
            )
        add_reported(
            session,
            pid,
            "recruiter_screen",
            submitted_at=_at(TARGET_DAY),
            gender="Female",
            veteran_status=VETERAN,
            veteran_branch="Coast Guard",
        )
        return target.slug, other.slug


def _cells(text: str) -> dict[tuple[str, str, int], str]:
    """(question, answer, stage column) -> the cell as printed; totals left out (application
    counts, which the boards show anyway)."""
    rows = list(csv.reader(io.StringIO(text)))
    return {
        (row[0], row[1], i): cell
        for row in rows[1:]
        if row[1] != "All applications"
        for i, cell in enumerate(row[2:])
    }


def _within(inner: tuple[str, str, str], outer: tuple[str, str, str]) -> bool:
    """Whether every application in the inner report is in the outer one (so subtracting the
    inner from the outer counts people)."""
    (ip, i_from, i_to), (op, o_from, o_to) = inner, outer
    return (
        op in ("", ip)
        and (not o_from or (bool(i_from) and i_from >= o_from))
        and (not o_to or (bool(i_to) and i_to <= o_to))
    )


def test_an_admin_cannot_recover_a_persons_answers_by_differencing_eeo_csv(app_db: Engine) -> None:
    target, other = _crowd()
    client = TestClient(api.http_routes(), base_url=get_settings().base_url)
    client.cookies.set(SESSION_COOKIE, _token("admin"))
    day = TARGET_DAY.isoformat()
    before, after = (TARGET_DAY - timedelta(days=1)).isoformat(), (TARGET_DAY + timedelta(days=1)).isoformat()
    froms = ("", "2026-04-01", "2026-04-02", day, after, "2026-01-01")
    tos = ("", before, day, "2026-06-30", "2026-12-31", "2026-03-31")
    got: dict[tuple[str, str, str], dict[tuple[str, str, int], str]] = {}
    refused = []
    for posting in ("", target, other):
        for date_from in froms:
            for date_to in tos:
                answer = client.get(
                    routes.compliance_csv_url("eeo", posting=posting, date_from=date_from, date_to=date_to)
                )
                if answer.status_code == 200:
                    got[(posting, date_from, date_to)] = _cells(answer.text)
                else:
                    assert answer.status_code == 400, answer.text
                    assert "quarter" in answer.text  # says what it accepts
                    refused.append((posting, date_from, date_to))
    assert got, "no report could be downloaded at all"
    recovered = []
    for (a, cells_a), (b, cells_b) in permutations(got.items(), 2):
        if not _within(b, a):
            continue
        for key, shown in cells_a.items():
            inner = cells_b.get(key, "")
            if shown.isdigit() and inner.isdigit() and 1 <= int(shown) - int(inner) <= 4:
                recovered.append((a, b, key, shown, inner))
    assert recovered == [], f"{len(recovered)} counts under five recovered, e.g. {recovered[:3]}"
    # the attack of the issue, exactly: one day apart, the second range is refused
    assert ("", "2026-04-01", before) in refused or ("", "2026-04-01", day) in refused


def _impact_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _hidden_in_tables(state: ComplianceState) -> set[tuple[str, str, str]]:
    """(question, group, stage label) of every count hidden in the page's stage tables."""
    from careers_app.services.compliance.eeo_reports import FLOW, STAGE_LABELS

    hidden: set[tuple[str, str, str]] = set()
    for table in state.tables:
        for row in table.rows:
            for stage, cell in zip(FLOW, row.cells, strict=True):
                if cell in HIDDEN:
                    hidden.add((table.label, row.category, STAGE_LABELS[stage]))
    return hidden


def _impact_leaks(
    where: str, rows: list[dict[str, str]], hidden: set[tuple[str, str, str]]
) -> list[tuple[str, str, str, str, str, str]]:
    """Adverse-impact rows that show a count the stage table hides, or statistics of one."""
    leaks = []
    for row in rows:
        before, after = row["Step"].split(" → ")
        for column, stage in (("Applicants", before), ("Selected", after)):
            if (row["Question"], row["Group"], stage) in hidden and row[column] not in HIDDEN:
                leaks.append((where, row["Question"], row["Group"], row["Step"], column, row[column]))
        if row["Applicants"] in HIDDEN or row["Selected"] in HIDDEN:
            stats = [
                row[k]
                for k in ("Selection rate", "Impact ratio", "Z (pooled)", "Shortfall at the highest rate")
            ]
            if any(stats):
                leaks.append((where, row["Question"], row["Group"], row["Step"], "statistics", str(stats)))
    return leaks


def test_every_count_hidden_in_the_stage_table_is_hidden_in_the_impact_table_and_csv(
    app_db: Engine,
) -> None:
    """Veteran branch "Coast Guard": 7 applied, 3 reached the recruiter screen (the issue's
    example: "<5" in the stage table, 3 in the adverse-impact table)."""
    with db.session_scope() as session:
        posting = make_posting(session, make_team(session), make_office(session), title="Impact Analyst")
        pid = posting.id or 0
        for i in range(30):
            add_reported(session, pid, "recruiter_screen" if i < 20 else "applied", gender="Female")
        for i in range(30):
            add_reported(session, pid, "recruiter_screen" if i < 15 else "applied", gender="Male")
        for i in range(7):
            add_reported(
                session,
                pid,
                "recruiter_screen" if i < 3 else "applied",
                veteran_status=VETERAN,
                veteran_branch="Coast Guard",
            )
        for i in range(9):
            add_reported(
                session,
                pid,
                "phone_interview" if i < 8 else "applied",
                veteran_status=VETERAN,
                veteran_branch="Navy",
            )
        slug = posting.slug

    state, _ = call(
        ComplianceState, "load", token=_token("compliance"), path=routes.compliance_url(posting=slug)
    )
    client = TestClient(api.http_routes(), base_url=get_settings().base_url)
    client.cookies.set(SESSION_COOKIE, _token("admin"))
    eeo_csv = client.get(routes.compliance_csv_url("eeo", posting=slug))
    impact_csv = client.get(routes.compliance_csv_url("impact", posting=slug))
    assert eeo_csv.status_code == 200 and impact_csv.status_code == 200

    from careers_app.services.compliance.eeo_reports import FLOW, STAGE_LABELS

    hidden = _hidden_in_tables(state)
    assert hidden == {
        (q, a, STAGE_LABELS[FLOW[i]]) for (q, a, i), c in _cells(eeo_csv.text).items() if c in HIDDEN
    }, "the page and eeo.csv disagree"
    assert ("Veteran branch of service", "Coast Guard", "Recruiter screen") in hidden

    page_rows = [
        {
            "Question": r.question,
            "Step": r.step,
            "Group": r.group,
            "Applicants": r.applicants,
            "Selected": r.selected,
            "Selection rate": r.rate,
            "Impact ratio": r.impact_ratio,
            "Fisher exact p (two-sided)": r.fisher_p,
            "Z (pooled)": r.z,
            "Shortfall at the highest rate": r.shortfall,
        }
        for r in state.impact
    ]
    leaks = []
    for where, rows in (("page", page_rows), ("impact.csv", _impact_csv(impact_csv.text))):
        assert rows, where
        leaks += _impact_leaks(where, rows, hidden)
    assert leaks == [], leaks
    # the statistics stay exact where the counts are shown
    women = next(r for r in state.impact if r.group == "Female" and r.step.startswith("Applied"))
    men = next(r for r in state.impact if r.group == "Male" and r.step.startswith("Applied"))
    assert (women.applicants, women.selected, women.rate) == ("30", "20", "66.7 %")
    assert (men.applicants, men.selected, men.impact_ratio) == ("30", "15", "0.75")
    # and every chart bar is a ratio the table shows
    for chart in state.charts.values():
        for bar in chart.rows:
            assert any(
                r.group == bar.group and r.step == bar.step and r.impact_ratio == bar.ratio
                for r in state.impact
            )
