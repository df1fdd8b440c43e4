"""Decision requirements graphs: required decisions first, results bound by result name."""

from __future__ import annotations

from collections.abc import Callable

from engine.dmn import DecisionRequirementsGraph, evaluate_decision

Loader = Callable[[str], DecisionRequirementsGraph]


def test_required_decisions_are_evaluated_first_and_bound(load_drg: Loader) -> None:
    drg = load_drg("loan-approval-drg.dmn")

    evaluation = evaluate_decision(drg, "approval", {"income": 20000, "amount": 5000})

    assert evaluation.failure_message == ""
    assert evaluation.output == {"decision": "APPROVE", "reason": "good score"}
    assert [d["decisionId"] for d in evaluation.evaluated_decisions] == [
        "applicant_score",
        "exposure_band",
        "approval",
    ]
    score, band, approval = evaluation.evaluated_decisions
    assert (score["decisionType"], score["decisionOutput"]) == ("LITERAL_EXPRESSION", "700")
    assert score["evaluatedInputs"] == [] and score["matchedRules"] == []
    assert band["decisionOutput"] == '"LOW"'
    assert approval["evaluatedInputs"] == [
        {"inputId": "Input_score", "inputName": "Score", "inputValue": "700"},
        {"inputId": "Input_band", "inputName": "Exposure band", "inputValue": '"LOW"'},
    ]
    assert approval["decisionOutput"] == '{"decision":"APPROVE","reason":"good score"}'
    assert approval["matchedRules"][0]["evaluatedOutputs"] == [
        {"outputId": "Output_decision", "outputName": "decision", "outputValue": '"APPROVE"'},
        {"outputId": "Output_reason", "outputName": "reason", "outputValue": '"good score"'},
    ]


def test_required_results_change_the_outcome(load_drg: Loader) -> None:
    drg = load_drg("loan-approval-drg.dmn")

    small = evaluate_decision(drg, "approval", {"income": 12000, "amount": 8000})
    large = evaluate_decision(drg, "approval", {"income": 90000, "amount": 80000})

    assert small.output == {"decision": "APPROVE", "reason": "small exposure"}
    assert large.output == {"decision": "REFER", "reason": "manual review"}
    assert large.evaluated_decisions[0]["decisionOutput"] == "850"


def test_a_required_decision_can_be_evaluated_on_its_own(load_drg: Loader) -> None:
    drg = load_drg("loan-approval-drg.dmn")

    evaluation = evaluate_decision(drg, "exposure_band", {"amount": 30000})

    assert evaluation.output == "MEDIUM"
    assert [d["decisionId"] for d in evaluation.evaluated_decisions] == ["exposure_band"]


def test_failure_in_a_required_decision_names_it(load_drg: Loader) -> None:
    drg = load_drg("literal-expressions.dmn")

    evaluation = evaluate_decision(drg, "uses_wrong_type", {})

    assert evaluation.failed_decision_id == "wrong_type"
    assert evaluation.failure_message.startswith("Expected to evaluate decision 'uses_wrong_type', but ")
    assert "expected 'number'" in evaluation.failure_message
    assert [d["decisionId"] for d in evaluation.evaluated_decisions] == ["wrong_type"]
    assert evaluation.output is None


def test_unknown_decision_id_is_a_failure_not_an_exception(load_drg: Loader) -> None:
    drg = load_drg("loan-approval-drg.dmn")

    evaluation = evaluate_decision(drg, "nope", {})

    assert evaluation.failed_decision_id == "nope"
    assert (
        evaluation.failure_message
        == "Expected to evaluate decision 'nope', but no decision found with id 'nope'"
    )
    assert evaluation.evaluated_decisions == ()
