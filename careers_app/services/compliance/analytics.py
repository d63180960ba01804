"""Funnel analytics for recruiters: volume, conversion, time in stage, time to hire, sources.

Only applications and their stage events are read: never ``eeo_answer`` (a test records
every SQL statement this module sends and checks). Figures are for the applications
*submitted* in the chosen period (a cohort), on one posting or on all of them.

Definitions (the page says them in words too):
- An application *reached* a stage if its history or current stage is that stage or any
  later stage of the flow (a card moved straight from Applied to Onsite reached the
  screens on the way, as far as conversion is concerned).
- Conversion from one stage to the next: reached the next / reached this one.
- Time in stage: from entering a stage to the application's next move, for stays that
  have ended (a card still waiting has no time yet); the median of those stays.
- Time to hire: from submission to the first move to Hired; median and 90th percentile
  (linear interpolation between the nearest ranks, as numpy's default).
- The flow is the posting's own stages without the exits (rejected, withdrawn); for all
  postings together, the default stages (postings with stages of their own count at the
  stages they share with it).
- Sources: an application blind screening masks for the hiring team now (the identity rule,
  services/visibility/identity.py) counts under "Not shown (blind screening)", not under its
  source, as the board's source filter leaves it out: a link made for one referral names its
  one applicant, and a one-day range on a blind posting did (issue 18's second attack run).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import sqlalchemy as sa
from sqlmodel import Session, col, select

from careers_app.models import Application, Office, Posting, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.applying import sources
from careers_app.services.platform.reference import EXIT_STAGES
from careers_app.services.postings.stages import StageDef, default_stages, labels_for, stages_for
from careers_app.services.visibility import identity

EXITS = frozenset(EXIT_STAGES)
MASKED_SOURCE = "(blind screening)"  # the source key of every masked application here
MASKED_LABEL = "Not shown (blind screening)"
MAX_WEEKS = 156  # three years of weekly bars at most: the most recent ones
DAY = 86_400.0


@dataclass(frozen=True)
class AnalyticsFilter:
    posting_id: int | None = None  # None: every posting
    submitted_from: date | None = None  # inclusive, UTC day
    submitted_to: date | None = None  # inclusive, UTC day


@dataclass(frozen=True)
class PostingOption:
    id: int
    slug: str
    label: str  # "Title · Office"


def posting_options(*, session: Session) -> list[PostingOption]:
    """Postings with at least one application, for the picker."""
    rows = session.exec(
        select(Posting.id, Posting.slug, Posting.title, Office.name)
        .join(Office, col(Office.id) == col(Posting.office_id))
        .where(col(Posting.id).in_(select(Application.posting_id)))
        .order_by(col(Posting.title), col(Office.name), col(Posting.id))
    ).all()
    return [PostingOption(id=i or 0, slug=s, label=f"{t} · {o}") for i, s, t, o in rows]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def parse_filter(
    posting: str, date_from: str, date_to: str, *, session: Session
) -> tuple[AnalyticsFilter, str]:
    """The filter a shared URL asks for (posting slug, ISO dates) and what was wrong with it.

    Anything unreadable is dropped with a message, so a mistyped link still shows figures.
    """
    problems = []
    posting_id = None
    if posting:
        found = next((p for p in posting_options(session=session) if p.slug == posting), None)
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
    return AnalyticsFilter(posting_id, start, end), " ".join(problems)


# ----- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekCount:
    week: str  # the Monday, ISO (2026-11-02)
    label: str  # "Nov 2"
    applications: int


@dataclass(frozen=True)
class Conversion:
    step: str  # "Applied → Recruiter screen"
    reached_this: int
    reached_next: int
    percent: float  # 0-100, one decimal; 0 when nobody reached this stage
    text: str  # "42.5 %" or "–"


@dataclass(frozen=True)
class StageTime:
    stage: str
    stays: int  # ended stays measured
    median_days: float  # one decimal; 0 when no stay has ended
    text: str  # "3.5 days" or "–"


@dataclass(frozen=True)
class SourceCount:
    source: str
    label: str
    applications: int
    percent: float


@dataclass(frozen=True)
class FunnelReport:
    applications: int
    weekly: tuple[WeekCount, ...]
    conversion: tuple[Conversion, ...]
    time_in_stage: tuple[StageTime, ...]
    hires: int
    hire_median_days: float | None
    hire_p90_days: float | None
    sources: tuple[SourceCount, ...]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation between closest ranks (numpy's
    default): rank p/100 * (n - 1), counted from 0."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(days: list[date], filter_: AnalyticsFilter, today: date) -> tuple[WeekCount, ...]:
    """One bar per week (Monday to Sunday, UTC), empty weeks included, across the range."""
    first = filter_.submitted_from or (min(days) if days else None)
    last = filter_.submitted_to or (max(days) if days else None)
    if first is None or last is None:
        return ()
    last = min(last, max(today, first))
    counts = Counter(_monday(d) for d in days)
    weeks = []
    week = _monday(first)
    while week <= last:
        weeks.append(week)
        week += timedelta(days=7)
    weeks = weeks[-MAX_WEEKS:]
    return tuple(WeekCount(w.isoformat(), f"{w:%b} {w.day}", counts.get(w, 0)) for w in weeks)


def _flow(filter_: AnalyticsFilter, session: Session) -> tuple[list[StageDef], dict[str, str]]:
    if filter_.posting_id is None:
        defs = default_stages()
        labels = {s.key: s.label for s in defs}
    else:
        defs = stages_for(filter_.posting_id, session=session)
        labels = labels_for(filter_.posting_id, session=session)
    return [s for s in defs if s.key not in EXITS and s.kind not in EXITS], labels


def _days(seconds: float) -> float:
    return round(seconds / DAY, 1)


def _day_text(days: float) -> str:
    return f"{days:.1f} day" + ("" if days == 1 else "s")


def _where(filter_: AnalyticsFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions on an application for the filter's posting and range of submission days."""
    where: list[sa.ColumnElement[bool]] = []
    if filter_.posting_id is not None:
        where.append(col(Application.posting_id) == filter_.posting_id)
    if filter_.submitted_from is not None:
        where.append(col(Application.submitted_at) >= datetime.combine(filter_.submitted_from, time(), UTC))
    if filter_.submitted_to is not None:
        end = datetime.combine(filter_.submitted_to + timedelta(days=1), time(), UTC)
        where.append(col(Application.submitted_at) < end)
    return where


