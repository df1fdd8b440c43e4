"""DMN decisions as Zeebe evaluates them: parse DMN XML once, evaluate decisions many times.

``parse_dmn(xml, resource_name)`` validates a resource at deploy time and returns an immutable
:class:`DecisionRequirementsGraph`; ``evaluate_decision(drg, decision_id, variables)`` returns a
:class:`DecisionEvaluation` with the output and Zeebe's audit of every decision evaluated.
FEEL is ``engine.feel``; the semantics follow Camunda's dmn-scala (see docs/dmn.md).
"""

from engine.dmn.errors import DmnInvalid, DmnProblem
from engine.dmn.evaluation import DecisionEvaluation, evaluate_decision
from engine.dmn.model import (
    Aggregation,
    Decision,
    DecisionLogic,
    DecisionRequirementsGraph,
    DecisionTable,
    DecisionType,
    HitPolicy,
    InputClause,
    InputData,
    LiteralExpression,
    OutputClause,
    Rule,
)
from engine.dmn.parser import parse_dmn

__all__ = [
    "Aggregation",
    "Decision",
    "DecisionEvaluation",
    "DecisionLogic",
    "DecisionRequirementsGraph",
    "DecisionTable",
    "DecisionType",
    "DmnInvalid",
    "DmnProblem",
    "HitPolicy",
    "InputClause",
    "InputData",
    "LiteralExpression",
    "OutputClause",
    "Rule",
    "evaluate_decision",
    "parse_dmn",
]
