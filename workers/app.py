"""The worker process: one pyzeebe worker carrying the router of every task family.

Each family module exposes ``router(ctx) -> ZeebeTaskRouter``; adding a family is adding it to
:data:`FAMILIES`. Families are imported when chosen, so a worker running one family does not load
the others' dependencies (the documents family loads the PDF renderer). The same routers run
against the embedded engine and a Camunda 8 cluster.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, cast

import grpc
from pyzeebe import ZeebeTaskRouter, ZeebeWorker

from workers.context import WorkerContext

RouterFactory = Callable[[WorkerContext], ZeebeTaskRouter]

FAMILIES: tuple[str, ...] = ("calendar", "documents", "fund", "loans", "risk", "blacklist", "notifications")
"""Task families; each is the module ``workers.<family>``."""


def family_router(family: str) -> RouterFactory:
    if family not in FAMILIES:
        raise ValueError(f"unknown worker family {family!r}; known: {list(FAMILIES)}")
    module = importlib.import_module(f"workers.{family}")
    return cast(RouterFactory, module.router)


def build_worker(
    channel: grpc.aio.Channel,
    ctx: WorkerContext,
    *,
    name: str = "xdt-workers",
    families: list[str] | None = None,
    **worker_options: Any,
) -> ZeebeWorker:
    """A worker on ``channel`` with the routers of ``families`` (all by default)."""
    chosen = families or list(FAMILIES)
    unknown = sorted(set(chosen) - set(FAMILIES))
    if unknown:
        raise ValueError(f"unknown worker families {unknown}; known: {sorted(FAMILIES)}")
    worker = ZeebeWorker(channel, name=name, **worker_options)
    for family in chosen:
        worker.include_router(family_router(family)(ctx))
    return worker


def task_types(ctx: WorkerContext) -> dict[str, list[str]]:
    """The job types each family serves (for ``xdt workers --list`` and the contract test)."""
    return {family: sorted(t.type for t in family_router(family)(ctx).tasks) for family in FAMILIES}
