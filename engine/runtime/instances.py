"""Creating process instances: by API (none start event or start instructions), by a timer,
message or signal start event, or by a call activity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.model.elements import ElementType
from engine.records import CreationIntent, ValueType
from engine.records import ProcessInstanceIntent as PI
from engine.runtime.definitions import Resource
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


def start_instance(
    p: Processor,
    definition: Resource,
    variables: dict[str, Any],
    start_ids: list[str],
    *,
    parent: ElementInstance | None = None,
    start_variables: dict[str, Any] | None = None,
    started_by_message: str | None = None,
) -> ElementInstance:
    """Create the root element instance and run it from ``start_ids``; returns the root."""
    key = p.state.keys.next()
    root = ElementInstance(
        key=key,
        process_instance_key=key,
        process_definition_key=definition.key,
        bpmn_process_id=definition.resource_id,
        version=definition.version,
        element_id=definition.resource_id,
        element_type=ElementType.PROCESS,
        flow_scope_key=-1,
        state=PI.ELEMENT_ACTIVATING,
        start_ms=p.now_ms,
        parent_process_instance_key=parent.process_instance_key if parent else -1,
        parent_element_instance_key=parent.key if parent else -1,
        triggered={"start": start_ids, "start_variables": start_variables or {}},
        started_by_message=started_by_message,
    )
    p.state.add_element(root)
    p.state.record(
        ValueType.PROCESS_INSTANCE_CREATION,
        CreationIntent.CREATED,
        key,
        p.now_ms,
        {
            "bpmnProcessId": definition.resource_id,
            "version": definition.version,
            "processDefinitionKey": definition.key,
            "processInstanceKey": key,
            "variables": variables,
            "startInstructions": [{"elementId": s} for s in start_ids],
            "tenantId": "<default>",
        },
        key,
    )
    p.pi_record(root, PI.ELEMENT_ACTIVATING)
    if variables:
        p.scopes.set_locals(key, variables)
    p.run_activation(root)
    return root
