"""Readers for the ``zeebe:*`` extension elements of a flow node (SEMANTICS §7.3, §8.3).

Each reader takes the flow node's XML element and returns the model value (or ``None`` when the
extension is absent). Missing required attributes are kept as empty strings so that the validator
can report them with the element's id; expressions are registered for the FEEL check.
"""

from __future__ import annotations

from lxml import etree

from engine.model.context import ParseContext
from engine.model.elements import (
    CalledDecision,
    CalledElement,
    FormBinding,
    IoMapping,
    LoopCharacteristics,
    ScriptDef,
    TaskDefinition,
    UserTaskDef,
    VariableMapping,
)
from engine.model.namespaces import (
    ZEEBE,
    attr,
    first_bpmn_child,
    local_name,
    namespace,
    text_of,
    zeebe_extension,
    zeebe_extensions,
)

KNOWN = frozenset(
    {
        "taskDefinition", "taskHeaders", "ioMapping", "subscription", "calledElement", "calledDecision",
        "script", "loopCharacteristics", "properties", "formDefinition", "assignmentDefinition",
        "taskSchedule", "userTask", "userTaskForm", "priorityDefinition", "versionTag",
    }
)  # fmt: skip
"""Zeebe extension elements this engine understands."""

REJECTED = {
    "executionListeners": "execution listeners are not supported by the embedded engine",
    "taskListeners": "task listeners are not supported by the embedded engine",
    "linkedResources": "linked resources are not supported by the embedded engine",
    "adHoc": "ad-hoc sub-processes are not supported by the embedded engine",
}
"""Zeebe extension elements with behaviour this engine does not implement, and why they are refused."""


def check_extensions(el: etree._Element, ctx: ParseContext) -> None:
    """Refuse zeebe extensions that would change behaviour but are not implemented."""
    for ext in zeebe_extensions(el):
        name = local_name(ext)
        if name in REJECTED:
            ctx.problem(ext, f"zeebe:{name}: {REJECTED[name]}", owner=el)
        elif name not in KNOWN:
            ctx.problem(ext, f"unknown Zeebe extension element zeebe:{name}", owner=el)


def _expr(ext: etree._Element, name: str, ctx: ParseContext, owner: etree._Element) -> str | None:
    value = attr(ext, name)
    ctx.expression(ext, name, value, owner=owner)
    return value


def read_io(el: etree._Element, ctx: ParseContext) -> IoMapping:
    """``zeebe:ioMapping`` inputs and outputs, in document order."""
    ext = zeebe_extension(el, "ioMapping")
    if ext is None:
        return IoMapping()
    inputs: list[VariableMapping] = []
    outputs: list[VariableMapping] = []
    for item in ext:
        kind = local_name(item)
        if namespace(item) != ZEEBE or kind not in ("input", "output"):
            continue
        source = _expr(item, "source", ctx, el)
        target = attr(item, "target")
        if not source or not target:
            ctx.problem(item, f"zeebe:{kind} needs both 'source' and 'target'", owner=el)
            continue
        (inputs if kind == "input" else outputs).append(VariableMapping(source, target))
    return IoMapping(tuple(inputs), tuple(outputs))


def read_task_definition(el: etree._Element, ctx: ParseContext) -> TaskDefinition | None:
    """``zeebe:taskDefinition``; a missing type is kept as ``""`` for the validator."""
    ext = zeebe_extension(el, "taskDefinition")
    if ext is None:
        return None
    job_type = _expr(ext, "type", ctx, el) or ""
    retries = _expr(ext, "retries", ctx, el) or "3"
    return TaskDefinition(type=job_type.strip(), retries=retries)


def read_task_headers(el: etree._Element, ctx: ParseContext) -> tuple[tuple[str, str], ...]:
    """``zeebe:taskHeaders`` as (key, value) pairs; values are static strings, never FEEL."""
    ext = zeebe_extension(el, "taskHeaders")
    if ext is None:
        return ()
    headers: list[tuple[str, str]] = []
    for item in ext:
        if namespace(item) != ZEEBE or local_name(item) != "header":
            continue
        key = attr(item, "key")
        if not key:
            ctx.problem(item, "zeebe:header needs a 'key'", owner=el)
            continue
        headers.append((key, attr(item, "value") or ""))
    return tuple(headers)


