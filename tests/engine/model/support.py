"""Helpers for model tests: load fixtures, find the line an id is declared on, collect problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.model import BpmnInvalid, Process, parse_bpmn

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bpmn"
INVALID = FIXTURES / "invalid"


def load(name: str) -> Process:
    """Parse ``tests/fixtures/bpmn/<name>.bpmn`` and return its only executable process."""
    (process,) = parse_bpmn((FIXTURES / f"{name}.bpmn").read_bytes(), f"{name}.bpmn")
    return process


def problems(name: str) -> list[str]:
    """The problems listed when deploying ``invalid/<name>.bpmn`` (which must be refused)."""
    with pytest.raises(BpmnInvalid) as caught:
        parse_bpmn((INVALID / f"{name}.bpmn").read_bytes(), f"{name}.bpmn")
    return caught.value.problems


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """1-based number of the first line containing ``needle`` (after the line holding ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    return next(i + 1 for i, line in enumerate(lines) if i >= start and needle in line)
