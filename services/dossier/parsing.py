"""Free text from forms turned into lists: participants of an on-site confirmation, loan numbers
flagged by an inspection, materials to supply."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = set("、，,;；") | {" ", "\t", "\n", "\r", "\u3000"}
_OPEN, _CLOSE = "（(", "）)"
_WITH_UNIT = re.compile(r"^(?P<name>[^（(]+)[（(](?P<unit>[^）)]+)[）)]$")
_NONE_WORDS = {"无", "没有", "暂无", "-", "—", "none", "n/a"}
LOAN_NO = re.compile(r"^[A-Za-z0-9_\-./]{1,64}$")


@dataclass(frozen=True, slots=True)
class NamedPerson:
    """A name as written, with the unit given in brackets after it, if any."""

    name: str
    unit: str | None


def split_outside_brackets(text: str) -> list[str]:
    """Split on 、，,;； and whitespace, but not inside （…） or (…)."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        if char in _SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def parse_people(text: str) -> list[NamedPerson]:
    """Names written as ``张三、李四（叶坪村委会）`` in the order given; a unit in brackets is kept."""
    people = []
    for part in split_outside_brackets(text):
        match = _WITH_UNIT.match(part)
        if match:
            people.append(NamedPerson(match["name"].strip(), match["unit"].strip()))
        else:
            people.append(NamedPerson(part, None))
    return people


def parse_loan_numbers(value: object) -> tuple[list[str], list[str]]:
    """Loan numbers written in a text field (or given as a list); returns (numbers, rejected tokens).

    Words meaning "none" (无, 暂无, -) are not tokens; a number given twice counts once.
    """
    if value is None:
        return [], []
    tokens = (
        [str(item).strip() for item in value]
        if isinstance(value, list)
        else split_outside_brackets(str(value))
    )
    numbers: list[str] = []
    rejected: list[str] = []
    for token in tokens:
        if not token or token.lower() in _NONE_WORDS:
            continue
        if not LOAN_NO.match(token):
            rejected.append(token)
        elif token not in numbers:
            numbers.append(token)
    return numbers, rejected


def parse_lines(text: str | None) -> list[str]:
    """Items of a list written one per line or separated by ；; (numbering like ``1.`` removed)."""
    if not text:
        return []
    items = re.split(r"[\n\r；;]+", text)
    cleaned = [re.sub(r"^\s*(?:\d+[.、．)）]|[-*•])\s*", "", item).strip() for item in items]
    return [item for item in cleaned if item]
