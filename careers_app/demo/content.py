"""Reads the demo data files once; a typo in them fails loudly at first use."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "json"  # not "data/": .gitignore keeps local data dirs out


@dataclass(frozen=True)
class Region:
    """Where a group of demo applicants live, and the names they may have."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    city: str
    country: str
    phone_prefix: str


@dataclass(frozen=True)
class AccountSpec:
    """A demo hiring-team account; its password is generated, never stored in a file."""

    email: str
    name: str
    role: str


@dataclass(frozen=True)
class People:
    accounts: tuple[AccountSpec, ...]
    regions: tuple[Region, ...]
    skills: tuple[str, ...]
    employers: tuple[str, ...]
    recruiters: tuple[str, ...]


def _read(name: str) -> dict[str, Any]:
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), name
    return data


@lru_cache(maxsize=1)
def posting_content() -> dict[str, Any]:
    """Teams, offices, hiring steps and posting texts (see json/postings.json)."""
    return _read("postings.json")


@lru_cache(maxsize=1)
def people() -> People:
    data = _read("people.json")
    return People(
        accounts=tuple(AccountSpec(a["email"], a["name"], a["role"]) for a in data["accounts"]),
        regions=tuple(
            Region(
                tuple(r["first_names"]),
                tuple(r["last_names"]),
                r["city"],
                r["country"],
                r["phone_prefix"],
            )
            for r in data["regions"]
        ),
        skills=tuple(data["skills"]),
        employers=tuple(data["employers"]),
        recruiters=tuple(data["recruiters"]),
    )
