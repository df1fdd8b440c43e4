"""What every web route needs: the engine, the definition cache, the renderer, and who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Protocol
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from fastapi.responses import Response

from engine.api import EngineApi
from engine.query import EngineQuery
from services.errors import ValidationFailed
from services.web.definitions import Definitions
from services.web.identity import WebUser, from_headers, header_text, parse_user
from services.web.pages import Pages

USER_COOKIE = "xdt_user"
MAX_FORM_FIELDS = 200


class WebEngine(EngineApi, EngineQuery, Protocol):
    """The embedded engine: commands and queries on one object (``engine.server.open_engine``)."""


@dataclass(frozen=True)
class WebContext:
    engine: WebEngine
    definitions: Definitions
    pages: Pages
    dev_mode: bool


class LoginRequired(Exception):
    """No identity came with the request (or it was malformed: ``problem`` says how)."""

    def __init__(self, problem: str | None = None) -> None:
        super().__init__(problem or "login required")
        self.problem = problem


class PageError(Exception):
    """An error shown as a page: 403, 404, 409…"""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


def get_web(request: Request) -> WebContext:
    web: WebContext = request.app.state.web
    return web


def current_user(request: Request) -> WebUser:
    """The user from the ``X-User`` header (the fronting proxy), else, in dev mode only, from the
    identity chooser's cookie.

    Raises:
        LoginRequired: neither is present, or the value is malformed.
    """
    web = get_web(request)
    header = request.headers.get("x-user")
    try:
        if header:
            return from_headers(header, request.headers.get("x-role"), request.headers.get("x-org"))
        cookie = request.cookies.get(USER_COOKIE)
        if cookie and web.dev_mode:
            return parse_user(header_text(cookie))
    except ValidationFailed as exc:
        raise LoginRequired(exc.message) from exc
    raise LoginRequired()


def remember_user(response: Response, user: WebUser) -> None:
    """Keep the chosen identity in a cookie (dev mode). SameSite=Strict: a form on another site
    cannot post in this user's name."""
    response.set_cookie(USER_COOKIE, quote(user.actor, safe=""), httponly=True, samesite="strict", path="/")


def forget_user(response: Response) -> None:
    response.delete_cookie(USER_COOKIE, path="/")


async def posted_fields(request: Request) -> dict[str, list[str]]:
    """The posted form as field name → values (files are not taken; a post with more than
    :data:`MAX_FORM_FIELDS` fields is refused by the parser).

    Raises:
        PageError: 403 when the browser says the form came from another site (``Origin``), so a
            page elsewhere cannot complete tasks in the name of a user the proxy has logged in.
    """
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise PageError(403, "来源不符", "此表单不是从本系统页面提交的，已拒绝。")
    posted = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    return {name: [v for v in posted.getlist(name) if isinstance(v, str)] for name in posted}


WebDep = Annotated[WebContext, Depends(get_web)]
UserDep = Annotated[WebUser, Depends(current_user)]
PostedDep = Annotated[dict[str, list[str]], Depends(posted_fields)]
