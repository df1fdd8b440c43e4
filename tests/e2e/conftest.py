"""End-to-end scenarios: the project's BPMN on the real engine over real gRPC, the real workers,
the real services database and PDF rendering, with the engine clock moved instead of slept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from services.clock import SHANGHAI
from services.embedded import EmbeddedStack
from services.embedded.seed import seed_demo

StackFactory = Callable[..., EmbeddedStack]


@pytest.fixture
def open_stack(tmp_path: Path) -> Iterator[StackFactory]:
    """Open an embedded stack with the demo registry at ``start`` (Asia/Shanghai wall time)."""
    opened: list[EmbeddedStack] = []

    def factory(start: str, *, services_db_url: str | None = None, **kwargs: object) -> EmbeddedStack:
        n = len(opened)
        stack = EmbeddedStack.open(
            engine_db_url=f"sqlite:///{tmp_path / f'engine{n}.db'}",
            services_db_url=services_db_url or f"sqlite:///{tmp_path / f'services{n}.db'}",
            start=datetime.fromisoformat(start).replace(tzinfo=SHANGHAI),
            documents_dir=tmp_path / f"documents{n}",
            **kwargs,  # type: ignore[arg-type]
        )
        opened.append(stack)
        with stack.db.session() as session:
            seed_demo(session=session, clock=stack.clock)
        return stack

    yield factory
    for stack in reversed(opened):
        stack.close()
