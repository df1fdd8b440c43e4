"""``parse_dmn``: DMN 1.2–1.5 XML, as Camunda Modeler writes it, into a decision requirements graph.

Loading checks everything that can be checked without data: the XML is safe and well formed,
every construct is one the engine evaluates, every FEEL expression and unary test parses, every
requirement points at an element of the file, and required decisions form no cycle. All problems
are reported together in one :class:`~engine.dmn.errors.DmnInvalid`.
"""

from __future__ import annotations

from types import MappingProxyType

from engine.dmn import _xml
from engine.dmn._decision_parser import parse_decision
from engine.dmn._graph import check_references, check_structure
from engine.dmn._problems import Problems
from engine.dmn.errors import DmnInvalid, DmnProblem
from engine.dmn.model import Decision, DecisionRequirementsGraph, InputData

_IGNORED = frozenset(
    {
        "description",
        "extensionElements",
        "itemDefinition",
        "knowledgeSource",
        "textAnnotation",
        "association",
        "group",
        "elementCollection",
        "performanceIndicator",
        "organizationUnit",
    }
)


def parse_dmn(xml: bytes, resource_name: str) -> DecisionRequirementsGraph:
    """Parse and validate one DMN resource.

    Args:
        xml: the file's bytes.
        resource_name: the deployment resource name, used in messages and kept on the graph.

    Returns:
        The immutable decision requirements graph.

    Raises:
        DmnInvalid: listing every problem found, each with element id and line.
    """
    try:
        root = _xml.load(xml)
    except _xml.XmlRejected as exc:
        raise DmnInvalid(problems=[DmnProblem(resource_name, None, str(exc), exc.line)]) from exc
    problems = Problems(resource_name, _xml.namespace(root))
    if _xml.local_name(root) != "definitions" or problems.ns not in _xml.DMN_NAMESPACES:
        problems.add(root, f"not a DMN 1.2-1.5 document: root element is {root.tag}")
        raise DmnInvalid(problems=problems.found)
    decisions, input_data, declared = _parse_children(root, problems)
    check_references(decisions, declared, problems)
    check_structure(decisions, problems)
    if problems.found:
        raise DmnInvalid(problems=problems.found)
    return DecisionRequirementsGraph(
        id=root.get("id") or "",
        name=root.get("name") or root.get("id") or "",
        namespace=root.get("namespace") or "",
        resource_name=resource_name,
        decisions=MappingProxyType(decisions),
        input_data=MappingProxyType(input_data),
    )


def _parse_children(
    root: _xml.Element, problems: Problems
) -> tuple[dict[str, Decision], dict[str, InputData], dict[str, str]]:
    """Decisions and input data by id, and the kind of every element with an id."""
    decisions: dict[str, Decision] = {}
    input_data: dict[str, InputData] = {}
    declared: dict[str, str] = {}
    if not root.get("id"):
        problems.add(root, "definitions element has no id")
    for element in _xml.children(root, problems.ns):
        kind = _xml.local_name(element)
        element_id = element.get("id") or ""
        if kind in ("decision", "inputData") and (not element_id or element_id in declared):
            problems.add(element, f"<{kind}> needs a unique id (got '{element_id}')")
            continue
        declared[element_id] = kind
        if kind == "decision":
            decision = parse_decision(element, problems)
            if decision is not None:
                decisions[element_id] = decision
        elif kind == "inputData":
            input_data[element_id] = InputData(id=element_id, name=element.get("name") or element_id)
        elif kind == "businessKnowledgeModel":
            problems.add(element, "business knowledge models are not supported")
        elif kind not in _IGNORED:
            problems.add(element, f"unsupported DMN element <{kind}>")
    if not decisions and not problems.found:
        problems.add(root, "the file contains no decision")
    return decisions, input_data, declared
