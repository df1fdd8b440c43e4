"""Who am I: the dev-mode identity chooser (``/login``), logging out, and the front page.

In production the fronting proxy asserts the identity in ``X-User`` and the chooser is closed;
in dev mode (``XDT_DEV_MODE``, the default of ``make run``) anyone may pick any demo identity,
which is what trying the pages out needs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.api.deps import SessionDep
from services.errors import ValidationFailed
from services.web.context import (
    LoginRequired,
    PageError,
    PostedDep,
    WebContext,
    WebDep,
    current_user,
    forget_user,
    remember_user,
)
from services.web.directory import demo_identities, load_directory
from services.web.identity import WebUser, parse_user
from services.web.rendering import page

router = APIRouter(include_in_schema=False)


@router.get("/", response_model=None)
def front() -> Response:
    """Everyone lands on their tasks (the menu leads ops on to the ops view)."""
    return RedirectResponse("/tasks", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request,
    web: WebDep,
    session: SessionDep,
    problem: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    """The identity chooser: one button per demo identity, and a field for any other."""
    directory = load_directory(session)
    return page(
        web,
        "login.html",
        user=_maybe_user(request),
        directory=directory,
        identities=demo_identities(directory) if web.dev_mode else [],
        problem=problem,
        entered="",
    )


@router.post("/login", response_model=None)
def login(posted: PostedDep, web: WebDep, session: SessionDep) -> Response:
    """Take the chosen identity and go to its start page."""
    _dev_only(web)
    entered = (posted.get("user") or [""])[0]
    try:
        user = parse_user(entered)
    except ValidationFailed as exc:
        directory = load_directory(session)
        return page(
            web,
            "login.html",
            user=None,
            directory=directory,
            identities=demo_identities(directory),
            problem=f"身份格式不正确：{exc.message}",
            entered=entered,
            status=422,
        )
    response = RedirectResponse("/tasks", status_code=303)
    remember_user(response, user)
    return response


@router.post("/logout", response_model=None)
def logout(web: WebDep) -> Response:
    response = RedirectResponse("/login", status_code=303)
    forget_user(response)
    return response


def _dev_only(web: WebContext) -> None:
    if not web.dev_mode:
        raise PageError(403, "不可切换身份", "身份由统一认证（X-User）提供，开发模式以外不可在此选择。")


def _maybe_user(request: Request) -> WebUser | None:
    try:
        return current_user(request)
    except LoginRequired:
        return None
