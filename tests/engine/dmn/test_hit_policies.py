"""Every hit policy, through parse_dmn + evaluate_decision on a Modeler-style file."""

from __future__ import annotations

from typing import Any

import pytest

from engine.dmn import DecisionRequirementsGraph, evaluate_decision

from .conftest import fixture_bytes


@pytest.fixture(scope="module")
def drg() -> DecisionRequirementsGraph:
    from engine.dmn import parse_dmn

    return parse_dmn(fixture_bytes("hit-policies.dmn"), "hit-policies.dmn")


def matched_rule_ids(evaluation: Any) -> list[str]:
    return [rule["ruleId"] for rule in evaluation.evaluated_decisions[-1]["matchedRules"]]


@pytest.mark.parametrize(
    ("decision_id", "variables", "expected", "rules"),
    [
        ("unique_grade", {"score": 42}, "LOW", ["Rule_unique_grade_1"]),
        ("unique_grade", {"score": 79}, "MID", ["Rule_unique_grade_2"]),
        ("unique_grade", {"score": 85}, "HIGH", ["Rule_unique_grade_3"]),
        ("first_grade", {"score": 95}, "TOP", ["Rule_first_grade_1"]),
        ("first_grade", {"score": 85}, "HIGH", ["Rule_first_grade_2"]),
        (
            "priority_grade",
            {"category": "FRAUD", "days": 20},
            "RED",
            ["Rule_priority_grade_2", "Rule_priority_grade_3"],
        ),
        (
            "priority_grade",
            {"category": "LATE_INTEREST", "days": 20},
            "ORANGE",
            ["Rule_priority_grade_1", "Rule_priority_grade_2"],
        ),
        ("priority_grade", {"category": "LATE_INTEREST", "days": 3}, "YELLOW", ["Rule_priority_grade_1"]),
        (
            "any_channel",
            {"vip": True, "amount": 20000},
            "BRANCH",
            ["Rule_any_channel_1", "Rule_any_channel_2"],
        ),
        (
            "collect_sum",
            {"amount": 6000},
            410,
            ["Rule_collect_sum_1", "Rule_collect_sum_2", "Rule_collect_sum_3"],
        ),
        (
            "collect_min",
            {"amount": 6000},
            60,
            ["Rule_collect_min_1", "Rule_collect_min_2", "Rule_collect_min_3"],
        ),
        (
            "collect_max",
            {"amount": 6000},
            250,
            ["Rule_collect_max_1", "Rule_collect_max_2", "Rule_collect_max_3"],
        ),
        ("collect_count", {"amount": 2000}, 2, ["Rule_collect_count_1", "Rule_collect_count_2"]),
        ("collect_list", {"amount": 2500}, [100, 25], ["Rule_collect_list_1", "Rule_collect_list_2"]),
        ("collect_sum", {"amount": 1500.5}, 115.005, ["Rule_collect_sum_1", "Rule_collect_sum_2"]),
        (
            "output_order_grades",
            {"days": 20},
            ["RED", "ORANGE", "YELLOW"],
            ["Rule_output_order_grades_1", "Rule_output_order_grades_2", "Rule_output_order_grades_3"],
        ),
        (
            "output_order_grades",
            {"days": 7},
            ["ORANGE", "YELLOW"],
            ["Rule_output_order_grades_1", "Rule_output_order_grades_3"],
        ),
    ],
)
def test_hit_policy_result(
    drg: DecisionRequirementsGraph,
    decision_id: str,
    variables: dict[str, Any],
    expected: Any,
    rules: list[str],
) -> None:
    evaluation = evaluate_decision(drg, decision_id, variables)

    assert evaluation.failure_message == ""
    assert evaluation.output == expected
    assert matched_rule_ids(evaluation) == rules


def test_rule_order_gives_contexts_in_rule_order(drg: DecisionRequirementsGraph) -> None:
    evaluation = evaluate_decision(drg, "rule_order_measures", {"grade": "RED"})

    assert evaluation.output == [
        {"measure": "FREEZE_CREDIT", "owner": "BANK"},
        {"measure": "REPORT", "owner": "FINANCE_BUREAU"},
        {"measure": "MONITOR", "owner": "BANK"},
    ]
    orange = evaluate_decision(drg, "rule_order_measures", {"grade": "ORANGE"})
    assert [row["measure"] for row in orange.output] == ["REPORT", "MONITOR"]


