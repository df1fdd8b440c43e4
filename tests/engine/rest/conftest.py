"""Fixtures for REST tests: the real engine served over real HTTP on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from engine.rest.clock_control import PinnableClock
from engine.server import ServerHandle, open_engine, run_in_thread

BPMN = Path(__file__).resolve().parents[1] / "gateway" / "bpmn"


def deploy(engine: Any, *names: str) -> Any:
    return engine.deploy([(name, (BPMN / name).read_bytes()) for name in names])


@pytest.fixture
def engine_clock() -> PinnableClock:
    """Follows real time until a test pins it over REST."""
    return PinnableClock()


@pytest.fixture
def real_engine(db_url: str, engine_clock: PinnableClock) -> Iterator[Any]:
    engine = open_engine(db_url, clock=engine_clock)
    try:
        yield engine
    finally:
        engine.close()


@pytest.fixture
def served(real_engine: Any, engine_clock: PinnableClock) -> Iterator[ServerHandle]:
    handle = run_in_thread(real_engine, port=0, rest_port=0, clock=engine_clock)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def http(served: ServerHandle) -> Iterator[httpx.Client]:
    assert served.rest_url is not None
    with httpx.Client(base_url=served.rest_url + "/v2", timeout=30) as client:
        yield client
