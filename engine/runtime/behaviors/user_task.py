"""User tasks: Camunda user tasks (``zeebe:userTask``: a USER_TASK entity completed through the
engine API) and job-worker user tasks (a job of type ``io.camunda.zeebe:userTask`` carrying the
reserved headers of SEMANTICS §7.2)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from engine.errors import InvalidState, NotFound
from engine.model.elements import Element, UserTaskDef
from engine.records import UserTaskIntent, ValueType
from engine.runtime.behaviors.tasks import JobTask, finish_with_variables
from engine.runtime.expressions import ExpressionFailure, evaluate, evaluate_strings
from engine.runtime.state import ElementInstance, UserTask

if TYPE_CHECKING:
    from engine.runtime.processor import Processor

JOB_TYPE = "io.camunda.zeebe:userTask"
PREFIX = "io.camunda.zeebe:"


def _optional_string(text: str | None, context: dict[str, Any]) -> str | None:
    if not text:
        return None
    value = evaluate(text, context)
    if value is not None and not isinstance(value, str):
        raise ExpressionFailure(
            f"Expected result of the expression '{text}' to be 'STRING', but was '{value!r}'."
        )
    return value


def _assignment(definition: UserTaskDef, context: dict[str, Any]) -> dict[str, Any]:
    return {
        "assignee": _optional_string(definition.assignee, context),
        "candidate_groups": evaluate_strings(definition.candidate_groups, context)
        if definition.candidate_groups
        else [],
        "candidate_users": evaluate_strings(definition.candidate_users, context)
        if definition.candidate_users
        else [],
        "due_date": _optional_string(definition.due_date, context),
        "follow_up_date": _optional_string(definition.follow_up_date, context),
    }


class UserTaskBehavior(JobTask):
    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        definition = element.user_task or UserTaskDef(camunda_user_task=False)
        try:
            values = _assignment(definition, p.scopes.visible(ei.key))
        except ExpressionFailure as exc:
            p.incident(ei, "EXTRACT_VALUE_ERROR", str(exc), "activate")
            return
        form_key: int | None = None
        form = definition.form
        if form is not None and form.form_id:
            resource = p.registry.latest("form", form.form_id)
            if resource is None:
                p.incident(
                    ei,
                    "FORM_NOT_FOUND",
                    f"Expected to find a form with id '{form.form_id}', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id",
                    "activate",
                )
                return
            form_key = resource.key
        if definition.camunda_user_task:
            p.activated(ei, element)
            create_user_task(p, ei, element, values, form_key)
            return
        headers = dict(element.task_headers)
        headers.update(_reserved_headers(values, form_key, form.form_key if form else None))
        p.activated(ei, element)
        from engine.runtime.jobs import create_job

        create_job(p, ei, JOB_TYPE, 1 if element.task_definition is None else 3, headers)

    def terminate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        cancel_user_task(p, ei)


def _reserved_headers(
    values: dict[str, Any], form_key: int | None, custom_form_key: str | None
) -> dict[str, str]:
    headers: dict[str, str] = {}
    if values["assignee"]:
        headers[PREFIX + "assignee"] = values["assignee"]
    if values["candidate_groups"]:
        headers[PREFIX + "candidateGroups"] = json.dumps(values["candidate_groups"])
    if values["candidate_users"]:
        headers[PREFIX + "candidateUsers"] = json.dumps(values["candidate_users"])
    if values["due_date"]:
        headers[PREFIX + "dueDate"] = values["due_date"]
    if values["follow_up_date"]:
        headers[PREFIX + "followUpDate"] = values["follow_up_date"]
    if form_key is not None:
        headers[PREFIX + "formKey"] = str(form_key)
    elif custom_form_key:
        headers[PREFIX + "formKey"] = custom_form_key
    return headers


def user_task_record(
    p: Processor, task: UserTask, intent: UserTaskIntent, variables: dict[str, Any] | None = None
) -> None:
    p.state.record(
        ValueType.USER_TASK,
        intent,
        task.key,
        p.now_ms,
        {
            "userTaskKey": task.key,
            "assignee": task.assignee or "",
            "candidateGroupsList": task.candidate_groups,
            "candidateUsersList": task.candidate_users,
            "dueDate": task.due_date or "",
            "followUpDate": task.follow_up_date or "",
            "formKey": task.form_key if task.form_key is not None else -1,
            "externalFormReference": task.external_form_reference or "",
            "customHeaders": task.custom_headers,
            "elementId": task.element_id,
            "elementInstanceKey": task.element_instance_key,
            "processInstanceKey": task.process_instance_key,
            "processDefinitionKey": task.process_definition_key,
            "bpmnProcessId": task.bpmn_process_id,
            "variables": variables or {},
            "tenantId": "<default>",
        },
        task.process_instance_key,
    )


def create_user_task(
    p: Processor, ei: ElementInstance, element: Element, values: dict[str, Any], form_key: int | None
) -> None:
    form = element.user_task.form if element.user_task else None
    task = UserTask(
        key=p.state.keys.next(),
        element_instance_key=ei.key,
        process_instance_key=ei.process_instance_key,
        process_definition_key=ei.process_definition_key,
        bpmn_process_id=ei.bpmn_process_id,
        element_id=ei.element_id,
        created_ms=p.now_ms,
        form_key=form_key,
        external_form_reference=form.external_reference if form else None,
        custom_headers=dict(element.task_headers),
        **values,
    )
    p.state.user_tasks[task.key] = task
    p.state.touch(task)
    ei.user_task_key = task.key
    p.state.touch(ei)
    user_task_record(p, task, UserTaskIntent.CREATED)


def cancel_user_task(p: Processor, ei: ElementInstance) -> None:
    task = p.state.user_tasks.pop(ei.user_task_key, None)
    if task is None:
        return
    task.state, task.live = "CANCELED", False
    p.state.touch(task)
    user_task_record(p, task, UserTaskIntent.CANCELED)
    ei.user_task_key = -1


def _task(p: Processor, key: int, intent: str, verb: str) -> UserTask:
    task = p.state.user_tasks.get(key)
    if task is None:
        raise NotFound(
            intent=intent,
            reason=f"Expected to {verb} user task with key '{key}', but no such user task was found",
        )
    return task


def assign(p: Processor, key: int, assignee: str | None, allow_override: bool) -> None:
    task = _task(p, key, "ASSIGN", "assign")
    if task.assignee and assignee and not allow_override and task.assignee != assignee:
        raise InvalidState(
            intent="ASSIGN",
            reason=f"Expected to assign user task with key '{key}', but it is already assigned to '{task.assignee}'",
        )
    task.assignee = assignee or None
    p.state.touch(task)
    user_task_record(p, task, UserTaskIntent.ASSIGNED)


UPDATABLE = {
    "candidateGroups": "candidate_groups",
    "candidateUsers": "candidate_users",
    "dueDate": "due_date",
    "followUpDate": "follow_up_date",
}


def update(p: Processor, key: int, changes: dict[str, Any]) -> None:
    task = _task(p, key, "UPDATE", "update")
    from engine.errors import InvalidArgument

    for name, value in changes.items():
        attr = UPDATABLE.get(name, name if name in UPDATABLE.values() else None)
        if attr is None:
            raise InvalidArgument(intent="UPDATE", reason=f"Cannot update '{name}' of user task '{key}'")
        setattr(task, attr, list(value) if attr.startswith("candidate") else value)
    p.state.touch(task)
    user_task_record(p, task, UserTaskIntent.UPDATED)


def complete(p: Processor, key: int, variables: dict[str, Any]) -> None:
    task = _task(p, key, "COMPLETE", "complete")
    ei = p.state.elements.get(task.element_instance_key)
    task.state, task.live, task.completed_ms = "COMPLETED", False, p.now_ms
    p.state.user_tasks.pop(task.key, None)
    p.state.touch(task)
    user_task_record(p, task, UserTaskIntent.COMPLETED, variables)
    if ei is not None:
        ei.user_task_key = -1
        finish_with_variables(p, ei, p.element(ei), variables)