@pytest.mark.parametrize(
    ("decision_id", "variables"),
    [
        ("unique_grade", {"score": "not a number"}),
        ("first_grade", {"score": 10}),
        ("priority_grade", {"category": "OTHER", "days": 0}),
        ("any_channel", {"vip": False, "amount": 100}),
        ("collect_sum", {"amount": 0}),
        ("collect_count", {"amount": 0}),
        ("collect_list", {"amount": 0}),
        ("output_order_grades", {"days": 0}),
    ],
)
def test_no_match_gives_null_for_every_policy(
    drg: DecisionRequirementsGraph, decision_id: str, variables: dict[str, Any]
) -> None:
    evaluation = evaluate_decision(drg, decision_id, variables)

    assert evaluation.failure_message == ""
    assert evaluation.output is None
    assert evaluation.evaluated_decisions[0]["matchedRules"] == []
    assert evaluation.evaluated_decisions[0]["decisionOutput"] == "null"


def test_no_match_uses_default_output_entries(drg: DecisionRequirementsGraph) -> None:
    assert evaluate_decision(drg, "default_outputs", {"code": "Z"}).output == {
        "label": "unknown",
        "severity": 0,
    }
    assert evaluate_decision(drg, "default_outputs", {"code": "B"}).output == {"label": "Beta", "severity": 2}


def test_unique_with_several_matches_fails(drg: DecisionRequirementsGraph) -> None:
    evaluation = evaluate_decision(drg, "unique_grade", {"score": 95})

    assert evaluation.failed
    assert evaluation.output is None
    assert evaluation.failed_decision_id == "unique_grade"
    assert evaluation.failure_message.startswith("Expected to evaluate decision 'unique_grade', but ")
    assert "UNIQUE" in evaluation.failure_message
    assert matched_rule_ids(evaluation) == ["Rule_unique_grade_3", "Rule_unique_grade_4"]


def test_any_with_conflicting_matches_fails(drg: DecisionRequirementsGraph) -> None:
    evaluation = evaluate_decision(drg, "any_channel", {"vip": False, "amount": 60000})

    assert evaluation.failed_decision_id == "any_channel"
    assert "ANY" in evaluation.failure_message
    assert '"BRANCH"' in evaluation.failure_message and '"HEADQUARTERS"' in evaluation.failure_message


def test_collect_sum_over_strings_fails(drg: DecisionRequirementsGraph) -> None:
    evaluation = evaluate_decision(drg, "collect_sum_text", {"amount": 500})

    assert evaluation.failed_decision_id == "collect_sum_text"
    assert "expected number" in evaluation.failure_message


def test_first_reports_only_the_first_match(drg: DecisionRequirementsGraph) -> None:
    evaluation = evaluate_decision(drg, "first_grade", {"score": 99})

    assert [r["ruleIndex"] for r in evaluation.evaluated_decisions[0]["matchedRules"]] == [1]


def test_audit_entry_is_shaped_like_zeebe(drg: DecisionRequirementsGraph) -> None:
    evaluation = evaluate_decision(drg, "priority_grade", {"category": "FRAUD", "days": 20})

    assert evaluation.evaluated_decisions == (
        {
            "decisionId": "priority_grade",
            "decisionName": "Signal grade (priority)",
            "decisionType": "DECISION_TABLE",
            "decisionOutput": '"RED"',
            "evaluatedInputs": [
                {"inputId": "Input_0019", "inputName": "Category", "inputValue": '"FRAUD"'},
                {"inputId": "Input_0020", "inputName": "Days overdue", "inputValue": "20"},
            ],
            "matchedRules": [
                {
                    "ruleId": "Rule_priority_grade_2",
                    "ruleIndex": 2,
                    "evaluatedOutputs": [
                        {"outputId": "Output_0021", "outputName": "grade", "outputValue": '"ORANGE"'}
                    ],
                },
                {
                    "ruleId": "Rule_priority_grade_3",
                    "ruleIndex": 3,
                    "evaluatedOutputs": [
                        {"outputId": "Output_0021", "outputName": "grade", "outputValue": '"RED"'}
                    ],
                },
            ],
        },
    )


def test_missing_input_variable_is_null_with_a_warning(drg: DecisionRequirementsGraph) -> None:
    evaluation = evaluate_decision(drg, "first_grade", {})

    assert evaluation.failure_message == ""
    assert evaluation.output is None
    assert evaluation.evaluated_decisions[0]["evaluatedInputs"][0]["inputValue"] == "null"
    assert any("score" in warning for warning in evaluation.warnings)
