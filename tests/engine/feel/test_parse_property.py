"""Property: parsing any text either succeeds or raises FeelSyntaxError, nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.feel import FeelSyntaxError, evaluate_with_warnings
from engine.feel.parser import parse_expression, parse_unary_tests_text

_FEELISH = st.lists(
    st.sampled_from(
        [
            "1",
            "x",
            " ",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            ".",
            "..",
            "+",
            "-",
            "*",
            "**",
            "/",
            "=",
            "<",
            ">=",
            "!=",
            '"s"',
            "@",
            "?",
            "if",
            "then",
            "else",
            "for",
            "in",
            "return",
            "some",
            "every",
            "satisfies",
            "and",
            "or",
            "not",
            "between",
            "instance",
            "of",
            "function",
            "date and time",
            "null",
            "true",
            "item",
            "`a b`",
            "//",
            "/*",
            "*/",
            "\\",
            "'",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), _FEELISH))
def test_parse_succeeds_or_raises_syntax_error(text: str) -> None:
    for parse in (parse_expression, parse_unary_tests_text):
        try:
            parse(text)
        except FeelSyntaxError as exc:
            assert exc.expression == text
            assert exc.column >= 1


@settings(max_examples=150, deadline=None)
@given(_FEELISH)
def test_evaluation_never_raises_beyond_syntax_errors(text: str) -> None:
    try:
        expr = parse_expression(text)
    except FeelSyntaxError:
        return
    evaluate_with_warnings(expr, {"x": 1, "item": [1, 2]})
