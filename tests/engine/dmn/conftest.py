"""Helpers for the DMN tests: fixture files as Camunda Modeler writes them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from engine.dmn import DecisionRequirementsGraph, parse_dmn

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "dmn"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def load_drg() -> Callable[[str], DecisionRequirementsGraph]:
    """Parse a fixture file by name."""

    def load(name: str) -> DecisionRequirementsGraph:
        return parse_dmn(fixture_bytes(name), name)

    return load
