"""JSON text for stored rows and records: compact, key order kept, Decimal written as a number.

Encoding is on the hot path of every commit (each changed entity and each record is written as
JSON), so it goes through ``orjson``, which also serialises the slotted entity dataclasses
directly. Values ``orjson`` refuses (integers beyond 64 bits, which FEEL arithmetic can produce)
fall back to the standard library encoder, which writes them exactly.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson


def _default(value: object) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot store a value of type {type(value).__name__} as JSON")


def _plain_default(value: object) -> Any:
    """The standard library encoder does not know dataclasses: write their fields by name."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return _default(value)


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_plain_default)
_OPTIONS = orjson.OPT_NON_STR_KEYS


def _by_orjson(value: object) -> str | None:
    """The JSON text of ``value`` by ``orjson``, or None if it refuses (integers beyond 64 bits).

    Without OPT_NON_STR_KEYS first: the option slows every dict down by a third, and keys are
    strings but in rare values (with the option they are written as strings, as the standard
    library does).
    """
    try:
        return orjson.dumps(value, default=_default).decode()
    except orjson.JSONEncodeError:
        pass
    try:
        return orjson.dumps(value, default=_default, option=_OPTIONS).decode()
    except orjson.JSONEncodeError:
        return None


def dumps(value: object) -> str:
    """JSON text of ``value`` (a plain JSON-like value or an entity dataclass)."""
    text = _by_orjson(value)
    return text if text is not None else _ENCODER.encode(value)


def dumps_marked(value: dict[str, Any]) -> str:
    """Like :func:`dumps`, for an object that must read back exactly with :func:`loads_marked`.

    ``orjson`` reads integers beyond 64 bits as floats; a text that holds such integers (written
    by the standard library encoder) gets an ``"exact"`` member saying it must be read by the
    standard library too.
    """
    text = _by_orjson(value)
    return text if text is not None else _ENCODER.encode({"exact": True, **value})


def loads_marked(text: str | bytes) -> Any:
    """Read a JSON object exactly: with the standard library if it has ``"exact": true`` (its
    writer saw integers beyond 64 bits, see :func:`dumps_marked`), else with ``orjson``."""
    doc = orjson.loads(text)
    if isinstance(doc, dict) and doc.get("exact") is True:
        return json.loads(text)
    return doc


def loads(text: str | bytes) -> Any:
    return orjson.loads(text)
