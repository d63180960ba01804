"""Equal-opportunity reports for compliance staff: counts per stage reached, adverse impact.

Only aggregates leave this module (never a name, an application id or one person's
answers), and only compliance handlers call it: no recruiter query reads ``eeo_answer``.

What a report may show is not decided here: every number comes from
``services/compliance/eeo_disclosure.py`` (one rule for every table, chart, CSV and the page), which
hides small counts, counts that two reports would give away by subtraction, and counts that
a total would give back. This module reads the closed quarters' frozen counts
(``services/compliance/eeo_snapshots.py``: the quarter under way is never reported, and a closed one
never changes, so no two downloads of a report differ by one person's move, application or
erasure), formats what the rule lets through, and computes statistics from shown counts only.

Adverse impact follows the Uniform Guidelines (29 CFR 1607.4(D)): a group's selection
rate under four fifths of the highest group's rate is a sign of adverse impact; we flag it
only when a statistical test agrees (Fisher's exact test p < 0.05, or |Z| > 2 for the
pooled two-proportion test), because with small numbers the ratio alone swings widely.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from scipy.stats import fisher_exact
from sqlmodel import Session, col, select

from careers_app.models import Office, Posting
from careers_app.models.types import utcnow
from careers_app.services.candidates import race_2024
from careers_app.services.compliance import eeo_snapshots
from careers_app.services.compliance.eeo_disclosure import (
    COMPLEMENT,
    DECLINED,
    FLOW,
    NOT_ANSWERED,
    PRIMARY,
    RACE,
    SMALL,
    STAGE_LABELS,
    TOTAL,
    Disclosure,
    Disclosures,
    ReportFilter,
    Respondent,
    disclose,
    pending,
    snap_period,
)
from careers_app.services.platform.reference import EEO_QUESTIONS

__all__ = [
    "COMPLEMENT",
    "DECLINED",
    "FLOW",
    "NOT_ANSWERED",
    "PRIMARY",
    "SMALL",
    "STAGE_LABELS",
    "ReportFilter",
]

FOUR_FIFTHS = 0.8
Z_LIMIT = 2.0
P_LIMIT = 0.05


# ----- what the reports read -------------------------------------------------------------------


@dataclass(frozen=True)
class PostingChoice:
    id: int
    slug: str
    title: str
    label: str  # "Title · Office": one title is often posted in several offices


def posting_choices(*, session: Session) -> list[PostingChoice]:
    """Postings with applications in a closed (reported) quarter, for the picker: like the
    reports, it does not change as people apply, move or are erased."""
    reported = eeo_snapshots.frozen_postings(session=session)
    rows = session.exec(
        select(Posting.id, Posting.slug, Posting.title, Office.name)
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(col(Posting.id).in_(reported))
        .order_by(col(Posting.title), col(Office.name), col(Posting.id))
    ).all()
    return [PostingChoice(id=i or 0, slug=s, title=t, label=f"{t} · {o}") for i, s, t, o in rows]


def parse_filter(posting: str, date_from: str, date_to: str, *, session: Session) -> tuple[ReportFilter, str]:
    """The report a shared URL asks for (posting slug, a quarter's first and last day), and
    what was changed to get there.

    Anything else is not refused on the page, so a mistyped or older link still shows a
    report: an unknown posting becomes all postings, a range that is not all time or one
    whole quarter becomes the quarter of its first date, and the quarter under way (or one
    to come) becomes all time (the CSV routes refuse instead).
    """
    problems = []
    posting_id = None
    if posting:
        found = next((c for c in posting_choices(session=session) if c.slug == posting), None)
        if found is None:
            problems.append("That posting has no applications; showing all postings.")
        else:
            posting_id = found.id
    (start, end), notice = snap_period(date_from, date_to)
    if notice:
        problems.append(notice)
    return ReportFilter(posting_id, start, end), " ".join(problems)


def _declines(option: str) -> bool:
    """The seed's decline option, and gender's "Other or withhold / decline to disclose",
    which mixes a decline into its group: neither can stand for a group in a comparison."""
    return "decline to disclose" in option.lower()


def comparison_groups(field: str) -> tuple[str, ...]:
    """The answers of a question that stand for a group in adverse-impact comparisons.

    Race: the 1997 options, then the 2024 categories and "Multiracial/multiple" (a 2024
    answer with several selections; services/candidates/race_2024.py says why one group).
    """
    options = next(o for f, _, o in EEO_QUESTIONS if f == field)
    groups = tuple(o for o in options if not _declines(o))
    if field == RACE:
        groups += (*race_2024.LABELS.values(), race_2024.MULTIPLE)
    return groups


def respondents(*, session: Session) -> list[Respondent]:
    """Every application of every closed quarter, as that quarter was frozen at its end:
    posting, quarter's first day, furthest stage reached by then, answers. All of them,
    whatever the report: the disclosure rule compares every report
    (``services/compliance/eeo_snapshots.py`` says why closed quarters only, and frozen)."""
    return eeo_snapshots.respondents(session=session)


def disclosures(*, session: Session) -> Disclosures:
    """Every report's cells, decided once by the disclosure rule (one read of the data).

    The decision depends on the frozen counts alone, and they change only when a quarter is
    frozen; deciding takes seconds once there are many closed quarters (each one's earlier
    All time is part of it), so it is kept per worker, keyed by the counts themselves."""
    people = respondents(session=session)
    key = _fingerprint(people)
    with _DECIDED_LOCK:
        found = _DECIDED.get(key)
    if found is None:
        found = disclose(people)
        with _DECIDED_LOCK:
            _DECIDED.clear()  # only the newest is ever asked for again
            _DECIDED[key] = found
    return found


_DECIDED: dict[str, Disclosures] = {}
_DECIDED_LOCK = threading.Lock()


def _fingerprint(people: Sequence[Respondent]) -> str:
    """The counts, as one digest: equal exactly when the same people stand in the same cells."""
    digest = hashlib.sha256()
    for person in people:
        answers = "|".join(f"{k}={v}" for k, v in sorted(person.answers.items()))
        digest.update(f"{person.posting_id};{person.submitted};{person.furthest};{answers}\n".encode())
    return digest.hexdigest()


def not_yet_reported() -> str:
    """What the page says of the quarter under way: when it will be reported, and why not now."""
    return pending(eeo_snapshots.open_quarter(utcnow()))


# ----- the EEO report: counts per category and stage reached ------------------------------------


@dataclass(frozen=True)
class ReportRow:
    category: str
    cells: tuple[str, ...]  # one per stage of FLOW, as shown ("<5", "—" or the count)


@dataclass(frozen=True)
class QuestionTable:
    field: str
    label: str
    rows: tuple[ReportRow, ...]  # none when the question was not asked (``note`` says so)
    totals: tuple[str, ...]  # applications that reached each stage (public: the boards show them)
    note: str = ""  # " (not asked: …)" when nobody was asked it, else empty


NOT_ASKED = "Not asked"  # the CSV's one row for such a question, with no counts
NOT_ASKED_NOTE = " (not asked: nobody answered it, so every application is “Not answered”)"


def eeo_report(filter_: ReportFilter, *, session: Session) -> tuple[QuestionTable, ...]:
    """Per question: applications in each answer category that reached each stage."""
    return _tables(disclosures(session=session).report(filter_))


def _tables(shown: Disclosure) -> tuple[QuestionTable, ...]:
    """The stage tables as the rule shows them. A question nobody was asked (``not_asked``,
    the same in every report) has no rows, only a note: each of its cells is 0 or the
    column's public total, which the rule shows in every report alike, so printing them
    would add nothing but stage and report differences that merely repeat the totals'."""
    stages = range(len(FLOW))
    tables = []
    for field, label, _options in EEO_QUESTIONS:
        totals = tuple(shown.text(TOTAL, s) for s in stages)
        if field in shown.not_asked:  # its rows are 0 and the totals (the disclosure rule, rule 3)
            tables.append(QuestionTable(field, label, (), totals, NOT_ASKED_NOTE))
            continue
        rows = tuple(
            ReportRow(name, tuple(shown.text((field, "row", name), s) for s in stages))
            for name in shown.table_rows[field]
        )
        tables.append(QuestionTable(field, label, rows, totals))
    return tuple(tables)


# ----- adverse impact -------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One group against the highest-rate group at one step: the figures and the verdict."""

    rate: float
    impact_ratio: float | None  # rate / highest rate (None when the highest rate is 0)
    fisher_p: float | None
    z: float | None  # pooled two-proportion Z; None when nobody or everybody was selected
    shortfall: float  # selections expected at the highest group's rate, minus actual
    verdict: str


TOO_FEW = "too few to judge"
REFERENCE = "highest selection rate (reference)"
ADVERSE = "adverse impact: below four fifths and statistically significant"
RATIO_ONLY = "below four fifths, not statistically significant"
STAT_ONLY = "statistically significant, at or above four fifths"
NONE = "no adverse impact indicated"


def compare(selected: int, applicants: int, ref_selected: int, ref_applicants: int) -> Comparison:
    """Compare a group's selections with the highest-rate group's (four-fifths, Fisher, Z).

    The verdict needs both practical significance (ratio < 0.8) and statistical
    significance (Fisher p < 0.05 or |Z| > 2). Fewer than five applicants in either group,
    or no selection in either, is too few to judge. The shortfall is taken at the
    highest group's rate (not the pooled rate): how many more of this group would have
    been selected had they fared as the best-treated group did.
    """
    rate = selected / applicants if applicants else 0.0
    ref_rate = ref_selected / ref_applicants if ref_applicants else 0.0
    ratio = rate / ref_rate if ref_rate else None
    shortfall = applicants * ref_rate - selected
    fisher_p: float | None = None
    z: float | None = None
    if applicants and ref_applicants:
        table = [[selected, applicants - selected], [ref_selected, ref_applicants - ref_selected]]
        fisher_p = float(fisher_exact(table, alternative="two-sided").pvalue)
        pooled = (selected + ref_selected) / (applicants + ref_applicants)
        spread = pooled * (1 - pooled) * (1 / applicants + 1 / ref_applicants)
        if spread > 0:
            z = (rate - ref_rate) / math.sqrt(spread)
    if applicants < SMALL or ref_applicants < SMALL or selected + ref_selected == 0:
        verdict = TOO_FEW
    else:
        practical = ratio is not None and ratio < FOUR_FIFTHS
        statistical = (fisher_p is not None and fisher_p < P_LIMIT) or (z is not None and abs(z) > Z_LIMIT)
        verdict = {
            (True, True): ADVERSE,
            (True, False): RATIO_ONLY,
            (False, True): STAT_ONLY,
            (False, False): NONE,
        }[(practical, statistical)]
    return Comparison(rate, ratio, fisher_p, z, shortfall, verdict)


@dataclass(frozen=True)
class ImpactRow:
    """What the page shows for one group at one step (text, so it renders as is)."""

    question: str
    step: str  # "Applied → Recruiter screen"
    group: str
    applicants: str  # "<5" when small: the group is then too few to judge anyway
    selected: str
    rate: str
    impact_ratio: str
    fisher_p: str
    z: str
    shortfall: str
    verdict: str


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


WITHHELD = "not shown: a count it needs is hidden"


def adverse_impact(filter_: ReportFilter, *, session: Session) -> tuple[ImpactRow, ...]:
    """Every step of the process, every question, every group that answered with an option.

    Declined and unanswered are not groups: nobody can be compared by an answer not given
    (nor by gender's "Other or withhold / decline to disclose", which mixes the two).
    An application passes a step if it reached the next stage or moved past it.
    """
    return _impact(disclosures(session=session).report(filter_))


def _impact(shown: Disclosure) -> tuple[ImpactRow, ...]:
    """The comparisons, from the counts the disclosure rule shows and nothing else.

    A group's applicants at a step are its stage-table cell at the first stage, its
    selections the cell at the next: hidden there, hidden here, with no rate, ratio or test
    (each would give the hidden count back). The reference is the highest rate among groups
    whose counts are shown.
    """
    rows: list[ImpactRow] = []
    for k, (before, after) in enumerate(pairwise(FLOW)):
        step = f"{STAGE_LABELS[before]} → {STAGE_LABELS[after]}"
        for field, label, _options in EEO_QUESTIONS:
            cells = {g: shown.group_row(field, g) for g in comparison_groups(field)}
            present = {g: r for g, r in cells.items() if shown.text(r, k) != "0"}
            if len(present) < 2:
                continue
            counts = {g: (shown.count(r, k), shown.count(r, k + 1)) for g, r in present.items()}
            judged = {g: (n, sel) for g, (n, sel) in counts.items() if n and sel is not None}
            ref = max(judged, key=lambda g: (judged[g][1] / judged[g][0], judged[g][0]), default=None)
            for group, row in present.items():
                n, sel = counts[group]
                applicants, selected = shown.text(row, k), shown.text(row, k + 1)
                if ref is None or group not in judged or n is None or sel is None:
                    # a hidden count has one marker whatever its size: "too few" would hint at it
                    verdict = WITHHELD if n is None or sel is None else TOO_FEW
                    rows.append(
                        ImpactRow(label, step, group, applicants, selected, "", "", "", "", "", verdict)
                    )
                    continue
                ref_n, ref_sel = judged[ref]
                found = compare(sel, n, ref_sel, ref_n)
                ratio = found.impact_ratio
                rows.append(
                    ImpactRow(
                        question=label,
                        step=step,
                        group=group,
                        applicants=applicants,
                        selected=selected,
                        rate=_pct(found.rate),
                        impact_ratio="" if ratio is None else f"{ratio:.2f}",
                        fisher_p="" if found.fisher_p is None else f"{found.fisher_p:.3f}",
                        z="" if found.z is None else f"{found.z:.2f}",
                        shortfall="" if group == ref else f"{found.shortfall:.1f}",
                        verdict=REFERENCE if group == ref else found.verdict,
                    )
                )
    return tuple(rows)


def reports(
    filter_: ReportFilter, *, session: Session, shown: Disclosures | None = None
) -> tuple[tuple[QuestionTable, ...], tuple[ImpactRow, ...]]:
    """Both reports through the one disclosure rule (pass ``shown`` to reuse one read)."""
    report = (shown or disclosures(session=session)).report(filter_)
    return _tables(report), _impact(report)


# ----- CSV export ------------------------------------------------------------------------------

CSV_KINDS = ("eeo", "impact")


def report_csv(tables: Iterable[QuestionTable]) -> str:
    """The EEO tables as one CSV, exactly as shown: hidden cells stay "<5" or "—"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Question", "Answer", *[STAGE_LABELS[s] for s in FLOW]])
    for table in tables:
        if table.note:  # not asked: no rows, and no counts (every cell would be 0 or the total)
            writer.writerow([table.label, NOT_ASKED, *[""] * len(FLOW)])
        for row in table.rows:
            writer.writerow([table.label, row.category, *row.cells])
        writer.writerow([table.label, "All applications", *table.totals])
    return out.getvalue()


IMPACT_COLUMNS = (
    ("question", "Question"),
    ("step", "Step"),
    ("group", "Group"),
    ("applicants", "Applicants"),
    ("selected", "Selected"),
    ("rate", "Selection rate"),
    ("impact_ratio", "Impact ratio"),
    ("fisher_p", "Fisher exact p (two-sided)"),
    ("z", "Z (pooled)"),
    ("shortfall", "Shortfall at the highest rate"),
    ("verdict", "Finding"),
)


def impact_csv(rows: Iterable[ImpactRow]) -> str:
    """The adverse impact table as CSV, with the same words and suppressions as the page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _, label in IMPACT_COLUMNS])
    for row in rows:
        writer.writerow([getattr(row, name) for name, _ in IMPACT_COLUMNS])
    return out.getvalue()
