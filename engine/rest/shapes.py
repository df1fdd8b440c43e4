"""Engine query views → the JSON items of Camunda 8.8 (keys as strings, RFC 3339 dates)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

from engine.gateway.documents import dump_json
from engine.query import (
    ElementInstanceView,
    IncidentView,
    Page,
    ProcessDefinitionView,
    ProcessInstanceView,
    TimerView,
    UserTaskView,
    VariableView,
)
from engine.rest.search import MAX_RESULTS

T = TypeVar("T")
DEFAULT_TENANT = "<default>"
TRUNCATE_AT = 8191

ELEMENT_TYPES = frozenset(
    {
        "UNSPECIFIED",
        "PROCESS",
        "SUB_PROCESS",
        "EVENT_SUB_PROCESS",
        "AD_HOC_SUB_PROCESS",
        "START_EVENT",
        "INTERMEDIATE_CATCH_EVENT",
        "INTERMEDIATE_THROW_EVENT",
        "BOUNDARY_EVENT",
        "END_EVENT",
        "SERVICE_TASK",
        "RECEIVE_TASK",
        "USER_TASK",
        "MANUAL_TASK",
        "TASK",
        "EXCLUSIVE_GATEWAY",
        "INCLUSIVE_GATEWAY",
        "PARALLEL_GATEWAY",
        "EVENT_BASED_GATEWAY",
        "SEQUENCE_FLOW",
        "MULTI_INSTANCE_BODY",
        "CALL_ACTIVITY",
        "BUSINESS_RULE_TASK",
        "SCRIPT_TASK",
        "SEND_TASK",
        "UNKNOWN",
    }
)


def key(value: int | None) -> str | None:
    """A key as 8.8 writes it; absent keys (None, 0, -1) become null."""
    return str(value) if value is not None and value > 0 else None


def date(value: datetime | None) -> str | None:
    """RFC 3339 with milliseconds and ``Z``."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fetch_all(method: Callable[..., Page[T]], **filters: Any) -> Iterator[T]:
    """Every row a query method returns for ``filters`` (up to the search cap)."""
    offset = 0
    while offset < MAX_RESULTS:
        page = method(**filters, limit=1000, offset=offset)
        yield from page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


def process_definition(view: ProcessDefinitionView, *, has_start_form: bool) -> dict[str, Any]:
    return {
        "processDefinitionKey": key(view.key),
        "processDefinitionId": view.bpmn_process_id,
        "name": view.name,
        "resourceName": view.resource_name,
        "version": view.version,
        "versionTag": view.version_tag,
        "tenantId": view.tenant_id or DEFAULT_TENANT,
        "hasStartForm": has_start_form,
    }


def process_instance(
    view: ProcessInstanceView, *, name: str | None, version_tag: str | None
) -> dict[str, Any]:
    return {
        "processInstanceKey": key(view.key),
        "processDefinitionKey": key(view.process_definition_key),
        "processDefinitionId": view.bpmn_process_id,
        "processDefinitionName": name or view.bpmn_process_id,
        "processDefinitionVersion": view.version,
        "processDefinitionVersionTag": version_tag,
        "startDate": date(view.start_date),
        "endDate": date(view.end_date),
        "state": "TERMINATED" if view.state == "CANCELED" else str(view.state),
        "hasIncident": view.has_incident,
        "tenantId": view.tenant_id or DEFAULT_TENANT,
        "parentProcessInstanceKey": key(view.parent_process_instance_key),
        "parentElementInstanceKey": key(view.parent_element_instance_key),
    }


def element_instance(view: ElementInstanceView, instance: ProcessInstanceView) -> dict[str, Any]:
    element_type = str(view.element_type).upper()
    return {
        "elementInstanceKey": key(view.key),
        "processInstanceKey": key(view.process_instance_key),
        "processDefinitionKey": key(instance.process_definition_key),
        "processDefinitionId": instance.bpmn_process_id,
        "elementId": view.element_id,
        "elementName": view.element_name or view.element_id,
        "type": element_type if element_type in ELEMENT_TYPES else "UNKNOWN",
        "state": str(view.state),
        "startDate": date(view.start_date),
        "endDate": date(view.end_date),
        "hasIncident": view.has_incident,
        "incidentKey": None,
        "tenantId": instance.tenant_id or DEFAULT_TENANT,
        "elementInstanceScopeKey": key(view.flow_scope_key),
    }


def variable(view: VariableView, *, truncate: bool) -> dict[str, Any]:
    text = dump_json(view.value)
    truncated = truncate and len(text) > TRUNCATE_AT
    return {
        "variableKey": key(view.key),
        "name": view.name,
        "value": text[:TRUNCATE_AT] if truncated else text,
        "isTruncated": truncated,
        "scopeKey": key(view.scope_key),
        "processInstanceKey": key(view.process_instance_key),
        "tenantId": DEFAULT_TENANT,
    }


def incident(view: IncidentView, *, process_definition_key: int | None) -> dict[str, Any]:
    return {
        "incidentKey": key(view.key),
        "processDefinitionKey": key(process_definition_key),
        "processDefinitionId": view.bpmn_process_id,
        "processInstanceKey": key(view.process_instance_key),
        "errorType": view.error_type,
        "errorMessage": view.error_message,
        "elementId": view.element_id,
        "elementInstanceKey": key(view.element_instance_key),
        "creationTime": date(view.creation_time),
        "state": str(view.state),
        "jobKey": key(view.job_key),
        "tenantId": DEFAULT_TENANT,
    }


def user_task(view: UserTaskView, *, version: int | None, process_name: str | None) -> dict[str, Any]:
    return {
        "userTaskKey": key(view.key),
        "name": view.element_name or view.element_id,
        "state": str(view.state),
        "assignee": view.assignee,
        "elementId": view.element_id,
        "elementInstanceKey": key(view.element_instance_key),
        "candidateGroups": list(view.candidate_groups),
        "candidateUsers": list(view.candidate_users),
        "processDefinitionId": view.bpmn_process_id,
        "processDefinitionKey": key(view.process_definition_key),
        "processDefinitionVersion": version,
        "processName": process_name,
        "processInstanceKey": key(view.process_instance_key),
        "formKey": key(view.form_key),
        "externalFormReference": view.external_form_reference,
        "creationDate": date(view.creation_date),
        "completionDate": date(view.completion_date),
        "followUpDate": date(view.follow_up_date),
        "dueDate": date(view.due_date),
        "tenantId": DEFAULT_TENANT,
        "customHeaders": dict(view.custom_headers),
        "priority": 50,
    }


def timer(view: TimerView) -> dict[str, Any]:
    return {
        "timerKey": key(view.key),
        "dueDate": date(view.due_date),
        "state": str(view.state),
        "elementId": view.target_element_id,
        "repetitions": view.repetitions,
        "processInstanceKey": key(view.process_instance_key),
        "elementInstanceKey": key(view.element_instance_key),
        "processDefinitionKey": key(view.process_definition_key),
        "processDefinitionId": view.bpmn_process_id,
    }
