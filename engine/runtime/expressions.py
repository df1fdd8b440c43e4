"""How the runtime evaluates attribute values: ``=…`` is FEEL (via ``engine.feel``), the rest is static.

FEEL semantic problems are values (null plus warnings), so callers decide what counts as a
failure; the helpers here raise :class:`ExpressionFailure` with Zeebe-like text when a value of the
wanted type cannot be had. Values handed back are JSON-compatible (FEEL temporals come back as
ISO strings) unless ``native=True``.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from datetime import datetime
from decimal import Decimal
from typing import Any

NOW: ContextVar[datetime | None] = ContextVar("engine_now", default=None)
"""The engine clock's instant for FEEL ``now()``, set by the processor for each command."""


class ExpressionFailure(Exception):
    """An expression could not give a usable value; the message becomes the incident text."""


def is_expression(text: str | None) -> bool:
    return text is not None and text.lstrip().startswith("=")


def plain(value: Any) -> Any:
    """Python/FEEL value → JSON-compatible value (Decimal → int or float, temporals → ISO text)."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    from engine.feel.zeebe import to_json

    return to_json(value)


def evaluate(text: str, context: Mapping[str, Any], *, native: bool = False) -> Any:
    """Value of an attribute: static text as is, ``=expr`` evaluated against ``context``.

    Raises:
        ExpressionFailure: the expression does not parse, or evaluates to null with warnings.
    """
    stripped = text.strip()
    if not stripped.startswith("="):
        return text
    from engine.feel import evaluate_with_warnings

    try:
        result = evaluate_with_warnings(stripped[1:].strip(), context, now=NOW.get())
    except Exception as exc:  # a syntax error or an evaluation limit: both end as an incident
        raise ExpressionFailure(f"failed to evaluate expression '{stripped[1:].strip()}': {exc}") from exc
    if result.value is None and result.warnings:
        details = "; ".join(str(getattr(w, "message", w)) for w in result.warnings)
        raise ExpressionFailure(f"failed to evaluate expression '{stripped[1:].strip()}': {details}")
    return result.value if native else plain(result.value)


def evaluate_nullable(text: str, context: Mapping[str, Any]) -> Any:
    """Like :func:`evaluate`, but null (e.g. a missing variable) is a value, not a failure."""
    stripped = text.strip()
    if not stripped.startswith("="):
        return text
    from engine.feel import evaluate_with_warnings

    try:
        return plain(evaluate_with_warnings(stripped[1:].strip(), context, now=NOW.get()).value)
    except Exception as exc:
        raise ExpressionFailure(f"failed to evaluate expression '{stripped[1:].strip()}': {exc}") from exc


def evaluate_mapping(text: str, context: Mapping[str, Any]) -> Any:
    """A variable mapping's source: null for a missing path, a failure for a missing variable."""
    stripped = text.strip()
    if not stripped.startswith("="):
        return text
    from engine.feel import evaluate_with_warnings

    try:
        result = evaluate_with_warnings(stripped[1:].strip(), context, now=NOW.get())
    except Exception as exc:
        raise ExpressionFailure(f"failed to evaluate expression '{stripped[1:].strip()}': {exc}") from exc
    if result.value is None:
        missing = [w for w in result.warnings if getattr(w, "kind", "") == "NO_VARIABLE_FOUND"]
        if missing:
            raise ExpressionFailure(
                f"failed to evaluate expression '{stripped[1:].strip()}': {missing[0].message}"
            )
    return plain(result.value)


def evaluate_string(text: str, context: Mapping[str, Any], what: str) -> str:
    value = evaluate(text, context)
    if not isinstance(value, str):
        raise ExpressionFailure(
            f"Expected result of the expression '{text}' to be 'STRING', but was '{_type(value)}'."
        )
    return value


def evaluate_int(text: str, context: Mapping[str, Any], what: str) -> int:
    value = evaluate(text, context)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    raise ExpressionFailure(
        f"Expected result of the expression '{text}' to be 'NUMBER', but was '{_type(value)}'."
    )


def evaluate_bool(text: str, context: Mapping[str, Any]) -> bool:
    value = evaluate_nullable(text, context)
    if not isinstance(value, bool):
        raise ExpressionFailure(
            f"Expected result of the expression '{text}' to be 'BOOLEAN', but was '{_type(value)}'."
        )
    return value


def evaluate_strings(text: str, context: Mapping[str, Any]) -> list[str]:
    """A list of strings: static ``"a, b"`` is split on commas; an expression must give a list of strings."""
    if not is_expression(text):
        return [part.strip() for part in text.split(",") if part.strip()]
    value = evaluate(text, context)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ExpressionFailure(
        f"Expected result of the expression '{text}' to be 'ARRAY' of strings, but was '{_type(value)}'."
    )


def _type(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int | float | Decimal):
        return "NUMBER"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, list):
        return "ARRAY"
    if isinstance(value, dict):
        return "OBJECT"
    return type(value).__name__.upper()
