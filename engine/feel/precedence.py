"""FEEL operator binding powers (loosest first) for the Pratt parser."""

from __future__ import annotations

LBP = {
    "or": 10, "and": 20,
    "=": 30, "!=": 30, "<": 30, "<=": 30, ">": 30, ">=": 30, "between": 30, "in": 30, "instance": 30,
    "+": 40, "-": 40, "*": 50, "/": 50, "**": 60,
    ".": 80, "[": 80, "(": 80,
}  # fmt: skip
PREFIX_BP = 70
"""Unary minus binds tighter than ``**`` (``-5 ** 2`` is 25, as in feel-scala)."""
COMPARISON_BP = 30
UT_OPS = ("<", "<=", ">", ">=", "=", "!=")
