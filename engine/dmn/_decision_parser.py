"""Builds a :class:`Decision` from a ``<decision>`` element.

Supported logic: decision tables and literal expressions. Every other boxed expression
(context, invocation, relation, list, function definition, conditional, filter, iterators) and
business knowledge models are refused, naming the element.
"""

from __future__ import annotations

from engine.dmn import _xml
from engine.dmn._problems import Problems
from engine.dmn._table_parser import parse_decision_table
from engine.dmn.model import Decision, DecisionLogic, LiteralExpression

_DOCUMENTATION = frozenset(
    {
        "description",
        "extensionElements",
        "question",
        "allowedAnswers",
        "authorityRequirement",
        "supportedObjective",
        "impactedPerformanceIndicator",
        "decisionMaker",
        "decisionOwner",
        "usingProcess",
        "usingTask",
    }
)
_UNSUPPORTED_LOGIC = frozenset(
    {
        "context",
        "invocation",
        "relation",
        "list",
        "functionDefinition",
        "conditional",
        "filter",
        "for",
        "every",
        "some",
    }
)


class _DecisionParts:
    def __init__(self) -> None:
        self.logic: list[DecisionLogic] = []
        self.required_decisions: list[str] = []
        self.required_inputs: list[str] = []
        self.variable: _xml.Element | None = None


def parse_decision(element: _xml.Element, problems: Problems) -> Decision | None:
    """Parse one decision; None when it has no usable logic (a problem is recorded)."""
    parts = _DecisionParts()
    for item in _xml.children(element, problems.ns):
        _parse_part(item, parts, problems)
    if len(parts.logic) != 1:
        if not parts.logic:
            problems.add(element, "decision has no decision logic (a decision table or literal expression)")
        else:
            problems.add(element, "decision has more than one decision logic element")
        return None
    return Decision(
        id=element.get("id") or "",
        name=element.get("name") or element.get("id") or "",
        logic=parts.logic[0],
        required_decisions=tuple(parts.required_decisions),
        required_inputs=tuple(parts.required_inputs),
        version_tag=_version_tag(element, problems.ns),
        variable_name=(parts.variable.get("name") or None) if parts.variable is not None else None,
        variable_type_ref=parts.variable.get("typeRef") if parts.variable is not None else None,
        line=_xml.line(element),
    )


def _parse_part(item: _xml.Element, parts: _DecisionParts, problems: Problems) -> None:
    kind = _xml.local_name(item)
    if kind == "decisionTable":
        parts.logic.append(parse_decision_table(item, problems))
    elif kind == "literalExpression":
        parts.logic.append(_parse_literal_expression(item, problems))
    elif kind == "variable":
        parts.variable = item
    elif kind == "informationRequirement":
        _parse_requirement(item, parts, problems)
    elif kind == "knowledgeRequirement":
        problems.add(item, "business knowledge models (knowledgeRequirement) are not supported")
    elif kind in _UNSUPPORTED_LOGIC:
        problems.add(
            item, f"boxed expression <{kind}> is not supported (use a decision table or literal expression)"
        )
    elif kind not in _DOCUMENTATION:
        problems.add(item, f"unsupported decision element <{kind}>")


def _parse_literal_expression(element: _xml.Element, problems: Problems) -> LiteralExpression:
    if _xml.child(element, problems.ns, "importedValues") is not None:
        problems.add(element, "imported values in a literal expression are not supported")
    return LiteralExpression(
        id=element.get("id") or "",
        text=problems.expression(element, "literal expression"),
    )


def _parse_requirement(element: _xml.Element, parts: _DecisionParts, problems: Problems) -> None:
    for reference in _xml.children(element, problems.ns):
        kind = _xml.local_name(reference)
        target = _local_href(reference, problems)
        if target is None:
            continue
        if kind == "requiredDecision":
            parts.required_decisions.append(target)
        elif kind == "requiredInput":
            parts.required_inputs.append(target)
        else:
            problems.add(reference, f"unsupported information requirement <{kind}>")


def _local_href(reference: _xml.Element, problems: Problems) -> str | None:
    href = reference.get("href") or ""
    document, _, target = href.partition("#")
    if document or not target:
        problems.add(
            reference,
            f"requirement href '{href}' must point into this file ('#id'); imports are not supported",
        )
        return None
    return target


def _version_tag(element: _xml.Element, ns: str) -> str | None:
    extensions = _xml.child(element, ns, "extensionElements")
    if extensions is None:
        return None
    tag = _xml.child(extensions, _xml.ZEEBE_NAMESPACE, "versionTag")
    return tag.get("value") if tag is not None else None
