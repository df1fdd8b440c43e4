"""A family's router from plain task functions ``(ctx, job) -> variables``.

No ``from __future__ import annotations`` here: pyzeebe finds the ``Job`` parameter by comparing
annotation objects, and the wrapper below is what it inspects.
"""

from collections.abc import Callable, Mapping
from typing import Any

from pyzeebe import Job, ZeebeTaskRouter

from workers.context import WorkerContext

Handler = Callable[[WorkerContext, Job], dict[str, Any]]


def family_router(ctx: WorkerContext, handlers: Mapping[str, Handler]) -> ZeebeTaskRouter:
    """One task per job type, each calling its handler with ``ctx`` and the job."""
    routes = ZeebeTaskRouter()
    for task_type, handler in handlers.items():
        routes.task(task_type=task_type)(_bound(ctx, handler))
    return routes


def _bound(ctx: WorkerContext, handler: Handler) -> Callable[[Job], dict[str, Any]]:
    def run(job: Job) -> dict[str, Any]:
        return handler(ctx, job)

    run.__name__ = run.__qualname__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run
