"""A Pratt parser for FEEL expressions and unary tests.

One binding-power table (``LBP``) drives infix parsing; prefix forms (literals, names,
``if``/``for``/``some``/``every``/``function``, lists, ranges, contexts) are handled in
``_nud``, infix and postfix forms in ``_led``. Precedence, loosest first: ``or``, ``and``,
comparison (``= != < <= > >= between in instance of``), ``+ -``, ``* /``, ``**``, unary ``-``,
then path/filter/call. Names may contain spaces: adjacent non-keyword words are joined, and
the built-in names that contain a keyword (``date and time``) are recognised before a ``(``.
"""

from __future__ import annotations

from engine.feel import ast
from engine.feel.errors import FeelSyntaxError
from engine.feel.lexer import KEYWORDS, Kind, Token, describe, tokenize
from engine.feel.parse_types import parse_type
from engine.feel.parse_unary import in_tests, unary_tests
from engine.feel.precedence import COMPARISON_BP, LBP, PREFIX_BP

MAX_NESTING = 100
_KEYWORD_NAMES = (
    ("date", "and", "time"),
    ("years", "and", "months", "duration"),
    ("days", "and", "time", "duration"),
    ("get", "or", "else"),
)


class Parser:
    """Parses one source text; use :func:`parse_expression` / :func:`parse_unary_tests_text`."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.toks: list[Token] = tokenize(source)
        self.i = 0
        self.depth = 0
        self.range_end = False

    # ------------------------------------------------------------------ helpers

    @property
    def peek(self) -> Token:
        return self.toks[self.i]

    def peek_at(self, k: int) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def advance(self) -> Token:
        tok = self.toks[self.i]
        if tok.kind is not Kind.EOF:
            self.i += 1
        return tok

    def error(self, message: str, tok: Token | None = None) -> FeelSyntaxError:
        tok = tok or self.peek
        return FeelSyntaxError(expression=self.src, position=tok.pos, message=message)

    def at_op(self, *ops: str) -> bool:
        tok = self.peek
        return tok.kind is Kind.OP and tok.text in ops

    def at_word(self, *words: str) -> bool:
        tok = self.peek
        return tok.kind is Kind.NAME and tok.text in words

    def expect_op(self, op: str) -> Token:
        if not self.at_op(op):
            raise self.error(f"expected '{op}' but found {describe(self.peek)}")
        return self.advance()

    def expect_word(self, word: str) -> Token:
        if not self.at_word(word):
            raise self.error(f"expected '{word}' but found {describe(self.peek)}")
        return self.advance()

    def expect_end(self) -> None:
        if self.peek.kind is not Kind.EOF:
            raise self.error(f"unexpected {describe(self.peek)}")

    # ------------------------------------------------------------------ Pratt core

    def expression(self, rbp: int = 0) -> ast.Expr:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"expression nested deeper than {MAX_NESTING} levels")
        try:
            left = self._nud(self.advance())
            while rbp < self._lbp(self.peek):
                left = self._led(self.advance(), left)
            return left
        finally:
            self.depth -= 1

    def _lbp(self, tok: Token) -> int:
        if tok.kind is Kind.OP or tok.kind is Kind.NAME:
            if self.range_end and tok.text == "[":
                return 0
            return LBP.get(tok.text, 0)
        return 0

    def _nud(self, tok: Token) -> ast.Expr:
        if tok.kind is Kind.NUMBER:
            return ast.Literal(tok.value, pos=tok.pos)
        if tok.kind is Kind.STRING:
            return ast.Literal(tok.value, pos=tok.pos)
        if tok.kind is Kind.BACKTICK:
            return ast.Name(str(tok.value), pos=tok.pos)
        if tok.kind is Kind.NAME:
            return self._nud_word(tok)
        if tok.kind is Kind.OP:
            return self._nud_op(tok)
        raise self.error(f"unexpected {describe(tok)}", tok)

    def _nud_word(self, tok: Token) -> ast.Expr:
        word = tok.text
        if word in ("true", "false"):
            return ast.Literal(word == "true", pos=tok.pos)
        if word == "null":
            return ast.Literal(None, pos=tok.pos)
        handler = {
            "if": self._parse_if, "for": self._parse_for, "some": self._parse_quantified,
            "every": self._parse_quantified, "function": self._parse_function,
        }.get(word)  # fmt: skip
        if handler is not None:
            return handler(tok)
        keyword_name = self._keyword_name(tok)
        if keyword_name is not None:
            return ast.Name(keyword_name, pos=tok.pos)
        if word in ("and", "or") and self.at_op("("):
            return ast.Name(word, pos=tok.pos)  # the list functions and(...) / or(...)
        if word in KEYWORDS:
            raise self.error(f"unexpected keyword '{word}'", tok)
        name = self._join_words(tok)
        if name in ("of", "not") and not self.at_op("("):
            raise self.error(f"'{name}' is a keyword, not a name", tok)
        return ast.Name(name, pos=tok.pos)

    def _join_words(self, first: Token) -> str:
        # the name as written, inner whitespace included (feel-scala keeps it: `test   name`)
        last = first
        while self.peek.kind is Kind.NAME and not self.peek.is_keyword:
            last = self.advance()
        return self.src[first.pos : last.end]

    def _keyword_name(self, tok: Token) -> str | None:
        for words in _KEYWORD_NAMES:
            if tok.text != words[0]:
                continue
            n = len(words) - 1
            follow = [self.peek_at(k) for k in range(n)]
            if all(t.kind is Kind.NAME and t.text == w for t, w in zip(follow, words[1:], strict=True)):
                after = self.peek_at(n)
                if after.kind is Kind.OP and after.text == "(":
                    self.i += n
                    return " ".join(words)
        return None

    def _nud_op(self, tok: Token) -> ast.Expr:
        op = tok.text
        if op == "-":
            return ast.Negation(self.expression(PREFIX_BP), pos=tok.pos)
        if op == "+":
            return self.expression(PREFIX_BP)
        if op == "(":
            return self._parse_paren(tok)
        if op == "[":
            return self._parse_bracket(tok)
        if op == "]":
            return self._parse_range_rest(tok, start_included=False)
        if op == "{":
            return self._parse_context(tok)
        if op == "@":
            lit = self.advance()
            if lit.kind is not Kind.STRING:
                raise self.error("expected a string after '@'", lit)
            return ast.TemporalLiteral(str(lit.value), pos=tok.pos)
        if op in ("<", "<=", ">", ">="):
            operand = self.expression(COMPARISON_BP)
            return _open_range(op, operand, tok.pos)
        raise self.error(f"unexpected {describe(tok)}", tok)

    def _led(self, tok: Token, left: ast.Expr) -> ast.Expr:
        op = tok.text
        if op in ("+", "-", "*", "/", "**"):
            return ast.Arithmetic(op, left, self.expression(LBP[op]), pos=tok.pos)
        if op in ("=", "!=", "<", "<=", ">", ">="):
            return ast.Comparison(op, left, self.expression(COMPARISON_BP), pos=tok.pos)
        if op == "and":
            return ast.And(left, self.expression(LBP["and"]), pos=tok.pos)
        if op == "or":
            return ast.Or(left, self.expression(LBP["or"]), pos=tok.pos)
        if op == "between":
            low = self.expression(COMPARISON_BP)
            self.expect_word("and")
            return ast.Between(left, low, self.expression(COMPARISON_BP), pos=tok.pos)
        if op == "in":
            return ast.In(left, in_tests(self), pos=tok.pos)
        if op == "instance":
            self.expect_word("of")
            return ast.InstanceOf(left, parse_type(self), pos=tok.pos)
        if op == ".":
            return ast.Path(left, self._path_name(), pos=tok.pos)
        if op == "[":
            cond = self.expression()
            self.expect_op("]")
            return ast.Filter(left, cond, pos=tok.pos)
        if op == "(":
            return self._parse_call(tok, left)
        raise self.error(f"unexpected {describe(tok)}", tok)  # pragma: no cover - table and led agree

    # ------------------------------------------------------------------ prefix forms

    def _parse_if(self, tok: Token) -> ast.Expr:
        cond = self.expression()
        self.expect_word("then")
        then = self.expression()
        self.expect_word("else")
        return ast.If(cond, then, self.expression(), pos=tok.pos)

    def _iterators(self, terminator: str) -> tuple[tuple[str, ast.Expr], ...]:
        iterators: list[tuple[str, ast.Expr]] = []
        while True:
            name = self.binding_name()
            self.expect_word("in")
            domain = self.expression()
            if self.at_op(".."):
                dots = self.advance()
                domain = ast.IterationRange(domain, self.expression(), pos=dots.pos)
            iterators.append((name, domain))
            if not self.at_op(","):
                break
            self.advance()
        self.expect_word(terminator)
        return tuple(iterators)

    def binding_name(self) -> str:
        tok = self.advance()
        if tok.kind is Kind.BACKTICK:
            return str(tok.value)
        if tok.kind is not Kind.NAME or tok.is_keyword:
            raise self.error(f"expected a name but found {describe(tok)}", tok)
        return self._join_words(tok)

    def _parse_for(self, tok: Token) -> ast.Expr:
        iterators = self._iterators("return")
        return ast.For(iterators, self.expression(), pos=tok.pos)

    def _parse_quantified(self, tok: Token) -> ast.Expr:
        iterators = self._iterators("satisfies")
        return ast.Quantified(tok.text == "every", iterators, self.expression(), pos=tok.pos)

    def _parse_function(self, tok: Token) -> ast.Expr:
        self.expect_op("(")
        params: list[tuple[str, ast.TypeRef | None]] = []
        while not self.at_op(")"):
            name = self.binding_name()
            typ = None
            if self.at_op(":"):
                self.advance()
                typ = parse_type(self)
            params.append((name, typ))
            if not self.at_op(","):
                break
            self.advance()
        self.expect_op(")")
        if self.at_word("external"):
            raise self.error("external functions are not supported")
        return ast.FunctionDef(tuple(params), self.expression(), pos=tok.pos)

    def _parse_paren(self, tok: Token) -> ast.Expr:
        inner = self.expression()
        if self.at_op(".."):
            self.advance()
            return self._range_end(tok, inner, start_included=False)
        self.expect_op(")")
        return inner

    def _parse_bracket(self, tok: Token) -> ast.Expr:
        if self.at_op("]"):
            self.advance()
            return ast.ListExpr((), pos=tok.pos)
        first = self.expression()
        if self.at_op(".."):
            self.advance()
            return self._range_end(tok, first, start_included=True)
        items = [first]
        while self.at_op(","):
            self.advance()
            items.append(self.expression())
        self.expect_op("]")
        return ast.ListExpr(tuple(items), pos=tok.pos)

    def _parse_range_rest(self, tok: Token, *, start_included: bool) -> ast.Expr:
        start = self.expression()
        self.expect_op("..")
        return self._range_end(tok, start, start_included=start_included)

    def _range_end(self, tok: Token, start: ast.Expr, *, start_included: bool) -> ast.RangeExpr:
        saved, self.range_end = self.range_end, True
        try:
            end = self.expression()
        finally:
            self.range_end = saved
        close = self.advance()
        if close.kind is not Kind.OP or close.text not in ("]", ")", "["):
            raise self.error("expected ']', ')' or '[' to close the range", close)
        return ast.RangeExpr(start, start_included, end, close.text == "]", pos=tok.pos)

    def _parse_context(self, tok: Token) -> ast.Expr:
        entries: list[tuple[str, ast.Expr]] = []
        while not self.at_op("}"):
            key = self._context_key()
            self.expect_op(":")
            entries.append((key, self.expression()))
            if not self.at_op(","):
                break
            self.advance()
        self.expect_op("}")
        return ast.ContextExpr(tuple(entries), pos=tok.pos)

    def _context_key(self) -> str:
        tok = self.advance()
        if tok.kind in (Kind.STRING, Kind.BACKTICK):
            return str(tok.value)
        if tok.kind is not Kind.NAME:
            raise self.error(f"expected a context key but found {describe(tok)}", tok)
        # the key is the text as written up to ':' (spaces and name symbols like "foo+bar" included)
        last = tok
        while self.peek.kind in (Kind.NAME, Kind.NUMBER) or self.at_op("+", "-", "*", "/", ".", ".."):
            last = self.advance()
        return self.src[tok.pos : last.end]

    def _path_name(self) -> str:
        tok = self.advance()
        if tok.kind is Kind.BACKTICK:
            return str(tok.value)
        if tok.kind is not Kind.NAME:
            raise self.error(f"expected a name after '.' but found {describe(tok)}", tok)
        return self._join_words(tok)

    def _parse_call(self, tok: Token, callee: ast.Expr) -> ast.Expr:
        args: list[ast.Expr] = []
        named: list[tuple[str, ast.Expr]] = []
        while not self.at_op(")"):
            name = self._named_arg_name()
            if name is not None:
                named.append((name, self.expression()))
            else:
                args.append(self.expression())
            if not self.at_op(","):
                break
            self.advance()
        self.expect_op(")")
        if args and named:
            raise self.error("cannot mix positional and named arguments", tok)
        return ast.Call(callee, tuple(args), tuple(named) if named else None, pos=tok.pos)

    def _named_arg_name(self) -> str | None:
        first = self.peek
        if first.kind is Kind.BACKTICK and self.peek_at(1).kind is Kind.OP and self.peek_at(1).text == ":":
            self.i += 2
            return str(first.value)
        k = 0
        while self.peek_at(k).kind is Kind.NAME:
            k += 1
        after = self.peek_at(k)
        if k and after.kind is Kind.OP and after.text == ":":
            self.i += k + 1
            return self.src[first.pos : self.toks[self.i - 2].end]
        return None


def _open_range(op: str, operand: ast.Expr, pos: int) -> ast.RangeExpr:
    if op in ("<", "<="):
        return ast.RangeExpr(None, False, operand, op == "<=", pos=pos)
    return ast.RangeExpr(operand, op == ">=", None, False, pos=pos)


def parse_expression(source: str) -> ast.Expr:
    """Parse a FEEL expression (uncached)."""
    parser = Parser(source)
    if parser.peek.kind is Kind.EOF:
        raise parser.error("empty expression")
    expr = parser.expression()
    parser.expect_end()
    return expr


def parse_unary_tests_text(source: str) -> ast.UnaryTests:
    """Parse FEEL unary tests (uncached); an empty text means ``-``."""
    parser = Parser(source)
    if parser.peek.kind is Kind.EOF:
        return ast.UnaryTests((ast.UTAny(),))
    return unary_tests(parser)
