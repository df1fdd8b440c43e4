"""The read side, part two: jobs, timers, message subscriptions, incidents, user tasks, records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, Table, select

from engine.clock import from_millis, to_millis
from engine.errors import NotFound
from engine.query import (
    IncidentState,
    IncidentView,
    JobState,
    JobView,
    MessageSubscriptionView,
    Page,
    RecordView,
    SubscriptionState,
    TimerState,
    TimerView,
    UserTaskState,
    UserTaskView,
)
from engine.runtime.definitions import Registry
from engine.store import schema
from engine.store.store import stored_records

T = TypeVar("T")


def _dt(ms: int | None) -> datetime | None:
    return from_millis(ms) if ms is not None else None


class WorkQueries:
    """Mixin of :class:`engine.runtime.queries.SqlQuery`."""

    store: Any
    registry: Registry

    def _page(
        self,
        stmt: Select[Any],
        table: Table,
        convert: Callable[[dict[str, Any]], T],
        limit: int,
        offset: int,
        order: Any = None,
    ) -> Page[T]:
        raise NotImplementedError  # provided by SqlQuery

    def _data_rows(self, stmt: Any) -> list[dict[str, Any]]:
        raise NotImplementedError  # provided by SqlQuery

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
        wanted = {str(v) for v in value_types}
        found: list[RecordView] = []
        if limit <= 0:
            return found
        with self.store.engine.connect() as conn:
            for r in stored_records(
                conn, process_instance_key=process_instance_key, after_position=after_position
            ):
                if wanted and r[3] not in wanted:
                    continue
                found.append(RecordView(r[0], r[1], from_millis(r[2]), r[3], r[4], r[5], r[6], r[7]))
                if len(found) >= limit:
                    break
        return found
