"""The one disclosure rule for equal-opportunity data: what any report may show.

Every equal-opportunity output (the stage tables, the adverse-impact table, its charts, both
CSVs, the response rates, the compliance page's state) reads its numbers from ``disclose``
and from nothing else, so one output cannot print what another hides.

Whom it protects against: anyone who may open the reports, including an admin who also
works the boards and so knows every application's posting, submission date and stages.
Application totals (per posting, period and stage) are therefore treated as public: they are
always shown and never protect anything. What such a reader must not learn is how many
people gave an answer, when that number is 1 to 4, whether read off one report or found by
subtracting two.

The rule, as implemented:

1. **Only whole closed periods.** A report covers one posting or all postings, over all time
   or one whole calendar quarter that has ended. A one-day difference between two reports
   (issue 18, leak 1) cannot be asked for: other ranges are refused over HTTP and snapped on
   the page. The quarter under way is refused too (the page shows all time and says when it
   will be reported): the reports read closed quarters only, each frozen the first time it
   is asked for, as of its end (``services/compliance/eeo_snapshots.py``), so the same report
   downloaded before and after one card move, one new application or one erasure is the
   same report.
2. **One marker.** Every hidden count prints as ``HIDDEN`` ("—") whatever its value: 0, 1 to
   4 or five and more. (Two markers, "<5" and "—" for five or more, could not be made safe:
   with 5 hires in all postings, all of them not answering a question, that row's cell is
   "5" or "—", 5 or more, so exactly 5 either way, every other answer 0 in every posting, and
   a posting's one hire is named. Review of 2f9d891.)
3. **Decided over every report at once, and every report downloaded before.** The
   counts of every report a user may ask for (each posting and all postings, each quarter
   with applications and all time) are built together with those of every all-time report a
   user may have downloaded in the past: all time as of the end of each earlier closed
   quarter k, C_k = C_(k-1) + Q_k, each posting and all postings (not offered now: "all time"
   grew by a whole quarter at each quarter's end, and all time now minus all time then is
   the quarters in between, whose own reports may hide their counts). Every report offered
   at an earlier quarter's end (each quarter closed then, all time then, each posting and all
   postings, and the response rates) was decided by this rule then, the same way, over the
   quarters closed then (they are frozen, so it is what was downloaded); a reader may have
   kept every cell it showed. So none of them is decided again: each cell stays as it was,
   shown or hidden (a quarter's report, once offered, keeps every count as it was; only a
   race category's row that nobody had chosen may come or go, all zeros), and none is chosen
   as a cover now. Only the cells new at this quarter's end are decided: the newest quarter's
   (each posting and all postings), all time now's, and the response rates now. Where the
   passes below would hide a cell decided before (what the new cells show narrows an old
   hidden one: they are tied to the old ones through all time now, the sum of every
   quarter), the new cells hide instead: all time now's cells of that row (each posting
   whose old cell it is, and all postings), then, if that is still not enough, every cell of
   all time now and its response counts, which leaves the old cells as the previous decision
   left them. A count is hidden when:
   - **small:** it is 1 to 4;
   - **differencing:** a report whose applications contain another's (all postings and one
     posting; all time and a quarter; all time now and all time downloaded before; both at
     once) would give, by subtraction, a count of
     1 to 4 (of people with that answer, or of people without it, among those in one report
     and not the other: this also stops naming one person by elimination). The larger
     report's cell is hidden, so that one posting's or one quarter's report, where adverse
     impact is judged, keeps its counts (a report decided before holds only reports decided
     before, so the larger one is new whenever the smaller one is). The same holds between two
     stages of one row (applied minus screened counts the people who stopped there: the
     adverse-impact table's "not selected"), and between a 2024 race category and the
     adverse-impact group of those who chose it alone. A zero hidden in a smaller report is
     hidden in the larger one too (its 0 would say every smaller report's cell is 0, undoing
     the cover: the review of 2f9d891);
   - **complementary disclosure, over all reports together:** ``eeo_solver.bounds`` is the
     attacker's interval solver: each shown count is exact, each hidden one 0 or more, and
     every relation a reader has narrows them until nothing changes: every sum (a question's
     answers to the column's public total, the postings to all postings, the quarters to all
     time, and to all time as of each earlier quarter's end); every row (a reached count
     never grows along the stages); every stage's drop (its public total minus the next
     stage's is the people who stopped there, each in one answer of every question, so per
     question the answers' drops add up to it); every subset (a
     2024 race group within its category; the people who answered no question, whom the
     response rates count per posting, within every question's "Not answered"; the response
     rates downloaded at each earlier quarter's end too: one that an earlier one shown would
     give away by subtraction is hidden); a column
     with a public total of 0 (every cell 0, shown); and, without any 2024 race answer, the
     2024 groups (0: the table has no such rows). Wherever a hidden cell comes out as one
     value from 1 to 4, or as 0 (a zero is someone's cover) unless that 0 is already known
     for five people or more (below), one more cell of that sum is hidden: a zero first (it
     costs nothing), then a non-answer, then, only in a pass where nothing cheaper was hidden
     anywhere, the smallest answer, so that adverse impact keeps the answers it compares. A
     response count that would pin a hidden "Not answered" is hidden instead;
   - **small groups (1 to 4 people) show no zeros of their own:** a reader can isolate a group
     of 1 to 4 people (whom a board user can name) as a column (one report's stage, e.g. the
     two people at Onsite of one posting), a report minus one it contains (all postings minus
     one posting, all time minus a quarter, at one stage), or a stage minus a later one (who
     stopped between them). Of such a group, no answer may be known to have nobody (a shown
     0, or one worked out by the solver above): that narrows each of them to the other
     answers. Unless the same 0 is already known for groups of five or more holding them:
     each posting's applications in each quarter among them are in a column of five or more
     showing that answer as 0 (their posting or all postings, their quarter or all time, at
     that stage or an earlier one, or a later one the same people all reached; e.g. the
     Applied column of that row). Such a zero tells nothing about the few that it does not
     tell about five or more, and stays. Otherwise the zero is hidden (zeros first, as
     everywhere); a difference worked out as 0 hides the larger report's cell or the later
     stage's, or, with both hidden, the nearest shown count of the row that bounds them.
   - **a question nobody was asked is not counted, it is the totals:** when nobody in all
     postings over all time gave a question any answer (nor declined it: gender identity,
     sexual orientation or branch of service, where a form or an import did not ask them),
     and they are five or more, its "Not answered" row is each column's public total and
     every other row 0, in every report alike (``eeo_solver.unasked``). That is the
     homogeneous case (five or more, all with one answer), and hiding those cells protected
     nothing: a reader worked the hidden "Not answered" of a small later stage back out of
     the zeros shown at Applied (a 3 in one posting's quarter, before this rule). So they are
     shown exactly in the solver's model, and the page and the EEO CSV say "not asked" instead
     of printing the rows (``Disclosures.not_asked``: the same for every report of one
     decision, so no report's "not asked" tells anything another's does not; adverse impact
     has no group of it to compare). That holds
     where every earlier decision showed them too; where one hid some (there were fewer
     than five then, and "none of them answered" was theirs to keep), every new cell of the
     question is hidden, so nothing narrows the old ones. Once someone answers it, it is
     counted like any other question, and the old cells stay as shown;
   - **a sum of shown cells is shown:** a new cell that is the sum of shown cells (all
     postings of shown postings, all time of shown quarters) is known to a reader already,
     so it is shown (e.g. all time now of an empty newest quarter and an old quarter that
     showed a question nobody was asked as the totals).
   The passes repeat until nothing changes; hiding only ever grows, so it ends.
4. **Statistics only from shown counts.** Consumers get the text of a cell and, when it is
   shown, its exact count; nothing else. Rates, ratios and tests are computed from shown
   counts only, so they are exact where shown and absent where a count behind them is hidden.

What this claims: no hidden count can be worked out as a single value from 1 to 4, no hidden
zero as 0 unless five or more holding it are known to have none, and no group of 1 to 4
people a reader can isolate is known to lack an answer that five or more holding them are
not, by interval reasoning over every report together and the response rates
(``tests/seams/test_eeo_disclosure_solver.py`` runs that attacker, written apart from this
module, over the demo board and over generated applicants, with a small late stage among
them).

What it does not claim: an exact integer or linear-programming audit (interval reasoning is
what the attacks used, and it is sound but not complete); the "homogeneous" case is allowed
by design: when five or more people all gave one answer, each of them is known to have it.

Across time: the reports count frozen closed quarters only (``services/compliance/eeo_snapshots.py``),
so two downloads of one report between two quarter ends are the same report. At a quarter's
end the reports grow by that whole quarter and "all time" by exactly that quarter; every
report offered before stays as it was then, and only the new cells are decided, knowing all
of them (rule 3). So a quarter's report downloaded at any later quarter's end shows and
hides what it did at its own (``tests/seams/test_eeo_cumulative.py``, on the real path; all
time before and after a quarter closes gives no hidden count away there too). The attacker
holding every report downloaded at each earlier quarter's end (each quarter's and all
time's, each posting's and all postings', and the response rates then) finds nothing on the
generated sets of ``tests/seams/test_eeo_disclosure_solver.py`` with its printed seed, nor
on the set that gave back a hidden 3 before this was so (``tests/eeo_data.KEPT_QUARTERS``).
The hidden "Not answered" of a question nobody was asked, which that attacker pinned on
hypothesis's small sets (``NOT_ASKED_LEAK`` there), is no longer hidden: it is the totals
(rule 3, a question nobody was asked). Still open: the attacker without the earlier
downloads flags zeros of a small column that are shown because an earlier all-time report
showed the same 0 for five or more (which it does not hold).

What that costs: the covers a new quarter needs come from the new cells only, so all time
now may hide more than it would alone (where the new quarter would narrow an old hidden
cell, all time now's row, or all of it, is hidden). If even that left an old cell narrowed,
the rule stops there rather than change an old report. That happens: on generated data of
12 postings and 60 applications a quarter, three of the eight quarter ends left one old line
that no new cell could cover (whether the attacker can use it, and whether the open sets
above are such, is not yet known).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

from careers_app.services.candidates import race_2024
from careers_app.services.compliance.eeo_solver import SMALL as SMALL  # the reports and pages read it here
from careers_app.services.compliance.eeo_solver import Layout, _Array, _Mask, cumulative, suppress, unasked
from careers_app.services.platform.reference import DECLINE, EEO_QUESTIONS, STAGES, Stage

HIDDEN = "—"  # every hidden count, whatever its value (0, 1 to 4, or five or more)
PRIMARY = COMPLEMENT = HIDDEN  # the names the pages and reports use
DECLINED = "Declined to answer"
NOT_ANSWERED = "Not answered"
RACE = "race_ethnicity"

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


# ----- what a user may ask for -----------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    posting_id: int | None = None  # None: every posting
    submitted_from: date | None = None  # a quarter's first day (UTC), or None: all time
    submitted_to: date | None = None  # that quarter's last day, or None


@dataclass(frozen=True)
class PeriodChoice:
    code: str  # "2026-Q3"; "" is all time
    label: str  # "2026 Q3 (July–September)"
    date_from: str
    date_to: str


PERIOD_RULE = (
    "Reports cover all time (every closed quarter) or one whole calendar quarter that has ended "
    "(from its first day to its last), so that no two reports differ by a few people."
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter holding ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    after = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, date.fromordinal(after.toordinal() - 1)


def next_quarter(start: date) -> date:
    """The first day of the quarter after the one holding ``start``."""
    return date.fromordinal(quarter_of(start)[1].toordinal() + 1)


def _long_day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def pending(start: date) -> str:
    """Why the quarter holding ``start`` (under way, or still to come) has no report yet, and
    when it will (the CSV routes' refusal, and the page's line beside the picker)."""
    first = quarter_of(start)[0]
    return (
        f"{first.year} Q{(first.month - 1) // 3 + 1} is reported once it ends, on "
        f"{_long_day(next_quarter(first))}: reports only count closed quarters, so no two "
        "downloads differ by one person."
    )


def _closed(start: date, today: date | None) -> bool:
    return quarter_of(start)[1] < (today or datetime.now(UTC).date())


def period_choice(start: date) -> PeriodChoice:
    first, last = quarter_of(start)
    q = (first.month - 1) // 3 + 1
    label = f"{first.year} Q{q} ({_MONTHS[first.month - 1]}–{_MONTHS[last.month - 1]})"
    return PeriodChoice(f"{first.year}-Q{q}", label, first.isoformat(), last.isoformat())


ALL_TIME = PeriodChoice("", "All time", "", "")


def period_from_code(code: str) -> PeriodChoice:
    """A quarter chosen on the page ("2026-Q3"); anything else is all time."""
    year, _, q = code.partition("-Q")
    if len(year) == 4 and year.isdigit() and q in ("1", "2", "3", "4") and 1 <= int(year) <= 9998:
        return period_choice(date(int(year), 3 * int(q) - 2, 1))
    return ALL_TIME


def _day(text: str) -> date | None:
    """A date in a quarter that has a next one (year 9999 has none: not a date here)."""
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
    return day if day is not None and day.year <= 9998 else None


def check_period(
    date_from: str, date_to: str, *, today: date | None = None
) -> tuple[tuple[date | None, date | None] | None, str]:
    """The period a request names exactly (for the CSV routes: anything else is refused, and
    so is the quarter under way or one to come: ``today`` defaults to today, UTC)."""
    if not date_from and not date_to:
        return (None, None), ""
    start, end = _day(date_from), _day(date_to)
    if start is not None and end is not None and quarter_of(start) == (start, end):
        if not _closed(start, today):
            return None, pending(start)
        return (start, end), ""
    return None, PERIOD_RULE + " For example from=2026-07-01&to=2026-09-30, or neither."


def snap_period(
    date_from: str, date_to: str, *, today: date | None = None
) -> tuple[tuple[date | None, date | None], str]:
    """The period the page shows for what a link asks (the quarter of its first readable date;
    all time instead of a quarter that has not ended), and what it changed."""
    exact, _ = check_period(date_from, date_to, today=today)
    if exact is not None:
        return exact, ""
    start, end = _day(date_from), _day(date_to)
    if start is None and end is None:
        return (None, None), "A date was not a date (YYYY-MM-DD) and is ignored; showing all time."
    choice = period_choice(start or end)  # type: ignore[arg-type]
    first = date.fromisoformat(choice.date_from)
    if not _closed(first, today):  # the page says when it will be, beside the picker
        return (
            None,
            None,
        ), f"{choice.label.split(' (')[0]} has not ended, so it has no report yet. Showing all time."
    return (first, date.fromisoformat(choice.date_to)), f"{PERIOD_RULE} Showing {choice.label}."


# ----- who is counted, and where ---------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    """One application as the reports see it: no name, no id."""

    posting_id: int
    submitted: date  # UTC day
    furthest: int  # index in FLOW of the furthest stage reached or moved past
    answers: Mapping[str, str]  # field -> stored value ("" when not answered)


Row = tuple[str, str, str]  # (field, kind, name); kind: "row" (stage table), "group" (adverse impact only)
TOTAL: Row = ("", "total", "All applications")
NOTHING: Row = ("", "nothing", "Answered no question")  # shown only as the response rates


def _category(field: str, value: str, options: Sequence[str]) -> str:
    if not value:
        return NOT_ANSWERED
    if value == DECLINE:
        return DECLINED
    if field == RACE and race_2024.is_2024(value):
        return DECLINED if race_2024.declined(value) else race_2024.group(value) or NOT_ANSWERED
    return value if value in options else NOT_ANSWERED


def _places(field: str, value: str, options: Sequence[str]) -> tuple[Row, tuple[Row, ...]]:
    """The one row a person is in for the additive line (and adverse impact), and the stage
    table rows they count in (several for a 2024 race answer with several categories)."""
    category = _category(field, value, options)
    if field == RACE and race_2024.is_2024(value) and category not in (DECLINED, NOT_ANSWERED):
        counted = tuple((field, "row", c) for c in race_2024.categories(value))
        return (field, "group", category), counted
    return (field, "row", category), ((field, "row", category),)


def _table_rows(people: Sequence[Respondent]) -> dict[str, tuple[str, ...]]:
    """Each question's stage-table rows. Race: the 1997 options unless only 2024 categories
    were chosen, the 2024 categories if any was (from every application, so that all reports
    share their rows and a row's presence tells nothing about one report's people)."""
    options = {field: opts for field, _, opts in EEO_QUESTIONS}
    chosen = {row[2] for p in people for row in _places(RACE, p.answers.get(RACE, ""), options[RACE])[1]}
    labels = list(race_2024.LABELS.values())
    rows = {}
    for field, _, opts in EEO_QUESTIONS:
        answers = [o for o in opts if o != DECLINE]
        if field == RACE and chosen & set(labels):
            answers = (answers if chosen & set(answers) else []) + labels
        rows[field] = (*answers, DECLINED, NOT_ANSWERED)
    return rows


def _race_groups() -> tuple[str, ...]:
    return (*race_2024.LABELS.values(), race_2024.MULTIPLE)


@dataclass(frozen=True)
class Disclosure:
    """What one report may show: per row and stage, the text, and the count where shown."""

    table_rows: Mapping[str, tuple[str, ...]]  # per question field, the stage table's rows
    cells: Mapping[Row, tuple[str, ...]]  # per row, one text per stage of FLOW
    not_asked: frozenset[str] = frozenset()  # questions nobody was asked: "Not answered" is the totals

    def text(self, row: Row, stage: int) -> str:
        return self.cells.get(row, ("0",) * len(FLOW))[stage]

    def count(self, row: Row, stage: int) -> int | None:
        """The exact count, or None when it is hidden (never the hidden value)."""
        shown = self.text(row, stage)
        return int(shown) if shown.isdigit() else None

    def group_row(self, field: str, group: str) -> Row:
        """Where an adverse-impact group's counts are: its stage-table row, when it has one."""
        if field == RACE and group in _race_groups():
            return (field, "group", group)
        return (field, "row", group)


