"""The read side (:class:`engine.query.EngineQuery`) over the engine's committed SQL state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, Table, and_, exists, func, select

from engine.clock import from_millis, to_millis
from engine.errors import NotFound
from engine.query import (
    ElementInstanceView,
    ElementState,
    FormView,
    InstanceState,
    Page,
    ProcessDefinitionView,
    ProcessInstanceView,
    VariableView,
)
from engine.runtime.definitions import Registry
from engine.runtime.work_queries import WorkQueries, _dt
from engine.store import schema
from engine.store.codec import dumps, loads
from engine.store.store import RecordEntry, stored_records

T = TypeVar("T")
EI = schema.element_instance

_ELEMENT_STATE = {
    "ELEMENT_COMPLETED": ElementState.COMPLETED,
    "ELEMENT_TERMINATED": ElementState.TERMINATED,
}


@dataclass(slots=True)
class ElementHistory:
    """One element instance as its PROCESS_INSTANCE records tell it."""

    key: int
    process_instance_key: int
    process_definition_key: int
    element_id: str
    element_type: str
    flow_scope_key: int
    lifecycle: str
    start_ms: int
    end_ms: int | None = None


_ENDS = frozenset({"ELEMENT_COMPLETED", "ELEMENT_TERMINATED"})


def element_histories(records: Iterable[RecordEntry]) -> dict[int, ElementHistory]:
    """The element instances (not the process itself) that ``records`` tell of, by key: started at
    their first lifecycle record, in the state of their last, ended by COMPLETED or TERMINATED."""
    found: dict[int, ElementHistory] = {}
    for _pos, key, ms, value_type, intent, record_type, pik, value in records:
        if value_type != "PROCESS_INSTANCE" or record_type != "EVENT" or not intent.startswith("ELEMENT_"):
            continue
        h = found.get(key)
        if h is None:
            if value["bpmnElementType"] == "PROCESS":
                continue
            h = found[key] = ElementHistory(
                key,
                pik,
                value["processDefinitionKey"],
                value["elementId"],
                value["bpmnElementType"],
                value["flowScopeKey"],
                intent,
                ms,
            )
        h.lifecycle = intent
        if intent in _ENDS:
            h.end_ms = ms
    return found


def _instance_state(lifecycle: str) -> InstanceState:
    if lifecycle == "ELEMENT_COMPLETED":
        return InstanceState.COMPLETED
    if lifecycle == "ELEMENT_TERMINATED":
        return InstanceState.CANCELED
    return InstanceState.ACTIVE


class SqlQuery(WorkQueries):
    """Mixin for ``Engine``: expects ``store`` (with ``engine``) and ``registry`` attributes."""

    store: Any
    registry: Registry

    # -- helpers ----------------------------------------------------------------------------
    def _page(
        self,
        stmt: Select[Any],
        table: Table,
        convert: Callable[[dict[str, Any]], T],
        limit: int,
        offset: int,
        order: Any = None,
    ) -> Page[T]:
        with self.store.read() as conn:
            total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
            ordered = stmt.order_by(order if order is not None else table.c.key).limit(limit).offset(offset)
            rows = [convert(loads(r.data)) for r in conn.execute(ordered)]
        return Page(tuple(rows), int(total))

    def _data_rows(self, stmt: Select[Any]) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return [loads(r.data) for r in conn.execute(stmt)]

    # -- definitions --------------------------------------------------------------------------
    def _definition_view(self, res: Any) -> ProcessDefinitionView:
        return ProcessDefinitionView(
            key=res.key,
            bpmn_process_id=res.resource_id,
            name=res.name,
            version=res.version,
            resource_name=res.resource_name,
            deployment_key=res.deployment_key,
            deployed_at=from_millis(res.deployed_ms),
            version_tag=res.version_tag,
            deleted=res.deleted,
        )

    def process_definitions(
        self,
        *,
        bpmn_process_id: str | None = None,
        latest_only: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[ProcessDefinitionView]:
        found = [r for r in self.registry.by_key.values() if r.kind == "process" and not r.deleted]
        if bpmn_process_id is not None:
            found = [r for r in found if r.resource_id == bpmn_process_id]
        if latest_only:
            found = [r for r in found if self.registry.latest("process", r.resource_id) is r]
        found.sort(key=lambda r: r.key)
        return Page(tuple(self._definition_view(r) for r in found[offset : offset + limit]), len(found))

    def process_definition(self, key: int) -> ProcessDefinitionView:
        res = self.registry.by_key.get(key)
        if res is None or res.kind != "process":
            raise NotFound(
                intent="GET", reason=f"Expected to find process definition with key '{key}', but none found"
            )
        return self._definition_view(res)

    def process_definition_xml(self, key: int) -> str:
        self.process_definition(key)
        return str(self.registry.by_key[key].content.decode("utf-8"))

    def form(self, *, key: int | None = None, form_id: str | None = None) -> FormView:
        res = None
        if key is not None:
            res = self.registry.by_key.get(key)
        elif form_id is not None:
            res = self.registry.latest("form", form_id)
        if res is None or res.kind != "form":
            raise NotFound(
                intent="GET",
                reason=f"Expected to find form with {'key' if key is not None else 'id'} '{key if key is not None else form_id}', but none found",
            )
        return FormView(
            res.key,
            res.resource_id,
            res.version,
            loads(res.content.decode("utf-8")),
            res.resource_name,
            res.version_tag,
        )

    # -- instances ------------------------------------------------------------------------------
    def _incident_flag(self) -> Any:
        inc = schema.incident
        return exists().where(
            and_(inc.c.process_instance_key == EI.c.process_instance_key, inc.c.state == "ACTIVE")
        )

    def _instance_view(self, d: dict[str, Any], has_incident: bool) -> ProcessInstanceView:
        return ProcessInstanceView(
            key=d["key"],
            bpmn_process_id=d["bpmn_process_id"],
            version=d["version"],
            process_definition_key=d["process_definition_key"],
            state=_instance_state(d["state"]),
            start_date=from_millis(d["start_ms"]),
            end_date=_dt(d["end_ms"]),
            parent_process_instance_key=d["parent_process_instance_key"],
            parent_element_instance_key=d["parent_element_instance_key"],
            has_incident=has_incident,
        )

    def process_instances(
        self,
        *,
        bpmn_process_id: str | None = None,
        process_definition_key: int | None = None,
        state: InstanceState | None = None,
        variable: tuple[str, Any] | None = None,
        started_after: datetime | None = None,
        started_before: datetime | None = None,
        has_incident: bool | None = None,
        parent_process_instance_key: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[ProcessInstanceView]:
        flag = self._incident_flag()
        stmt = select(EI.c.data, flag.label("inc")).where(EI.c.element_type == "PROCESS")
        if bpmn_process_id is not None:
            stmt = stmt.where(EI.c.bpmn_process_id == bpmn_process_id)
        if process_definition_key is not None:
            stmt = stmt.where(EI.c.process_definition_key == process_definition_key)
        if state is InstanceState.ACTIVE:
            stmt = stmt.where(EI.c.live.is_(True))
        elif state is InstanceState.COMPLETED:
            stmt = stmt.where(EI.c.state == "ELEMENT_COMPLETED")
        elif state is InstanceState.CANCELED:
            stmt = stmt.where(EI.c.state == "ELEMENT_TERMINATED")
        if variable is not None:
            var = schema.variable
            stmt = stmt.where(
                exists().where(
                    and_(
                        var.c.scope_key == EI.c.key,
                        var.c.name == variable[0],
                        var.c.value_json == dumps(variable[1]),
                    )
                )
            )
        if started_after is not None:
            stmt = stmt.where(EI.c.start_ms >= to_millis(started_after))
        if started_before is not None:
            stmt = stmt.where(EI.c.start_ms < to_millis(started_before))
        if has_incident is not None:
            stmt = stmt.where(flag if has_incident else ~flag)
        if parent_process_instance_key is not None:
            stmt = stmt.where(EI.c.parent_process_instance_key == parent_process_instance_key)
        with self.store.read() as conn:
            total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
            rows = conn.execute(stmt.order_by(EI.c.key).limit(limit).offset(offset)).all()
        views = [self._instance_view(loads(r.data), bool(r.inc)) for r in rows]
        return Page(tuple(views), int(total))

    def process_instance(self, key: int) -> ProcessInstanceView:
        stmt = select(EI.c.data, self._incident_flag().label("inc")).where(
            EI.c.key == key, EI.c.element_type == "PROCESS"
        )
        with self.store.read() as conn:
            row = conn.execute(stmt).first()
        if row is None:
            raise NotFound(
                intent="GET", reason=f"Expected to find process instance with key '{key}', but none found"
            )
        return self._instance_view(loads(row.data), bool(row.inc))

    def element_instances(
        self,
        process_instance_key: int,
        *,
        state: ElementState | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> Page[ElementInstanceView]:
        """The element instances of a process instance, read from its records (elements that
        finish between two folds of the state never get a row of their own)."""
        incidents = {
            i["element_instance_key"]
            for i in self._data_rows(
                select(schema.incident.c.data).where(
                    schema.incident.c.process_instance_key == process_instance_key,
                    schema.incident.c.state == "ACTIVE",
                )
            )
        }
        with self.store.engine.connect() as conn:
            found = element_histories(stored_records(conn, process_instance_key=process_instance_key))
        views = [self._element_view(h, incidents) for _, h in sorted(found.items())]
        if state is not None:
            views = [v for v in views if v.state is state]
        return Page(tuple(views[offset : offset + limit]), len(views))

    def _element_view(self, h: ElementHistory, incidents: set[int]) -> ElementInstanceView:
        res = self.registry.by_key.get(h.process_definition_key)
        element = res.model.elements.get(h.element_id) if res is not None and res.model is not None else None
        return ElementInstanceView(
            key=h.key,
            process_instance_key=h.process_instance_key,
            element_id=h.element_id,
            element_name=element.name if element is not None else None,
            element_type=h.element_type,
            flow_scope_key=h.flow_scope_key,
            state=_ELEMENT_STATE.get(h.lifecycle, ElementState.ACTIVE),
            lifecycle=h.lifecycle,
            start_date=from_millis(h.start_ms),
            end_date=_dt(h.end_ms),
            has_incident=h.key in incidents,
        )

    def variables(
        self,
        *,
        process_instance_key: int | None = None,
        scope_key: int | None = None,
        name: str | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> Page[VariableView]:
        var = schema.variable
        stmt = select(var.c.data)
        if process_instance_key is not None:
            stmt = stmt.where(var.c.process_instance_key == process_instance_key)
        if scope_key is not None:
            stmt = stmt.where(var.c.scope_key == scope_key)
        if name is not None:
            stmt = stmt.where(var.c.name == name)
        return self._page(
            stmt,
            var,
            lambda d: VariableView(
                d["key"], d["name"], d["value"], d["scope_key"], d["process_instance_key"]
            ),
            limit,
            offset,
        )
