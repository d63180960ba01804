"""The demo content: the seed's posting restored faithfully, 40+ more, deterministic, and kept
out of the domain layer."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlmodel import Session, func, select

from careers_app.demo.postings import SEED_SLUG, demo_postings, load_demo_data
from careers_app.models import Posting
from careers_app.services.postings.postings import BoardFilters, get_open_posting, search_board


def test_demo_postings_are_deterministic_and_unique() -> None:
    first, second = demo_postings(), demo_postings()
    assert first == second
    slugs = [p["slug"] for p in first]
    assert len(slugs) == len(set(slugs)) >= 41


def test_seed_posting_is_faithful(session: Session) -> None:
    assert load_demo_data(session=session) > 41
    assert load_demo_data(session=session) == 0  # idempotent
    view = get_open_posting(SEED_SLUG, session=session, company="Twitter", base_url="http://x")
    assert view is not None
    assert view.title == "Machine Learning Engineer - Data Science, Cortex"
    assert view.office == "San Francisco, CA"
    assert [s.heading for s in view.sections] == [
        "Who we are",
        "What you’ll do",
        "Who you are",
        "Requirements",
        "Desired",
    ]
    requirements = view.sections[3].bullets
    assert requirements[0] == "Experience with “big data” platforms (Spark, Hadoop, MapReduce, …)"
    assert "Excellent understanding of the JVM" in requirements
    assert len(requirements) == 5
    assert view.sections[4].bullets == [
        "Experience with Spark/PySpark",
        "Familiar with Scala",
        "Experience with using Jupyter notebooks on a data analytics/modeling task",
    ]
    assert len(view.steps) == 3 and "5-6 people held onsite" in view.steps[2]
    text = " ".join(" ".join(s.paragraphs + s.bullets) for s in view.sections)
    assert "â" not in text and "Twitter’s mission" in text


def test_demo_board_spans_teams_and_offices(session: Session) -> None:
    load_demo_data(session=session)
    result = search_board(BoardFilters(), session=session)
    assert len(result.teams) >= 6 and len(result.offices) >= 8
    assert result.total_open == session.exec(select(func.count()).where(Posting.status == "open")).one()
    assert any(o.label == "São Paulo, Brazil" for o in result.offices)


def test_services_never_import_demo_content_test_tools_or_reflex() -> None:
    services = Path(__file__).resolve().parents[2] / "careers_app" / "services"
    forbidden = ("careers_app.demo", "careers_app.devtools", "reflex")
    for module in sorted(services.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(forbidden), f"{module.name} imports {name}"
