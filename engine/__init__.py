"""Embedded Zeebe-compatible engine: BPMN model, FEEL, DMN, SQL state, gRPC gateway.

This package never imports ``services`` or ``workers``. The engine itself is
``engine.runtime.Engine`` (also reachable as ``engine.Engine``, loaded on first use so that
importing a light module such as ``engine.clock`` does not load the whole runtime).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Engine", "EngineApi", "EngineQuery", "FakeClock", "SystemClock"]


def __getattr__(name: str) -> Any:
    if name == "Engine":
        from engine.runtime import Engine

        return Engine
    if name == "EngineApi":
        from engine.api import EngineApi

        return EngineApi
    if name == "EngineQuery":
        from engine.query import EngineQuery

        return EngineQuery
    if name in ("FakeClock", "SystemClock"):
        from engine import clock

        return getattr(clock, name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")
