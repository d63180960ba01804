"""Equal-opportunity reports for compliance staff: counts per stage reached, adverse impact.

Only aggregates leave this module (never a name, an application id or one person's
answers), and only compliance handlers call it: no recruiter query reads ``eeo_answer``.

Counts of 1 to 4 are suppressed, and a second cell in the same row or column is
suppressed with them, so that the row or column total cannot give the hidden cell back
(complementary suppression, as statistics offices publish small-area tables). A zero is
shown: it names nobody.

Adverse impact follows the Uniform Guidelines (29 CFR 1607.4(D)): a group's selection
rate under four fifths of the highest group's rate is a sign of adverse impact; we flag it
only when a statistical test agrees (Fisher's exact test p < 0.05, or |Z| > 2 for the
pooled two-proportion test), because with small numbers the ratio alone swings widely.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from scipy.stats import fisher_exact
from sqlmodel import Session, col, select

from careers_app.models import Application, EeoAnswer, Office, Posting, StageEvent
from careers_app.services import race_2024
from careers_app.services.reference import DECLINE, EEO_QUESTIONS, STAGES, Stage

SMALL = 5  # counts from 1 to SMALL - 1 are suppressed
DECLINED = "Declined to answer"
NOT_ANSWERED = "Not answered"
PRIMARY = "<5"  # a suppressed small count
COMPLEMENT = "—"  # a larger count hidden so totals cannot reveal a small one
FOUR_FIFTHS = 0.8
Z_LIMIT = 2.0
P_LIMIT = 0.05

# The path through the process; "rejected" is an exit, not a stage anyone is selected into.
FLOW: tuple[str, ...] = (
    Stage.APPLIED,
    Stage.RECRUITER_SCREEN,
    Stage.PHONE_INTERVIEW,
    Stage.ONSITE,
    Stage.OFFER,
    Stage.HIRED,
)
STAGE_LABELS: dict[str, str] = dict(STAGES)


# ----- suppression -----------------------------------------------------------------------------


def _small(n: int) -> bool:
    return 0 < n < SMALL


def suppress(grid: Sequence[Sequence[int]]) -> list[list[str]]:
    """What to show for each cell: the count, "<5" (small) or "—" (hidden to protect one).

    Repeats until every row and every column holds either no hidden cell or at least two,
    picking the smallest non-zero visible cell as the complement (a hidden zero would
    protect nothing once readers learn zeros are shown).
    """
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    shown: list[list[str]] = [[PRIMARY if _small(n) else str(n) for n in row] for row in grid]

    def hidden(r: int, c: int) -> bool:
        return shown[r][c] in (PRIMARY, COMPLEMENT)

    lines = [[(r, c) for c in range(cols)] for r in range(rows)]
    lines += [[(r, c) for r in range(rows)] for c in range(cols)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden(r, c) for r, c in line) != 1:
                continue
            visible = [(grid[r][c], r, c) for r, c in line if not hidden(r, c)]
            candidates = [v for v in visible if v[0] > 0] or visible
            if candidates:
                _, r, c = min(candidates)
                shown[r][c] = COMPLEMENT
                changed = True
    return shown


# ----- what the reports read -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    posting_id: int | None = None  # None: every posting
    submitted_from: date | None = None  # inclusive, UTC day
    submitted_to: date | None = None  # inclusive, UTC day


@dataclass(frozen=True)
class PostingChoice:
    id: int
    slug: str
    title: str
    label: str  # "Title · Office": one title is often posted in several offices


def posting_choices(*, session: Session) -> list[PostingChoice]:
    """Postings with at least one application, for the picker."""
    rows = session.exec(
        select(Posting.id, Posting.slug, Posting.title, Office.name)
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(col(Posting.id).in_(select(Application.posting_id)))
        .order_by(col(Posting.title), col(Office.name), col(Posting.id))
    ).all()
    return [PostingChoice(id=i or 0, slug=s, title=t, label=f"{t} · {o}") for i, s, t, o in rows]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def parse_filter(posting: str, date_from: str, date_to: str, *, session: Session) -> tuple[ReportFilter, str]:
    """The filter a shared URL asks for (posting slug, ISO dates), and what was wrong with it.

    Anything unreadable is dropped with a message rather than refused, so a mistyped link
    still shows a report, and says which part it ignored.
    """
    problems = []
    posting_id = None
    if posting:
        found = next((c for c in posting_choices(session=session) if c.slug == posting), None)
        if found is None:
            problems.append("That posting has no applications; showing all postings.")
        else:
            posting_id = found.id
    start, end = _day(date_from), _day(date_to)
    if (date_from and start is None) or (date_to and end is None):
        problems.append("A date was not a date (YYYY-MM-DD) and is ignored.")
    if start and end and start > end:
        problems.append("The range ends before it starts; showing the dates swapped.")
        start, end = end, start
    return ReportFilter(posting_id, start, end), " ".join(problems)


@dataclass(frozen=True)
class _Applicant:
    answers: dict[str, str]  # question field -> the one group (adverse impact)
    reached: frozenset[str]
    counted: dict[str, tuple[str, ...]] | None = None  # field -> every category counted, if not the group

    def categories(self, field: str) -> tuple[str, ...]:
        """The rows this person counts in (several for a 2024 race answer with several selections)."""
        if self.counted and field in self.counted:
            return self.counted[field]
        return (self.answers[field],)


def _declines(option: str) -> bool:
    """The seed's decline option, and gender's "Other or withhold / decline to disclose",
    which mixes a decline into its group: neither can stand for a group in a comparison."""
    return "decline to disclose" in option.lower()


def comparison_groups(field: str) -> tuple[str, ...]:
    """The answers of a question that stand for a group in adverse-impact comparisons.

    Race: the 1997 options, then the 2024 categories and "Multiracial/multiple" (a 2024
    answer with several selections; services/race_2024.py says why one group).
    """
    options = next(o for f, _, o in EEO_QUESTIONS if f == field)
    groups = tuple(o for o in options if not _declines(o))
    if field == RACE:
        groups += (*race_2024.LABELS.values(), race_2024.MULTIPLE)
    return groups


RACE = "race_ethnicity"


def _category(field: str, value: str) -> str:
    if not value:
        return NOT_ANSWERED
    if value == DECLINE:
        return DECLINED
    if field == RACE and race_2024.is_2024(value):
        return DECLINED if race_2024.declined(value) else race_2024.group(value) or NOT_ANSWERED
    return value


def _counted(values: dict[str, str]) -> dict[str, tuple[str, ...]] | None:
    """A 2024 race answer counts in every category selected (SPD 15 reporting)."""
    value = values.get(RACE, "")
    if race_2024.is_2024(value) and not race_2024.declined(value):
        return {RACE: race_2024.categories(value) or (NOT_ANSWERED,)}
    return None


def _applicants(filter_: ReportFilter, *, session: Session) -> list[_Applicant]:
    """Each application in range: its answers as report categories and every stage it reached."""
    where = []
    if filter_.posting_id is not None:
        where.append(col(Application.posting_id) == filter_.posting_id)
    if filter_.submitted_from is not None:
        where.append(col(Application.submitted_at) >= datetime.combine(filter_.submitted_from, time(), UTC))
    if filter_.submitted_to is not None:
        end = datetime.combine(filter_.submitted_to + timedelta(days=1), time(), UTC)
        where.append(col(Application.submitted_at) < end)
    fields = [name for name, _, _ in EEO_QUESTIONS]
    rows = session.exec(
        select(Application.id, Application.stage, *[getattr(EeoAnswer, f) for f in fields])  # type: ignore[call-overload]
        .outerjoin(EeoAnswer, col(EeoAnswer.application_id) == col(Application.id))
        .where(*where)
    ).all()
    events: dict[int, set[str]] = defaultdict(set)
    for app_id, to_stage in session.exec(
        select(StageEvent.application_id, StageEvent.to_stage)
        .join(Application, col(Application.id) == col(StageEvent.application_id))
        .where(*where)
    ).all():
        events[app_id].add(to_stage)
    result = []
    for app_id, stage, *values in rows:
        reached = {Stage.APPLIED.value, stage} | events.get(app_id, set())
        raw = {f: v or "" for f, v in zip(fields, values, strict=True)}
        answers = {f: _category(f, v) for f, v in raw.items()}
        result.append(_Applicant(answers=answers, reached=frozenset(reached), counted=_counted(raw)))
    return result


# ----- the EEO report: counts per category and stage reached ------------------------------------


@dataclass(frozen=True)
class ReportRow:
    category: str
    cells: tuple[str, ...]  # one per stage of FLOW, as shown (suppressed or not)


@dataclass(frozen=True)
class QuestionTable:
    field: str
    label: str
    rows: tuple[ReportRow, ...]
    totals: tuple[str, ...]  # applications that reached each stage (small ones suppressed)


def _categories(options: Iterable[str]) -> list[str]:
    return [o for o in options if o != DECLINE] + [DECLINED, NOT_ANSWERED]


def eeo_report(filter_: ReportFilter, *, session: Session) -> tuple[QuestionTable, ...]:
    """Per question: applications in each answer category that reached each stage."""
    return _tables(_applicants(filter_, session=session))


def _race_options(people: Sequence[_Applicant], options: tuple[str, ...]) -> list[str]:
    """The race rows: the 1997 options unless only 2024 answers exist, the 2024 categories
    if any 2024 answer exists (a site may switch standards within a reporting period)."""
    labels_2024 = set(race_2024.LABELS.values())
    found = {c for p in people for c in p.categories(RACE)}
    older = [o for o in options if o != DECLINE]
    if not found & labels_2024:
        return older
    rows = older if found & set(older) else []
    return rows + list(race_2024.LABELS.values())


def _tables(people: Sequence[_Applicant]) -> tuple[QuestionTable, ...]:
    tables = []
    for field, label, options in EEO_QUESTIONS:
        categories = _categories(_race_options(people, options) if field == RACE else options)
        grid = [[0] * len(FLOW) for _ in categories]
        index = {c: i for i, c in enumerate(categories)}
        for person in people:
            rows = {index.get(c, index[NOT_ANSWERED]) for c in person.categories(field)}
            for c, stage in enumerate(FLOW):
                if stage in person.reached:
                    for row in rows:
                        grid[row][c] += 1
        # People, not the sum of the rows: a 2024 race answer may count in several rows.
        totals = [sum(stage in p.reached for p in people) for stage in FLOW]
        shown = suppress([*grid, totals])
        tables.append(
            QuestionTable(
                field=field,
                label=label,
                rows=tuple(ReportRow(cat, tuple(shown[i])) for i, cat in enumerate(categories)),
                totals=tuple(shown[-1]),
            )
        )
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


def adverse_impact(filter_: ReportFilter, *, session: Session) -> tuple[ImpactRow, ...]:
    """Every step of the process, every question, every group that answered with an option.

    Declined and unanswered are not groups: nobody can be compared by an answer not given
    (nor by gender's "Other or withhold / decline to disclose", which mixes the two).
    An application passes a step if it reached the next stage or any later one.
    """
    return _impact(_applicants(filter_, session=session))


def _impact(people: Sequence[_Applicant]) -> tuple[ImpactRow, ...]:
    rows: list[ImpactRow] = []
    for before, after in pairwise(FLOW):
        step = f"{STAGE_LABELS[before]} → {STAGE_LABELS[after]}"
        later = set(FLOW[FLOW.index(after) :])
        for field, label, _options in EEO_QUESTIONS:
            counts: dict[str, list[int]] = {g: [0, 0] for g in comparison_groups(field)}
            for person in people:
                tally = counts.get(person.answers[field])
                if tally is None or before not in person.reached:
                    continue
                tally[0] += 1
                tally[1] += bool(person.reached & later)
            present = {g: c for g, c in counts.items() if c[0]}
            if len(present) < 2:
                continue
            judged = {g: c for g, c in present.items() if c[0] >= SMALL} or present
            ref = max(judged, key=lambda g: (judged[g][1] / judged[g][0], judged[g][0]))
            ref_n, ref_sel = present[ref]
            for group, (n, sel) in present.items():
                found = compare(sel, n, ref_sel, ref_n)
                small = n < SMALL
                ratio = found.impact_ratio
                rows.append(
                    ImpactRow(
                        question=label,
                        step=step,
                        group=group,
                        applicants=PRIMARY if small else str(n),
                        selected=PRIMARY if small else str(sel),
                        rate="" if small else _pct(found.rate),
                        impact_ratio="" if small or ratio is None else f"{ratio:.2f}",
                        fisher_p="" if small or found.fisher_p is None else f"{found.fisher_p:.3f}",
                        z="" if small or found.z is None else f"{found.z:.2f}",
                        shortfall="" if small or group == ref else f"{found.shortfall:.1f}",
                        verdict=REFERENCE if group == ref else found.verdict,
                    )
                )
    return tuple(rows)


def reports(
    filter_: ReportFilter, *, session: Session
) -> tuple[tuple[QuestionTable, ...], tuple[ImpactRow, ...]]:
    """Both reports from one read of the applications (the page shows both)."""
    people = _applicants(filter_, session=session)
    return _tables(people), _impact(people)


# ----- CSV export ------------------------------------------------------------------------------

CSV_KINDS = ("eeo", "impact")


def report_csv(tables: Iterable[QuestionTable]) -> str:
    """The EEO tables as one CSV, exactly as shown: suppressed cells stay "<5" or "—"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Question", "Answer", *[STAGE_LABELS[s] for s in FLOW]])
    for table in tables:
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
