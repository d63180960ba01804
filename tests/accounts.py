"""The hiring-team accounts the ``app_db`` fixture creates (tests/conftest.py), one per role."""

from __future__ import annotations

PASSWORDS = {
    "recruiter": "recruiter password 1",
    "admin": "admin password 12",
    "compliance": "compliance pass 1",
}
