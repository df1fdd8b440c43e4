"""Process definitions, process instances, element instances and variables."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response

from engine.api import StartInstruction
from engine.errors import NotFound
from engine.gateway.documents import dump_json, to_jsonable
from engine.gateway.status import DeadlineExceeded
from engine.query import ProcessInstanceView
from engine.rest import shapes
from engine.rest.context import RestContext
from engine.rest.models import (
    ElementInstanceSearch,
    KeyPath,
    OperationReference,
    ProcessDefinitionSearch,
    ProcessInstanceCreation,
    ProcessInstanceSearch,
    VariableSearch,
)
from engine.rest.problems import Problem, parse_key
from engine.rest.search import Item, matches_condition, search

DEFAULT_AWAIT_MS = 15_000

DEFINITION_SORT = (
    "processDefinitionKey",
    "name",
    "resourceName",
    "version",
    "versionTag",
    "processDefinitionId",
    "tenantId",
)
INSTANCE_SORT = (
    "processInstanceKey",
    "processDefinitionId",
    "processDefinitionName",
    "processDefinitionVersion",
    "processDefinitionVersionTag",
    "processDefinitionKey",
    "parentProcessInstanceKey",
    "parentElementInstanceKey",
    "startDate",
    "endDate",
    "state",
    "hasIncident",
    "tenantId",
)
ELEMENT_SORT = (
    "elementInstanceKey",
    "processInstanceKey",
    "processDefinitionKey",
    "processDefinitionId",
    "startDate",
    "endDate",
    "elementId",
    "elementName",
    "type",
    "state",
    "incidentKey",
    "tenantId",
)
VARIABLE_SORT = ("value", "name", "tenantId", "variableKey", "scopeKey", "processInstanceKey")


def _single_key(condition: Any, name: str) -> int | None:
    """The key an exact-match filter names, to narrow the engine query; None otherwise."""
    if isinstance(condition, dict):
        condition = condition.get("$eq") if set(condition) == {"$eq"} else None
    return parse_key(condition, name) if condition is not None else None


def register(router: APIRouter, ctx: RestContext) -> None:
    """Add the process endpoints to ``router``."""
    _register_definitions(router, ctx)
    _register_instances(router, ctx)
    _register_elements_and_variables(router, ctx)


def _definition_item(ctx: RestContext, view: Any) -> Item:
    return shapes.process_definition(view, has_start_form=ctx.start_form_id(view.key) is not None)


def _register_definitions(router: APIRouter, ctx: RestContext) -> None:
    @router.post("/process-definitions/search", tags=["Process definition"])
    def search_process_definitions(
        body: Annotated[ProcessDefinitionSearch | None, Body()] = None,
    ) -> dict[str, Any]:
        body = body or ProcessDefinitionSearch()
        latest = bool(body.filter and body.filter.isLatestVersion)
        views = shapes.fetch_all(ctx.query.process_definitions, latest_only=latest)
        filt = body.filter.model_copy(update={"isLatestVersion": None}) if body.filter else None
        items = [_definition_item(ctx, v) for v in views if not v.deleted]
        return search(items, filter=filt, sort=body.sort, page=body.page, sortable=DEFINITION_SORT)

    @router.get("/process-definitions/{processDefinitionKey}", tags=["Process definition"])
    def get_process_definition(processDefinitionKey: KeyPath) -> dict[str, Any]:
        view = ctx.query.process_definition(parse_key(processDefinitionKey, "processDefinitionKey"))
        return _definition_item(ctx, view)

    @router.get(
        "/process-definitions/{processDefinitionKey}/xml",
        tags=["Process definition"],
        response_class=Response,
        responses={200: {"content": {"text/xml": {}}}},
    )
    def get_process_definition_xml(processDefinitionKey: KeyPath) -> Response:
        xml = ctx.query.process_definition_xml(parse_key(processDefinitionKey, "processDefinitionKey"))
        return Response(content=xml, media_type="text/xml") if xml else Response(status_code=204)

    @router.get(
        "/process-definitions/{processDefinitionKey}/form", tags=["Process definition"], response_model=None
    )
    def get_start_form(processDefinitionKey: KeyPath) -> dict[str, Any] | Response:
        key = parse_key(processDefinitionKey, "processDefinitionKey")
        ctx.query.process_definition(key)
        form_id = ctx.start_form_id(key)
        if form_id is None:
            return Response(status_code=204)
        form = ctx.query.form(form_id=form_id)
        return {
            "formKey": str(form.key),
            "formId": form.form_id,
            "version": form.version,
            "tenantId": shapes.DEFAULT_TENANT,
            "schema": to_jsonable(form.schema),
        }


def _instance_item(ctx: RestContext, view: ProcessInstanceView) -> Item:
    definition = ctx.definition_or_none(view.process_definition_key)
    return shapes.process_instance(
        view,
        name=definition.name if definition else None,
        version_tag=definition.version_tag if definition else None,
    )


def _variables_match(ctx: RestContext, item: Item, conditions: list[dict[str, Any]]) -> bool:
    key = int(item["processInstanceKey"])
    for condition in conditions:
        rows = ctx.query.variables(scope_key=key, name=condition["name"], limit=1).items
        if not rows or not matches_condition("value", dump_json(rows[0].value), condition["value"]):
            return False
    return True


def _create_instance(ctx: RestContext, body: ProcessInstanceCreation) -> Any:
    if body.processDefinitionId and body.processDefinitionKey:
        raise Problem(
            400, "INVALID_ARGUMENT", "Give either processDefinitionId or processDefinitionKey, not both"
        )
    target: dict[str, Any]
    if body.processDefinitionId:
        target = {"bpmn_process_id": body.processDefinitionId, "version": body.processDefinitionVersion}
    elif body.processDefinitionKey:
        target = {"process_definition_key": parse_key(body.processDefinitionKey, "processDefinitionKey")}
    else:
        raise Problem(
            400,
            "INVALID_ARGUMENT",
            "Expected either processDefinitionId or processDefinitionKey, but none given",
        )
    return ctx.engine.create_instance(
        **target,
        variables=body.variables,
        start_instructions=tuple(StartInstruction(s.elementId) for s in body.startInstructions),
        tenant_id="" if body.tenantId in (None, "<default>") else str(body.tenantId),
    )


def _await_result(ctx: RestContext, key: int, fetch: list[str], timeout_ms: int) -> dict[str, Any]:
    ended = ctx.results.register(key)
    try:
        result = ctx.engine.instance_result(key, fetch)
        if result is None and ended.wait((timeout_ms or DEFAULT_AWAIT_MS) / 1000):
            result = ctx.engine.instance_result(key, fetch)
    finally:
        ctx.results.discard(key)
    if result is None:
        raise DeadlineExceeded(
            f"Expected process instance '{key}' to complete within {timeout_ms or DEFAULT_AWAIT_MS} ms"
        )
    return dict(to_jsonable(result.variables))


def _register_instances(router: APIRouter, ctx: RestContext) -> None:
    @router.post("/process-instances", tags=["Process instance"])
    def create_process_instance(body: ProcessInstanceCreation) -> dict[str, Any]:
        created = _create_instance(ctx, body)
        ctx.changed()
        variables: dict[str, Any] = {}
        if body.awaitCompletion:
            variables = _await_result(
                ctx, created.process_instance_key, body.fetchVariables, body.requestTimeout
            )
        return {
            "processInstanceKey": str(created.process_instance_key),
            "processDefinitionKey": str(created.process_definition_key),
            "processDefinitionId": created.bpmn_process_id,
            "processDefinitionVersion": created.version,
            "tenantId": created.tenant_id or shapes.DEFAULT_TENANT,
            "variables": variables,
            "tags": body.tags,
        }

    @router.post("/process-instances/search", tags=["Process instance"])
    def search_process_instances(
        body: Annotated[ProcessInstanceSearch | None, Body()] = None,
    ) -> dict[str, Any]:
        body = body or ProcessInstanceSearch()
        filt = body.filter
        narrowed = _single_key(filt.processDefinitionKey, "processDefinitionKey") if filt else None
        views = shapes.fetch_all(ctx.query.process_instances, process_definition_key=narrowed)
        items = [_instance_item(ctx, v) for v in views]
        return search(
            items,
            filter=filt,
            sort=body.sort,
            page=body.page,
            sortable=INSTANCE_SORT,
            special={
                "variables": lambda item, cond: _variables_match(ctx, item, cond),
                "$or": lambda item, alternatives: any(
                    search(
                        [item],
                        filter=type(filt)(**alt) if filt else None,
                        sort=(),
                        page=None,
                        sortable=INSTANCE_SORT,
                    )["items"]
                    for alt in alternatives
                ),
            },
        )

    @router.get("/process-instances/{processInstanceKey}", tags=["Process instance"])
    def get_process_instance(processInstanceKey: KeyPath) -> dict[str, Any]:
        return _instance_item(
            ctx, ctx.query.process_instance(parse_key(processInstanceKey, "processInstanceKey"))
        )

    @router.post(
        "/process-instances/{processInstanceKey}/cancellation", tags=["Process instance"], status_code=204
    )
    def cancel_process_instance(
        processInstanceKey: KeyPath, body: Annotated[OperationReference | None, Body()] = None
    ) -> Response:
        ctx.engine.cancel_instance(parse_key(processInstanceKey, "processInstanceKey"))
        ctx.changed()
        return Response(status_code=204)


def _element_items(ctx: RestContext, instance_key: int | None) -> list[Item]:
    instances = (
        [ctx.query.process_instance(instance_key)]
        if instance_key is not None
        else list(shapes.fetch_all(ctx.query.process_instances))
    )
    items: list[Item] = []
    for instance in instances:
        for view in shapes.fetch_all(ctx.query.element_instances, process_instance_key=instance.key):
            items.append(shapes.element_instance(view, instance))
    return items


def _register_elements_and_variables(router: APIRouter, ctx: RestContext) -> None:
    @router.post("/element-instances/search", tags=["Element instance"])
    def search_element_instances(
        body: Annotated[ElementInstanceSearch | None, Body()] = None,
    ) -> dict[str, Any]:
        body = body or ElementInstanceSearch()
        instance_key = (
            _single_key(body.filter.processInstanceKey, "processInstanceKey") if body.filter else None
        )
        try:
            items = _element_items(ctx, instance_key)
        except NotFound:
            items = []  # a search for an unknown instance finds nothing; it is not an error
        return search(items, filter=body.filter, sort=body.sort, page=body.page, sortable=ELEMENT_SORT)

    @router.get("/element-instances/{elementInstanceKey}", tags=["Element instance"])
    def get_element_instance(elementInstanceKey: KeyPath) -> dict[str, Any]:
        wanted = str(parse_key(elementInstanceKey, "elementInstanceKey"))
        for item in _element_items(ctx, None):
            if item["elementInstanceKey"] == wanted:
                return item
        raise Problem(404, "NOT_FOUND", f"Element instance with key '{wanted}' not found")

    @router.get("/variables/{variableKey}", tags=["Variable"])
    def get_variable(variableKey: KeyPath) -> dict[str, Any]:
        wanted = parse_key(variableKey, "variableKey")
        for view in shapes.fetch_all(ctx.query.variables):
            if view.key == wanted:
                item = shapes.variable(view, truncate=False)
                del item["isTruncated"]
                return item
        raise Problem(404, "NOT_FOUND", f"Variable with key '{wanted}' not found")

    @router.post("/variables/search", tags=["Variable"])
    def search_variables(
        body: Annotated[VariableSearch | None, Body()] = None, truncateValues: Annotated[bool, Query()] = True
    ) -> dict[str, Any]:
        body = body or VariableSearch()
        filt = body.filter
        views = shapes.fetch_all(
            ctx.query.variables,
            process_instance_key=_single_key(filt.processInstanceKey, "processInstanceKey") if filt else None,
            scope_key=_single_key(filt.scopeKey, "scopeKey") if filt else None,
            name=filt.name if filt and isinstance(filt.name, str) else None,
        )
        items = [shapes.variable(v, truncate=truncateValues) for v in views]
        return search(items, filter=filt, sort=body.sort, page=body.page, sortable=VARIABLE_SORT)
