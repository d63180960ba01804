"""Demo applications: people from many places, real one-page resume PDFs, plausible histories.

Seeded, so the demo looks the same on every machine. Also loads thousands of
applications onto one posting for benchmarks.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, col, func, select

from careers_app.demo import resumes
from careers_app.demo.content import people
from careers_app.demo.impact import IMPACT_SLUG, add_impact_cohort
from careers_app.demo.postings import SEED_SLUG
from careers_app.devtools.pdfs import make_resume
from careers_app.models import Application, Candidate, EeoAnswer, Posting, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.board.pipeline import REJECTION_REASONS
from careers_app.services.compliance.eeo_snapshots import open_quarter
from careers_app.services.platform.db import saved_id
from careers_app.services.platform.reference import EEO_QUESTIONS

# Where applications end up, with weights; the path through the process leads there.
OUTCOMES = (
    ("applied", 40),
    ("recruiter_screen", 18),
    ("phone_interview", 12),
    ("onsite", 7),
    ("offer", 3),
    ("hired", 2),
    ("rejected", 18),
)
ANSWERS_SHARE = 0.7  # applicants who answer the voluntary questions at all
VETERAN = "I identify as a U.S. veteran"


def _eeo_answers(rng: random.Random) -> dict[str, str]:
    """Voluntary answers drawn from the form's own options, so compliance reports have data.

    Each question is left blank now and then; the branch is asked only of veterans.
    """
    answers: dict[str, str] = {}
    for field, _label, options in EEO_QUESTIONS:
        if field == "veteran_branch" and answers.get("veteran_status") != VETERAN:
            answers[field] = ""
            continue
        answers[field] = rng.choice(options) if rng.random() < 0.85 else ""
    return answers


def add_demo_applications(
    posting_id: int,
    count: int,
    upload_dir: Path,
    *,
    session: Session,
    seed: int = 7,
    now: datetime | None = None,
    key: int | None = None,
) -> int:
    """Add ``count`` applications with resumes and stage histories to one posting.

    The people are drawn from ``seed`` and ``key``, the posting's id unless given: tests give
    their own, so their data does not depend on which ids the tests before them used."""
    content = people()
    regions, recruiters = content.regions, content.recruiters
    key = posting_id if key is None else key
    rng = random.Random(seed * 100_003 + key)
    # Its own sequence, so adding answers left every other demo value as it was.
    eeo_rng = random.Random(seed * 7_919 + key)
    source_rng = random.Random(seed * 4_999 + key)  # likewise for sources
    source_names, source_weights = [s for s, _ in resumes.SOURCES], [w for _, w in resumes.SOURCES]
    now = now or utcnow()
    posting = session.get(Posting, posting_id)
    assert posting is not None
    start = session.exec(select(func.count()).select_from(Candidate)).one()
    weights = [w for _, w in OUTCOMES]
    for i in range(count):
        region = regions[rng.randrange(len(regions))]
        first, last = rng.choice(region.first_names), rng.choice(region.last_names)
        city, country = region.city, region.country
        n = start + i
        email = f"{first}.{last}.{n}@example.com".lower().replace(" ", "").replace("'", "")
        email = email.encode("ascii", "ignore").decode() or f"candidate{n}@example.com"
        candidate = Candidate(
            first_name=first,
            last_name=last,
            email=email,
            phone_e164="+" + "".join(ch for ch in region.phone_prefix if ch.isdigit()) + f"{n % 100:02d}",
            city=city,
            country=country,
        )
        session.add(candidate)
        session.flush()
        applied_at = now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 23))
        outcome = rng.choices([o for o, _ in OUTCOMES], weights)[0]
        if outcome == "rejected":
            reached = resumes.FLOW[: rng.randint(1, 4)]
        else:
            reached = resumes.FLOW[: resumes.FLOW.index(outcome) + 1]
        path = list(reached) + (["rejected"] if outcome == "rejected" else [])
        times = [applied_at]
        for _ in path[1:]:
            times.append(min(now, times[-1] + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 12))))
        application = Application(
            candidate_id=saved_id(candidate),
            posting_id=posting_id,
            first_name=candidate.first_name,
            last_name=candidate.last_name,
            phone_e164=candidate.phone_e164,
            city=candidate.city,
            country=candidate.country,
            stage=path[-1],
            rejection_reason=rng.choice(REJECTION_REASONS) if outcome == "rejected" else "",
            source=source_rng.choices(source_names, source_weights)[0],
            submitted_at=applied_at,
            stage_changed_at=times[-1],
            version=len(path),
            # One in three gave a LinkedIn profile (no draw from rng: the rest stays as it was).
            linkedin=f"https://www.linkedin.com/in/{email.split('@')[0].replace('.', '-')}" * (n % 3 == 0),
        )
        session.add(application)
        session.flush()
        assert application.id is not None
        session.add(
            StageEvent(
                application_id=application.id,
                from_stage=None,
                to_stage="applied",
                actor="candidate",
                at=applied_at,
            )
        )
        for previous, stage, at in zip(path, path[1:], times[1:], strict=False):
            session.add(
                StageEvent(
                    application_id=application.id,
                    from_stage=previous,
                    to_stage=stage,
                    actor=rng.choice(recruiters),
                    reason=application.rejection_reason if stage == "rejected" else "",
                    at=at,
                )
            )
        heading, lines = resumes.resume_text(rng, f"{first} {last}", posting.title)
        resume = make_resume(heading, f"{city}, {country}", lines)
        session.add(
            resumes.document(application, email, "resume", f"{first}_{last}_resume.pdf", resume, upload_dir)
        )
        if rng.random() < 0.4:
            letter = make_resume(
                f"Cover letter - {first} {last}", "", [f"I would love to join as {posting.title}."]
            )
            session.add(
                resumes.document(application, email, "cover_letter", "cover_letter.pdf", letter, upload_dir)
            )
        if eeo_rng.random() < ANSWERS_SHARE and any((answers := _eeo_answers(eeo_rng)).values()):
            session.add(EeoAnswer(application_id=application.id, posting_id=posting_id, **answers))  # type: ignore[arg-type]
        if i % 200 == 199:
            session.flush()
    session.flush()
    return count


def load_demo_applications(upload_dir: Path, *, session: Session, now: datetime | None = None) -> int:
    """Once, on an empty pipeline: 60 on the seed posting in the last 60 days (the boards'
    demo), a handful on others, and on one posting a cohort with a real adverse impact for
    the compliance page (demo/impact.py). The compliance reports count closed quarters only,
    as they stood at their end (services/compliance/eeo_snapshots.py), so all but the seed posting's
    applications, and their moves, are in the last closed quarter: in its last 60 days."""
    if session.exec(select(Application.id).limit(1)).first() is not None:
        return 0
    postings = session.exec(select(Posting).where(Posting.status == "open").order_by(col(Posting.id))).all()
    # Each posting's people are drawn from its place among all postings (its id in a fresh
    # database), so a database whose ids start elsewhere (tests) gets the same demo.
    places = {
        pid: n for n, pid in enumerate(session.exec(select(col(Posting.id)).order_by(col(Posting.id))), 1)
    }
    now = now or utcnow()
    closed = datetime.combine(open_quarter(now) - timedelta(days=1), time(20), tzinfo=UTC)
    added = 0
    for index, posting in enumerate(postings[:12]):
        assert posting.id is not None
        seed = posting.slug == SEED_SLUG
        count = 60 if seed else 4 + (index * 3) % 9
        when = now if seed else closed
        added += add_demo_applications(
            posting.id, count, upload_dir, session=session, key=places[posting.id], now=when
        )
    impact = next((p for p in postings if p.slug == IMPACT_SLUG), None)
    if impact is not None and impact.id is not None:
        added += add_impact_cohort(impact.id, upload_dir, session=session, now=closed)
    return added
