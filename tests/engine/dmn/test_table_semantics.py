"""Finer points of decision tables, on small inline tables (Camunda/dmn-scala behaviour)."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.dmn import DecisionRequirementsGraph, evaluate_decision, parse_dmn


def table(
    hit_policy: str, inputs: list[str], outputs: list[str], rules: list[tuple[list[str], list[str]]]
) -> DecisionRequirementsGraph:
    """One decision ``d`` whose inputs/outputs are given as raw XML attributes + expression text."""
    input_xml = "".join(
        f'<input id="In{n}"{attrs}><inputExpression id="IE{n}"><text>{expr}</text></inputExpression></input>'
        for n, (attrs, _, expr) in enumerate(i.partition("|") for i in inputs)
    )
    output_xml = "".join(f'<output id="Out{n}"{attrs}/>' for n, attrs in enumerate(outputs))
    rule_xml = "".join(
        f'<rule id="R{r}">'
        + "".join(f'<inputEntry id="R{r}I{n}"><text>{e}</text></inputEntry>' for n, e in enumerate(ins))
        + "".join(f'<outputEntry id="R{r}O{n}"><text>{e}</text></outputEntry>' for n, e in enumerate(outs))
        + "</rule>"
        for r, (ins, outs) in enumerate(rules, start=1)
    )
    xml = (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="t" name="t" namespace="n">'
        f'<decision id="d" name="D"><decisionTable id="T" hitPolicy="{hit_policy}">'
        f"{input_xml}{output_xml}{rule_xml}</decisionTable></decision></definitions>"
    )
    return parse_dmn(xml.encode(), "inline.dmn")


def test_output_values_are_not_enforced() -> None:
    xml = (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="t" name="t" namespace="n">'
        '<decision id="d" name="D"><decisionTable id="T">'
        '<input id="In"><inputExpression id="IE"><text>x</text></inputExpression></input>'
        '<output id="Out" name="grade"><outputValues id="OV"><text>"A","B"</text></outputValues></output>'
        '<rule id="R"><inputEntry id="RI"><text>-</text></inputEntry><outputEntry id="RO"><text>"Z"</text></outputEntry></rule>'
        "</decisionTable></decision></definitions>"
    )
    drg = parse_dmn(xml.encode(), "values.dmn")

    evaluation = evaluate_decision(drg, "d", {"x": 1})

    assert evaluation.failure_message == ""
    assert evaluation.output == "Z"


def test_input_entries_with_question_mark_and_other_variables() -> None:
    drg = table(
        "FIRST",
        [' label="Amount"|amount'],
        [' name="band"'],
        [
            (["? > limit * 2"], ['"DOUBLE"']),
            (["&gt; limit"], ['"OVER"']),
            (["not(&gt; limit)"], ['"WITHIN"']),
        ],
    )

    assert evaluate_decision(drg, "d", {"amount": 250, "limit": 100}).output == "DOUBLE"
    assert evaluate_decision(drg, "d", {"amount": 150, "limit": 100}).output == "OVER"
    assert evaluate_decision(drg, "d", {"amount": 50, "limit": 100}).output == "WITHIN"


def test_null_input_matches_only_null_or_any() -> None:
    drg = table(
        "RULE ORDER", ["|x"], [""], [(["null"], ['"null"']), (["&gt; 1"], ['"big"']), (["-"], ['"any"'])]
    )

    assert evaluate_decision(drg, "d", {"x": None}).output == ["null", "any"]
    assert evaluate_decision(drg, "d", {"x": 5}).output == ["big", "any"]


def test_output_entries_see_the_variables() -> None:
    drg = table("UNIQUE", ["|principal"], [' name="fee"'], [(["&gt; 0"], ["principal * 0.01 + flat"])])

    assert evaluate_decision(drg, "d", {"principal": 10000, "flat": 5}).output == 105


def test_priority_ties_keep_rule_order_and_unlisted_values_sort_last() -> None:
    xml = (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="t" name="t" namespace="n">'
        '<decision id="d" name="D"><decisionTable id="T" hitPolicy="OUTPUT ORDER">'
        '<input id="In"><inputExpression id="IE"><text>x</text></inputExpression></input>'
        '<output id="O1" name="level"><outputValues id="OV1"><text>"HIGH","LOW"</text></outputValues></output>'
        '<output id="O2" name="tag"/>'
        + "".join(
            f'<rule id="R{n}"><inputEntry id="R{n}I"><text>-</text></inputEntry>'
            f'<outputEntry id="R{n}A"><text>"{level}"</text></outputEntry>'
            f'<outputEntry id="R{n}B"><text>"{tag}"</text></outputEntry></rule>'
            for n, (level, tag) in enumerate(
                [("OTHER", "a"), ("LOW", "b"), ("HIGH", "c"), ("LOW", "d"), ("HIGH", "e")]
            )
        )
        + "</decisionTable></decision></definitions>"
    )
    drg = parse_dmn(xml.encode(), "order.dmn")

    output = evaluate_decision(drg, "d", {"x": 1}).output

    assert [row["tag"] for row in output] == ["c", "e", "b", "d", "a"]


def test_temporal_inputs_and_outputs_in_the_audit() -> None:
    drg = table(
        "UNIQUE",
        [' label="Due"|date(due)'],
        [' name="period"'],
        [
            (['[date("2026-01-01")..date("2026-06-30")]'], ['"H1"']),
            (['[date("2026-07-01")..date("2026-12-31")]'], ['"H2"']),
        ],
    )

    evaluation = evaluate_decision(drg, "d", {"due": "2026-08-15"})

    assert evaluation.output == "H2"
    assert evaluation.evaluated_decisions[0]["evaluatedInputs"][0]["inputValue"] == '"2026-08-15"'


def test_unlabelled_input_and_unnamed_output_report_empty_names() -> None:
    drg = table("UNIQUE", ["|x"], [""], [(["1"], ["true"])])

    entry = evaluate_decision(drg, "d", {"x": 1}).evaluated_decisions[0]

    assert entry["evaluatedInputs"][0]["inputName"] == ""
    assert entry["matchedRules"][0]["evaluatedOutputs"][0] == {
        "outputId": "Out0",
        "outputName": "",
        "outputValue": "true",
    }


def test_engine_clock_reaches_feel() -> None:
    xml = (
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="t" name="t" namespace="n">'
        '<decision id="d" name="D"><literalExpression id="L"><text>string(today())</text></literalExpression></decision>'
        "</definitions>"
    )
    drg = parse_dmn(xml.encode(), "clock.dmn")
    now = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

    assert evaluate_decision(drg, "d", {}, now=now).output == "2026-03-01"
    without_clock = evaluate_decision(drg, "d", {})
    assert without_clock.output is None and without_clock.warnings
