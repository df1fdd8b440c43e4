"""String built-ins: substring, case, search, regex functions, join, split, trim, base64."""

from __future__ import annotations

import base64
import uuid as _uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.feel.interpreter import Interpreter

from engine.feel.arithmetic import MAX_STRING
from engine.feel.builtins import args as a
from engine.feel.builtins.regex import bounded, compile_pattern, translate_replacement
from engine.feel.builtins.registry import builtin, fail
from engine.feel.errors import WarningKind


@builtin("substring", "string", "start position", "length?")
def substring(string: Any, start: Any, length: Any = None) -> str:
    s = a.string(string)
    pos = a.position(start, "start position")
    codepoints = list(s)
    if pos == 0 or abs(pos) > len(codepoints) + (0 if pos < 0 else 1):
        raise fail("start position out of range")
    begin = pos - 1 if pos > 0 else len(codepoints) + pos
    if length is None:
        return "".join(codepoints[begin:])
    n = a.position(length, "length")
    if n < 0:
        raise fail("length must not be negative")
    return "".join(codepoints[begin : begin + n])


@builtin("string length", "string")
def string_length(string: Any) -> Decimal:
    return Decimal(len(a.string(string)))


@builtin("upper case", "string")
def upper_case(string: Any) -> str:
    return a.string(string).upper()


@builtin("lower case", "string")
def lower_case(string: Any) -> str:
    return a.string(string).lower()


@builtin("substring before", "string", "match")
def substring_before(string: Any, match: Any) -> str:
    s, m = a.string(string), a.string(match)
    i = s.find(m)
    return s[:i] if i >= 0 else ""


@builtin("substring after", "string", "match")
def substring_after(string: Any, match: Any) -> str:
    s, m = a.string(string), a.string(match)
    i = s.find(m)
    return s[i + len(m) :] if i >= 0 else ""


@builtin("contains", "string", "match")
def contains(string: Any, match: Any) -> bool:
    return a.string(match) in a.string(string)


@builtin("starts with", "string", "match")
def starts_with(string: Any, match: Any) -> bool:
    return a.string(string).startswith(a.string(match))


@builtin("ends with", "string", "match")
def ends_with(string: Any, match: Any) -> bool:
    return a.string(string).endswith(a.string(match))


@builtin("matches", "input", "pattern", "flags?")
def matches(input: Any, pattern: Any, flags: Any = None) -> bool:
    regex = compile_pattern(a.string(pattern), a.string(flags) if flags is not None else "")
    text = a.string(input)
    return bounded(lambda limit: regex.search(text, timeout=limit)) is not None


@builtin("replace", "input", "pattern", "replacement", "flags?")
def replace(input: Any, pattern: Any, replacement: Any, flags: Any = None) -> str:
    regex = compile_pattern(a.string(pattern), a.string(flags) if flags is not None else "")
    repl, text = a.string(replacement), a.string(input)
    if flags is not None and "q" in flags:
        result = bounded(lambda limit: regex.sub(lambda _m: repl, text, timeout=limit))
    else:
        template = translate_replacement(repl)
        result = bounded(lambda limit: regex.sub(template, text, timeout=limit))
    if len(result) > MAX_STRING:
        raise fail("result too long")
    return result


@builtin("split", "string", "delimiter")
def split(string: Any, delimiter: Any) -> list[Any]:
    regex, text = compile_pattern(a.string(delimiter)), a.string(string)
    parts = bounded(lambda limit: regex.split(text, timeout=limit))
    return [p for p in parts if isinstance(p, str)]


@builtin("extract", "string", "pattern")
def extract(string: Any, pattern: Any) -> list[Any]:
    regex, text = compile_pattern(a.string(pattern)), a.string(string)
    return bounded(lambda limit: [m.group(0) for m in regex.finditer(text, timeout=limit)])


@builtin("string join", "list", "delimiter?", "prefix?", "suffix?")
def string_join(items: Any, delimiter: Any = None, prefix: Any = None, suffix: Any = None) -> str:
    values = a.items(items)
    if any(v is not None and not isinstance(v, str) for v in values):
        raise fail("string join expects a list of strings")
    sep = "" if delimiter is None else a.string(delimiter, "delimiter")
    if sum(len(v) for v in values if v is not None) + len(sep) * len(values) > MAX_STRING:
        raise fail("result too long", WarningKind.LIMIT_EXCEEDED)
    body = sep.join(v for v in values if v is not None)
    return ("" if prefix is None else a.string(prefix)) + body + ("" if suffix is None else a.string(suffix))


@builtin("trim", "string")
def trim(string: Any) -> str:
    return a.string(string).strip()


@builtin("is blank", "string")
def is_blank(string: Any) -> bool:
    return a.string(string).strip() == ""


@builtin("to base64", "value")
def to_base64(value: Any) -> str:
    return base64.b64encode(a.string(value).encode("utf-8")).decode("ascii")


@builtin("from base64", "value")
def from_base64(value: Any) -> str:
    try:
        return base64.b64decode(a.string(value), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise fail("not valid base64 text") from exc


@builtin("uuid", state=True)
def uuid(interp: Interpreter) -> str | None:
    rng = interp.state.random
    if rng is None:
        interp.warn(WarningKind.NO_CLOCK, "uuid() needs an injected random source")
        return None
    return str(_uuid.UUID(int=rng.getrandbits(128), version=4))
