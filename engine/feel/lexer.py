"""FEEL tokenizer.

Names are single words here; the parser joins adjacent words into names with spaces
(``string length``) because only the parser knows where a name may continue.
Comments (``//`` and ``/* */``) are skipped like whitespace.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from engine.feel.errors import FeelSyntaxError


class Kind(Enum):
    """Token kinds."""

    NUMBER = "number"
    STRING = "string"
    NAME = "name"
    BACKTICK = "backtick name"
    AT = "@"
    OP = "operator"
    EOF = "end of input"


KEYWORDS = frozenset(
    {
        "and", "or", "if", "then", "else", "for", "in", "return", "some", "every", "satisfies",
        "between", "instance", "function", "true", "false", "null", "external",
    }
)  # fmt: skip

_OPERATORS = (
    "**",
    "!=",
    "<=",
    ">=",
    "..",
    "->",
    "+",
    "-",
    "*",
    "/",
    "=",
    "<",
    ">",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    ":",
    "@",
)
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t", "'": "'", "b": "\b", "f": "\f"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token; ``value`` is the decoded string/number for literals, else the text."""

    kind: Kind
    text: str
    pos: int
    end: int
    value: object = None

    @property
    def is_keyword(self) -> bool:
        return self.kind is Kind.NAME and self.text in KEYWORDS


_DIGITS = "0123456789"


def _digit(ch: str) -> bool:
    return ch in _DIGITS and ch != ""


def _name_start(ch: str) -> bool:
    return ch.isalpha() or ch in "_?$" or (ord(ch) > 127 and not ch.isspace() and ch.isprintable())


def _name_part(ch: str) -> bool:
    return ch.isalnum() or ch in "_$'" or (ord(ch) > 127 and not ch.isspace() and ch.isprintable())


class Lexer:
    """Turns source text into a list of tokens ending with an EOF token."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0

    def error(self, message: str, pos: int | None = None) -> FeelSyntaxError:
        return FeelSyntaxError(expression=self.src, position=self.i if pos is None else pos, message=message)

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        while True:
            self._skip_space()
            tok = self._next()
            out.append(tok)
            if tok.kind is Kind.EOF:
                return out

    def _skip_space(self) -> None:
        src, n = self.src, len(self.src)
        while self.i < n:
            ch = src[self.i]
            if ch.isspace() or ch in "\u200b\ufeff":
                self.i += 1
            elif src.startswith("//", self.i):
                end = src.find("\n", self.i)
                self.i = n if end < 0 else end + 1
            elif src.startswith("/*", self.i):
                end = src.find("*/", self.i + 2)
                if end < 0:
                    raise self.error("unterminated comment")
                self.i = end + 2
            else:
                return

    def _next(self) -> Token:
        src, i = self.src, self.i
        if i >= len(src):
            return Token(Kind.EOF, "", i, i)
        ch = src[i]
        if _digit(ch) or (ch == "." and i + 1 < len(src) and _digit(src[i + 1])):
            return self._number()
        if ch == '"':
            return self._string()
        if ch == "`":
            end = src.find("`", i + 1)
            if end < 0:
                raise self.error("unterminated backtick name")
            self.i = end + 1
            return Token(Kind.BACKTICK, src[i + 1 : end], i, end + 1, src[i + 1 : end])
        if _name_start(ch):
            j = i + 1
            while j < len(src) and _name_part(src[j]):
                j += 1
            self.i = j
            return Token(Kind.NAME, src[i:j], i, j)
        for op in _OPERATORS:
            if src.startswith(op, i):
                self.i = i + len(op)
                return Token(Kind.OP, op, i, self.i)
        raise self.error(f"unexpected character {ch!r}")

    def _number(self) -> Token:
        src, i = self.src, self.i
        j = i
        while j < len(src) and src[j] in _DIGITS:
            j += 1
        if j < len(src) - 1 and src[j] == "." and src[j + 1] in _DIGITS:
            j += 1
            while j < len(src) and src[j] in _DIGITS:
                j += 1
        if j < len(src) and src[j] in "eE":
            k = j + 1
            if k < len(src) and src[k] in "+-":
                k += 1
            if k < len(src) and src[k] in _DIGITS:
                while k < len(src) and src[k] in _DIGITS:
                    k += 1
                j = k
        self.i = j
        return Token(Kind.NUMBER, src[i:j], i, j, Decimal(src[i:j]))

    def _string(self) -> Token:
        src, start = self.src, self.i
        i = start + 1
        parts: list[str] = []
        while True:
            if i >= len(src):
                raise self.error("unterminated string literal", start)
            ch = src[i]
            if ch == '"':
                break
            if ch == "\\" and i + 1 < len(src):
                i = self._escape(i, parts)
                continue
            parts.append(ch)
            i += 1
        self.i = i + 1
        return Token(Kind.STRING, src[start : i + 1], start, i + 1, "".join(parts))

    def _escape(self, i: int, parts: list[str]) -> int:
        src = self.src
        nxt = src[i + 1]
        if nxt in _ESCAPES:
            parts.append(_ESCAPES[nxt])
            return i + 2
        if nxt == "u" and _is_hex(src[i + 2 : i + 6], 4):
            code = int(src[i + 2 : i + 6], 16)
            if 0xD800 <= code < 0xDC00 and src[i + 6 : i + 8] == "\\u" and _is_hex(src[i + 8 : i + 12], 4):
                low = int(src[i + 8 : i + 12], 16)
                if 0xDC00 <= low < 0xE000:
                    parts.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
                    return i + 12
            parts.append(chr(code))
            return i + 6
        if nxt == "U" and _is_hex(src[i + 2 : i + 8], 6) and int(src[i + 2 : i + 8], 16) <= 0x10FFFF:
            parts.append(chr(int(src[i + 2 : i + 8], 16)))
            return i + 8
        # an unknown escape stays as written, so regex escapes like "\d" survive
        parts.append("\\" + nxt)
        return i + 2


def _is_hex(text: str, n: int) -> bool:
    return len(text) == n and all(c in "0123456789abcdefABCDEF" for c in text)


def describe(tok: Token) -> str:
    """How a token is named in a syntax error message."""
    if tok.kind is Kind.EOF:
        return "end of input"
    return f"'{tok.text}'"


def tokenize(source: str) -> list[Token]:
    """Tokenize ``source``; raises FeelSyntaxError on bad characters or unterminated literals."""
    return Lexer(source).tokens()
