"""Names for codes: which bank is ``GZRCB``, which township is ``YEPING``, who ``finance`` is.

Read once per page from the loan registry, so pages speak of 赣州农商行瑞金支行 rather than a code,
and the dev-mode identity chooser offers one identity per registered bank and township.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from services.loans.reference import list_banks, list_townships
from services.web.identity import OFFICE_GROUPS

DEMO_NAMES: dict[str, str] = {
    "bank": "李",
    "township": "王",
    "finance": "王",
    "poverty-office": "刘",
    "financial-bureau": "陈",
    "city-government": "张",
    "prefecture": "赵",
}
"""The person each demo identity stands for (the chooser is for trying the pages out)."""


@dataclass(frozen=True, slots=True)
class Directory:
    """Bank and township names by code."""

    banks: Mapping[str, str] = field(default_factory=dict)
    townships: Mapping[str, str] = field(default_factory=dict)

    def bank(self, code: str | None) -> str:
        """The bank's name, or its code when the registry does not know it."""
        if not code:
            return "—"
        return self.banks.get(code, code)

    def township(self, code: str | None) -> str:
        if not code:
            return "—"
        return self.townships.get(code, code)

    def group_label(self, group: str) -> str:
        """A candidate group as staff say it: 赣州农商行瑞金支行, 叶坪乡扶贫工作站, 市财政局."""
        kind, _, code = group.partition(":")
        if kind == "bank" and code:
            return self.bank(code)
        if kind == "township" and code:
            return f"{self.township(code)}扶贫工作站"
        return OFFICE_GROUPS.get(group, group)


def load_directory(session: Session) -> Directory:
    """The registry's banks and townships."""
    return Directory(
        banks={b.code: b.name for b in list_banks(session)},
        townships={t.code: t.name for t in list_townships(session)},
    )


@dataclass(frozen=True, slots=True)
class DemoIdentity:
    """One entry of the dev-mode identity chooser."""

    user: str
    label: str


def demo_identities(directory: Directory) -> list[DemoIdentity]:
    """An identity for every registered bank and township, then one per office."""
    found: list[DemoIdentity] = []
    for code in sorted(directory.banks):
        group = f"bank:{code}"
        found.append(DemoIdentity(f"{group}/{DEMO_NAMES['bank']}", f"{directory.group_label(group)} 信贷员"))
    for code in sorted(directory.townships):
        group = f"township:{code}"
        found.append(
            DemoIdentity(f"{group}/{DEMO_NAMES['township']}", f"{directory.group_label(group)} 工作人员")
        )
    for group, office in OFFICE_GROUPS.items():
        found.append(DemoIdentity(f"{group}/{DEMO_NAMES[group]}", f"{office} 工作人员"))
    return found
