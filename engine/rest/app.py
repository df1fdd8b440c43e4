"""FastAPI app and router for the v2 REST gateway."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from engine.api import EngineApi
from engine.query import EngineQuery
from engine.rest import routes_cluster, routes_jobs, routes_operations, routes_processes, routes_user_tasks
from engine.rest.clock_control import ClockControl
from engine.rest.context import RestContext
from engine.rest.problems import ProblemRoute, problem_for, problem_response

API_TITLE = "Xindaitong engine REST gateway"
API_DESCRIPTION = (
    "A subset of the Camunda 8.8 Orchestration Cluster REST API (v2) served by the embedded engine: "
    "same paths, JSON shapes, paging and problem+json errors. Endpoints under `/v2/x-…` are extensions "
    "Camunda does not have (timers with due dates, moving a timer's due date)."
)


def create_rest_router(
    engine: EngineApi,
    query: EngineQuery | None,
    *,
    clock: ClockControl | None = None,
    on_change: Callable[[], None] | None = None,
) -> APIRouter:
    """The ``/v2`` router; self-contained (its own problem+json error handling).

    Args:
        engine: command side.
        query: read side for searches (None: searches answer 501).
        clock: a pinnable clock in dev/test mode; None makes the clock endpoints answer 403.
        on_change: called after commands that may move due dates (pokes the scheduler).
    """
    ctx = RestContext(engine, query, clock, on_change)
    engine.add_listener(ctx.results)
    router = APIRouter(prefix="/v2", route_class=ProblemRoute)
    routes_cluster.register(router, ctx)
    routes_processes.register(router, ctx)
    routes_operations.register(router, ctx)
    routes_user_tasks.register(router, ctx)
    routes_jobs.register(router, ctx)
    return router


def create_rest_app(
    engine: EngineApi,
    query: EngineQuery | None,
    *,
    clock: ClockControl | None = None,
    on_change: Callable[[], None] | None = None,
) -> FastAPI:
    """A FastAPI app serving the v2 REST gateway (see :func:`create_rest_router`)."""
    app = FastAPI(title=API_TITLE, description=API_DESCRIPTION, version="8.8-subset")
    app.include_router(create_rest_router(engine, query, clock=clock, on_change=on_change))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, title, detail = problem_for(exc)
        return problem_response(status, title, detail, request.url.path)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        title = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
        return problem_response(exc.status_code, title, str(exc.detail), request.url.path)

    return app