@dataclass(frozen=True)
class Disclosures:
    """Every report a user may ask for, each cell decided once (see the module docstring)."""

    table_rows: Mapping[str, tuple[str, ...]]
    postings: Mapping[int, int]  # posting id -> index
    quarters: Mapping[date, int]  # quarter's first day -> index
    rows: tuple[Row, ...]
    values: _Array  # (posting..., all) x (quarter..., all time as of each one's end) x row x stage
    hidden: _Mask
    response: Mapping[int, tuple[int, str]]  # posting id -> (applications, answered as shown)
    not_asked: frozenset[str] = frozenset()  # rule 3: nobody was asked; every report alike

    def report(self, filter_: ReportFilter) -> Disclosure:
        """The cells of one report; a posting or quarter without applications is all zeros."""
        p = len(self.postings) if filter_.posting_id is None else self.postings.get(filter_.posting_id)
        if filter_.submitted_from is None:
            q: int | None = self.values.shape[1] - 1  # all time now (earlier ones: not offered)
        else:
            q = self.quarters.get(quarter_of(filter_.submitted_from)[0])
        if p is None or q is None:
            return Disclosure(self.table_rows, {}, self.not_asked)
        cells = {}
        for r, row in enumerate(self.rows):
            cells[row] = tuple(
                _shown(int(n), bool(h))
                for n, h in zip(self.values[p, q, r], self.hidden[p, q, r], strict=True)
            )
        return Disclosure(self.table_rows, cells, self.not_asked)

    def answered(self, posting_id: int) -> tuple[int, str]:
        """A posting's applications (public) and how many answered a question, as shown:
        hidden when it, or the number who answered nothing, is 1 to 4, or when it would pin
        a hidden "Not answered" (everyone who answered nothing is in each of them)."""
        return self.response.get(posting_id, (0, "0"))

    def periods(self) -> list[PeriodChoice]:
        """All time, then each quarter with applications, newest first."""
        return [ALL_TIME, *(period_choice(start) for start in sorted(self.quarters, reverse=True))]


