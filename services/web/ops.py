"""The Operate-like view: process instances, their history, variables, timers and incidents.

Every statutory period is a timer on a diagram (DESIGN §3), fed by the calendar worker, which
writes ``<name>`` (the instant), ``<name>Date`` and ``<name>Provisional``
(docs/processes.md). A timer whose expression is such a ``<name>`` is a statutory deadline, and
provisional when ``<name>Provisional`` is true (a year the holiday data does not cover yet):
ops see both at a glance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from engine.api import EngineApi
from engine.query import (
    EngineQuery,
    IncidentState,
    IncidentView,
    InstanceState,
    ProcessInstanceView,
    TimerView,
    UserTaskState,
)
from services import audit
from services.clock import Clock
from services.errors import NotFound
from services.web import display
from services.web.definitions import Definitions
from services.web.directory import Directory
from services.web.tasklist import TaskRow, open_task_rows

PAGE_SIZE = 50
MAX_TIMERS = 500
MAX_INCIDENTS = 500
DEFAULT_RETRIES = 3
_PLAIN_NAME = re.compile(r"^=?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_PROVISIONAL = "Provisional"


@dataclass(frozen=True, slots=True)
class InstanceRow:
    key: int
    bpmn_process_id: str
    process_name: str
    version: int
    state: str
    start: datetime
    end: datetime | None
    loan_no: str | None
    has_incident: bool
    parent_key: int | None


@dataclass(frozen=True, slots=True)
class InstanceList:
    rows: tuple[InstanceRow, ...]
    total: int
    offset: int


@dataclass(frozen=True, slots=True)
class ElementRow:
    key: int
    element_id: str
    name: str
    type: str
    state: str
    start: datetime
    end: datetime | None
    has_incident: bool


@dataclass(frozen=True, slots=True)
class VariableRow:
    name: str
    text: str
    yuan: str | None


@dataclass(frozen=True, slots=True)
class TimerRow:
    """An active timer; ``deadline`` names the statutory period it enforces, if it is one."""

    key: int
    due: datetime
    overdue: bool
    element_id: str
    element_name: str
    process_name: str
    process_instance_key: int | None
    loan_no: str | None
    deadline: str | None
    provisional: bool
    repeating: bool


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    message_name: str
    correlation_key: str
    element_name: str


@dataclass(frozen=True, slots=True)
class IncidentRow:
    key: int
    error_type: str
    message: str
    element_name: str
    process_name: str
    process_instance_key: int
    job_key: int | None
    created: datetime


@dataclass(frozen=True, slots=True)
class InstancePage:
    instance: InstanceRow
    elements: tuple[ElementRow, ...]
    variables: tuple[VariableRow, ...]
    tasks: tuple[TaskRow, ...]
    timers: tuple[TimerRow, ...]
    subscriptions: tuple[SubscriptionRow, ...]
    incidents: tuple[IncidentRow, ...]
    children: tuple[InstanceRow, ...]


def list_instances(
    query: EngineQuery,
    definitions: Definitions,
    *,
    process: str | None = None,
    state: InstanceState | None = None,
    loan_no: str | None = None,
    incidents_only: bool = False,
    offset: int = 0,
) -> InstanceList:
    """One page of instances, newest first, filtered by process id, state, loan number, incident."""
    common: dict[str, Any] = {
        "bpmn_process_id": process or None,
        "state": state,
        "variable": ("loanNo", loan_no) if loan_no else None,
        "has_incident": True if incidents_only else None,
    }
    total = query.process_instances(**common, limit=1).total
    # The engine pages in creation order; the newest page is read from the end.
    start = max(total - offset - PAGE_SIZE, 0)
    size = max(min(PAGE_SIZE, total - offset), 0)
    page = query.process_instances(**common, offset=start, limit=size) if size else None
    items = sorted(page.items, key=lambda p: p.key, reverse=True) if page else []
    return InstanceList(rows=tuple(_instances(query, definitions, items)), total=total, offset=offset)


def instance_page(
    query: EngineQuery, definitions: Definitions, directory: Directory, key: int, *, now: datetime
) -> InstancePage:
    """Everything about one instance.

    Raises:
        engine.errors.NotFound: no such instance.
    """
    instance = query.process_instance(key)
    variables = root_variables(query, key)
    info = definitions.get(instance.process_definition_key)
    elements = sorted(query.element_instances(key, limit=10_000).items, key=lambda e: e.key)
    tasks = query.user_tasks(process_instance_key=key, state=UserTaskState.CREATED, limit=500).items
    children = query.process_instances(parent_process_instance_key=key, limit=500).items
    return InstancePage(
        instance=_instances(query, definitions, [instance], {key: variables})[0],
        elements=tuple(
            ElementRow(
                key=e.key,
                element_id=e.element_id,
                name=e.element_name or info.element_name(e.element_id),
                type=display.element_type(e.element_type),
                state=str(e.state),
                start=e.start_date,
                end=e.end_date,
                has_incident=e.has_incident,
            )
            for e in elements
            if e.element_type != "PROCESS"
        ),
        variables=tuple(
            VariableRow(
                name,
                display.variable_text(value),
                display.yuan(value) if display.is_fen(name, value) else None,
            )
            for name, value in sorted(variables.items())
        ),
        tasks=open_task_rows(definitions, directory, tasks, variables, now=now),
        timers=tuple(
            timer_rows(
                query, definitions, query.timers(process_instance_key=key).items, now, {key: variables}
            )
        ),
        subscriptions=tuple(
            SubscriptionRow(s.message_name, s.correlation_key, info.element_name(s.element_id))
            for s in query.message_subscriptions(process_instance_key=key).items
        ),
        incidents=tuple(incident_rows(query, definitions, query.incidents(process_instance_key=key).items)),
        children=tuple(_instances(query, definitions, sorted(children, key=lambda p: p.key))),
    )


def active_timers(query: EngineQuery, definitions: Definitions, *, now: datetime) -> list[TimerRow]:
    """Every waiting timer, soonest first (start timers of the half-yearly cycles included)."""
    return timer_rows(query, definitions, query.timers(limit=MAX_TIMERS).items, now)


def open_incidents(query: EngineQuery, definitions: Definitions) -> list[IncidentRow]:
    """Every active incident, oldest first."""
    return incident_rows(query, definitions, query.incidents(limit=MAX_INCIDENTS).items)


def timer_rows(
    query: EngineQuery,
    definitions: Definitions,
    timers: Iterable[TimerView],
    now: datetime,
    known: dict[int, dict[str, Any]] | None = None,
) -> list[TimerRow]:
    variables_of = dict(known or {})
    rows = []
    for timer in sorted(timers, key=lambda t: (t.due_date, t.key)):
        info = definitions.get(timer.process_definition_key)
        pi = timer.process_instance_key if timer.process_instance_key > 0 else None
        variables: dict[str, Any] = {}
        if pi is not None:
            if pi not in variables_of:
                variables_of[pi] = root_variables(query, pi)
            variables = variables_of[pi]
        deadline, provisional = deadline_status(
            info.timer_expressions.get(timer.target_element_id), timer.due_date, variables
        )
        rows.append(
            TimerRow(
                key=timer.key,
                due=timer.due_date,
                overdue=timer.due_date < now,
                element_id=timer.target_element_id,
                element_name=info.element_name(timer.target_element_id),
                process_name=info.name,
                process_instance_key=pi,
                loan_no=_text(variables.get("loanNo")),
                deadline=deadline,
                provisional=provisional,
                repeating=timer.repetitions != 1,
            )
        )
    return rows


def deadline_status(
    expression: str | None, due: datetime, variables: Mapping[str, Any]
) -> tuple[str | None, bool]:
    """Whether a timer enforces a statutory period: ``(<name>, provisional)`` or ``(None, False)``.

    The timer's expression names the period (``=collectionDeadline``). An expression that is not
    a plain name falls back to the period whose instant equals the timer's due date.
    """
    match = _PLAIN_NAME.match(expression or "")
    if match:
        name = match.group(1)
        flag = variables.get(name + _PROVISIONAL)
        return (name, flag is True) if flag is not None else (None, False)
    for key, flag in variables.items():
        name = key.removesuffix(_PROVISIONAL)
        if key.endswith(_PROVISIONAL) and _same_instant(variables.get(name), due):
            return name, flag is True
    return None, False


def incident_rows(
    query: EngineQuery, definitions: Definitions, incidents: Iterable[IncidentView]
) -> list[IncidentRow]:
    # An incident names its process id but not its definition; its instance does.
    definition_of: dict[int, int] = {}
    rows = []
    for incident in sorted(incidents, key=lambda i: (i.creation_time, i.key)):
        pi = incident.process_instance_key
        if pi not in definition_of:
            definition_of[pi] = query.process_instance(pi).process_definition_key
        info = definitions.get(definition_of[pi])
        rows.append(
            IncidentRow(
                key=incident.key,
                error_type=incident.error_type,
                message=incident.error_message,
                element_name=info.element_name(incident.element_id),
                process_name=info.name,
                process_instance_key=incident.process_instance_key,
                job_key=incident.job_key if incident.job_key > 0 else None,
                created=incident.creation_time,
            )
        )
    return rows


def retry_incident(
    engine: EngineApi,
    query: EngineQuery,
    incident_key: int,
    *,
    retries: int = DEFAULT_RETRIES,
    session: Session,
    clock: Clock,
    actor: str,
) -> IncidentView:
    """Give the failed job ``retries`` more tries and resolve the incident, so a worker takes the
    job again (an incident without a job is only resolved: the engine re-evaluates the element).

    Raises:
        NotFound: no active incident with this key (already resolved, or unknown).
    """
    incident = _active_incident(query, incident_key)
    if incident.job_key > 0:
        engine.update_job_retries(incident.job_key, retries)
    engine.resolve_incident(incident.key)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="incident.retry",
        object_type="incident",
        object_id=incident.key,
        detail={
            "processInstanceKey": incident.process_instance_key,
            "elementId": incident.element_id,
            "jobKey": incident.job_key,
            "retries": retries,
            "errorMessage": incident.error_message,
        },
    )
    return incident


def root_variables(query: EngineQuery, process_instance_key: int) -> dict[str, Any]:
    page = query.variables(scope_key=process_instance_key, limit=10_000)
    return {v.name: v.value for v in page.items}


def _active_incident(query: EngineQuery, key: int) -> IncidentView:
    offset = 0
    while True:
        page = query.incidents(state=IncidentState.ACTIVE, offset=offset, limit=MAX_INCIDENTS)
        for incident in page.items:
            if incident.key == key:
                return incident
        offset += len(page.items)
        if not page.items or offset >= page.total:
            raise NotFound(f"no active incident {key}", incident_key=key)


def _instances(
    query: EngineQuery,
    definitions: Definitions,
    instances: Iterable[ProcessInstanceView],
    known: dict[int, dict[str, Any]] | None = None,
) -> list[InstanceRow]:
    rows = []
    for p in instances:
        info = definitions.get(p.process_definition_key)
        if known and p.key in known:
            loan_no = _text(known[p.key].get("loanNo"))
        else:
            page = query.variables(scope_key=p.key, name="loanNo", limit=1)
            loan_no = _text(page.items[0].value) if page.items else None
        rows.append(
            InstanceRow(
                key=p.key,
                bpmn_process_id=p.bpmn_process_id,
                process_name=info.name,
                version=p.version,
                state=str(p.state),
                start=p.start_date,
                end=p.end_date,
                loan_no=loan_no,
                has_incident=p.has_incident,
                parent_key=p.parent_process_instance_key if p.parent_process_instance_key > 0 else None,
            )
        )
    return rows


def _same_instant(value: Any, due: datetime) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None and parsed == due


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
