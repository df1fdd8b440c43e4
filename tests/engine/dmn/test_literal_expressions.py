"""Literal-expression decisions: FEEL over the variables, result named by the variable."""

from __future__ import annotations

from collections.abc import Callable

from engine.dmn import DecisionRequirementsGraph, evaluate_decision

Loader = Callable[[str], DecisionRequirementsGraph]


def test_literal_expression_over_a_context_variable(load_drg: Loader) -> None:
    drg = load_drg("literal-expressions.dmn")

    evaluation = evaluate_decision(drg, "greeting", {"borrower": {"name": "张三"}})

    assert evaluation.output == "您好，张三"
    assert evaluation.evaluated_decisions[0]["decisionOutput"] == '"您好，张三"'
    assert evaluation.evaluated_decisions[0]["decisionType"] == "LITERAL_EXPRESSION"


def test_results_of_required_literals_are_bound_by_variable_name(load_drg: Loader) -> None:
    drg = load_drg("literal-expressions.dmn")
    variables = {
        "borrower": {"name": "李四"},
        "repayments": [{"amountFen": 150000}, {"amountFen": 50000}],
        "principalFen": 200000,
    }

    evaluation = evaluate_decision(drg, "summary", variables)

    assert evaluation.output == {"message": "您好，李四", "repaidFen": 200000, "settled": True}


def test_result_type_mismatch_fails_the_decision(load_drg: Loader) -> None:
    drg = load_drg("literal-expressions.dmn")

    evaluation = evaluate_decision(drg, "wrong_type", {})

    assert evaluation.failed_decision_id == "wrong_type"
    assert evaluation.failure_message == (
        "Expected to evaluate decision 'wrong_type', but expected 'number' but found '\"not a number\"'"
    )
    assert evaluation.evaluated_decisions[0]["decisionOutput"] == '"not a number"'


def test_null_result_passes_the_type_check(load_drg: Loader) -> None:
    drg = load_drg("literal-expressions.dmn")

    evaluation = evaluate_decision(drg, "total_fen", {"repayments": None})

    assert evaluation.failure_message == ""
    assert evaluation.output is None
