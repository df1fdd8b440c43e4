"""Whatever the bytes, parsing either returns processes or raises BpmnInvalid, nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import engine.model
from engine.model import BpmnInvalid, parse_bpmn
from tests.engine.model.support import FIXTURES

SOURCE = (FIXTURES / "error-end-event.bpmn").read_bytes()


def parse_or_refuse(data: bytes) -> None:
    try:
        processes = parse_bpmn(data, "fuzz.bpmn")
    except BpmnInvalid as exc:
        assert exc.problems and all(p.startswith("fuzz.bpmn: ") for p in exc.problems)
    else:
        assert all(p.resource_name == "fuzz.bpmn" for p in processes)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    parse_or_refuse(data)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(SOURCE) - 1), st.integers(1, 60), st.binary(max_size=20))
def test_damaged_modeler_file(start: int, length: int, replacement: bytes) -> None:
    parse_or_refuse(SOURCE[:start] + replacement + SOURCE[start + length :])


def test_public_names() -> None:
    assert {"parse_bpmn", "BpmnInvalid", "Process", "Element", "SequenceFlow"} <= set(engine.model.__all__)