def funnel(filter_: AnalyticsFilter, *, session: Session, now: datetime | None = None) -> FunnelReport:
    """Every figure of the analytics page for the applications submitted in the filter's range."""
    now = now or utcnow()
    where = _where(filter_)
    source = sa.case((identity.masked_clause(), sa.literal(MASKED_SOURCE)), else_=col(Application.source))
    apps = session.exec(
        select(Application.id, Application.stage, source, Application.submitted_at).where(*where)
    ).all()
    history: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for app_id, to_stage, at in session.exec(
        select(StageEvent.application_id, StageEvent.to_stage, StageEvent.at)
        .join(Application, col(Application.id) == col(StageEvent.application_id))
        # A stage "to itself" is a line in the history (corrected details, a revealed
        # identity), not a move: it must not split a stay in two.
        .where(
            *where,
            sa.or_(
                col(StageEvent.from_stage).is_(None), col(StageEvent.from_stage) != col(StageEvent.to_stage)
            ),
        )
        .order_by(col(StageEvent.application_id), col(StageEvent.at), col(StageEvent.id))
    ).all():
        history[app_id].append((to_stage, at))

    flow, labels = _flow(filter_, session)
    keys = [s.key for s in flow]
    position = {k: i for i, k in enumerate(keys)}
    reached = [0] * len(keys)
    stays: dict[str, list[float]] = defaultdict(list)
    hire_days: list[float] = []
    by_source: Counter[str] = Counter()
    for application_id, stage, source, submitted_at in apps:
        events = history.get(application_id or 0, [])
        seen = {to for to, _ in events} | {stage, keys[0] if keys else ""}
        furthest = max((position[s] for s in seen if s in position), default=-1)
        for i in range(furthest + 1):
            reached[i] += 1
        for (stage_in, entered), (_, left) in pairwise(events):
            if stage_in in position:
                stays[stage_in].append((left - entered).total_seconds())
        hired_at = next((at for to, at in events if to == "hired"), None)
        if hired_at is not None:
            hire_days.append((hired_at - submitted_at).total_seconds() / DAY)
        by_source[source] += 1

    conversion = []
    for i, (before, after) in enumerate(pairwise(keys)):
        this, nxt = reached[i], reached[i + 1]
        percent = round(100 * nxt / this, 1) if this else 0.0
        conversion.append(
            Conversion(
                step=f"{labels.get(before, before)} → {labels.get(after, after)}",
                reached_this=this,
                reached_next=nxt,
                percent=percent,
                text=f"{percent:.1f} %" if this else "–",
            )
        )
    times = []
    for key in keys:
        if key == "hired":
            continue  # an end, not a wait
        measured = stays.get(key, [])
        median = _days(statistics.median(measured)) if measured else 0.0
        times.append(
            StageTime(labels.get(key, key), len(measured), median, _day_text(median) if measured else "–")
        )
    total = len(apps)
    source_rows = tuple(
        SourceCount(s, MASKED_LABEL if s == MASKED_SOURCE else sources.label(s), n, round(100 * n / total, 1))
        for s, n in sorted(by_source.items(), key=lambda item: (-item[1], item[0]))
    )
    days = [submitted.date() for _, _, _, submitted in apps]
    return FunnelReport(
        applications=total,
        weekly=_weeks(days, filter_, now.date()),
        conversion=tuple(conversion),
        time_in_stage=tuple(times),
        hires=len(hire_days),
        hire_median_days=round(statistics.median(hire_days), 1) if hire_days else None,
        hire_p90_days=round(percentile(hire_days, 90), 1) if hire_days else None,
        sources=source_rows,
    )
