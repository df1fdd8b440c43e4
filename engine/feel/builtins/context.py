"""Context built-ins: get value, get entries, context put, context merge, context."""

from __future__ import annotations

from typing import Any

from engine.feel.builtins import args as a
from engine.feel.builtins.registry import builtin, fail


@builtin("get value", "m", "key")
def get_value(m: Any, key: Any) -> Any:
    current: Any = a.context(m, "m")
    keys = key if isinstance(key, list) else [key]
    for k in keys:
        if not isinstance(current, dict) or not isinstance(k, str):
            return None
        current = current.get(k)
    return current


@builtin("get value", "context", "key")
def get_value_of_context(context: Any, key: Any) -> Any:
    return get_value(context, key)


@builtin("get entries", "m")
def get_entries(m: Any) -> list[Any]:
    return [{"key": k, "value": v} for k, v in a.context(m, "m").items()]


@builtin("get entries", "context")
def get_entries_of_context(context: Any) -> list[Any]:
    return get_entries(context)


def _put(ctx: dict[str, Any], keys: list[Any], value: Any) -> dict[str, Any]:
    head = keys[0]
    if not isinstance(head, str):
        raise fail("keys must be strings")
    out = dict(ctx)
    if len(keys) == 1:
        out[head] = value
        return out
    inner = out.get(head)
    out[head] = _put(inner if isinstance(inner, dict) else {}, keys[1:], value)
    return out


@builtin("context put", "context", "key", "value", nulls=True)
def context_put(context: Any, key: Any, value: Any) -> dict[str, Any]:
    keys = key if isinstance(key, list) else [key]
    if not keys:
        raise fail("keys must not be empty")
    return _put(a.context(context, "context"), keys, value)


@builtin("context put", "context", "keys", "value", nulls=True)
def context_put_keys(context: Any, keys: Any, value: Any) -> dict[str, Any]:
    return context_put(context, keys, value)


@builtin("context merge", "contexts")
def context_merge(contexts: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in a.items(contexts, "contexts"):
        out.update(a.context(c, "context"))
    return out


@builtin("context", "entries")
def context(entries: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in a.items(entries, "entries"):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or "value" not in entry:
            raise fail("each entry must be a context with a string 'key' and a 'value'")
        out[entry["key"]] = entry["value"]
    return out


@builtin("put", "context", "key", "value", nulls=True)
def put(context: Any, key: Any, value: Any) -> dict[str, Any]:
    """The older name of ``context put``."""
    return context_put(context, key, value)


@builtin("put all", "*contexts")
def put_all(*contexts: Any) -> dict[str, Any]:
    """The older, variadic form of ``context merge``."""
    return context_merge(
        list(contexts[0]) if len(contexts) == 1 and isinstance(contexts[0], list) else list(contexts)
    )
