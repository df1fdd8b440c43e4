"""Turning a template and its context into a response, with what every page shows around it."""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse

from services.web.context import WebContext
from services.web.directory import Directory
from services.web.identity import WebUser


def page(
    web: WebContext,
    template: str,
    *,
    user: WebUser | None,
    directory: Directory | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` inside the layout: who is logged in, the menu they may use, the engine's
    clock (which tests and the demo move forward, so pages must show that time, not the wall's)."""
    label = ""
    if user is not None:
        office = (directory or Directory()).group_label(user.group)
        label = f"{office} · {user.name}"
    html = web.pages.render(
        template,
        user=user,
        user_label=label,
        dev_mode=web.dev_mode,
        engine_now=web.engine.now(),
        **context,
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
