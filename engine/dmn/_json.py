"""FEEL values as the compact JSON text Zeebe puts in decision evaluation records."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from engine.feel.zeebe import to_json


def json_text(value: Any) -> str:
    """``value`` (a FEEL value) as compact JSON, e.g. ``{"grade":"RED"}``."""
    return json.dumps(to_json(value), separators=(",", ":"), ensure_ascii=False, default=_number)


def _number(value: object) -> object:
    # to_json leaves non-integral numbers as Decimal; JSON has one number type.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
