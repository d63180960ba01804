"""Demo applications: people from many places, real one-page resume PDFs, plausible histories.

Deterministic (seeded), so the demo looks the same on every machine. Also used to load
thousands of applications onto one posting for benchmarks.
"""

from __future__ import annotations

import hashlib
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlmodel import Session, col, func, select

from careers_app.devtools.pdfs import make_resume
from careers_app.models import Application, Candidate, Document, Posting, StageEvent
from careers_app.models.types import utcnow
from careers_app.services.auth import create_user
from careers_app.services.documents import store
from careers_app.services.pipeline import REJECTION_REASONS

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("recruiter@example.com", "Riley Recruiter", "recruiter", "demo-recruiter-2026"),
    ("recruiter2@example.com", "Sam Second", "recruiter", "demo-recruiter-2026"),
    ("admin@example.com", "Alex Admin", "admin", "demo-admin-2026!"),
    ("compliance@example.com", "Casey Compliance", "compliance", "demo-compliance-2026"),
)

# (first names, last names, city, country, phone prefix) by region.
PEOPLE: tuple[tuple[tuple[str, ...], tuple[str, ...], str, str, str], ...] = (
    (
        ("Ada", "Grace", "Marcus", "Emily", "Jamal", "Olivia"),
        ("Lovelace", "Hopper", "Johnson", "Nguyen", "Carter", "Smith"),
        "San Francisco",
        "United States",
        "+1 415 555 01",
    ),
    (
        ("Zoë", "Siobhán", "Liam", "Aoife"),
        ("O'Brien", "Ní Bhriain", "Murphy", "Kelly"),
        "Dublin",
        "Ireland",
        "+353 1 555 01",
    ),
    (
        ("José", "María", "Lucía", "Mateo"),
        ("García", "Fernández", "López", "Martínez"),
        "Madrid",
        "Spain",
        "+34 91 555 01",
    ),
    (
        ("Björn", "Åsa", "Elin", "Linnéa"),
        ("Andersson", "Öberg", "Lindqvist", "Nyström"),
        "Stockholm",
        "Sweden",
        "+46 8 555 01",
    ),
    (
        ("Ngozi", "Chinedu", "Amara", "Tunde"),
        ("Okonjo-Iweala", "Okafor", "Nwosu", "Adeyemi"),
        "Lagos",
        "Nigeria",
        "+234 1 555 01",
    ),
    (
        ("Kenji", "Yuki", "Haruto", "Sakura"),
        ("Watanabe", "Tanaka", "Suzuki", "Yamamoto"),
        "Tokyo",
        "Japan",
        "+81 3 5550 01",
    ),
    (("Wei", "Mei", "Jun", "Xiu"), ("Zhang", "Li", "Wang", "Chen"), "Singapore", "Singapore", "+65 6555 01"),
    (
        ("Priya", "Arjun", "Ananya", "Rohan"),
        ("Sharma", "Iyer", "Patel", "Reddy"),
        "Bengaluru",
        "India",
        "+91 80 5550 01",
    ),
    (
        ("Fatima", "Omar", "Layla", "Youssef"),
        ("Al-Sayed", "Haddad", "Mansour", "Khalil"),
        "Dubai",
        "United Arab Emirates",
        "+971 4 555 01",
    ),
    (
        ("Dmitri", "Olga", "Ivan", "Anastasia"),
        ("Volkov", "Ivanova", "Petrov", "Sokolova"),
        "Berlin",
        "Germany",
        "+49 30 5550 01",
    ),
    (
        ("Thiago", "Ana", "Lucas", "Beatriz"),
        ("Silva", "Souza", "Oliveira", "Costa"),
        "São Paulo",
        "Brazil",
        "+55 11 5550 01",
    ),
    (("Minh", "Linh", "Duc", "Thao"), ("Trần", "Phạm", "Lê", "Võ"), "Toronto", "Canada", "+1 416 555 01"),
)
SKILLS = (
    "Spark",
    "PySpark",
    "Scala",
    "the JVM",
    "Hadoop",
    "Jupyter",
    "TensorFlow",
    "PyTorch",
    "Kafka",
    "SQL",
    "Airflow",
    "Kubernetes",
    "Go",
    "Rust",
    "Python",
    "statistics",
    "A/B testing",
    "Figma",
)
EMPLOYERS = ("Acme Analytics", "Northwind", "Globex", "Initech", "Umbrella Data", "Hooli", "Vandelay Labs")
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
FLOW = ("applied", "recruiter_screen", "phone_interview", "onsite", "offer", "hired")
ACTORS = ("Riley Recruiter", "Sam Second")


def ensure_demo_users(*, session: Session) -> int:
    from careers_app.models import User

    added = 0
    for email, name, role, password in DEMO_USERS:
        if session.exec(select(User.id).where(User.email == email)).first() is None:
            create_user(email, name, password, role, session=session)
            added += 1
    return added


