"""XPath (XML Schema) regular expressions and flags, translated to Python ``re``."""

from __future__ import annotations

import re
from functools import lru_cache

from engine.feel.builtins.registry import fail

_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}
MAX_PATTERN = 10_000


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
    source = re.escape(pattern) if "q" in flags else _translate(pattern)
    try:
        return re.compile(source, bits)
    except re.error as exc:
        raise fail(f"invalid regular expression '{pattern}': {exc}") from exc


def _translate(pattern: str) -> str:
    # XPath character-class subtraction and \p{..} blocks are rare; the common syntax is shared.
    out = pattern.replace("\\p{L}", "[^\\W\\d_]").replace("\\p{Lu}", "[A-Z\u00c0-\u00de]")
    out = out.replace("\\p{Ll}", "[a-z\u00df-\u00ff]").replace("\\p{N}", "\\d")
    return out


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
