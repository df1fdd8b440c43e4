"""Exact conversions at the edges: yuan text to integer fen, percent text to basis points.

Amounts arrive from spreadsheets as text such as ``50000``, ``50,000.00`` or ``1234.5``. They are
parsed with :class:`~decimal.Decimal`, never float, and refused when they carry more precision
than the unit can hold.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_YUAN = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$", re.ASCII)
_PERCENT = re.compile(r"^\d+(?:\.\d+)?%?$", re.ASCII)


class AmountError(ValueError):
    """Text that is not an amount in the expected form; the message says why."""


def yuan_to_fen(text: str) -> int:
    """Convert a positive yuan amount with at most two decimals to integer fen.

    Raises:
        AmountError: for anything else (negative, zero, three decimals, letters, exponents).
    """
    raw = text.strip()
    if not _YUAN.match(raw):
        raise AmountError(f"{text!r} is not an amount in yuan with at most 2 decimals (e.g. 50000.00)")
    fen = Decimal(raw.replace(",", "")) * 100
    if fen <= 0:
        raise AmountError(f"{text!r} must be more than zero")
    return int(fen)


def fen_to_yuan(fen: int) -> str:
    """Format integer fen as yuan with two decimals, e.g. ``5000000 -> '50000.00'``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def percent_to_bp(text: str) -> int:
    """Convert an annual rate in percent (``4.35`` or ``4.35%``) to basis points (435).

    Raises:
        AmountError: when the text is not a percentage, is finer than 0.01 %, or not in (0, 100).
    """
    raw = text.strip()
    if not _PERCENT.match(raw):
        raise AmountError(f"{text!r} is not an annual rate in percent (e.g. 4.35)")
    try:
        bp = Decimal(raw.rstrip("%")) * 100
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise AmountError(f"{text!r} is not a number") from exc
    if bp != bp.to_integral_value():
        raise AmountError(f"{text!r} is finer than 0.01 percentage point")
    if not 0 < bp < 10_000:
        raise AmountError(f"{text!r} must be above 0 and below 100 percent")
    return int(bp)
