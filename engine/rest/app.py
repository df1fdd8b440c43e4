"""FastAPI app and router for the v2 REST gateway."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI

from engine.api import EngineApi
from engine.query import EngineQuery
from engine.rest.clock_control import ClockControl


def create_rest_router(
    engine: EngineApi,
    query: EngineQuery | None,
    *,
    clock: ClockControl | None = None,
    on_change: Callable[[], None] | None = None,
) -> APIRouter:
    """The ``/v2`` router."""
    router = APIRouter(prefix="/v2")

    @router.get("/topology")
    def topology() -> dict[str, Any]:
        return {}

    return router


def create_rest_app(
    engine: EngineApi,
    query: EngineQuery | None,
    *,
    clock: ClockControl | None = None,
    on_change: Callable[[], None] | None = None,
) -> FastAPI:
    """A FastAPI app serving the v2 REST gateway."""
    app = FastAPI(title="Xindaitong engine REST gateway (Camunda 8.8 v2 subset)")
    app.include_router(create_rest_router(engine, query, clock=clock, on_change=on_change))
    return app
