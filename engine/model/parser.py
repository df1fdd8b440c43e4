"""Parse Camunda 8 BPMN XML (as Camunda Modeler writes it) into the immutable process model.

``parse_bpmn`` loads the bytes safely (:mod:`engine.model.safe_xml`), reads every executable
process into :class:`~engine.model.elements.Process` objects, runs the deploy-time checks of
:mod:`engine.model.validate`, and raises :class:`~engine.model.problems.BpmnInvalid` listing every
problem found, or returns the processes.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from engine.model.context import ParseContext
from engine.model.elements import Element, ElementType, EventDefinition, EventType, Process, SequenceFlow
from engine.model.events import read_event, read_message_ref
from engine.model.extensions import (
    check_extensions,
    read_called_decision,
    read_called_element,
    read_io,
    read_loop,
    read_script,
    read_task_definition,
    read_task_headers,
    read_user_task,
)
from engine.model.namespaces import (
    attr,
    bpmn_children,
    first_bpmn_child,
    is_bpmn,
    line_of,
    local_name,
    namespace,
    text_of,
    zeebe_extension,
    zeebe_extensions,
)
from engine.model.problems import Problems
from engine.model.safe_xml import load_xml
from engine.model.tags import FLOW_NODE_TYPES, IGNORED_IN_SCOPE, REFUSED_NODES, REFUSED_TAGS
from engine.model.validate import validate

_ROOT_KINDS = ("message", "error", "escalation", "signal")
_JOB_EVENT_TYPES = (ElementType.INTERMEDIATE_THROW_EVENT, ElementType.END_EVENT)


def parse_bpmn(xml: bytes, resource_name: str) -> tuple[Process, ...]:
    """Parse and validate one BPMN resource.

    Args:
        xml: the file content (at most :data:`engine.model.safe_xml.MAX_XML_BYTES`; no DOCTYPE).
        resource_name: the deployed file name, used in ``SourceRef`` and problem texts.

    Returns:
        The executable processes of the file, in document order (participants of a
        collaboration contribute their processes).

    Raises:
        BpmnInvalid: listing every problem, each as ``"<resource>: line <n>: <tag> '<id>': <message>"``.
    """
    ctx = ParseContext(resource_name, Problems(resource_name))
    root = load_xml(xml, ctx.problems)
    if root is None:
        ctx.problems.raise_if_any()
        return ()
    processes = _read_definitions(root, ctx)
    validate(processes, ctx)
    ctx.problems.raise_if_any()
    return processes


def _read_definitions(root: etree._Element, ctx: ParseContext) -> tuple[Process, ...]:
    if not is_bpmn(root, "definitions"):
        ctx.problems.add(
            line_of(root), local_name(root) or "document", None, "not a BPMN 2.0 definitions document"
        )
        return ()
    _check_duplicate_ids(root, ctx)
    for kind in _ROOT_KINDS:
        ctx.roots[kind] = {str(el.get("id")): el for el in bpmn_children(root, kind) if el.get("id")}
    executable = [p for p in bpmn_children(root, "process") if attr(p, "isExecutable") == "true"]
    if not executable:
        ctx.problem(root, 'must contain at least one executable process (isExecutable="true")')
    return tuple(p for p in (_read_process(el, ctx) for el in executable) if p is not None)


def _check_duplicate_ids(root: etree._Element, ctx: ParseContext) -> None:
    seen: dict[str, int | None] = {}
    for el in root.iter():
        if not is_bpmn(el) or el.get("id") is None:
            continue
        element_id = str(el.get("id"))
        if element_id in seen:
            ctx.problem(el, f"duplicate id (first declared on line {seen[element_id]})")
        else:
            seen[element_id] = line_of(el)


class _ProcessBuilder:
    """Collects element fields as dicts while walking one process, then freezes them."""

    def __init__(self, ctx: ParseContext) -> None:
        self.ctx = ctx
        self.drafts: dict[str, dict[str, Any]] = {}
        self.flows: dict[str, SequenceFlow] = {}

    def walk_scope(self, scope: etree._Element, scope_id: str) -> tuple[str, ...]:
        """Read the flow nodes and sequence flows directly inside ``scope``; return the node ids."""
        children: list[str] = []
        for child in scope:
            if namespace(child) is None or not is_bpmn(child):
                continue
            name = local_name(child)
            if name == "sequenceFlow":
                self.read_flow(child, scope_id)
            elif name in FLOW_NODE_TYPES:
                node_id = self.read_node(child, scope_id)
                if node_id is not None:
                    children.append(node_id)
            elif name in REFUSED_NODES:
                self.ctx.problem(child, REFUSED_TAGS[name])
                self.ctx.bad_references.add(str(child.get("id")))
            elif not _check_child(child, scope, self.ctx) and name not in IGNORED_IN_SCOPE:
                self.ctx.problem(child, f"bpmn:{name} is not supported by the embedded engine")
        return tuple(children)

    def read_flow(self, el: etree._Element, scope_id: str) -> None:
        flow_id = attr(el, "id")
        if not flow_id:
            self.ctx.problem(el, "sequence flow has no id")
            return
        condition_el = first_bpmn_child(el, "conditionExpression")
        condition = text_of(condition_el)
        if condition_el is not None:
            self.ctx.expression(condition_el, "conditionExpression", condition, owner=el)
        self.flows[flow_id] = SequenceFlow(
            id=flow_id,
            source_id=attr(el, "sourceRef") or "",
            target_id=attr(el, "targetRef") or "",
            condition=condition,
            name=attr(el, "name"),
            source=self.ctx.source(el),
        )
        self.ctx.flow_scopes[flow_id] = scope_id

    def read_node(self, el: etree._Element, parent_id: str) -> str | None:
        node_id = attr(el, "id")
        if not node_id:
            self.ctx.problem(el, "flow node has no id")
            return None
        element_type = FLOW_NODE_TYPES[local_name(el)]
        if element_type is ElementType.SUB_PROCESS and attr(el, "triggeredByEvent") == "true":
            element_type = ElementType.EVENT_SUB_PROCESS
        fields: dict[str, Any] = {
            "id": node_id,
            "type": element_type,
            "parent_id": parent_id,
            "name": attr(el, "name"),
            "source": self.ctx.source(el),
            "io": read_io(el, self.ctx),
        }
        check_extensions(el, self.ctx)
        if attr(el, "isForCompensation") == "true":
            self.ctx.problem(
                el, "compensation handlers (isForCompensation) are not supported by the embedded engine"
            )
        fields.update(_kind_fields(el, element_type, self.ctx))
        self.drafts[node_id] = fields
        if element_type in (ElementType.SUB_PROCESS, ElementType.EVENT_SUB_PROCESS):
            fields["children"] = self.walk_scope(el, node_id)
        else:
            for child in bpmn_children(el):
                _check_child(child, el, self.ctx)
        return node_id

    def link(self) -> None:
        """Fill ``incoming``/``outgoing`` (flow document order), ``boundary_ids`` and ESP interrupting."""
        for flow in self.flows.values():
            if flow.source_id in self.drafts:
                self.drafts[flow.source_id].setdefault("outgoing", []).append(flow.id)
            if flow.target_id in self.drafts:
                self.drafts[flow.target_id].setdefault("incoming", []).append(flow.id)
        for fields in self.drafts.values():
            host = self.drafts.get(fields.get("attached_to") or "")
            if fields["type"] is ElementType.BOUNDARY_EVENT and host is not None:
                host.setdefault("boundary_ids", []).append(fields["id"])
        for fields in self.drafts.values():
            if fields["type"] is ElementType.EVENT_SUB_PROCESS:
                starts = [
                    self.drafts[c]
                    for c in fields.get("children", ())
                    if self.drafts[c]["type"] is ElementType.START_EVENT
                ]
                if starts:
                    fields["interrupting"] = starts[0].get("interrupting", True)

    def elements(self) -> dict[str, Element]:
        frozen: dict[str, Element] = {}
        for node_id, fields in self.drafts.items():
            for key in ("incoming", "outgoing", "boundary_ids"):
                if key in fields:
                    fields[key] = tuple(fields[key])
            frozen[node_id] = Element(**fields)
        return frozen


def _check_child(child: etree._Element, owner: etree._Element, ctx: ParseContext) -> bool:
    """Report refused BPMN children of a node; True when ``child`` was reported."""
    name = local_name(child)
    if name in REFUSED_TAGS and not (name == "script" and local_name(owner) != "scriptTask"):
        ctx.problem(child, f"bpmn:{name}: {REFUSED_TAGS[name]}", owner=owner)
        return True
    behaviour = bpmn_children(child, "assignment") or bpmn_children(child, "transformation")
    if name in ("dataInputAssociation", "dataOutputAssociation") and behaviour:
        ctx.problem(
            child,
            f"bpmn:{name} with assignment/transformation is not executed; use zeebe:ioMapping",
            owner=owner,
        )
        return True
    return False


def _kind_fields(el: etree._Element, element_type: ElementType, ctx: ParseContext) -> dict[str, Any]:
    """The fields specific to the node's kind (event, task, gateway…)."""
    fields: dict[str, Any] = {"loop": read_loop(el, ctx)}
    default_flow = attr(el, "default")
    if default_flow:
        fields["default_flow"] = default_flow
    if element_type in (ElementType.START_EVENT, ElementType.INTERMEDIATE_CATCH_EVENT, ElementType.BOUNDARY_EVENT,
                        ElementType.INTERMEDIATE_THROW_EVENT, ElementType.END_EVENT):  # fmt: skip
        fields.update(_event_fields(el, element_type, ctx))
    elif element_type is ElementType.RECEIVE_TASK:
        if attr(el, "instantiate") == "true":
            ctx.problem(
                el,
                "receive tasks that instantiate the process are not supported by Zeebe; use a message start event",
            )
        fields["event"] = EventDefinition(
            EventType.MESSAGE, message=read_message_ref(el, "messageRef", el, ctx)
        )
    else:
        fields.update(_task_fields(el, element_type, ctx))
    return fields


