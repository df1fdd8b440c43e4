"""The tasklist: open user tasks offered to the user's group, one task with its case, completing it.

Reads go through the engine's query API (:class:`engine.query.EngineQuery`), commands through its
command API (:class:`engine.api.EngineApi`); nothing here touches engine tables. A task is visible
to a user whose group is among its candidate groups (or who is its assignee or a candidate user);
any other task is reported as not found, so its existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from engine.api import EngineApi
from engine.errors import NotFound as EngineNotFound
from engine.query import EngineQuery, UserTaskState, UserTaskView
from services import audit
from services.clock import Clock
from services.errors import NotFound
from services.web import display
from services.web.definitions import Definitions
from services.web.directory import Directory
from services.web.forms import ParsedForm, parse_form
from services.web.identity import WebUser

MAX_TASKS = 500
"""Most tasks one list shows (the page says how many more there are)."""


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One line of the tasklist."""

    key: int
    process_instance_key: int
    process_name: str
    element_name: str
    loan_no: str | None
    created: datetime
    due: datetime | None
    overdue: bool
    groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaskList:
    rows: tuple[TaskRow, ...]
    total: int


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The facts of the case a task is about, as the task page shows them."""

    loan_no: str | None
    borrower_name: str | None
    bank: str
    township: str
    amounts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class TaskPage:
    """Everything the task page shows: the task, its case, its form and the variables it sees."""

    task: UserTaskView
    row: TaskRow
    facts: CaseFacts
    form: ParsedForm | None
    form_problem: str | None
    variables: Mapping[str, Any]


def may_see(user: WebUser, task: UserTaskView) -> bool:
    """Whether ``user`` may open and complete ``task``."""
    return (
        bool(user.groups.intersection(task.candidate_groups))
        or task.assignee == user.actor
        or user.actor in task.candidate_users
    )


def open_tasks(
    query: EngineQuery, definitions: Definitions, directory: Directory, user: WebUser, *, now: datetime
) -> TaskList:
    """The open tasks of the user's groups, most urgent first: overdue, then by due date, then
    oldest; tasks without a due date after those with one."""
    found: dict[int, UserTaskView] = {}
    total = 0
    for group in sorted(user.groups):
        page = query.user_tasks(candidate_group=group, state=UserTaskState.CREATED, limit=MAX_TASKS)
        total += page.total
        found.update((t.key, t) for t in page.items)
    loan_numbers: dict[int, str | None] = {}
    rows = []
    for task in found.values():
        if task.process_instance_key not in loan_numbers:
            loan_numbers[task.process_instance_key] = _loan_no(query, task.process_instance_key)
        rows.append(_row(task, definitions, directory, loan_numbers[task.process_instance_key], now))
    rows.sort(key=lambda r: (r.due is None, r.due or r.created, r.created, r.key))
    return TaskList(rows=tuple(rows), total=max(total, len(rows)))


def visible_task(query: EngineQuery, user: WebUser, key: int) -> UserTaskView:
    """The task, if ``user`` may see it.

    Raises:
        NotFound: the task does not exist or is not the user's (indistinguishably).
    """
    try:
        task = query.user_task(key)
    except EngineNotFound:
        task = None
    if task is None or not may_see(user, task):
        raise NotFound(f"no task {key}", task_key=key)
    return task


def task_page(
    query: EngineQuery,
    definitions: Definitions,
    directory: Directory,
    task: UserTaskView,
    *,
    now: datetime,
) -> TaskPage:
    """Load the task's case variables and its form."""
    variables = task_variables(query, task)
    form, problem = _form(query, task)
    row = _row(task, definitions, directory, _text(variables.get("loanNo")), now)
    return TaskPage(
        task=task,
        row=row,
        facts=case_facts(variables, directory),
        form=form,
        form_problem=problem,
        variables=variables,
    )


