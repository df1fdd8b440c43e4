"""The package's public names are exactly the documented ones."""

from __future__ import annotations

import engine.dmn


def test_exported_names() -> None:
    assert sorted(engine.dmn.__all__) == [
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
    assert all(hasattr(engine.dmn, name) for name in engine.dmn.__all__)
