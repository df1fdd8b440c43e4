from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.engine.runtime.harness import Harness


@pytest.fixture(params=["straight", "reopen"])
def h(request: pytest.FixtureRequest, db_url: str) -> Iterator[Harness]:
    """Every scenario runs twice: straight, and with the engine reopened from SQL after each step."""
    harness = Harness(db_url, reopen=request.param == "reopen")
    yield harness
    harness.engine.close()
