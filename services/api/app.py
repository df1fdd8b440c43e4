"""FastAPI application factory. Routes are thin; logic lives in ``services``."""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.clock import Clock, SystemClock
from services.db import Database
from services.errors import Conflict, NotFound, ServiceError, ValidationFailed
from services.messaging import GrpcPublisher, MessagePublisher
from services.settings import Settings, get_settings

# Each module in services/api/routes/ listed here exposes ``router: APIRouter``.
ROUTERS: tuple[str, ...] = ("calendar", "loans", "fund", "documents", "events", "audit", "notifications")

_STATUS = {ValidationFailed: 422, NotFound: 404, Conflict: 409}


def _problem(exc: ServiceError) -> JSONResponse:
    status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)
    body = {"type": "about:blank", "title": exc.code, "status": status, "detail": exc.message}
    if exc.fields:
        body["fields"] = {
            k: (v if isinstance(v, str | int | float | bool | list | dict) else str(v))
            for k, v in exc.fields.items()
        }
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def create_app(
    settings: Settings | None = None,
    *,
    db: Database | None = None,
    clock: Clock | None = None,
    publisher: MessagePublisher | None = None,
    engine: Any | None = None,
) -> FastAPI:
    """Build the app. Tests pass their own database, clock and message publisher; by default
    messages go to the gateway the settings name. Given the embedded ``engine`` (its query and
    command API, as ``engine.server.open_engine`` returns it), the app also serves the web pages:
    the tasklist and the ops view (services.web, docs/web.md)."""
    settings = settings or get_settings()
    app = FastAPI(title="Xindaitong 信贷通", version="0.1.0")
    app.state.settings = settings
    app.state.db = db or Database(settings.db_url)
    app.state.clock = clock or SystemClock()
    app.state.publisher = publisher or GrpcPublisher.from_settings(settings)

    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return _problem(exc)

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    for name in ROUTERS:
        try:
            module = importlib.import_module(f"services.api.routes.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"services.api.routes.{name}":
                continue
            raise
        app.include_router(module.router)
    if engine is not None:
        from services.web import mount_web  # only the embedded default has an engine to show

        mount_web(app, engine, settings)
    return app
