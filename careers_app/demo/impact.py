"""Demo applicants that make the compliance and analytics pages worth opening.

One posting gets a cohort whose voluntary answers show a real adverse impact at one step
(Applied → Recruiter screen: 24 of 40 women, 10 of 40 men; impact ratio 0.42, Fisher's p
far below 0.05), so the adverse-impact table flags it; the small demo postings (a handful
of applications each) stay "too few to judge". Seeded: the same on every machine. The
demo loader (demo/applicants.py) dates the cohort in the last closed quarter, which the
compliance reports count (services/compliance/eeo_snapshots.py); ``now`` is when the dates end.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from careers_app.demo import resumes
from careers_app.demo.content import people
from careers_app.devtools.pdfs import make_resume
from careers_app.models import Application, Candidate, EeoAnswer, Posting, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.board.pipeline import REJECTION_REASONS
from careers_app.services.platform.db import saved_id
from careers_app.services.platform.reference import EEO_QUESTIONS

IMPACT_SLUG = "senior-backend-engineer-timelines-san-francisco"
TOO_FEW_SLUG = "ios-engineer-tokyo"  # a handful of applications: too few to judge
# (gender, applicants, of whom reached the recruiter screen)
IMPACT_PLAN: tuple[tuple[str, int, int], ...] = (("Female", 40, 24), ("Male", 40, 10))
RACES = next(options for field, _, options in EEO_QUESTIONS if field == "race_ethnicity")


def add_impact_cohort(
    posting_id: int, upload_dir: Path, *, session: Session, now: datetime | None = None, seed: int = 11
) -> int:
    """Add the planned cohort to one posting; returns how many applications were added."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    content = people()
    now = now or utcnow()
    posting = session.get(Posting, posting_id)
    assert posting is not None
    added = 0
    for gender, count, passed in IMPACT_PLAN:
        for i in range(count):
            region = content.regions[rng.randrange(len(content.regions))]
            first, last = rng.choice(region.first_names), rng.choice(region.last_names)
            email = f"{first}.{last}.impact{added}@example.com".lower().replace(" ", "").replace("'", "")
            email = email.encode("ascii", "ignore").decode() or f"impact{added}@example.com"
            candidate = Candidate(
                first_name=first,
                last_name=last,
                email=email,
                phone_e164="+"
                + "".join(ch for ch in region.phone_prefix if ch.isdigit())
                + f"{added % 100:02d}",
                city=region.city,
                country=region.country,
            )
            session.add(candidate)
            session.flush()
            if i < passed:  # reached the screen; some go further
                furthest = rng.choice(resumes.FLOW[1:5])
                path = list(resumes.FLOW[: resumes.FLOW.index(furthest) + 1])
                rejected = furthest != "offer" and rng.random() < 0.5
            else:
                path, rejected = ["applied"], rng.random() < 0.7
            if rejected:
                path.append("rejected")
            applied_at = now - timedelta(days=rng.randint(3, 56), hours=rng.randint(0, 23))
            times = [applied_at]
            for _ in path[1:]:
                times.append(
                    min(now, times[-1] + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 12)))
                )
            reason = rng.choice(REJECTION_REASONS) if rejected else ""
            application = Application(
                candidate_id=saved_id(candidate),
                posting_id=posting_id,
                first_name=first,
                last_name=last,
                phone_e164=candidate.phone_e164,
                city=candidate.city,
                country=candidate.country,
                stage=path[-1],
                rejection_reason=reason,
                source=rng.choices([s for s, _ in resumes.SOURCES], [w for _, w in resumes.SOURCES])[0],
                submitted_at=applied_at,
                stage_changed_at=times[-1],
                version=len(path),
            )
            session.add(application)
            session.flush()
            assert application.id is not None
            previous = None
            for stage, at in zip(path, times, strict=True):
                actor = "candidate" if previous is None else rng.choice(content.recruiters)
                session.add(
                    StageEvent(
                        application_id=application.id,
                        from_stage=previous,
                        to_stage=stage,
                        actor=actor,
                        reason=reason if stage == "rejected" else "",
                        at=at,
                    )
                )
                previous = stage
            heading, lines = resumes.resume_text(rng, f"{first} {last}", posting.title)
            resume = make_resume(heading, f"{region.city}, {region.country}", lines)
            session.add(
                resumes.document(
                    application, candidate.email, "resume", f"{first}_{last}_resume.pdf", resume, upload_dir
                )
            )
            session.add(
                EeoAnswer(
                    application_id=application.id,
                    posting_id=posting_id,
                    gender=gender,
                    race_ethnicity=rng.choice(RACES) if rng.random() < 0.8 else "",
                )
            )
            added += 1
    session.flush()
    return added
