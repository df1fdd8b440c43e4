"""JSON variables documents on the wire: parse them as Zeebe does and write them back."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from engine.api import Variables
from engine.errors import InvalidArgument

# Zeebe names the root type of a rejected document with its MessagePack type names.
_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "BOOLEAN"),
    (int, "INTEGER"),
    (float, "FLOAT"),
    (str, "STRING"),
    (list, "ARRAY"),
)


def _type_name(value: Any) -> str:
    if value is None:
        return "NIL"
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), type(value).__name__.upper())


def _reject_constant(name: str) -> Any:
    raise ValueError(f"'{name}' is not a JSON value")


def parse_variables(text: str, *, intent: str, prop: str = "variables") -> Variables | None:
    """Parse a variables document; empty text and ``null`` mean "no variables".

    Args:
        text: the JSON text from the request.
        intent: the command intent named in a rejection (``COMPLETE``, ``CREATE``…).
        prop: the request property named in a rejection.

    Returns:
        The document as a dict, or None when the request carries none.

    Raises:
        InvalidArgument: the text is not JSON or its root is not an object.
    """
    if not text.strip():
        return None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise InvalidArgument(
            intent=intent,
            reason=f"Property '{prop}' is invalid: Expected document to be valid JSON, but {exc}",
        ) from exc
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidArgument(
            intent=intent,
            reason=f"Property '{prop}' is invalid: Expected document to be a root level object, "
            f"but was '{_type_name(value)}'",
        )
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dump_json(value: Any) -> str:
    """Compact JSON text for a response field; engine numbers may be Decimal."""
    return json.dumps(value, default=_encode, ensure_ascii=False, separators=(",", ":"))


def to_jsonable(value: Any) -> Any:
    """The same value with only JSON-native types (for REST bodies)."""
    return json.loads(dump_json(value))
