"""Demo postings: the seed's posting, restored, and 50+ more around it, the same every time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from careers_app.demo.content import posting_content
from careers_app.models import Office, Posting, Team
from careers_app.services.platform.db import saved_id
from careers_app.services.postings.postings import slugify

SEED_SLUG = "machine-learning-engineer-data-science-cortex"
# Publication dates count back from here, so the demo board looks the same on every machine.
DEMO_EPOCH = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _posting(data: dict[str, Any], steps: dict[str, list[str]]) -> dict[str, object]:
    return {**data, "steps": list(steps[data["steps"]])}


def demo_postings() -> list[dict[str, object]]:
    """The seed posting first, then one or two offices per role; the same list every time."""
    content = posting_content()
    steps: dict[str, list[str]] = content["hiring_steps"]
    offices: list[dict[str, str]] = content["offices"]
    postings: list[dict[str, object]] = [_posting(content["seed_posting"], steps)]
    index = 0
    for team in content["team_roles"]:
        for role in team["roles"]:
            chosen = [offices[(index * 3) % len(offices)]]
            if index % 2 == 0:
                chosen.append(offices[(index * 3 + 4) % len(offices)])
            for office in chosen:
                postings.append(
                    {
                        "slug": slugify(f"{role['title']} {office['name'].split(',')[0]}"),
                        "title": role["title"],
                        "team": team["team"],
                        "office": office["slug"],
                        "who_we_are": team["who_we_are"],
                        "what_youll_do": f"You will {role['what_youll_do']}.",
                        "who_you_are": content["who_you_are"],
                        "requirements": _bullets(role["requirements"]),
                        "desired": _bullets(role["desired"]),
                        "process_name": team["process_name"],
                        "steps": list(steps[team["steps"]]),
                    }
                )
            index += 1
    return postings


# The seed posting is in San Francisco, where a posting must state its pay range.
SEED_PAY = (15_000_000, 21_000_000, "USD", "YEAR")


def load_demo_data(*, session: Session) -> int:
    """Insert the demo teams, offices and postings unless there are postings. Returns the count added."""
    if session.exec(select(Posting.id).limit(1)).first() is not None:
        return 0
    content = posting_content()
    teams = {t["slug"]: Team(slug=t["slug"], name=t["name"]) for t in content["teams"]}
    offices = {o["slug"]: Office(**o) for o in content["offices"]}
    session.add_all([*teams.values(), *offices.values()])
    session.flush()
    postings = demo_postings()
    for i, data in enumerate(postings):
        steps = data["steps"]
        assert isinstance(steps, list)
        row = Posting(
            slug=str(data["slug"]),
            title=str(data["title"]),
            team_id=saved_id(teams[str(data["team"])]),
            office_id=saved_id(offices[str(data["office"])]),
            status="open",
            published_at=DEMO_EPOCH - timedelta(days=(i * 7) % 45, hours=i),
            who_we_are=str(data["who_we_are"]),
            what_youll_do=str(data["what_youll_do"]),
            who_you_are=str(data["who_you_are"]),
            requirements=str(data["requirements"]),
            desired=str(data["desired"]),
            process_name=str(data["process_name"]),
            hiring_steps=list(steps),
            title_es=str(data.get("title_es", "")),  # the seed posting has a Spanish version
            body_es=str(data.get("body_es", "")),
        )
        if i == 0:
            row.pay_min_cents, row.pay_max_cents, row.pay_currency, row.pay_unit = SEED_PAY
        session.add(row)
    # One closed posting, so "closed means not found" can be seen in the demo too.
    closed = content["closed_posting"]
    session.add(
        Posting(
            slug=closed["slug"],
            title=closed["title"],
            team_id=saved_id(teams[closed["team"]]),
            office_id=saved_id(offices[closed["office"]]),
            status="closed",
            published_at=DEMO_EPOCH - timedelta(days=closed["days_before_epoch"]),
            who_we_are=closed["who_we_are"],
            process_name=closed["process_name"],
            hiring_steps=list(content["hiring_steps"][closed["steps"]]),
        )
    )
    session.flush()
    return len(postings) + 1
