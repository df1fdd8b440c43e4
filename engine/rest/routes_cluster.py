"""Cluster endpoints: topology, status, and the dev-mode clock."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from engine.clock import from_millis
from engine.rest.context import RestContext
from engine.rest.models import ClockPin
from engine.rest.problems import Problem


def register(router: APIRouter, ctx: RestContext) -> None:
    """Add the cluster endpoints to ``router``."""

    @router.get("/topology", tags=["Cluster"], summary="Cluster topology (one node, one partition)")
    def get_topology() -> dict[str, Any]:
        topology = ctx.engine.topology()
        return {
            "brokers": [
                {
                    "nodeId": 0,
                    "host": "127.0.0.1",
                    "port": 26501,
                    "partitions": [
                        {"partitionId": p + 1, "role": "leader", "health": "healthy"}
                        for p in range(max(1, topology.partitions_count))
                    ],
                    "version": topology.gateway_version,
                }
            ],
            "clusterSize": topology.cluster_size,
            "partitionsCount": topology.partitions_count,
            "replicationFactor": topology.replication_factor,
            "gatewayVersion": topology.gateway_version,
            "lastCompletedChangeId": "-1",
        }

    @router.get("/status", tags=["Cluster"], status_code=204, summary="Health: 204 when the engine is up")
    def get_status() -> Response:
        return Response(status_code=204)

    def control() -> Any:
        if ctx.clock is None:
            raise Problem(
                403,
                "FORBIDDEN",
                "The engine clock can only be pinned in dev/test mode (the engine runs on system time)",
            )
        return ctx.clock

    @router.put(
        "/clock", tags=["Clock"], status_code=204, summary="Pin the engine clock (dev/test mode only)"
    )
    def pin_clock(body: ClockPin) -> Response:
        try:
            control().pin(from_millis(body.timestamp))
        except ValueError as exc:
            raise Problem(400, "INVALID_ARGUMENT", str(exc)) from exc
        ctx.engine.tick()  # timers due by the new time fire before the call returns
        ctx.changed()
        return Response(status_code=204)

    @router.post("/clock/reset", tags=["Clock"], status_code=204, summary="Follow system time again")
    def reset_clock() -> Response:
        control().reset()
        ctx.changed()
        return Response(status_code=204)
