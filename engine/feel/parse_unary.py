"""Parsing unary tests (DMN input entries and the right-hand side of ``in``).

``-`` matches anything; ``< e``, ``<= e``, ``> e``, ``>= e``, ``= e``, ``!= e`` compare with the
input; an interval tests containment; any other expression is compared with the input (or is a
boolean test when it uses ``?``); ``not(...)`` negates a comma-separated disjunction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.feel import ast
from engine.feel.errors import FeelSyntaxError
from engine.feel.lexer import Kind
from engine.feel.precedence import COMPARISON_BP, UT_OPS

if TYPE_CHECKING:
    from engine.feel.parser import Parser


def unary_tests(p: Parser) -> ast.UnaryTests:
    start = p.peek
    if p.at_op("-") and p.peek_at(1).kind is Kind.EOF:
        p.advance()
        return ast.UnaryTests((ast.UTAny(pos=start.pos),), pos=start.pos)
    if p.at_word("not") and p.peek_at(1).kind is Kind.OP and p.peek_at(1).text == "(":
        saved = p.i
        p.i += 2
        try:
            tests = positive_tests(p, top_level=True)
            p.expect_op(")")
            p.expect_end()
            return ast.UnaryTests(tests, negated=True, pos=start.pos)
        except FeelSyntaxError:
            p.i = saved
    tests = positive_tests(p, top_level=True)
    p.expect_end()
    return ast.UnaryTests(tests, pos=start.pos)


def positive_tests(p: Parser, *, top_level: bool) -> tuple[ast.Expr, ...]:
    tests = [positive_test(p, top_level=top_level)]
    while p.at_op(","):
        p.advance()
        tests.append(positive_test(p, top_level=top_level))
    return tuple(tests)


def positive_test(p: Parser, *, top_level: bool) -> ast.Expr:
    tok = p.peek
    rbp = 0 if top_level else COMPARISON_BP
    if tok.kind is Kind.OP and tok.text in UT_OPS:
        p.advance()
        return ast.UTCompare(tok.text, p.expression(COMPARISON_BP), pos=tok.pos)
    if tok.kind is Kind.OP and tok.text == "-" and p.peek_at(1).kind is Kind.EOF and top_level:
        p.advance()
        return ast.UTAny(pos=tok.pos)
    expr = p.expression(rbp)
    if isinstance(expr, ast.RangeExpr):
        return ast.UTInterval(expr, pos=tok.pos)
    return ast.UTExpr(expr, _uses_input(expr), pos=tok.pos)


def in_tests(p: Parser) -> ast.UnaryTests:
    tok = p.peek
    if p.at_op("("):
        saved = p.i
        p.advance()
        try:
            tests = positive_tests(p, top_level=False)
            p.expect_op(")")
            if len(tests) > 1 or not isinstance(tests[0], ast.UTExpr):
                return ast.UnaryTests(tests, pos=tok.pos)
        except FeelSyntaxError:
            pass
        p.i = saved
    return ast.UnaryTests((positive_test(p, top_level=False),), pos=tok.pos)


def _uses_input(node: ast.Expr) -> bool:
    return any(isinstance(n, ast.Name) and n.name == "?" for n in ast.walk(node))
