"""Incidents, messages, and the ``/v2/x-timers`` extension (waiting timers and moving their due dates)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from engine.rest import shapes
from engine.rest.context import RestContext
from engine.rest.models import (
    IncidentSearch,
    KeyPath,
    MessageCorrelation,
    MessagePublication,
    OperationReference,
    TimerDueDateChange,
    TimerSearch,
)
from engine.rest.problems import Problem, parse_key
from engine.rest.search import Item, search

INCIDENT_SORT = (
    "incidentKey",
    "processDefinitionKey",
    "processDefinitionId",
    "processInstanceKey",
    "errorType",
    "errorMessage",
    "elementId",
    "elementInstanceKey",
    "creationTime",
    "state",
    "jobKey",
    "tenantId",
)
TIMER_SORT = ("timerKey", "dueDate", "processInstanceKey", "processDefinitionId", "elementId", "state")
TENANT_DEFAULTS = (None, "", "<default>")


def _tenant(value: str | None) -> str:
    if value in TENANT_DEFAULTS:
        return ""
    raise Problem(400, "INVALID_ARGUMENT", f"Tenant '{value}' is not known: multi-tenancy is disabled")


def _incident_items(ctx: RestContext) -> list[Item]:
    definitions: dict[int, int | None] = {}
    items = []
    for view in shapes.fetch_all(ctx.query.incidents, state=None):
        if view.process_instance_key not in definitions:
            try:
                definitions[view.process_instance_key] = ctx.query.process_instance(
                    view.process_instance_key
                ).process_definition_key
            except Exception:
                definitions[view.process_instance_key] = None
        items.append(shapes.incident(view, process_definition_key=definitions[view.process_instance_key]))
    return items


def register(router: APIRouter, ctx: RestContext) -> None:
    """Add incident, message and timer endpoints to ``router``."""
    _register_incidents(router, ctx)
    _register_messages(router, ctx)
    _register_timers(router, ctx)


def _register_incidents(router: APIRouter, ctx: RestContext) -> None:
    @router.post("/incidents/search", tags=["Incident"])
    def search_incidents(body: Annotated[IncidentSearch | None, Body()] = None) -> dict[str, Any]:
        body = body or IncidentSearch()
        return search(
            _incident_items(ctx), filter=body.filter, sort=body.sort, page=body.page, sortable=INCIDENT_SORT
        )

    @router.get("/incidents/{incidentKey}", tags=["Incident"])
    def get_incident(incidentKey: KeyPath) -> dict[str, Any]:
        key = str(parse_key(incidentKey, "incidentKey"))
        for item in _incident_items(ctx):
            if item["incidentKey"] == key:
                return item
        raise Problem(404, "NOT_FOUND", f"Incident with key '{key}' not found")

    @router.post("/incidents/{incidentKey}/resolution", tags=["Incident"], status_code=204)
    def resolve_incident(
        incidentKey: KeyPath, body: Annotated[OperationReference | None, Body()] = None
    ) -> Response:
        ctx.engine.resolve_incident(parse_key(incidentKey, "incidentKey"))
        ctx.changed()
        return Response(status_code=204)


def _register_messages(router: APIRouter, ctx: RestContext) -> None:
    @router.post("/messages/publication", tags=["Message"])
    def publish_message(body: MessagePublication) -> dict[str, Any]:
        key = ctx.engine.publish_message(
            name=body.name,
            correlation_key=body.correlationKey,
            time_to_live_ms=body.timeToLive,
            message_id=body.messageId or "",
            variables=body.variables,
            tenant_id=_tenant(body.tenantId),
        )
        ctx.changed()
        return {"messageKey": str(key), "tenantId": shapes.DEFAULT_TENANT}

    @router.post("/messages/correlation", tags=["Message"])
    def correlate_message(body: MessageCorrelation) -> dict[str, Any]:
        message_key, instance_key = ctx.engine.correlate_message(
            name=body.name,
            correlation_key=body.correlationKey,
            variables=body.variables,
            tenant_id=_tenant(body.tenantId),
        )
        ctx.changed()
        return {
            "messageKey": str(message_key),
            "tenantId": shapes.DEFAULT_TENANT,
            "processInstanceKey": str(instance_key),
        }


def _parse_due(text: str) -> datetime:
    try:
        due = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Problem(400, "INVALID_ARGUMENT", f"dueDate '{text}' is not an RFC 3339 date-time") from exc
    if due.tzinfo is None:
        raise Problem(400, "INVALID_ARGUMENT", f"dueDate '{text}' needs a time zone offset")
    return due


def _register_timers(router: APIRouter, ctx: RestContext) -> None:
    @router.post(
        "/x-timers/search",
        tags=["Extension: timers"],
        summary="Search timers with their due dates (extension; Camunda 8.8 has no such endpoint)",
        description="Waiting timers by default (state CREATED); filter `state` to see triggered or cancelled ones.",
    )
    def search_timers(body: Annotated[TimerSearch | None, Body()] = None) -> dict[str, Any]:
        body = body or TimerSearch()
        wants_other_states = body.filter is not None and body.filter.state is not None
        views = shapes.fetch_all(ctx.query.timers, **({"state": None} if wants_other_states else {}))
        items = [shapes.timer(v) for v in views]
        return search(items, filter=body.filter, sort=body.sort or (), page=body.page, sortable=TIMER_SORT)

    @router.put(
        "/x-timers/{timerKey}/due-date",
        tags=["Extension: timers"],
        status_code=204,
        summary="Move a waiting timer's due date (extension)",
        description="For a statutory deadline that was corrected or recomputed (e.g. new holiday data). "
        "Recorded in the engine's record log with the reason; a due date in the past fires at the next tick.",
    )
    def move_timer(timerKey: KeyPath, body: TimerDueDateChange) -> Response:
        ctx.engine.move_timer(parse_key(timerKey, "timerKey"), _parse_due(body.dueDate), reason=body.reason)
        ctx.changed()
        return Response(status_code=204)
