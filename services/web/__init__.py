"""The web pages staff and ops use on the embedded default: a tasklist and an Operate-like view.

Server-rendered HTML in Simplified Chinese over the engine's own query and command API
(:mod:`engine.query`, :mod:`engine.api`); mounted on the services app by
:func:`services.api.app.create_app` when it is given the engine (``xdt serve`` does).
See docs/web.md.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from services.settings import Settings
from services.web import routes_auth, routes_ops, routes_tasks
from services.web.context import LoginRequired, PageError, WebContext, WebEngine, current_user
from services.web.definitions import Definitions
from services.web.identity import WebUser
from services.web.pages import Pages
from services.web.rendering import page

STATIC_DIR = Path(__file__).resolve().parent / "static"

__all__ = ["STATIC_DIR", "WebEngine", "mount_web"]


def mount_web(app: FastAPI, engine: WebEngine, settings: Settings) -> None:
    """Add the web pages, their stylesheet and their error pages to ``app``."""
    app.state.web = WebContext(
        engine=engine,
        definitions=Definitions(engine),
        pages=Pages(settings.templates_dir / "web"),
        dev_mode=settings.dev_mode,
    )
    app.mount("/static/web", StaticFiles(directory=STATIC_DIR), name="web-static")
    for module in (routes_auth, routes_tasks, routes_ops):
        app.include_router(module.router)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(PageError, _page_error)


async def _login_required(request: Request, exc: Exception) -> Response:
    web: WebContext = request.app.state.web
    if not isinstance(exc, LoginRequired):  # pragma: no cover - registered for this type only
        raise exc
    if web.dev_mode:
        target = "/login" + (f"?problem={quote(exc.problem)}" if exc.problem else "")
        return RedirectResponse(target, status_code=303)
    message = exc.problem or "请通过统一认证登录后访问（缺少 X-User）。"
    return _error_page(web, None, 401, "需要登录", message)


async def _page_error(request: Request, exc: Exception) -> Response:
    web: WebContext = request.app.state.web
    if not isinstance(exc, PageError):  # pragma: no cover - registered for this type only
        raise exc
    try:
        user = current_user(request)
    except LoginRequired:
        user = None
    return _error_page(web, user, exc.status, exc.title, exc.message)


def _error_page(web: WebContext, user: WebUser | None, status: int, title: str, message: str) -> HTMLResponse:
    return page(web, "error.html", user=user, status=status, title=title, message=message)
