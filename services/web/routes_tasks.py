"""Tasklist pages: ``/tasks`` and ``/tasks/{key}`` (show the form, submit it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from engine.errors import CommandRejected
from engine.query import UserTaskState, UserTaskView
from services.api.deps import ClockDep, SessionDep
from services.errors import NotFound
from services.web.context import PageError, PostedDep, UserDep, WebContext, WebDep
from services.web.directory import Directory, load_directory
from services.web.identity import WebUser
from services.web.rendering import page
from services.web.tasklist import TaskPage, complete_task, open_tasks, task_page, visible_task
from services.web.validation import Entry, Outcome, initial_entries, validate_submission

router = APIRouter(include_in_schema=False)


@router.get("/tasks", response_class=HTMLResponse)
def tasklist(
    web: WebDep,
    user: UserDep,
    session: SessionDep,
    done: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    """The open tasks of the user's group."""
    directory = load_directory(session)
    listed = open_tasks(web.engine, web.definitions, directory, user, now=web.engine.now())
    return page(
        web,
        "tasks.html",
        user=user,
        directory=directory,
        tasks=listed,
        done=_completed(web, user, done),
    )


@router.get("/tasks/{key}", response_class=HTMLResponse)
def show_task(key: int, web: WebDep, user: UserDep, session: SessionDep) -> HTMLResponse:
    """The task with its case and its form, filled from the process variables."""
    directory = load_directory(session)
    loaded = _load(web, user, directory, key)
    entries = initial_entries(loaded.form, loaded.variables) if loaded.form else {}
    return _task_response(web, user, directory, loaded, entries, Outcome())


@router.post("/tasks/{key}", response_model=None)
def submit_task(
    key: int, submitted: PostedDep, web: WebDep, user: UserDep, session: SessionDep, clock: ClockDep
) -> Response:
    """Check the form; complete the task with typed values, or show the form again with errors."""
    directory = load_directory(session)
    loaded = _load(web, user, directory, key)
    if loaded.task.state is not UserTaskState.CREATED:
        raise PageError(409, "任务已关闭", "此任务已办结或已取消，无需再次提交。")
    if loaded.form is not None and loaded.form.blocking:
        raise PageError(409, "无法在此办理", "此表单包含网页暂不支持的必填项，请联系流程管理员。")
    outcome = validate_submission(loaded.form, submitted, loaded.variables) if loaded.form else Outcome()
    if not outcome.ok:
        return _task_response(web, user, directory, loaded, outcome.entered, outcome, status=422)
    try:
        complete_task(web.engine, loaded.task, outcome.values, session=session, clock=clock, actor=user.actor)
    except CommandRejected as exc:
        raise PageError(409, "提交未成功", f"此任务已由他人办结或已关闭（{exc}）。") from exc
    return RedirectResponse(f"/tasks?done={key}", status_code=303)


def _load(web: WebContext, user: WebUser, directory: Directory, key: int) -> TaskPage:
    try:
        task = visible_task(web.engine, user, key)
    except NotFound as exc:
        raise PageError(404, "未找到任务", f"没有编号为 {key} 的任务，或您无权查看。") from exc
    return task_page(web.engine, web.definitions, directory, task, now=web.engine.now())


def _task_response(
    web: WebContext,
    user: WebUser,
    directory: Directory,
    loaded: TaskPage,
    entries: dict[str, Entry],
    outcome: Outcome,
    *,
    status: int = 200,
) -> HTMLResponse:
    return page(
        web,
        "task.html",
        user=user,
        directory=directory,
        status=status,
        t=loaded,
        entries=entries,
        errors=outcome.errors,
        error_labels=_error_labels(loaded, outcome),
    )


def _error_labels(loaded: TaskPage, outcome: Outcome) -> list[tuple[str, str, str]]:
    """(html id, label, message) of each field in error, in the form's order, for the summary."""
    if loaded.form is None:
        return []
    return [
        (c.html_id, c.label or c.name, outcome.errors[c.name])
        for c in loaded.form.inputs
        if c.name in outcome.errors
    ]


def _completed(web: WebContext, user: WebUser, key: int | None) -> UserTaskView | None:
    if key is None:
        return None
    try:
        return visible_task(web.engine, user, key)
    except NotFound:
        return None
