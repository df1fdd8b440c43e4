"""The read side (:class:`engine.query.EngineQuery`) over the engine's committed SQL state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, Table, and_, exists, func, select

from engine.clock import from_millis, to_millis
from engine.errors import NotFound
from engine.query import (
    ElementInstanceView,
    ElementState,
    FormView,
    IncidentState,
    IncidentView,
    InstanceState,
    JobState,
    JobView,
    MessageSubscriptionView,
    Page,
    ProcessDefinitionView,
    ProcessInstanceView,
    RecordView,
    SubscriptionState,
    TimerState,
    TimerView,
    UserTaskState,
    UserTaskView,
    VariableView,
)
from engine.runtime.definitions import Registry
from engine.store import schema
from engine.store.codec import dumps, loads

T = TypeVar("T")
EI = schema.element_instance

_ELEMENT_STATE = {
    "ELEMENT_COMPLETED": ElementState.COMPLETED,
    "ELEMENT_TERMINATED": ElementState.TERMINATED,
}


def _dt(ms: int | None) -> datetime | None:
    return from_millis(ms) if ms is not None else None


def _instance_state(lifecycle: str) -> InstanceState:
    if lifecycle == "ELEMENT_COMPLETED":
        return InstanceState.COMPLETED
    if lifecycle == "ELEMENT_TERMINATED":
        return InstanceState.CANCELED
    return InstanceState.ACTIVE


class SqlQuery:
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
        with self.store.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
            ordered = stmt.order_by(order if order is not None else table.c.key).limit(limit).offset(offset)
            rows = [convert(loads(r.data)) for r in conn.execute(ordered)]
        return Page(tuple(rows), int(total))

    def _data_rows(self, stmt: Select[Any]) -> list[dict[str, Any]]:
        with self.store.engine.connect() as conn:
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
        with self.store.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
            rows = conn.execute(stmt.order_by(EI.c.key).limit(limit).offset(offset)).all()
        views = [self._instance_view(loads(r.data), bool(r.inc)) for r in rows]
        return Page(tuple(views), int(total))

    def process_instance(self, key: int) -> ProcessInstanceView:
        stmt = select(EI.c.data, self._incident_flag().label("inc")).where(
            EI.c.key == key, EI.c.element_type == "PROCESS"
        )
        with self.store.engine.connect() as conn:
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
        incidents = {
            i["element_instance_key"]
            for i in self._data_rows(
                select(schema.incident.c.data).where(
                    schema.incident.c.process_instance_key == process_instance_key,
                    schema.incident.c.state == "ACTIVE",
                )
            )
        }
        stmt = select(EI.c.data).where(
            EI.c.process_instance_key == process_instance_key, EI.c.element_type != "PROCESS"
        )
        if state is ElementState.ACTIVE:
            stmt = stmt.where(EI.c.live.is_(True))
        elif state is not None:
            stmt = stmt.where(
                EI.c.state
                == ("ELEMENT_COMPLETED" if state is ElementState.COMPLETED else "ELEMENT_TERMINATED")
            )

        def convert(d: dict[str, Any]) -> ElementInstanceView:
            res = self.registry.by_key.get(d["process_definition_key"])
            element = (
                res.model.elements.get(d["element_id"]) if res is not None and res.model is not None else None
            )
            return ElementInstanceView(
                key=d["key"],
                process_instance_key=d["process_instance_key"],
                element_id=d["element_id"],
                element_name=element.name if element is not None else None,
                element_type=d["element_type"],
                flow_scope_key=d["flow_scope_key"],
                state=_ELEMENT_STATE.get(d["state"], ElementState.ACTIVE)
                if not d["live"]
                else ElementState.ACTIVE,
                lifecycle=d["state"],
                start_date=from_millis(d["start_ms"]),
                end_date=_dt(d["end_ms"]),
                has_incident=d["key"] in incidents,
            )

        return self._page(stmt, EI, convert, limit, offset)

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

    def jobs(
        self,
        *,
        process_instance_key: int | None = None,
        job_type: str | None = None,
        state: JobState | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[JobView]:
        job = schema.job
        stmt = select(job.c.data)
        if process_instance_key is not None:
            stmt = stmt.where(job.c.process_instance_key == process_instance_key)
        if job_type is not None:
            stmt = stmt.where(job.c.type == job_type)
        if state is not None:
            stmt = stmt.where(job.c.state == str(state))

        def convert(d: dict[str, Any]) -> JobView:
            return JobView(
                d["key"],
                d["type"],
                JobState(d["state"]),
                d["retries"],
                d["worker"],
                _dt(d["deadline_ms"]),
                d["error_message"],
                d["custom_headers"],
                d["process_instance_key"],
                d["element_instance_key"],
                d["element_id"],
                d["bpmn_process_id"],
            )

        return self._page(stmt, job, convert, limit, offset)

    def timers(
        self,
        *,
        process_instance_key: int | None = None,
        state: TimerState | None = TimerState.CREATED,
        due_before: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[TimerView]:
        tmr = schema.timer
        stmt = select(tmr.c.data)
        if process_instance_key is not None:
            stmt = stmt.where(tmr.c.process_instance_key == process_instance_key)
        if state is not None:
            stmt = stmt.where(tmr.c.state == str(state))
        if due_before is not None:
            stmt = stmt.where(tmr.c.due_ms < to_millis(due_before))

        def convert(d: dict[str, Any]) -> TimerView:
            return TimerView(
                d["key"],
                from_millis(d["due_ms"]),
                TimerState(d["state"]),
                d["target_element_id"],
                d["repetitions"],
                d["process_instance_key"],
                d["element_instance_key"],
                d["process_definition_key"],
                d["bpmn_process_id"],
            )

        return self._page(stmt, tmr, convert, limit, offset, order=tmr.c.due_ms)

    def message_subscriptions(
        self,
        *,
        process_instance_key: int | None = None,
        message_name: str | None = None,
        state: SubscriptionState | None = SubscriptionState.OPEN,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[MessageSubscriptionView]:
        sub = schema.subscription
        stmt = select(sub.c.data).where(sub.c.kind == "message")
        if process_instance_key is not None:
            stmt = stmt.where(sub.c.process_instance_key == process_instance_key)
        if message_name is not None:
            stmt = stmt.where(sub.c.name == message_name)
        if state is not None:
            stmt = stmt.where(sub.c.state == str(state))

        def convert(d: dict[str, Any]) -> MessageSubscriptionView:
            return MessageSubscriptionView(
                d["key"],
                d["name"],
                d["correlation_key"],
                SubscriptionState(d["state"]),
                d["element_id"],
                d["process_instance_key"],
                d["element_instance_key"],
                d["bpmn_process_id"],
                d["start"],
            )

        return self._page(stmt, sub, convert, limit, offset)

    def incidents(
        self,
        *,
        process_instance_key: int | None = None,
        state: IncidentState | None = IncidentState.ACTIVE,
        error_type: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[IncidentView]:
        inc = schema.incident
        stmt = select(inc.c.data)
        if process_instance_key is not None:
            stmt = stmt.where(inc.c.process_instance_key == process_instance_key)
        if state is not None:
            stmt = stmt.where(inc.c.state == str(state))
        if error_type is not None:
            stmt = stmt.where(inc.c.error_type == error_type)

        def convert(d: dict[str, Any]) -> IncidentView:
            return IncidentView(
                d["key"],
                d["error_type"],
                d["error_message"],
                IncidentState(d["state"]),
                d["process_instance_key"],
                d["element_instance_key"],
                d["element_id"],
                d["job_key"],
                d["bpmn_process_id"],
                from_millis(d["created_ms"]),
            )

        return self._page(stmt, inc, convert, limit, offset)

    def _user_task_view(self, d: dict[str, Any]) -> UserTaskView:
        from engine.runtime.timers import parse_date

        def date(text: str | None) -> datetime | None:
            try:
                return parse_date(text) if text else None
            except Exception:
                return None

        res = self.registry.by_key.get(d["process_definition_key"])
        element = (
            res.model.elements.get(d["element_id"]) if res is not None and res.model is not None else None
        )
        return UserTaskView(
            key=d["key"],
            element_id=d["element_id"],
            element_instance_key=d["element_instance_key"],
            process_instance_key=d["process_instance_key"],
            bpmn_process_id=d["bpmn_process_id"],
            process_definition_key=d["process_definition_key"],
            state=UserTaskState(d["state"]),
            assignee=d["assignee"],
            candidate_groups=tuple(d["candidate_groups"]),
            candidate_users=tuple(d["candidate_users"]),
            due_date=date(d["due_date"]),
            follow_up_date=date(d["follow_up_date"]),
            form_key=d["form_key"],
            external_form_reference=d["external_form_reference"],
            custom_headers=d["custom_headers"],
            creation_date=from_millis(d["created_ms"]),
            completion_date=_dt(d["completed_ms"]),
            element_name=element.name if element is not None else None,
        )

    def user_tasks(
        self,
        *,
        assignee: str | None = None,
        candidate_group: str | None = None,
        candidate_user: str | None = None,
        state: UserTaskState | None = None,
        process_instance_key: int | None = None,
        bpmn_process_id: str | None = None,
        due_before: datetime | None = None,
        due_after: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[UserTaskView]:
        ut = schema.user_task
        stmt = select(ut.c.data)
        if assignee is not None:
            stmt = stmt.where(ut.c.assignee == assignee)
        if state is not None:
            stmt = stmt.where(ut.c.state == str(state))
        if process_instance_key is not None:
            stmt = stmt.where(ut.c.process_instance_key == process_instance_key)
        if bpmn_process_id is not None:
            stmt = stmt.where(ut.c.bpmn_process_id == bpmn_process_id)
        views: Iterable[UserTaskView] = (
            self._user_task_view(d) for d in self._data_rows(stmt.order_by(ut.c.key))
        )
        found = [
            v
            for v in views
            if (candidate_group is None or candidate_group in v.candidate_groups)
            and (candidate_user is None or candidate_user in v.candidate_users)
            and (due_before is None or (v.due_date is not None and v.due_date < due_before))
            and (due_after is None or (v.due_date is not None and v.due_date >= due_after))
        ]
        return Page(tuple(found[offset : offset + limit]), len(found))

    def user_task(self, key: int) -> UserTaskView:
        rows = self._data_rows(select(schema.user_task.c.data).where(schema.user_task.c.key == key))
        if not rows:
            raise NotFound(
                intent="GET", reason=f"Expected to find user task with key '{key}', but none found"
            )
        return self._user_task_view(rows[0])

    def records(
        self,
        *,
        process_instance_key: int | None = None,
        value_types: Sequence[str] = (),
        after_position: int = 0,
        limit: int = 1000,
    ) -> list[RecordView]:
        rec = schema.record
        stmt = select(rec).where(rec.c.position > after_position)
        if process_instance_key is not None:
            stmt = stmt.where(rec.c.process_instance_key == process_instance_key)
        if value_types:
            stmt = stmt.where(rec.c.value_type.in_([str(v) for v in value_types]))
        with self.store.engine.connect() as conn:
            rows = conn.execute(stmt.order_by(rec.c.position).limit(limit)).mappings().all()
        return [
            RecordView(
                r["position"],
                r["key"],
                from_millis(r["timestamp_ms"]),
                r["value_type"],
                r["intent"],
                r["record_type"],
                r["process_instance_key"],
                loads(r["value"]),
            )
            for r in rows
        ]
