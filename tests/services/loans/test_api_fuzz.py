"""Schemathesis over the loans and events routes: no generated request makes them answer 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from services.api.app import create_app
from services.clock import FixedClock
from services.db import Database
from services.loans.demo import load_demo_data
from services.settings import Settings
from tests.services.messaging.conftest import RecordingPublisher

EXAMPLES_PER_OPERATION = 15
HEADERS = ({"X-User": "wang", "X-Role": "CITY"}, {"X-User": "li", "X-Role": "BANK", "X-Org": "GZRCB"})


@pytest.fixture
def fuzzed_app(tmp_path: Path, clock: FixedClock) -> Iterator[Any]:
    db = Database(f"sqlite:///{tmp_path / 'fuzz.db'}")
    with db.session() as s:
        load_demo_data(session=s, clock=clock, actor="fuzz")
    try:
        yield create_app(Settings(db_url=db.url), db=db, clock=clock, publisher=RecordingPublisher())
    finally:
        db.dispose()


def _fuzz(operation: Any, headers: dict[str, str], failures: list[str], codes: list[int]) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        case.headers = {**(case.headers or {}), **headers}
        response = case.call()
        codes.append(response.status_code)
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
            )

    check()


def test_no_loans_or_events_operation_answers_5xx(fuzzed_app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    operations = [
        r.ok() for r in schema.get_all_operations() if r.ok().path.startswith(("/api/loans", "/api/events"))
    ]
    assert len(operations) >= 15
    failures: list[str] = []
    codes: list[int] = []
    for operation in operations:
        for headers in HEADERS:
            _fuzz(operation, headers, failures, codes)
    assert not failures, "\n".join(failures[:10])
    assert len(codes) >= 10 * len(operations), "every operation was exercised"
    assert any(code < 300 for code in codes), "some generated requests succeeded"