def read_form(el: etree._Element, ctx: ParseContext) -> FormBinding | None:
    ext = zeebe_extension(el, "formDefinition")
    if ext is None:
        return None
    return FormBinding(
        form_id=_expr(ext, "formId", ctx, el),
        binding_type=attr(ext, "bindingType") or "latest",
        version_tag=attr(ext, "versionTag"),
        external_reference=_expr(ext, "externalReference", ctx, el),
        form_key=attr(ext, "formKey"),
    )


def read_user_task(el: etree._Element, ctx: ParseContext) -> UserTaskDef:
    """The user-task family of extensions; ``zeebe:userTask`` marks a Camunda user task."""
    assignment = zeebe_extension(el, "assignmentDefinition")
    schedule = zeebe_extension(el, "taskSchedule")
    priority = zeebe_extension(el, "priorityDefinition")

    def get(ext: etree._Element | None, name: str) -> str | None:
        return None if ext is None else _expr(ext, name, ctx, el)

    return UserTaskDef(
        camunda_user_task=zeebe_extension(el, "userTask") is not None,
        assignee=get(assignment, "assignee"),
        candidate_groups=get(assignment, "candidateGroups"),
        candidate_users=get(assignment, "candidateUsers"),
        due_date=get(schedule, "dueDate"),
        follow_up_date=get(schedule, "followUpDate"),
        form=read_form(el, ctx),
        priority=get(priority, "priority"),
    )


def read_called_decision(el: etree._Element, ctx: ParseContext) -> CalledDecision | None:
    ext = zeebe_extension(el, "calledDecision")
    if ext is None:
        return None
    return CalledDecision(
        decision_id=(_expr(ext, "decisionId", ctx, el) or "").strip(),
        result_variable=(attr(ext, "resultVariable") or "").strip(),
        binding_type=attr(ext, "bindingType") or "latest",
    )


def _flag(ext: etree._Element, name: str, default: bool) -> bool:
    value = attr(ext, name)
    return default if value is None else value.strip().lower() == "true"


def read_called_element(el: etree._Element, ctx: ParseContext) -> CalledElement | None:
    ext = zeebe_extension(el, "calledElement")
    if ext is None:
        return None
    return CalledElement(
        process_id=(_expr(ext, "processId", ctx, el) or "").strip(),
        propagate_all_child_variables=_flag(ext, "propagateAllChildVariables", True),
        propagate_all_parent_variables=_flag(ext, "propagateAllParentVariables", True),
        binding_type=attr(ext, "bindingType") or "latest",
    )


def read_script(el: etree._Element, ctx: ParseContext) -> ScriptDef | None:
    ext = zeebe_extension(el, "script")
    if ext is None:
        return None
    return ScriptDef(
        expression=(_expr(ext, "expression", ctx, el) or "").strip(),
        result_variable=(attr(ext, "resultVariable") or "").strip(),
    )


def read_loop(el: etree._Element, ctx: ParseContext) -> LoopCharacteristics | None:
    """``multiInstanceLoopCharacteristics`` with its ``zeebe:loopCharacteristics``."""
    mi = first_bpmn_child(el, "multiInstanceLoopCharacteristics")
    if mi is None:
        return None
    ext = zeebe_extension(mi, "loopCharacteristics")
    condition_el = first_bpmn_child(mi, "completionCondition")
    condition = text_of(condition_el)
    if condition_el is not None:
        ctx.expression(condition_el, "completionCondition", condition, owner=el)

    def get(name: str, expression: bool) -> str | None:
        if ext is None:
            return None
        value = _expr(ext, name, ctx, el) if expression else attr(ext, name)
        return value.strip() if value and value.strip() else None

    return LoopCharacteristics(
        sequential=_flag(mi, "isSequential", False),
        input_collection=get("inputCollection", True) or "",
        input_element=get("inputElement", False),
        output_collection=get("outputCollection", False),
        output_element=get("outputElement", True),
        completion_condition=condition,
    )
