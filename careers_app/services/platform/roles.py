"""Who acts: the hiring team's roles and the signed-in user as every service sees them.

Apart from services/platform/auth.py (which signs people in and re-exports these) so that the
audit log, API keys and sign-in can all name a user without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    RECRUITER = "recruiter"
    ADMIN = "admin"
    COMPLIANCE = "compliance"


ROLES: tuple[str, ...] = tuple(r.value for r in Role)
BOARD_ROLES = frozenset({Role.RECRUITER, Role.ADMIN})
ADMIN_ROLES = frozenset({Role.ADMIN})
COMPLIANCE_ROLES = frozenset({Role.COMPLIANCE, Role.ADMIN})


@dataclass(frozen=True)
class CurrentUser:
    id: int
    email: str
    name: str
    role: Role

    @property
    def can_work_board(self) -> bool:
        return self.role in BOARD_ROLES
