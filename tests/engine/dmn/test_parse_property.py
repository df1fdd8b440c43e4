"""Whatever bytes arrive, parse_dmn gives a graph or DmnInvalid: nothing else escapes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.dmn import DecisionRequirementsGraph, DmnInvalid, parse_dmn

from .conftest import fixture_bytes

SOURCE = fixture_bytes("loan-approval-drg.dmn")


def parses_or_is_rejected(xml: bytes) -> None:
    try:
        drg = parse_dmn(xml, "fuzz.dmn")
    except DmnInvalid as error:
        assert error.problems
        assert all(problem.startswith("'fuzz.dmn'") for problem in error.problems)
    else:
        assert isinstance(drg, DecisionRequirementsGraph)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes(xml: bytes) -> None:
    parses_or_is_rejected(xml)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.integers(min_value=0, max_value=len(SOURCE)),
    length=st.integers(min_value=0, max_value=40),
    replacement=st.text(alphabet='<>/="#&;-[]().,?ab 01\n', max_size=20),
)
def test_mutated_modeler_file(start: int, length: int, replacement: str) -> None:
    parses_or_is_rejected(SOURCE[:start] + replacement.encode() + SOURCE[start + length :])