def _event_fields(el: etree._Element, element_type: ElementType, ctx: ParseContext) -> dict[str, Any]:
    event = read_event(el, ctx)
    fields: dict[str, Any] = {"event": event}
    if element_type is ElementType.BOUNDARY_EVENT:
        fields["attached_to"] = attr(el, "attachedToRef")
        fields["cancel_activity"] = attr(el, "cancelActivity") != "false"
    if element_type is ElementType.START_EVENT:
        fields["interrupting"] = attr(el, "isInterrupting") != "false"
    if element_type in _JOB_EVENT_TYPES and event is not None and event.type is EventType.MESSAGE:
        fields["task_definition"] = read_task_definition(el, ctx)
        fields["task_headers"] = read_task_headers(el, ctx)
    return fields


def _task_fields(el: etree._Element, element_type: ElementType, ctx: ParseContext) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if element_type is ElementType.CALL_ACTIVITY:
        fields["called_element"] = read_called_element(el, ctx)
        return fields
    if element_type is ElementType.USER_TASK:
        fields["user_task"] = read_user_task(el, ctx)
        fields["task_headers"] = read_task_headers(el, ctx)
        return fields
    if element_type is ElementType.BUSINESS_RULE_TASK:
        fields["called_decision"] = read_called_decision(el, ctx)
    if element_type is ElementType.SCRIPT_TASK:
        fields["script"] = read_script(el, ctx)
    if element_type in (ElementType.SERVICE_TASK, ElementType.SEND_TASK, ElementType.BUSINESS_RULE_TASK,
                        ElementType.SCRIPT_TASK):  # fmt: skip
        fields["task_definition"] = read_task_definition(el, ctx)
        fields["task_headers"] = read_task_headers(el, ctx)
    return fields


def _read_process(el: etree._Element, ctx: ParseContext) -> Process | None:
    process_id = attr(el, "id")
    if not process_id:
        ctx.problem(el, "process has no id")
        return None
    check_extensions(el, ctx)
    builder = _ProcessBuilder(ctx)
    children = builder.walk_scope(el, process_id)
    builder.link()
    elements = {
        process_id: Element(
            id=process_id,
            type=ElementType.PROCESS,
            parent_id=None,
            name=attr(el, "name"),
            source=ctx.source(el),
            children=children,
        )
    }
    elements.update(builder.elements())
    version_tag = zeebe_extension(el, "versionTag")
    return Process(
        id=process_id,
        name=attr(el, "name"),
        resource_name=ctx.resource,
        elements=elements,
        flows=builder.flows,
        version_tag=None if version_tag is None else attr(version_tag, "value"),
        embedded_forms=_embedded_forms(el),
    )


def _embedded_forms(el: etree._Element) -> dict[str, str]:
    forms: dict[str, str] = {}
    for ext in zeebe_extensions(el):
        if local_name(ext) == "userTaskForm" and ext.get("id"):
            forms[str(ext.get("id"))] = "".join(ext.itertext()).strip()
    return forms


__all__ = ["parse_bpmn"]
