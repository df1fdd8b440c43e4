"""Hit policies: from the output rows of the matched rules to the decision table's result.

Follows Camunda's dmn-scala (the DMN engine inside Zeebe):

* one output column gives the value itself, several give a context keyed by output name;
* UNIQUE fails on more than one match, ANY fails when the matches disagree, FIRST takes the
  first match in rule order, PRIORITY the match whose outputs come first in the columns'
  ``outputValues`` order;
* RULE ORDER, OUTPUT ORDER and COLLECT without aggregation give a list;
* COLLECT with SUM/MIN/MAX needs numbers and one output column; COUNT counts the matches.

The "no rule matched" case never reaches this module: the table then yields its default output
entries, or null (even for the list-valued policies, as in dmn-scala).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from engine.dmn._json import json_text
from engine.dmn._scope import DecisionFailure
from engine.dmn.model import Aggregation, DecisionTable, HitPolicy, OutputClause

Row = tuple[Any, ...]


def apply_hit_policy(table: DecisionTable, rows: Sequence[Row]) -> Any:
    """The table result for the output rows of the matched rules (in rule order, non-empty).

    Raises:
        DecisionFailure: UNIQUE with several matches, ANY with conflicting matches, or an
            aggregation over non-numbers.
    """
    policy = table.hit_policy
    if policy is HitPolicy.UNIQUE and len(rows) > 1:
        raise DecisionFailure(
            f"multiple values aren't allowed for UNIQUE hit policy. found: '{_show(table, rows)}'"
        )
    if policy is HitPolicy.ANY:
        distinct = _distinct(rows)
        if len(distinct) > 1:
            raise DecisionFailure(
                f"different values aren't allowed for ANY hit policy. found: '{_show(table, distinct)}'"
            )
    if policy in (HitPolicy.UNIQUE, HitPolicy.ANY, HitPolicy.FIRST):
        return single_value(table, rows[0])
    if policy is HitPolicy.PRIORITY:
        return single_value(table, by_priority(table.outputs, rows)[0])
    if policy is HitPolicy.OUTPUT_ORDER:
        return [single_value(table, row) for row in by_priority(table.outputs, rows)]
    if policy is HitPolicy.RULE_ORDER or table.aggregation is None:
        return [single_value(table, row) for row in rows]
    return _aggregate(table.aggregation, rows)


def single_value(table: DecisionTable, row: Row) -> Any:
    """One row as the table reports it: the value, or a context for several outputs."""
    if len(table.outputs) == 1:
        return row[0]
    return {output.name: value for output, value in zip(table.outputs, row, strict=True)}


def by_priority(outputs: Sequence[OutputClause], rows: Sequence[Row]) -> list[Row]:
    """Rows sorted by their values' positions in each column's ``outputValues`` (stable)."""

    def key(row: Row) -> tuple[int, ...]:
        return tuple(_rank(output, value) for output, value in zip(outputs, row, strict=True))

    return sorted(rows, key=key)


def _rank(output: OutputClause, value: Any) -> int:
    for position, literal in enumerate(output.priority_values):
        if _same_literal(literal, value):
            return position
    return len(output.priority_values)


def _same_literal(literal: str, value: Any) -> bool:
    if isinstance(value, str):
        return literal == value
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        try:
            return Decimal(literal) == value
        except ArithmeticError:
            return False
    return False


def _aggregate(aggregation: Aggregation, rows: Sequence[Row]) -> Any:
    if aggregation is Aggregation.COUNT:
        return Decimal(len(rows))
    numbers = []
    for row in rows:
        value = row[0]
        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            raise DecisionFailure(f"expected number but found '{json_text(value)}'")
        numbers.append(Decimal(value))
    if aggregation is Aggregation.SUM:
        return sum(numbers, Decimal(0))
    return min(numbers) if aggregation is Aggregation.MIN else max(numbers)


def _distinct(rows: Sequence[Row]) -> list[Row]:
    distinct: list[Row] = []
    for row in rows:
        if row not in distinct:
            distinct.append(row)
    return distinct


def _show(table: DecisionTable, rows: Sequence[Row]) -> str:
    return json_text([single_value(table, row) for row in rows])