def _resume_text(rng: random.Random, name: str, title: str) -> tuple[str, list[str]]:
    skills = rng.sample(SKILLS, 4)
    employer = rng.choice(EMPLOYERS)
    years = rng.randint(2, 14)
    lines = [
        f"{years} years of experience; most recently at {employer}.",
        f"Skills: {', '.join(skills)}.",
        f"Built data pipelines and models with {skills[0]} and {skills[1]}.",
        f"Led a team of {rng.randint(2, 9)} on a {skills[2]} migration.",
        "Education: BS in Computer Science.",
    ]
    return f"{name} - {title}", lines


def _document(application_id: int, kind: str, name: str, pdf: bytes, upload_dir: Path) -> Document:
    """Store a generated PDF by hash and describe it with its real extracted text."""
    digest = hashlib.sha256(pdf).hexdigest()
    reader = PdfReader(io.BytesIO(pdf))
    return Document(
        application_id=application_id,
        kind=kind,
        original_name=name,
        size_bytes=len(pdf),
        sha256=digest,
        page_count=len(reader.pages),
        text="\n".join(page.extract_text() or "" for page in reader.pages),
        storage_key=store(pdf, digest, upload_dir),
    )


def add_demo_applications(
    posting_id: int,
    count: int,
    upload_dir: Path,
    *,
    session: Session,
    seed: int = 7,
    now: datetime | None = None,
) -> int:
    """Add ``count`` applications with resumes and stage histories to one posting."""
    rng = random.Random(seed * 100_003 + posting_id)
    now = now or utcnow()
    posting = session.get(Posting, posting_id)
    assert posting is not None
    start = session.exec(select(func.count()).select_from(Candidate)).one()
    weights = [w for _, w in OUTCOMES]
    for i in range(count):
        firsts, lasts, city, country, phone_prefix = PEOPLE[rng.randrange(len(PEOPLE))]
        first, last = rng.choice(firsts), rng.choice(lasts)
        n = start + i
        email = f"{first}.{last}.{n}@example.com".lower().replace(" ", "").replace("'", "")
        email = email.encode("ascii", "ignore").decode() or f"candidate{n}@example.com"
        candidate = Candidate(
            first_name=first,
            last_name=last,
            email=email,
            phone_e164="+" + "".join(ch for ch in phone_prefix if ch.isdigit()) + f"{n % 100:02d}",
            city=city,
            country=country,
        )
        session.add(candidate)
        session.flush()
        applied_at = now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 23))
        outcome = rng.choices([o for o, _ in OUTCOMES], weights)[0]
        if outcome == "rejected":
            reached = FLOW[: rng.randint(1, 4)]
        else:
            reached = FLOW[: FLOW.index(outcome) + 1]
        path = list(reached) + (["rejected"] if outcome == "rejected" else [])
        times = [applied_at]
        for _ in path[1:]:
            times.append(min(now, times[-1] + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 12))))
        application = Application(
            candidate_id=candidate.id,  # type: ignore[arg-type]
            posting_id=posting_id,
            stage=path[-1],
            rejection_reason=rng.choice(REJECTION_REASONS) if outcome == "rejected" else "",
            source="demo",
            submitted_at=applied_at,
            stage_changed_at=times[-1],
            version=len(path),
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
                    actor=rng.choice(ACTORS),
                    reason=application.rejection_reason if stage == "rejected" else "",
                    at=at,
                )
            )
        heading, lines = _resume_text(rng, f"{first} {last}", posting.title)
        resume = make_resume(heading, f"{city}, {country}", lines)
        session.add(_document(application.id, "resume", f"{first}_{last}_resume.pdf", resume, upload_dir))
        if rng.random() < 0.4:
            letter = make_resume(
                f"Cover letter - {first} {last}", "", [f"I would love to join as {posting.title}."]
            )
            session.add(_document(application.id, "cover_letter", "cover_letter.pdf", letter, upload_dir))
        if i % 200 == 199:
            session.flush()
    session.flush()
    return count


def load_demo_applications(upload_dir: Path, *, session: Session) -> int:
    """Once, on an empty pipeline: 60 on the seed posting, a handful on others."""
    from careers_app.services.demo_data import SEED_SLUG

    if session.exec(select(Application.id).limit(1)).first() is not None:
        return 0
    postings = session.exec(select(Posting).where(Posting.status == "open").order_by(col(Posting.id))).all()
    added = 0
    for index, posting in enumerate(postings[:12]):
        assert posting.id is not None
        count = 60 if posting.slug == SEED_SLUG else 4 + (index * 3) % 9
        added += add_demo_applications(posting.id, count, upload_dir, session=session)
    return added