def _shown(n: int, hidden: bool) -> str:
    if not hidden:
        return str(n)
    return HIDDEN


def disclose(people: Sequence[Respondent]) -> Disclosures:
    """Count every report a user may ask for and decide, once, what each may show, knowing
    what every report showed at each earlier quarter's end (decided the same way, over the
    quarters closed then: the quarters are frozen, so it is what was downloaded then). Each
    decision starts from the one before it, so the earlier reports are decided again in
    order, each knowing its own past."""
    starts = sorted({quarter_of(p.submitted)[0] for p in people})
    before: Disclosures | None = None
    for start in starts[:-1]:
        before = _decide([p for p in people if quarter_of(p.submitted)[0] <= start], before)
    return _decide(people, before)


def _past(
    before: Disclosures | None, postings: Mapping[int, int], rows: Sequence[Row], stages: int
) -> tuple[_Mask, _Mask]:
    """What the decision at the previous quarter's end hid, on this decision's axes: (posting...,
    all) x (its quarters, then all time as of each of their ends) x row x stage, and its
    response counts (posting x its all-time reports). A row or posting it did not have was
    all zeros there (shown: the report had no such row, or the posting no applications)."""
    if before is None:
        return np.zeros((len(postings) + 1, 0, len(rows), stages), dtype=np.bool_), np.zeros(
            (len(postings), 0), dtype=np.bool_
        )
    periods = before.values.shape[1]
    past = np.zeros((len(postings) + 1, periods, len(rows), stages), dtype=np.bool_)
    quiet = np.zeros((len(postings), periods - len(before.quarters)), dtype=np.bool_)
    where = {row: i for i, row in enumerate(before.rows)}
    mine = [r for r, row in enumerate(rows) if row in where]
    theirs = [where[rows[r]] for r in mine]
    for pid, i in [*postings.items(), (None, len(postings))]:
        pi = len(before.postings) if pid is None else before.postings.get(pid)
        if pi is None:
            continue
        past[i][:, mine] = before.hidden[pi][:, theirs]
        if pid is not None:
            quiet[i] = before.hidden[pi, len(before.quarters) :, where[NOTHING], 0]
    return past, quiet


