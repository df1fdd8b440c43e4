"""``instance of``: does a value conform to a FEEL type?"""

from __future__ import annotations

from typing import Any

from engine.feel.ast import TypeRef
from engine.feel.compare import kind_of
from engine.feel.values.functions import FeelFunction

_ALIASES = {
    "dateTime": "date and time",
    "dayTimeDuration": "days and time duration",
    "yearMonthDuration": "years and months duration",
    "Number": "number", "String": "string", "Boolean": "boolean",
}  # fmt: skip
KNOWN_TYPES = frozenset(
    {
        "Any", "Null", "number", "string", "boolean", "date", "time", "date and time",
        "days and time duration", "years and months duration", "list", "context", "range",
        "function", "duration",
    }
)  # fmt: skip


def conforms(value: Any, typ: TypeRef) -> bool | None:
    """True/False; None for an unknown type name."""
    name = _ALIASES.get(typ.name, typ.name)
    if name == "Any":
        return value is not None
    if name == "Null":
        return value is None
    if value is None:
        return False
    kind = kind_of(value)
    if name == "duration":
        return kind in ("days and time duration", "years and months duration")
    if name not in KNOWN_TYPES:
        return None
    if kind != name:
        return False
    if name == "list" and typ.args:
        return _all_conform(value, typ.args[0])
    if name == "context" and typ.fields:
        return all(k in value and conforms(value[k], t) is True for k, t in typ.fields)
    if name == "range" and typ.args:
        return all(b is None or conforms(b, typ.args[0]) is True for b in (value.start, value.end))
    if name == "function" and typ.args and isinstance(value, FeelFunction):
        return _function_conforms(value, typ)
    return True


def _all_conform(items: list[Any], typ: TypeRef) -> bool:
    return all(x is None or conforms(x, typ) is True for x in items)


def _function_conforms(fn: FeelFunction, typ: TypeRef) -> bool:
    params = typ.args[:-1]
    if fn.native is not None:
        return fn.min_args <= len(params) <= len(fn.params) or fn.variadic
    if len(params) != len(fn.params):
        return False
    for declared, wanted in zip(fn.param_types, params, strict=False):
        if declared is not None and declared.name != "Any" and wanted.name != declared.name:
            return False
    return True
