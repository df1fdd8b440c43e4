"""Camunda user tasks: search, get, assign, unassign, complete, update, form, variables."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from engine.gateway.documents import dump_json, to_jsonable
from engine.query import UserTaskView
from engine.rest import shapes
from engine.rest.context import RestContext
from engine.rest.models import (
    KeyPath,
    UserTaskAssignment,
    UserTaskCompletion,
    UserTaskSearch,
    UserTaskUpdate,
    UserTaskVariableSearch,
)
from engine.rest.problems import parse_key
from engine.rest.routes_processes import VARIABLE_SORT
from engine.rest.search import Item, matches_condition, search

USER_TASK_SORT = ("creationDate", "completionDate", "followUpDate", "dueDate", "priority", "name")


def _item(ctx: RestContext, view: UserTaskView) -> Item:
    definition = ctx.definition_or_none(view.process_definition_key)
    return shapes.user_task(
        view,
        version=definition.version if definition else None,
        process_name=(definition.name or definition.bpmn_process_id) if definition else None,
    )


def _contains(field: str) -> Any:
    def check(item: Item, condition: Any) -> bool:
        return any(matches_condition(field, value, condition) for value in item[field + "s"]) or (
            isinstance(condition, dict) and condition.get("$exists") is False and not item[field + "s"]
        )

    return check


def _variables(ctx: RestContext, scope_of: str) -> Any:
    def check(item: Item, conditions: list[dict[str, Any]]) -> bool:
        scope = int(item[scope_of])
        for condition in conditions:
            rows = ctx.query.variables(scope_key=scope, name=condition["name"], limit=1).items
            if not rows or not matches_condition("value", dump_json(rows[0].value), condition["value"]):
                return False
        return True

    return check


def _visible_variables(ctx: RestContext, view: UserTaskView, truncate: bool) -> list[Item]:
    """Every variable visible from the task: its element's scope and each enclosing scope."""
    rows = shapes.fetch_all(ctx.query.variables, process_instance_key=view.process_instance_key)
    scopes = {view.element_instance_key, view.process_instance_key}
    for element in shapes.fetch_all(
        ctx.query.element_instances, process_instance_key=view.process_instance_key
    ):
        if element.key == view.element_instance_key and element.flow_scope_key > 0:
            scopes.add(element.flow_scope_key)
    return [shapes.variable(v, truncate=truncate) for v in rows if v.scope_key in scopes]


def register(router: APIRouter, ctx: RestContext) -> None:
    """Add the user task endpoints to ``router``."""
    _register_queries(router, ctx)
    _register_commands(router, ctx)


def _register_queries(router: APIRouter, ctx: RestContext) -> None:
    @router.post("/user-tasks/search", tags=["User task"])
    def search_user_tasks(body: Annotated[UserTaskSearch | None, Body()] = None) -> dict[str, Any]:
        body = body or UserTaskSearch()
        items = [_item(ctx, v) for v in shapes.fetch_all(ctx.query.user_tasks)]
        special = {
            "candidateGroup": _contains("candidateGroup"),
            "candidateUser": _contains("candidateUser"),
            "processInstanceVariables": _variables(ctx, "processInstanceKey"),
            "localVariables": _variables(ctx, "elementInstanceKey"),
        }
        return search(
            items,
            filter=body.filter,
            sort=body.sort,
            page=body.page,
            sortable=USER_TASK_SORT,
            special=special,
        )

    @router.get("/user-tasks/{userTaskKey}", tags=["User task"])
    def get_user_task(userTaskKey: KeyPath) -> dict[str, Any]:
        return _item(ctx, ctx.query.user_task(parse_key(userTaskKey, "userTaskKey")))

    @router.get("/user-tasks/{userTaskKey}/form", tags=["User task"], response_model=None)
    def get_user_task_form(userTaskKey: KeyPath) -> dict[str, Any] | Response:
        view = ctx.query.user_task(parse_key(userTaskKey, "userTaskKey"))
        if view.form_key is None:
            return Response(status_code=204)
        form = ctx.query.form(key=view.form_key)
        return {
            "formKey": str(form.key),
            "formId": form.form_id,
            "version": form.version,
            "tenantId": shapes.DEFAULT_TENANT,
            "schema": to_jsonable(form.schema),
        }

    @router.post("/user-tasks/{userTaskKey}/variables/search", tags=["User task"])
    def search_user_task_variables(
        userTaskKey: KeyPath,
        body: Annotated[UserTaskVariableSearch | None, Body()] = None,
        truncateValues: Annotated[bool, Query()] = True,
    ) -> dict[str, Any]:
        body = body or UserTaskVariableSearch()
        view = ctx.query.user_task(parse_key(userTaskKey, "userTaskKey"))
        items = _visible_variables(ctx, view, truncateValues)
        return search(items, filter=body.filter, sort=body.sort, page=body.page, sortable=VARIABLE_SORT)


def _register_commands(router: APIRouter, ctx: RestContext) -> None:
    @router.post("/user-tasks/{userTaskKey}/assignment", tags=["User task"], status_code=204)
    def assign_user_task(userTaskKey: KeyPath, body: UserTaskAssignment) -> Response:
        allow = True if body.allowOverride is None else body.allowOverride
        ctx.engine.assign_user_task(
            parse_key(userTaskKey, "userTaskKey"), body.assignee, allow_override=allow
        )
        return Response(status_code=204)

    @router.delete("/user-tasks/{userTaskKey}/assignee", tags=["User task"], status_code=204)
    def unassign_user_task(userTaskKey: KeyPath) -> Response:
        ctx.engine.unassign_user_task(parse_key(userTaskKey, "userTaskKey"))
        return Response(status_code=204)

    @router.post("/user-tasks/{userTaskKey}/completion", tags=["User task"], status_code=204)
    def complete_user_task(
        userTaskKey: KeyPath, body: Annotated[UserTaskCompletion | None, Body()] = None
    ) -> Response:
        body = body or UserTaskCompletion()
        ctx.engine.complete_user_task(
            parse_key(userTaskKey, "userTaskKey"), body.variables, action=body.action or "complete"
        )
        ctx.changed()
        return Response(status_code=204)

    @router.patch("/user-tasks/{userTaskKey}", tags=["User task"], status_code=204)
    def update_user_task(
        userTaskKey: KeyPath, body: Annotated[UserTaskUpdate | None, Body()] = None
    ) -> Response:
        changes = body.changeset.model_dump(exclude_none=True) if body and body.changeset else {}
        ctx.engine.update_user_task(parse_key(userTaskKey, "userTaskKey"), changes)
        ctx.changed()
        return Response(status_code=204)
