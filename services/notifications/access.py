"""Whose inbox a principal may read: the candidate groups its role stands for.

Users are identified by role and organisation (:class:`services.loans.Principal`); the diagrams
address candidate groups. A bank's staff read ``bank:<their code>``, a township's staff
``township:<their code>``, the city offices read the groups of the city departments, the
prefecture its own. The joint meeting (第六条) brings the city departments and the cooperating
banks together, so both read its minutes.
"""

from __future__ import annotations

from services.loans.scoping import Principal, Role
from services.notifications.catalogue import JOINT_MEETING_GROUP

CITY_GROUPS = frozenset({"finance", "poverty-office", "financial-bureau", "city-government"})


def readable_groups(principal: Principal) -> frozenset[str]:
    """The inbox groups ``principal`` may read and mark."""
    if principal.role is Role.BANK:
        return frozenset({f"bank:{principal.org}", JOINT_MEETING_GROUP})
    if principal.role is Role.TOWNSHIP:
        return frozenset({f"township:{principal.org}"})
    if principal.role is Role.CITY:
        return CITY_GROUPS | {JOINT_MEETING_GROUP}
    return frozenset({"prefecture"})
