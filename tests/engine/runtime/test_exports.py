"""The engine package's public names."""

from __future__ import annotations

import engine
import engine.runtime


def test_exported_names() -> None:
    assert sorted(engine.__all__) == ["Engine", "EngineApi", "EngineQuery", "FakeClock", "SystemClock"]
    assert engine.runtime.__all__ == ["Engine"]
    assert engine.Engine is engine.runtime.Engine
    for name in engine.__all__:
        assert getattr(engine, name) is not None


def test_engine_implements_the_command_and_query_protocols() -> None:
    from engine.api import EngineApi
    from engine.query import EngineQuery

    for protocol in (EngineApi, EngineQuery):
        missing = [
            name
            for name in dir(protocol)
            if not name.startswith("_")
            and callable(getattr(protocol, name))
            and not hasattr(engine.runtime.Engine, name)
        ]
        assert missing == [], f"{protocol.__name__}: {missing}"
