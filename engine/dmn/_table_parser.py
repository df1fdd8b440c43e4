"""Builds a :class:`DecisionTable` from a ``<decisionTable>`` element."""

from __future__ import annotations

from engine.dmn import _xml
from engine.dmn._problems import Problems
from engine.dmn.model import Aggregation, DecisionTable, HitPolicy, InputClause, OutputClause, Rule

_IGNORED = frozenset({"description", "extensionElements", "annotation"})


def parse_decision_table(element: _xml.Element, problems: Problems) -> DecisionTable:
    """Parse a decision table, recording every problem instead of stopping at the first."""
    ns = problems.ns
    inputs, outputs, rule_elements = [], [], []
    for item in _xml.children(element, ns):
        kind = _xml.local_name(item)
        if kind == "input":
            inputs.append(_parse_input(item, problems))
        elif kind == "output":
            outputs.append(_parse_output(item, problems))
        elif kind == "rule":
            rule_elements.append(item)
        elif kind not in _IGNORED:
            problems.add(item, f"unsupported decision table element <{kind}>")
    hit_policy, aggregation = _hit_policy(element, problems, len(outputs))
    _check_outputs(element, outputs, problems)
    rules = tuple(
        _parse_rule(item, index, len(inputs), len(outputs), problems)
        for index, item in enumerate(rule_elements, start=1)
    )
    return DecisionTable(
        id=element.get("id") or "",
        hit_policy=hit_policy,
        aggregation=aggregation,
        inputs=tuple(inputs),
        outputs=tuple(outputs),
        rules=rules,
    )


def _hit_policy(
    element: _xml.Element, problems: Problems, output_count: int
) -> tuple[HitPolicy, Aggregation | None]:
    raw_policy = element.get("hitPolicy", HitPolicy.UNIQUE.value)
    try:
        hit_policy = HitPolicy(raw_policy)
    except ValueError:
        problems.add(element, f"unknown hit policy '{raw_policy}'")
        hit_policy = HitPolicy.UNIQUE
    raw_aggregation = element.get("aggregation")
    if raw_aggregation is None:
        return hit_policy, None
    try:
        aggregation = Aggregation(raw_aggregation)
    except ValueError:
        problems.add(element, f"unknown aggregation '{raw_aggregation}'")
        return hit_policy, None
    if hit_policy is not HitPolicy.COLLECT:
        problems.add(element, f"aggregation {aggregation} is only allowed with hit policy COLLECT")
    elif output_count > 1:
        problems.add(element, "hit policy COLLECT with an aggregation needs exactly one output")
    return hit_policy, aggregation


def _parse_input(element: _xml.Element, problems: Problems) -> InputClause:
    ns = problems.ns
    expression = _xml.child(element, ns, "inputExpression")
    text = ""
    if expression is None:
        problems.add(element, "input has no inputExpression")
    else:
        text = problems.expression(expression, "input expression")
    return InputClause(
        id=element.get("id") or "",
        label=element.get("label"),
        expression=text,
        type_ref=expression.get("typeRef") if expression is not None else None,
        input_values=_xml.text_of(_xml.child(element, ns, "inputValues"), ns),
    )


def _parse_output(element: _xml.Element, problems: Problems) -> OutputClause:
    ns = problems.ns
    values = _xml.text_of(_xml.child(element, ns, "outputValues"), ns)
    default = _xml.child(element, ns, "defaultOutputEntry")
    return OutputClause(
        id=element.get("id") or "",
        label=element.get("label"),
        name=element.get("name") or None,
        type_ref=element.get("typeRef"),
        output_values=values,
        priority_values=split_literals(values or ""),
        default_output_entry=(
            problems.expression(default, "default output entry") if default is not None else None
        ),
    )


def _check_outputs(element: _xml.Element, outputs: list[OutputClause], problems: Problems) -> None:
    if not outputs:
        problems.add(element, "decision table has no output")
    if len(outputs) > 1:
        for output in outputs:
            if not output.name:
                problems.add(element, f"output '{output.id}' needs a name: the table has several outputs")
    names = [o.name for o in outputs if o.name]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.add(element, f"output name '{name}' is used by more than one output")


def _parse_rule(
    element: _xml.Element, index: int, input_count: int, output_count: int, problems: Problems
) -> Rule:
    ns = problems.ns
    of_rule = f"of rule '{element.get('id') or index}'"
    input_entries, output_entries, annotations = [], [], []
    for item in _xml.children(element, ns):
        kind = _xml.local_name(item)
        if kind == "inputEntry":
            input_entries.append(problems.unary_tests(item, f"input entry {of_rule}"))
        elif kind == "outputEntry":
            output_entries.append(problems.expression(item, f"output entry {of_rule}"))
        elif kind == "description":
            annotations.append(item.text or "")
        elif kind == "annotationEntry":
            annotations.append(_xml.text_of(item, ns) or "")
        elif kind != "extensionElements":
            problems.add(item, f"unsupported rule element <{kind}>")
    if len(input_entries) != input_count or len(output_entries) != output_count:
        problems.add(
            element,
            f"rule has {len(input_entries)} input and {len(output_entries)} output entries, "
            f"the table has {input_count} inputs and {output_count} outputs",
        )
    return Rule(
        id=element.get("id") or "",
        index=index,
        input_entries=tuple(input_entries),
        output_entries=tuple(output_entries),
        annotations=tuple(a for a in annotations if a),
    )


def split_literals(text: str) -> tuple[str, ...]:
    """Split an ``outputValues`` list such as ``"red","orange", 3`` into its literals.

    Commas inside quoted strings do not split; surrounding quotes are removed.
    """
    items: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return tuple(item.strip().strip('"') for item in items if item.strip())
