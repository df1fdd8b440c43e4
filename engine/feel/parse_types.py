"""Parsing FEEL type names (``instance of`` and typed parameters): ``list<number>``,
``context<a: number>``, ``function<number>->string``, multi-word names like ``date and time``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.feel import ast
from engine.feel.lexer import Kind, describe

if TYPE_CHECKING:
    from engine.feel.parser import Parser

_STOP_WORDS = ("and", "or", "then", "else", "return", "satisfies", "in", "between", "instance")


def parse_type(p: Parser) -> ast.TypeRef:
    tok = p.advance()
    if tok.kind is not Kind.NAME:
        raise p.error(f"expected a type name but found {describe(tok)}", tok)
    words = [tok.text]
    while p.peek.kind is Kind.NAME and p.peek.text not in _STOP_WORDS:
        words.append(p.advance().text)
    while p.at_word("and") and p.peek_at(1).kind is Kind.NAME and words[0] in ("date", "days", "years"):
        words.append(p.advance().text)
        words.append(p.advance().text)
        while p.peek.kind is Kind.NAME and p.peek.text == "duration":
            words.append(p.advance().text)
    name = " ".join(words)
    if name == "function" and p.at_op("<"):
        return _function_type(p)
    if p.at_op("<") and name in ("list", "range", "context"):
        return _generic_type(p, name)
    return ast.TypeRef(name)


def _generic_type(p: Parser, name: str) -> ast.TypeRef:
    p.expect_op("<")
    if name == "context":
        entries: list[tuple[str, ast.TypeRef]] = []
        while not p.at_op(">"):
            key = p.binding_name()
            p.expect_op(":")
            entries.append((key, parse_type(p)))
            if not p.at_op(","):
                break
            p.advance()
        p.expect_op(">")
        return ast.TypeRef(name, fields=tuple(entries))
    inner = parse_type(p)
    p.expect_op(">")
    return ast.TypeRef(name, (inner,))


def _function_type(p: Parser) -> ast.TypeRef:
    p.expect_op("<")
    params: list[ast.TypeRef] = []
    while not p.at_op(">"):
        params.append(parse_type(p))
        if not p.at_op(","):
            break
        p.advance()
    p.expect_op(">")
    p.expect_op("->")
    return ast.TypeRef("function", (*params, parse_type(p)))
