"""Data-driven FEEL cases (tests/engine/feel/cases/*.yaml), written from feel-scala's documented behaviour.

Each case has ``expr`` (or ``unary`` with ``input``/``input_feel``), optional ``context``,
``now`` (ISO date-time for the injected clock), ``seed`` (random source), and either ``result``
(compared after Zeebe JSON conversion), ``error: syntax``, plus optional ``type`` (FEEL type
name of the result) and ``warnings`` (kinds that must be reported).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.feel import (
    FeelSyntaxError,
    evaluate,
    evaluate_unary_tests_with_warnings,
    evaluate_with_warnings,
    parse,
    parse_unary_tests,
)
from engine.feel.compare import kind_of
from engine.feel.zeebe import to_json

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for n, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            label = case.get("expr", case.get("unary"))
            params.append(pytest.param(case, id=f"{path.stem}-{n}-{label}"[:90]))
    return params


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    if isinstance(expected, int | float) and isinstance(actual, int | float) and not isinstance(actual, bool):
        return abs(Decimal(repr(expected)) - Decimal(repr(actual))) <= Decimal("1e-12")
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(map(_same, expected, actual))
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and actual.keys() == expected.keys()
            and all(_same(expected[k], actual[k]) for k in expected)
        )
    return type(expected) is type(actual) and expected == actual


def _run(case: dict[str, Any]) -> tuple[Any, list[str], str]:
    now = dt.datetime.fromisoformat(case["now"]) if "now" in case else None
    if "unary" in case:
        value = evaluate(case["input_feel"]) if "input_feel" in case else case.get("input")
        res = evaluate_unary_tests_with_warnings(case["unary"], value, case.get("context") or {}, now=now)
        return res.value, [w.kind for w in res.warnings], repr(parse_unary_tests(case["unary"]))
    rng = random.Random(case["seed"]) if "seed" in case else None
    res = evaluate_with_warnings(case["expr"], case.get("context") or {}, now=now, rng=rng)
    return res.value, [w.kind for w in res.warnings], repr(parse(case["expr"]))


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any]) -> None:
    source = case.get("expr", case.get("unary"))
    if case.get("error") == "syntax":
        with pytest.raises(FeelSyntaxError):
            parse(source) if "expr" in case else parse_unary_tests(source)
        return
    actual, warnings, tree = _run(case)
    shown = to_json(actual)
    detail = f"\n  expression: {source}\n  expected:   {case['result']!r}\n  actual:     {shown!r}\n  warnings:   {warnings}\n  ast:        {tree}"
    if "unary" in case:
        assert (actual is True) is case["result"], detail
    else:
        assert _same(case["result"], shown), detail
    if "type" in case:
        assert kind_of(actual) == case["type"], detail
    for kind in case.get("warnings", []):
        assert kind in warnings, detail
    if "warnings" not in case and case.get("result") is not None and "unary" not in case:
        assert not warnings, detail
