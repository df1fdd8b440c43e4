"""XPath (XML Schema) regular expressions and flags, on the ``regex`` module.

``regex`` rather than ``re``: it knows Unicode classes like ``\\p{Lu}`` as XPath does, and every
match takes a timeout, so a catastrophically backtracking pattern from an expression cannot hang
the engine (it fails the call with LIMIT_EXCEEDED instead).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import regex as re

from engine.feel.builtins.registry import fail
from engine.feel.errors import WarningKind

_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}
MAX_PATTERN = 10_000
MATCH_TIMEOUT_S = 1.0
T = TypeVar("T")


def bounded(run: Callable[[float], T]) -> T:
    """Run a regex operation with the match timeout; a timeout becomes an invocation failure."""
    try:
        return run(MATCH_TIMEOUT_S)
    except TimeoutError as exc:
        raise fail("regular expression took too long", WarningKind.LIMIT_EXCEEDED) from exc


@lru_cache(maxsize=256)
def compile_pattern(pattern: str, flags: str = "") -> re.Pattern[str]:
    """Compile an XPath regex; ``q`` treats the pattern literally. Raises an invocation failure."""
    if len(pattern) > MAX_PATTERN:
        raise fail("pattern too long")
    bits = 0
    for ch in flags:
        if ch == "q":
            continue
        if ch not in _FLAGS:
            raise fail(f"invalid regular expression flag '{ch}'")
        bits |= _FLAGS[ch]
    source = re.escape(pattern) if "q" in flags else pattern
    try:
        return re.compile(source, bits)
    except re.error as exc:
        raise fail(f"invalid regular expression '{pattern}': {exc}") from exc


def translate_replacement(replacement: str) -> str:
    """XPath ``$1`` group references → Python ``\\g<1>``; ``\\$`` and ``\\\\`` are literal."""
    out: list[str] = []
    i = 0
    while i < len(replacement):
        ch = replacement[i]
        if ch == "\\" and i + 1 < len(replacement) and replacement[i + 1] in "\\$":
            out.append("\\\\" if replacement[i + 1] == "\\" else "$")
            i += 2
        elif ch == "$" and i + 1 < len(replacement) and replacement[i + 1].isdigit():
            j = i + 1
            while j < len(replacement) and replacement[j].isdigit():
                j += 1
            out.append(f"\\g<{replacement[i + 1 : j]}>")
            i = j
        elif ch == "$" or ch == "\\":
            raise fail("invalid replacement string")
        else:
            out.append(ch)
            i += 1
    return "".join(out)
