"""What the equal-opportunity reports count: closed calendar quarters, each frozen once.

Why: the disclosure rule (``services/compliance/eeo_disclosure.py``) hides what any set of reports
asked for at one time would give away, but it cannot compare a report with the same report
downloaded earlier. Counted from live data, a report changed by exactly one person whenever
an admin (who works the boards and knows every applicant) moved one card, saw one new
application arrive or erased one person; the cells that changed by one were that person's
answers. So the reports count only closed calendar quarters (UTC), and each is counted once:

- **Closed quarters only.** The quarter under way is not reported (the CSV routes refuse
  it, the page says when it will be); "all time" is the sum of the closed quarters.
- **Frozen the first time a report is asked for after the quarter ended** (``respondents``;
  the maintenance run freezes it too, see ``freeze_closed``). Counted are the applications
  SUBMITTED in the quarter, each at the furthest stage of ``FLOW`` its stage history
  reached BY THE QUARTER'S END (stage events up to its last instant; everyone has applied).
  Once written a quarter never changes: later moves, new applications and erasures do not
  alter it, so between two quarter ends every report reads the same, whoever downloads it
  when.
- **Only what the rule needs, aggregated** (``models/eeo_snapshots.py``): per quarter,
  posting, furthest stage and set of answers, a count. No application, candidate or person
  id, so erasure (``services/privacy/erasure.py``) has nothing to find here and does not touch it:
  like any published statistic, a frozen quarter keeps the anonymous counts an erased
  person was part of (their answers are gone from everywhere else). A quarter frozen after
  someone's erasure counts their application as not answered (their answers are gone).
- **Two first requests at once** both count the quarter, but its first day is unique: the
  second insert fails, its savepoint is rolled back, and it reads the first one's counts.

``respondents`` expands the counts into ``eeo_disclosure.Respondent`` objects (submitted:
the quarter's first day), so the disclosure rule works unchanged over closed quarters.

Left open: the set of reports grows by a whole quarter at each quarter's end, and the rule
then decides again over every report. It knows every all-time report shown at an earlier
quarter's end (all time grows by exactly the new quarter: ``services/compliance/eeo_disclosure.py``,
rule 3), but a cell of an older QUARTER's report shown before and hidden after (as a cover
for the new quarter) is not remembered as already shown. A quarter with
no applications is not written; a row dated later into a closed quarter (an import; the app
itself only dates applications now) is ignored if that quarter is frozen, and starts it if
it had none. An erasure between a quarter's end and its freezing is counted (nobody saw the
quarter before), which is why the maintenance run freezes it within minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from careers_app.models import Application, EeoAnswer, EeoQuarter, EeoQuarterCount, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.compliance.eeo_disclosure import FLOW, Respondent, next_quarter, quarter_of
from careers_app.services.platform.reference import EEO_FIELDS


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def open_quarter(now: datetime) -> date:
    """The first day of the quarter under way (UTC): it and later ones are not reported."""
    return quarter_of(now.astimezone(UTC).date())[0]


def _count(start: date, *, session: Session) -> Counter[tuple[Any, ...]]:
    """(posting, furthest stage by the quarter's end, answers...) -> applications submitted
    in the quarter starting on ``start``."""
    begin, end = _instant(start), _instant(next_quarter(start))
    in_quarter = (col(Application.submitted_at) >= begin, col(Application.submitted_at) < end)
    rows: Sequence[Any] = session.exec(
        select(Application.id, Application.posting_id, *[getattr(EeoAnswer, f) for f in EEO_FIELDS])
        .outerjoin(EeoAnswer, col(EeoAnswer.application_id) == col(Application.id))
        .where(*in_quarter)
    ).all()
    furthest: dict[int, int] = {}
    events = session.exec(
        select(StageEvent.application_id, StageEvent.to_stage)
        .join(Application, col(Application.id) == col(StageEvent.application_id))
        .where(*in_quarter, col(StageEvent.at) < end, col(StageEvent.to_stage).in_(FLOW))
    ).all()
    for app_id, to_stage in events:
        furthest[app_id] = max(furthest.get(app_id, 0), FLOW.index(to_stage))
    return Counter(
        (posting_id, furthest.get(app_id, 0), *(v or "" for v in values))
        for app_id, posting_id, *values in rows
    )


def freeze_quarter(start: date, *, session: Session) -> bool:
    """Write the counts of the closed quarter starting on ``start``; False when another
    request wrote it first (its counts stand, and nothing of this one's is kept)."""
    try:
        with session.begin_nested():
            quarter = EeoQuarter(quarter_start=start)
            session.add(quarter)
            session.flush()  # the unique first day: the loser of a race stops here
            assert quarter.id is not None
            for (posting_id, furthest, *values), n in sorted(_count(start, session=session).items()):
                answers = dict(zip(EEO_FIELDS, values, strict=True))
                session.add(
                    EeoQuarterCount(
                        quarter_id=quarter.id,
                        posting_id=posting_id,
                        furthest=furthest,
                        applications=n,
                        **answers,
                    )
                )
            session.flush()
    except IntegrityError:
        return False
    return True


def freeze_closed(*, session: Session, now: datetime | None = None) -> int:
    """Freeze every closed quarter with applications that is not frozen yet; how many were
    written. (A quarter without applications is not written: nothing would be reported.)"""
    current = open_quarter(now or utcnow())
    first = session.exec(select(func.min(Application.submitted_at))).one()
    if first is None:
        return 0
    frozen = set(session.exec(select(col(EeoQuarter.quarter_start))).all())
    written = 0
    start = quarter_of(first.astimezone(UTC).date())[0]
    while start < current:
        if start not in frozen and _has_applications(start, session=session):
            written += freeze_quarter(start, session=session)
        start = next_quarter(start)
    return written


def _has_applications(start: date, *, session: Session) -> bool:
    begin, end = _instant(start), _instant(next_quarter(start))
    found = session.exec(
        select(Application.id)
        .where(col(Application.submitted_at) >= begin, col(Application.submitted_at) < end)
        .limit(1)
    ).first()
    return found is not None


def respondents(*, session: Session, now: datetime | None = None) -> list[Respondent]:
    """Every application of every closed quarter as the frozen counts hold it (submitted: its
    quarter's first day), freezing the quarters that closed since the last report."""
    current = open_quarter(now or utcnow())
    freeze_closed(session=session, now=now)
    rows: Sequence[Any] = session.exec(
        select(
            col(EeoQuarter.quarter_start),
            EeoQuarterCount.posting_id,
            EeoQuarterCount.furthest,
            EeoQuarterCount.applications,
            *[getattr(EeoQuarterCount, f) for f in EEO_FIELDS],
        )
        .join(EeoQuarter, col(EeoQuarter.id) == col(EeoQuarterCount.quarter_id))
        .where(col(EeoQuarter.quarter_start) < current)
        .order_by(col(EeoQuarterCount.id))
    ).all()
    result = []
    for start, posting_id, furthest, n, *values in rows:
        person = Respondent(
            posting_id=posting_id,
            submitted=start,
            furthest=furthest,
            answers=dict(zip(EEO_FIELDS, values, strict=True)),
        )
        result.extend([person] * n)
    return result


def frozen_postings(*, session: Session, now: datetime | None = None) -> set[int]:
    """Postings with applications in a reported (closed) quarter (freezing those that closed
    since the last report, so the picker and the reports agree)."""
    current = open_quarter(now or utcnow())
    freeze_closed(session=session, now=now)
    return set(
        session.exec(
            select(EeoQuarterCount.posting_id)
            .join(EeoQuarter, col(EeoQuarter.id) == col(EeoQuarterCount.quarter_id))
            .where(col(EeoQuarter.quarter_start) < current)
            .distinct()
        ).all()
    )
