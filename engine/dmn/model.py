"""Frozen dataclasses describing one deployed DMN resource (a decision requirements graph).

Expressions are kept as their source text; ``engine.dmn.parse_dmn`` has already checked that
each one parses, and evaluation hands the text to ``engine.feel`` (which caches parsed ASTs by
source text). Nothing here changes after load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class HitPolicy(StrEnum):
    """Decision table hit policies, spelled as in the ``hitPolicy`` attribute."""

    UNIQUE = "UNIQUE"
    FIRST = "FIRST"
    PRIORITY = "PRIORITY"
    ANY = "ANY"
    COLLECT = "COLLECT"
    RULE_ORDER = "RULE ORDER"
    OUTPUT_ORDER = "OUTPUT ORDER"


class Aggregation(StrEnum):
    """Built-in aggregators of the COLLECT hit policy."""

    SUM = "SUM"
    MIN = "MIN"
    MAX = "MAX"
    COUNT = "COUNT"


class DecisionType(StrEnum):
    """Zeebe's ``decisionType`` names for the logic kinds this engine evaluates."""

    DECISION_TABLE = "DECISION_TABLE"
    LITERAL_EXPRESSION = "LITERAL_EXPRESSION"


@dataclass(frozen=True, slots=True)
class InputClause:
    """One input column: an expression evaluated once per evaluation."""

    id: str
    label: str | None
    expression: str
    type_ref: str | None = None
    input_values: str | None = None
    """The ``inputValues`` unary tests as written (informational, as in Camunda)."""


@dataclass(frozen=True, slots=True)
class OutputClause:
    """One output column."""

    id: str
    label: str | None
    name: str | None
    type_ref: str | None = None
    output_values: str | None = None
    """The ``outputValues`` text as written; its order drives PRIORITY and OUTPUT ORDER."""
    priority_values: tuple[str, ...] = ()
    """``output_values`` split into literals (quotes removed), highest priority first."""
    default_output_entry: str | None = None
    """Expression giving this column's value when no rule matches."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule (row). ``index`` is 1-based, as Zeebe reports ``ruleIndex``."""

    id: str
    index: int
    input_entries: tuple[str, ...]
    """Unary tests per input column; an empty string matches anything."""
    output_entries: tuple[str, ...]
    """Expressions per output column."""
    annotations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DecisionTable:
    """Decision logic as a table of rules."""

    id: str
    hit_policy: HitPolicy
    aggregation: Aggregation | None
    inputs: tuple[InputClause, ...]
    outputs: tuple[OutputClause, ...]
    rules: tuple[Rule, ...]

    decision_type = DecisionType.DECISION_TABLE


@dataclass(frozen=True, slots=True)
class LiteralExpression:
    """Decision logic as a single FEEL expression."""

    id: str
    text: str

    decision_type = DecisionType.LITERAL_EXPRESSION


DecisionLogic = DecisionTable | LiteralExpression


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision of the graph.

    ``result_name`` is the variable under which this decision's result is visible to the
    decisions that require it: the ``variable`` element's name when there is one, else the
    decision id (as Camunda's dmn-scala does).
    """

    id: str
    name: str
    logic: DecisionLogic
    required_decisions: tuple[str, ...] = ()
    required_inputs: tuple[str, ...] = ()
    version_tag: str | None = None
    variable_name: str | None = None
    variable_type_ref: str | None = None
    line: int | None = None

    @property
    def result_name(self) -> str:
        return self.variable_name or self.id

    @property
    def decision_type(self) -> DecisionType:
        return self.logic.decision_type


@dataclass(frozen=True, slots=True)
class InputData:
    """A named input the graph documents; its value comes from the evaluation variables."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class DecisionRequirementsGraph:
    """A parsed DMN resource: the ``definitions`` element and every decision in it."""

    id: str
    name: str
    namespace: str
    resource_name: str
    decisions: Mapping[str, Decision] = field(default_factory=lambda: MappingProxyType({}))
    """Decisions by id, in document order."""
    input_data: Mapping[str, InputData] = field(default_factory=lambda: MappingProxyType({}))