def _decide(people: Sequence[Respondent], before: Disclosures | None) -> Disclosures:
    table_rows = _table_rows(people)
    rows: list[Row] = [TOTAL]
    lines: list[list[Row]] = []
    options = {field: opts for field, _, opts in EEO_QUESTIONS}
    for field, _, _ in EEO_QUESTIONS:
        own = [(field, "row", name) for name in table_rows[field]]
        rows += own
        if field == RACE and set(race_2024.LABELS.values()) & set(table_rows[field]):
            # without a 2024 answer its groups are not rows at all: all 0, as the table says
            groups = [(field, "group", g) for g in _race_groups()]
            rows += groups
            lines.append([r for r in own if r[2] not in race_2024.LABELS.values()] + groups)
        else:
            lines.append(own)
    rows.append(NOTHING)
    index = {row: i for i, row in enumerate(rows)}
    postings = {pid: i for i, pid in enumerate(sorted({p.posting_id for p in people}))}
    quarters = {start: i for i, start in enumerate(sorted({quarter_of(p.submitted)[0] for p in people}))}
    np_, nq, nr, ns = len(postings), len(quarters), len(rows), len(FLOW)
    cum = cumulative(nq)  # all time as of each quarter's end: the last is all time now
    periods = nq + len(cum)

    stopped = np.zeros((np_ + 1, periods, nr, ns), dtype=np.int64)  # by the furthest stage
    at: list[list[int]] = [[], [], [], []]
    for person in people:
        places = {TOTAL} if any(person.answers.values()) else {TOTAL, NOTHING}
        for field, _, _ in EEO_QUESTIONS:
            one, counted = _places(field, person.answers.get(field, ""), options[field])
            places |= {one, *counted}
        for place in places:
            for axis, i in enumerate(
                (
                    postings[person.posting_id],
                    quarters[quarter_of(person.submitted)[0]],
                    index[place],
                    person.furthest,
                )
            ):
                at[axis].append(i)
    np.add.at(stopped, tuple(np.asarray(a, dtype=np.intp) for a in at), 1)
    values = np.flip(np.cumsum(np.flip(stopped, axis=3), axis=3), axis=3)  # reached = stopped there or later
    for k, c in enumerate(cum):  # C_k = C_(k-1) + Q_k
        values[:np_, c] = values[:np_, : k + 1].sum(axis=1)
    values[np_] = values[:np_].sum(axis=0)
    now = periods - 1

    layout = Layout(
        total=index[TOTAL],
        lines=tuple(tuple(index[r] for r in line) for line in lines),
        answer=tuple(
            kind in ("row", "group") and name not in (DECLINED, NOT_ANSWERED) for _, kind, name in rows
        ),
        pairs=tuple(
            (index[(RACE, "row", g)], index[(RACE, "group", g)])
            for g in race_2024.LABELS.values()
            if (RACE, "row", g) in index
        ),
        nothing=index[NOTHING],
        not_answered=tuple(index[(field, "row", NOT_ANSWERED)] for field, _, _ in EEO_QUESTIONS),
        quarters=nq,
    )
    if before is not None:  # its quarters are this decision's, but for the newest one
        assert list(before.quarters) == list(quarters)[: nq - 1]
    past, past_quiet = _past(before, postings, rows, ns)
    hidden = suppress(values, layout, past, past_quiet)
    response = {  # per posting, all time: applications (public), and who answered any question
        pid: (
            int(values[i, now, layout.total, 0]),
            _shown(int(values[i, now, layout.total, 0] - values[i, now, layout.nothing, 0]),
                   bool(hidden[i, now, layout.nothing, 0])),
        )
        for pid, i in postings.items()
    }  # fmt: skip
    # a question nobody was asked, shown as the totals in every report (rule 3): the pages and
    # the CSV say so instead of printing its rows (each is 0, or the column's total)
    derived = unasked(values, layout)[0, 0, :, 0]
    not_asked = frozenset(
        field
        for (field, _, _), line_rows in zip(EEO_QUESTIONS, layout.lines, strict=True)
        if derived[list(line_rows)].all() and not hidden[:, :, list(line_rows)].any()
    )
    return Disclosures(table_rows, postings, quarters, tuple(rows), values, hidden, response, not_asked)
