"""Public API of engine.feel: exports, syntax errors with carets, caching, warnings, limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import engine.feel as feel
from engine.feel import FeelSyntaxError, WarningKind, evaluate, evaluate_unary_tests, evaluate_with_warnings
from engine.feel.builtins import builtin_names

CASES = (pytest.importorskip("pathlib").Path(__file__).parent / "cases").glob("*.yaml")


def test_exported_names() -> None:
    assert set(feel.__all__) == {
        "Clock", "EvalResult", "Expr", "FeelFunction", "FeelSyntaxError", "FeelWarning", "Range", "UnaryTests",
        "WarningKind", "YearsMonthsDuration", "evaluate", "evaluate_unary_tests",
        "evaluate_unary_tests_with_warnings", "evaluate_with_warnings", "parse", "parse_unary_tests",
    }  # fmt: skip


def test_syntax_error_has_position_and_caret_line() -> None:
    with pytest.raises(FeelSyntaxError) as info:
        feel.parse("amount > ")
    err = info.value
    assert err.expression == "amount > "
    assert err.column == err.position + 1 == 10
    lines = str(err).splitlines()
    assert lines[1].strip() == "amount >"
    assert lines[2].index("^") == lines[1].index("amount") + 9


def test_syntax_error_on_second_line_reports_line_and_column() -> None:
    with pytest.raises(FeelSyntaxError) as info:
        feel.parse("1 +\n  * 2")
    assert info.value.line == 2 and info.value.column == 3


def test_parse_is_cached_by_source_text() -> None:
    assert feel.parse("a + 1") is feel.parse("a + 1")
    assert feel.parse_unary_tests("< 5") is feel.parse_unary_tests("< 5")


def test_missing_variable_is_null_with_warning_and_a_suggestion() -> None:
    result = evaluate_with_warnings("amount > 1000", {"amout": 5})
    assert result.value is None
    assert [w.kind for w in result.warnings] == [WarningKind.NO_VARIABLE_FOUND]
    assert "'amount'" in result.warnings[0].message
    assert "did you mean 'amout'" in result.warnings[0].message


def test_python_values_cross_the_boundary() -> None:
    assert evaluate("a + b", {"a": 1, "b": 0.5}) == Decimal("1.5")
    assert evaluate("x.y[2]", {"x": {"y": (10, 20)}}) == Decimal(20)
    assert evaluate('d + duration("P1D")', {"d": dt.date(2026, 1, 31)}) == dt.date(2026, 2, 1)


def test_now_accepts_a_callable_clock() -> None:
    instant = dt.datetime(2026, 9, 25, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert evaluate("now()", {}, now=lambda: instant) == instant
    assert evaluate("today()", {}, now=instant) == dt.date(2026, 9, 25)


def test_unary_tests_with_context_and_input() -> None:
    assert evaluate_unary_tests("< limit", 3, {"limit": 5}) is True
    assert evaluate_unary_tests('"a","b"', "c", {}) is False


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(FeelSyntaxError, match="nested"):
        feel.parse("(" * 5000 + "1" + ")" * 5000)
    with pytest.raises(FeelSyntaxError, match="nested"):
        feel.parse("-" * 5000 + "1")


def test_huge_source_is_rejected() -> None:
    with pytest.raises(FeelSyntaxError):
        feel.parse("1 + " * 50_000 + "1")


def test_long_flat_expression_evaluates_and_a_huge_one_is_bounded() -> None:
    assert evaluate("1" + " + 1" * 300, {}) == Decimal(301)
    result = evaluate_with_warnings("1" + " + 1" * 5000, {})
    assert result.value is None
    assert result.warnings[-1].kind == WarningKind.LIMIT_EXCEEDED


def test_every_builtin_has_a_case() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in CASES)
    missing = [name for name in builtin_names() if f"{name}(" not in text]
    assert not missing, f"built-ins without a YAML case: {missing}"
