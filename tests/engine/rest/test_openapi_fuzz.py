"""Schemathesis over the REST gateway's own OpenAPI schema: no request makes it answer 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from engine.rest import PinnableClock, create_rest_app
from engine.server import open_engine
from tests.engine.rest.conftest import deploy

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def fuzzed_app(tmp_path: Any) -> Iterator[Any]:
    engine = open_engine(f"sqlite:///{tmp_path / 'fuzz.db'}", clock=PinnableClock())
    deploy(engine, "single-task.bpmn", "user-task.bpmn", "approval.form", "timer.bpmn", "message.bpmn")
    for process_id in ("gw-single", "gw-user", "gw-timer"):
        engine.create_instance(bpmn_process_id=process_id, variables={"caseId": "c-1", "amount": 5})
    try:
        yield create_rest_app(engine, engine, clock=PinnableClock())
    finally:
        engine.close()


def test_no_operation_answers_5xx(fuzzed_app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    failures: list[str] = []
    calls: list[int] = []
    operations = list(schema.get_all_operations())
    assert len(operations) >= 25
    for result in operations:
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            if case.path == "/v2/jobs/activation" and isinstance(case.body, dict):
                case.body["requestTimeout"] = -1  # fuzz the shape, not the 10 s long poll
            response = case.call()
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
                )

        check()
    assert not failures, "\n".join(failures[:10])
    assert len(calls) >= 5 * len(operations), "every operation was exercised"
    assert any(code < 300 for code in calls), "some generated requests succeeded"
