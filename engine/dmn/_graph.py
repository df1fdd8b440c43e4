"""Structural checks of the requirement graph: references resolve, no cycles, bounded depth.

The walk is iterative so a hostile file with thousands of chained decisions cannot exhaust the
interpreter stack; the depth bound keeps evaluation (which recurses along requirements) shallow.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from engine.dmn._problems import Problems
from engine.dmn.model import Decision

MAX_REQUIREMENT_DEPTH = 64


def check_references(
    decisions: Mapping[str, Decision], declared: Mapping[str, str], problems: Problems
) -> None:
    """Each requirement names a decision / input data of this file (``declared``: id → element kind)."""
    for decision in decisions.values():
        for required in decision.required_decisions:
            if declared.get(required) != "decision":
                problems.add_at(
                    decision.id, decision.line, f"requires decision '{required}', which is not in the file"
                )
        for required in decision.required_inputs:
            if declared.get(required) != "inputData":
                problems.add_at(
                    decision.id, decision.line, f"requires input data '{required}', which is not in the file"
                )


def check_structure(decisions: Mapping[str, Decision], problems: Problems) -> None:
    """Report requirement cycles and chains deeper than :data:`MAX_REQUIREMENT_DEPTH`."""
    depth: dict[str, int] = {}
    for decision_id in decisions:
        if decision_id not in depth:
            _walk(decision_id, decisions, depth, problems)
    too_deep = [decision_id for decision_id, levels in depth.items() if levels > MAX_REQUIREMENT_DEPTH]
    if too_deep:
        decision = decisions[too_deep[0]]
        problems.add_at(
            decision.id,
            decision.line,
            f"required decisions are nested more than {MAX_REQUIREMENT_DEPTH} levels deep",
        )


def _walk(start: str, decisions: Mapping[str, Decision], depth: dict[str, int], problems: Problems) -> None:
    path = [start]
    stack: list[Iterator[str]] = [iter(decisions[start].required_decisions)]
    while stack:
        required = next(stack[-1], None)
        if required is None:
            stack.pop()
            finished = path.pop()
            depth[finished] = 1 + max(
                (depth.get(r, 0) for r in decisions[finished].required_decisions), default=0
            )
        elif required in path:
            cycle = " -> ".join([*path[path.index(required) :], required])
            decision = decisions[required]
            problems.add_at(decision.id, decision.line, f"required decisions form a cycle: {cycle}")
        elif required in decisions and required not in depth:
            path.append(required)
            stack.append(iter(decisions[required].required_decisions))
