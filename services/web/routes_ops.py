"""Ops pages: ``/ops`` (instances), ``/ops/instances/{key}``, ``/ops/timers``, ``/ops/incidents``
and the retry action.

The city offices (市财政局, 市扶贫办, 市金融局, 市政府) may look; 市金融局, which owns the
processes, may retry failed jobs. Everyone else gets 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from engine.errors import CommandRejected
from engine.errors import NotFound as EngineNotFound
from engine.query import InstanceState, UserTaskState
from services.api.deps import ClockDep, SessionDep
from services.errors import NotFound
from services.web import ops
from services.web.context import PageError, PostedDep, UserDep, WebDep
from services.web.directory import load_directory
from services.web.identity import WebUser
from services.web.rendering import page
from services.web.tasklist import may_see

router = APIRouter(prefix="/ops", include_in_schema=False)

STATE_CHOICES = {"ACTIVE": "进行中", "COMPLETED": "已完成", "CANCELED": "已取消"}


def _viewer(user: WebUser) -> None:
    if not user.may_view_ops:
        raise PageError(403, "无权访问", "运行监控页面仅对市财政局、市扶贫办、市金融局和市政府开放。")


@router.get("", response_class=HTMLResponse)
def instances(
    web: WebDep,
    user: UserDep,
    session: SessionDep,
    process: Annotated[str | None, Query(max_length=200)] = None,
    state: Annotated[str | None, Query(max_length=20)] = None,
    loan: Annotated[str | None, Query(max_length=64)] = None,
    incidents: Annotated[bool, Query()] = False,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """Process instances, newest first, with filters."""
    _viewer(user)
    chosen_state = InstanceState(state) if state in STATE_CHOICES else None
    listed = ops.list_instances(
        web.engine,
        web.definitions,
        process=process or None,
        state=chosen_state,
        loan_no=(loan or "").strip() or None,
        incidents_only=incidents,
        offset=offset,
    )
    return page(
        web,
        "ops_instances.html",
        user=user,
        directory=load_directory(session),
        listed=listed,
        page_size=ops.PAGE_SIZE,
        processes=web.definitions.process_names(),
        states=STATE_CHOICES,
        filters={
            "process": process or "",
            "state": state if chosen_state else "",
            "loan": loan or "",
            "incidents": incidents,
        },
    )


@router.get("/instances/{key}", response_class=HTMLResponse)
def instance(
    key: int,
    web: WebDep,
    user: UserDep,
    session: SessionDep,
    retried: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    """One instance: history, variables, tasks, timers, subscriptions, incidents."""
    _viewer(user)
    directory = load_directory(session)
    try:
        shown = ops.instance_page(web.engine, web.definitions, directory, key, now=web.engine.now())
    except EngineNotFound as exc:
        raise PageError(404, "未找到流程实例", f"没有编号为 {key} 的流程实例。") from exc
    open_tasks = web.engine.user_tasks(process_instance_key=key, state=UserTaskState.CREATED, limit=500)
    visible = {t.key for t in open_tasks.items if may_see(user, t)}
    return page(
        web,
        "ops_instance.html",
        user=user,
        directory=directory,
        p=shown,
        retried=retried,
        visible_task_keys=visible,
    )


@router.get("/timers", response_class=HTMLResponse)
def timers(web: WebDep, user: UserDep, session: SessionDep) -> HTMLResponse:
    """Every waiting timer, soonest first; statutory deadlines marked, provisional ones flagged."""
    _viewer(user)
    rows = ops.active_timers(web.engine, web.definitions, now=web.engine.now())
    return page(web, "ops_timers.html", user=user, directory=load_directory(session), timers=rows)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    web: WebDep, user: UserDep, session: SessionDep, retried: Annotated[int | None, Query()] = None
) -> HTMLResponse:
    """Every active incident, oldest first."""
    _viewer(user)
    rows = ops.open_incidents(web.engine, web.definitions)
    return page(
        web,
        "ops_incidents.html",
        user=user,
        directory=load_directory(session),
        incidents=rows,
        retried=retried,
    )


@router.post("/incidents/{key}/retry", response_model=None)
def retry(
    key: int, posted: PostedDep, web: WebDep, user: UserDep, session: SessionDep, clock: ClockDep
) -> Response:
    """Give the failed job new retries and resolve the incident; back to where the button was."""
    _viewer(user)
    if not user.may_operate:
        raise PageError(403, "无权操作", "重试失败作业由市金融局（流程管理员）执行。")
    retries = _retries((posted.get("retries") or [""])[0])
    try:
        done = ops.retry_incident(
            web.engine, web.engine, key, retries=retries, session=session, clock=clock, actor=user.actor
        )
    except NotFound as exc:
        raise PageError(404, "故障不存在", f"故障 {key} 不存在或已处理。") from exc
    except CommandRejected as exc:
        raise PageError(409, "重试未成功", str(exc)) from exc
    back = (posted.get("back") or [""])[0]
    target = f"/ops/instances/{done.process_instance_key}" if back == "instance" else "/ops/incidents"
    return RedirectResponse(f"{target}?retried={key}", status_code=303)


def _retries(text: str) -> int:
    if not text.strip():
        return ops.DEFAULT_RETRIES
    if not text.strip().isdigit() or not 1 <= int(text) <= 10:
        raise PageError(422, "重试次数无效", "重试次数应为 1 到 10 之间的整数。")
    return int(text)
