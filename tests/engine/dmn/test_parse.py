"""parse_dmn: the model built from Modeler files, namespaces, and load-time rejections."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from engine.dmn import (
    Aggregation,
    DecisionRequirementsGraph,
    DecisionTable,
    DmnInvalid,
    HitPolicy,
    LiteralExpression,
    parse_dmn,
)
from engine.errors import DeploymentInvalid

from .conftest import fixture_bytes

Loader = Callable[[str], DecisionRequirementsGraph]

DMN13 = "https://www.omg.org/spec/DMN/20191111/"
DMN14 = "https://www.omg.org/spec/DMN/20211108/"
DMN15 = "https://www.omg.org/spec/DMN/20230324/"


def rejected(xml: bytes, name: str = "test.dmn") -> DmnInvalid:
    with pytest.raises(DmnInvalid) as info:
        parse_dmn(xml, name)
    return info.value


def test_graph_carries_definitions_and_decisions(load_drg: Loader) -> None:
    drg = load_drg("loan-approval-drg.dmn")

    assert (drg.id, drg.name, drg.namespace) == (
        "loan_approval_drg",
        "Loan approval",
        "http://camunda.org/schema/1.0/dmn",
    )
    assert drg.resource_name == "loan-approval-drg.dmn"
    assert list(drg.decisions) == ["approval", "applicant_score", "exposure_band"]
    assert set(drg.input_data) == {"income", "amount"}


def test_decision_requirements_version_tag_and_result_name(load_drg: Loader) -> None:
    drg = load_drg("loan-approval-drg.dmn")
    approval = drg.decisions["approval"]
    score = drg.decisions["applicant_score"]

    assert approval.required_decisions == ("applicant_score", "exposure_band")
    assert approval.version_tag == "v2"
    assert approval.result_name == "approval"
    assert score.required_inputs == ("income",)
    assert (score.result_name, score.variable_type_ref) == ("Applicant score", "number")
    assert isinstance(score.logic, LiteralExpression)
    assert score.logic.text == "min([850, 500 + income / 100])"


def test_decision_table_model(load_drg: Loader) -> None:
    table = load_drg("loan-approval-drg.dmn").decisions["approval"].logic

    assert isinstance(table, DecisionTable)
    assert (table.hit_policy, table.aggregation) == (HitPolicy.FIRST, None)
    assert [(i.id, i.label, i.expression, i.type_ref) for i in table.inputs] == [
        ("Input_score", "Score", "`Applicant score`", "number"),
        ("Input_band", "Exposure band", "exposure_band", "string"),
    ]
    assert table.inputs[1].input_values == '"LOW","MEDIUM","HIGH"'
    assert [(o.id, o.name) for o in table.outputs] == [
        ("Output_decision", "decision"),
        ("Output_reason", "reason"),
    ]
    first, _, last = table.rules
    assert (first.id, first.index, first.input_entries) == (
        "Rule_good_score",
        1,
        (">= 700", '"LOW","MEDIUM"'),
    )
    assert first.output_entries == ('"APPROVE"', '"good score"')
    assert first.annotations == ("Good score, limited exposure",)
    assert (last.index, last.input_entries) == (3, ("", ""))


def test_output_values_priority_and_default_entries(load_drg: Loader) -> None:
    drg = load_drg("hit-policies.dmn")
    priority = drg.decisions["priority_grade"].logic
    defaults = drg.decisions["default_outputs"].logic
    collect = drg.decisions["collect_sum"].logic

    assert (
        isinstance(priority, DecisionTable)
        and isinstance(defaults, DecisionTable)
        and isinstance(collect, DecisionTable)
    )
    assert priority.outputs[0].priority_values == ("RED", "ORANGE", "YELLOW")
    assert [o.default_output_entry for o in defaults.outputs] == ['"unknown"', "0"]
    assert (collect.hit_policy, collect.aggregation) == (HitPolicy.COLLECT, Aggregation.SUM)


def test_model_is_immutable(load_drg: Loader) -> None:
    drg = load_drg("loan-approval-drg.dmn")

    with pytest.raises(dataclasses.FrozenInstanceError):
        drg.decisions["approval"].name = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        drg.decisions["other"] = drg.decisions["approval"]  # type: ignore[index]


@pytest.mark.parametrize("version", [DMN13, DMN14, DMN15])
def test_every_supported_dmn_namespace_parses_the_same(version: str) -> None:
    source = fixture_bytes("loan-approval-drg.dmn").decode()
    for known in (DMN13, DMN14, DMN15):
        source = source.replace(known, version)

    drg = parse_dmn(source.encode(), "x.dmn")

    assert list(drg.decisions) == ["approval", "applicant_score", "exposure_band"]


def test_unknown_namespace_is_rejected() -> None:
    xml = b'<definitions xmlns="http://example.com/not-dmn" id="d" name="d" namespace="x"/>'

    error = rejected(xml)

    assert "not a DMN" in error.problems[0]


def test_unsupported_constructs_are_rejected_naming_each_element() -> None:
    error = rejected(fixture_bytes("unsupported-constructs.dmn"), "unsupported.dmn")

    ids = {detail.element_id for detail in error.details}
    assert {
        "Context_pricing",
        "KnowledgeRequirement_fee",
        "Invocation_fee",
        "fee_model",
        "Relation_rates",
    } <= ids
    assert all(detail.resource_name == "unsupported.dmn" for detail in error.details)
    assert all(detail.line for detail in error.details)
    message = str(error)
    assert "Context_pricing" in message and "fee_model" in message


def test_syntax_errors_are_all_reported_at_load_with_lines() -> None:
    error = rejected(fixture_bytes("syntax-errors.dmn"), "syntax.dmn")

    by_id = {detail.element_id: detail for detail in error.details}
    assert set(by_id) == {
        "InputExpression_amount",
        "UnaryTests_bad",
        "LiteralExpression_unterminated",
        "LiteralExpression_empty",
    }
    assert "input entry of rule 'Rule_bad_entry'" in by_id["UnaryTests_bad"].message
    assert "^" in by_id["UnaryTests_bad"].message
    assert by_id["UnaryTests_bad"].line == 12
    assert "must not be empty" in by_id["LiteralExpression_empty"].message


def test_dmn_invalid_is_a_deployment_rejection() -> None:
    error = rejected(fixture_bytes("syntax-errors.dmn"), "syntax.dmn")

    assert isinstance(error, DeploymentInvalid)
    assert str(error).startswith("Command 'CREATE' rejected with code 'INVALID_ARGUMENT'")
    assert "'syntax.dmn' line 12, element 'UnaryTests_bad'" in str(error)


def _definitions(body: str) -> bytes:
    return (
        f'<definitions xmlns="{DMN13}MODEL/" id="defs" name="Defs" namespace="http://camunda.org/schema/1.0/dmn">'
        f"{body}</definitions>"
    ).encode()


def _table(decision_id: str, table_attrs: str, outputs: str, rules: str = "") -> str:
    return (
        f'<decision id="{decision_id}" name="{decision_id}"><decisionTable id="T_{decision_id}" {table_attrs}>'
        '<input id="I1"><inputExpression id="IE1"><text>x</text></inputExpression></input>'
        f"{outputs}{rules}</decisionTable></decision>"
    )


@pytest.mark.parametrize(
    ("body", "element_id", "fragment"),
    [
        (_table("d", 'hitPolicy="SOMETIMES"', '<output id="O1"/>'), "T_d", "unknown hit policy"),
        (
            _table("d", 'hitPolicy="FIRST" aggregation="SUM"', '<output id="O1"/>'),
            "T_d",
            "only allowed with hit policy COLLECT",
        ),
        (
            _table(
                "d",
                'hitPolicy="COLLECT" aggregation="SUM"',
                '<output id="O1" name="a"/><output id="O2" name="b"/>',
            ),
            "T_d",
            "exactly one output",
        ),
        (_table("d", "", '<output id="O1" name="a"/><output id="O2"/>'), "T_d", "needs a name"),
        (_table("d", "", ""), "T_d", "no output"),
        (
            _table(
                "d",
                "",
                '<output id="O1"/>',
                '<rule id="R1"><outputEntry id="OE"><text>1</text></outputEntry></rule>',
            ),
            "R1",
            "0 input and 1 output entries",
        ),
        ('<decision id="empty" name="Empty"/>', "empty", "no decision logic"),
        (
            '<decision id="a" name="a"><informationRequirement id="IR"><requiredDecision href="#ghost"/>'
            '</informationRequirement><literalExpression id="L"><text>1</text></literalExpression></decision>',
            "a",
            "requires decision 'ghost'",
        ),
        (
            '<decision id="a" name="a"><informationRequirement id="IR"><requiredDecision href="other.dmn#b"/>'
            '</informationRequirement><literalExpression id="L"><text>1</text></literalExpression></decision>',
            "IR",
            "imports are not supported",
        ),
        (
            '<decision id="a" name="a"><literalExpression id="L" expressionLanguage="javascript"><text>1</text>'
            "</literalExpression></decision>",
            "L",
            "expression language 'javascript'",
        ),
        (
            '<import namespace="x" importType="y" name="z" id="Imp"/>',
            "Imp",
            "unsupported DMN element <import>",
        ),
        ('<decisionService id="svc" name="svc"/>', "svc", "unsupported DMN element <decisionService>"),
    ],
)
def test_invalid_tables_and_decisions(body: str, element_id: str, fragment: str) -> None:
    error = rejected(_definitions(body))

    assert any(d.element_id == element_id and fragment in d.message for d in error.details), error.problems


def test_cycle_between_required_decisions_is_rejected() -> None:
    def decision(own: str, required: str) -> str:
        return (
            f'<decision id="{own}" name="{own}"><informationRequirement id="IR_{own}">'
            f'<requiredDecision href="#{required}"/></informationRequirement>'
            f'<literalExpression id="L_{own}"><text>1</text></literalExpression></decision>'
        )

    error = rejected(_definitions(decision("a", "b") + decision("b", "a")))

    assert len(error.details) == 1
    assert "cycle: a -> b -> a" in error.problems[0]


def test_duplicate_decision_ids_are_rejected() -> None:
    literal = (
        '<decision id="a" name="a"><literalExpression id="L"><text>1</text></literalExpression></decision>'
    )

    error = rejected(_definitions(literal + literal))

    assert "needs a unique id" in error.problems[0]


def test_malformed_xml_is_rejected_with_its_line() -> None:
    error = rejected(b'<?xml version="1.0"?>\n<definitions>\n<decision id="a">\n</definitions>')

    assert error.details[0].line == 4
    assert "malformed XML" in error.details[0].message


def test_project_risk_grading_table_parses() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "bpmn" / "risk-signal-grading.dmn"
    if not path.exists():
        pytest.skip("the project's risk grading DMN is not in this checkout")

    drg = parse_dmn(path.read_bytes(), path.name)

    assert drg.decisions
