"""Decision requirements graphs: required decisions first, results bound by result name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine.dmn import DecisionRequirementsGraph, DmnInvalid, evaluate_decision, parse_dmn
from engine.dmn._graph import MAX_REQUIREMENT_DEPTH

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


def _literal_decision(decision_id: str, text: str, requires: tuple[str, ...] = ()) -> str:
    requirements = "".join(
        f'<informationRequirement id="IR_{decision_id}_{r}"><requiredDecision href="#{r}"/></informationRequirement>'
        for r in requires
    )
    return (
        f'<decision id="{decision_id}" name="{decision_id}">{requirements}'
        f'<literalExpression id="L_{decision_id}"><text>{text}</text></literalExpression></decision>'
    )


def _graph(*decisions: str) -> DecisionRequirementsGraph:
    xml = (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="g" name="g" namespace="n">'
        + "".join(decisions)
        + "</definitions>"
    )
    return parse_dmn(xml.encode(), "graph.dmn")


def test_diamond_requirement_is_evaluated_once() -> None:
    drg = _graph(
        _literal_decision("top", "left + right", ("left", "right")),
        _literal_decision("left", "base * 2", ("base",)),
        _literal_decision("right", "base * 3", ("base",)),
        _literal_decision("base", "x + 1"),
    )

    evaluation = evaluate_decision(drg, "top", {"x": 1})

    assert evaluation.output == 10
    assert [d["decisionId"] for d in evaluation.evaluated_decisions] == ["base", "left", "right", "top"]


def test_variables_are_shadowed_by_required_results() -> None:
    drg = _graph(_literal_decision("top", "base", ("base",)), _literal_decision("base", '"from decision"'))

    assert evaluate_decision(drg, "top", {"base": "from variables"}).output == "from decision"


def test_chain_up_to_the_depth_bound_evaluates() -> None:
    chain = [
        _literal_decision(f"d{i}", f"d{i + 1} + 1", (f"d{i + 1}",)) for i in range(1, MAX_REQUIREMENT_DEPTH)
    ]
    drg = _graph(*chain, _literal_decision(f"d{MAX_REQUIREMENT_DEPTH}", "0"))

    evaluation = evaluate_decision(drg, "d1", {})

    assert evaluation.output == MAX_REQUIREMENT_DEPTH - 1
    assert len(evaluation.evaluated_decisions) == MAX_REQUIREMENT_DEPTH


def test_chain_deeper_than_the_bound_is_rejected_at_load() -> None:
    count = 3000
    chain = [_literal_decision(f"d{i}", "1", (f"d{i + 1}",)) for i in range(1, count)]

    with pytest.raises(DmnInvalid) as info:
        _graph(*chain, _literal_decision(f"d{count}", "0"))

    assert len(info.value.problems) == 1
    assert f"more than {MAX_REQUIREMENT_DEPTH} levels" in info.value.problems[0]