def task_variables(query: EngineQuery, task: UserTaskView) -> dict[str, Any]:
    """The variables the task sees: the root scope, overlaid by each scope down to the task's own
    (its input mappings), as Zeebe resolves a name from the innermost scope outwards."""
    pi = task.process_instance_key
    parents = {e.key: e.flow_scope_key for e in query.element_instances(pi, limit=10_000).items}
    chain = [task.element_instance_key]
    while chain[-1] in parents and parents[chain[-1]] not in chain and parents[chain[-1]] > 0:
        chain.append(parents[chain[-1]])
    if pi not in chain:
        chain.append(pi)
    merged: dict[str, Any] = {}
    for scope in reversed(chain):
        merged.update((v.name, v.value) for v in query.variables(scope_key=scope, limit=10_000).items)
    return merged


def case_facts(variables: Mapping[str, Any], directory: Directory) -> CaseFacts:
    """Loan number, borrower, bank, township and every ``…Fen`` amount in yuan."""
    amounts = tuple(
        (display.amount_label(name), display.yuan(value))
        for name, value in sorted(variables.items(), key=lambda kv: _amount_order(kv[0]))
        if display.is_fen(name, value)
    )
    return CaseFacts(
        loan_no=_text(variables.get("loanNo")),
        borrower_name=_text(variables.get("borrowerName")),
        bank=directory.bank(_text(variables.get("bankCode"))),
        township=directory.township(_text(variables.get("townshipCode"))),
        amounts=amounts,
    )


def complete_task(
    engine: EngineApi,
    task: UserTaskView,
    values: Mapping[str, Any],
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> None:
    """Complete ``task`` with the checked form values, in the user's name.

    The task is first assigned to the user (as Camunda Tasklist claims before completing), so the
    engine's history says who did it; the audit log records the values submitted.

    Raises:
        engine.errors.NotFound / InvalidState: the task was completed or cancelled meanwhile.
    """
    engine.assign_user_task(task.key, actor, allow_override=True)
    engine.complete_user_task(task.key, dict(values))
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="user_task.complete",
        object_type="user_task",
        object_id=task.key,
        detail={
            "bpmnProcessId": task.bpmn_process_id,
            "elementId": task.element_id,
            "processInstanceKey": task.process_instance_key,
            "variables": dict(values),
        },
    )


def open_task_rows(
    definitions: Definitions,
    directory: Directory,
    tasks: Iterable[UserTaskView],
    variables: Mapping[str, Any],
    *,
    now: datetime,
) -> tuple[TaskRow, ...]:
    """Rows for tasks of one instance whose root variables are ``variables``."""
    loan_no = _text(variables.get("loanNo"))
    return tuple(_row(t, definitions, directory, loan_no, now) for t in sorted(tasks, key=lambda t: t.key))


def _form(query: EngineQuery, task: UserTaskView) -> tuple[ParsedForm | None, str | None]:
    if task.form_key is not None:
        try:
            return parse_form(query.form(key=task.form_key).schema), None
        except EngineNotFound:
            return None, f"表单（{task.form_key}）未部署，请联系流程管理员。"
    if task.external_form_reference:
        return None, f"此任务使用外部表单：{task.external_form_reference}"
    return None, None


def _row(
    task: UserTaskView, definitions: Definitions, directory: Directory, loan_no: str | None, now: datetime
) -> TaskRow:
    info = definitions.get(task.process_definition_key)
    return TaskRow(
        key=task.key,
        process_instance_key=task.process_instance_key,
        process_name=info.name,
        element_name=task.element_name or info.element_name(task.element_id),
        loan_no=loan_no,
        created=task.creation_date,
        due=task.due_date,
        overdue=task.due_date is not None and task.due_date < now,
        groups=tuple(directory.group_label(g) for g in task.candidate_groups),
    )


def _loan_no(query: EngineQuery, process_instance_key: int) -> str | None:
    page = query.variables(scope_key=process_instance_key, name="loanNo", limit=1)
    return _text(page.items[0].value) if page.items else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _amount_order(name: str) -> tuple[int, str]:
    order = list(display.AMOUNT_LABELS)
    return (order.index(name) if name in order else len(order), name)
