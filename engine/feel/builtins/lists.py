"""List built-ins: membership, aggregates, slicing, set operations, sorting, partitioning."""

from __future__ import annotations

import functools
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from engine.feel.builtins import args as a
from engine.feel.builtins.registry import builtin, fail
from engine.feel.compare import compare, equals
from engine.feel.numbers import DEC
from engine.feel.scope import MAX_ITEMS
from engine.feel.values.functions import FeelFunction

if TYPE_CHECKING:
    from engine.feel.interpreter import Interpreter


def _contains(items: list[Any], value: Any) -> bool:
    return any(equals(x, value) is True for x in items)


@builtin("list contains", "list", "element", nulls=True)
def list_contains(items: Any, element: Any) -> bool | None:
    return None if items is None else _contains(a.items(items), element)


@builtin("count", "list")
def count(items: Any) -> Decimal:
    return Decimal(len(a.items(items)))


def _extreme(args: tuple[Any, ...], sign: int) -> Any:
    values = a.var_items(args)
    if not values:
        return None
    best = values[0]
    for v in values[1:]:
        c = compare(v, best)
        if c is None:
            raise fail("values are not comparable")
        if c * sign > 0:
            best = v
    if compare(best, best) is None:
        raise fail("values are not comparable")
    return best


@builtin("min", "*list")
def minimum(*args: Any) -> Any:
    return _extreme(args, -1)


@builtin("max", "*list")
def maximum(*args: Any) -> Any:
    return _extreme(args, 1)


def _numbers(args: tuple[Any, ...]) -> list[Decimal]:
    return [a.number(v, "item") for v in a.var_items(args)]


@builtin("sum", "*list")
def total(*args: Any) -> Decimal | None:
    values = _numbers(args)
    return functools.reduce(DEC.add, values, Decimal(0)) if values else None


@builtin("product", "*list")
def product(*args: Any) -> Decimal | None:
    values = _numbers(args)
    return functools.reduce(DEC.multiply, values, Decimal(1)) if values else None


@builtin("mean", "*list")
def mean(*args: Any) -> Decimal | None:
    values = _numbers(args)
    if not values:
        return None
    return DEC.divide(functools.reduce(DEC.add, values, Decimal(0)), Decimal(len(values)))


@builtin("median", "*list")
def median(*args: Any) -> Decimal | None:
    values = sorted(_numbers(args))
    if not values:
        return None
    mid = len(values) // 2
    if len(values) % 2:
        return values[mid]
    return DEC.divide(DEC.add(values[mid - 1], values[mid]), Decimal(2))


@builtin("stddev", "*list")
def stddev(*args: Any) -> Decimal | None:
    values = _numbers(args)
    if len(values) < 2:
        return None
    avg = DEC.divide(functools.reduce(DEC.add, values, Decimal(0)), Decimal(len(values)))
    squares = functools.reduce(DEC.add, (DEC.power(DEC.subtract(v, avg), 2) for v in values), Decimal(0))
    return DEC.sqrt(DEC.divide(squares, Decimal(len(values) - 1)))


@builtin("mode", "*list")
def mode(*args: Any) -> list[Any]:
    values = _numbers(args)
    if not values:
        return []
    counts = Counter(values)
    top = max(counts.values())
    return sorted(v for v, c in counts.items() if c == top)


def _logic(args: tuple[Any, ...], every: bool) -> bool | None:
    values = a.var_items(args)
    if not isinstance(values, list):
        raise fail("expected a list of booleans")
    seen_other = False
    for v in values:
        if v is (not every):
            return not every
        if not isinstance(v, bool):
            seen_other = True
    return None if seen_other else every


@builtin("all", "*list", nulls=True)
def all_(*args: Any) -> bool | None:
    return _logic(_not_null_list(args), True)


@builtin("and", "*list", nulls=True)
def and_(*args: Any) -> bool | None:
    return _logic(_not_null_list(args), True)


@builtin("any", "*list", nulls=True)
def any_(*args: Any) -> bool | None:
    return _logic(_not_null_list(args), False)


@builtin("or", "*list", nulls=True)
def or_(*args: Any) -> bool | None:
    return _logic(_not_null_list(args), False)


def _not_null_list(args: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(args) == 1 and not isinstance(args[0], list | bool):
        raise fail("expected a list of booleans")
    return args


def _position(items: list[Any], position: Any, *, allow_end: bool = False) -> int:
    pos = a.position(position, "position")
    n = len(items) + (1 if allow_end else 0)
    if pos == 0 or abs(pos) > n:
        raise fail("position out of range")
    return pos - 1 if pos > 0 else len(items) + pos


def _slice_index(items: list[Any], position: Any) -> int:
    """feel-scala's list index: 1-based, negative from the end, clamped instead of failing."""
    pos = a.position(position, "position")
    index = pos - 1 if pos > 0 else len(items) + pos
    return max(0, index)


@builtin("sublist", "list", "start position", "length?")
def sublist(items: Any, start: Any, length: Any = None) -> list[Any]:
    values = a.items(items)
    begin = _slice_index(values, start)
    if length is None:
        return values[begin:]
    return values[begin : begin + max(0, a.position(length, "length"))]


@builtin("append", "list", "*items", nulls=True)
def append(items: Any, *more: Any) -> list[Any]:
    return [*a.items(items), *more]


@builtin("concatenate", "*lists", nulls=True)  # a non-list argument (even null) is one item
def concatenate(*lists: Any) -> list[Any]:
    out: list[Any] = []
    for lst in lists:
        out.extend(lst if isinstance(lst, list) else [lst])
        if len(out) > MAX_ITEMS:
            raise fail("list too long")
    return out


@builtin("insert before", "list", "position", "newItem", nulls=True)
def insert_before(items: Any, position: Any, new_item: Any) -> list[Any]:
    values = a.items(items)
    index = _slice_index(values, position)
    return [*values[:index], new_item, *values[index:]]


@builtin("remove", "list", "position")
def remove(items: Any, position: Any) -> list[Any]:
    values = a.items(items)
    index = _slice_index(values, position)
    return [*values[:index], *values[index + 1 :]]


@builtin("reverse", "list")
def reverse(items: Any) -> list[Any]:
    return list(reversed(a.items(items)))


@builtin("index of", "list", "match", nulls=True)
def index_of(items: Any, match: Any) -> list[Any]:
    return [Decimal(i + 1) for i, v in enumerate(a.items(items)) if equals(v, match) is True]


def _distinct(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if not _contains(out, v):
            out.append(v)
    return out


@builtin("union", "*lists")
def union(*lists: Any) -> list[Any]:
    return _distinct([v for lst in lists for v in a.items(lst)])


@builtin("distinct values", "list")
def distinct_values(items: Any) -> list[Any]:
    return _distinct(a.items(items))


@builtin("duplicate values", "list")
def duplicate_values(items: Any) -> list[Any]:
    values = a.items(items)
    return _distinct([v for i, v in enumerate(values) if _contains(values[:i], v)])


@builtin("flatten", "list")
def flatten(items: Any) -> list[Any]:
    out: list[Any] = []

    def walk(values: list[Any]) -> None:
        for v in values:
            if isinstance(v, list):
                walk(v)
            else:
                out.append(v)

    walk(a.items(items))
    return out


@builtin("sort", "list", "precedes?", state=True)
def sort(interp: Interpreter, items: Any, precedes: Any = None) -> list[Any]:
    values = a.items(items)
    if precedes is None:
        if any(compare(v, values[0]) is None for v in values):
            raise fail("list items are not comparable")
        return sorted(values, key=functools.cmp_to_key(lambda x, y: compare(x, y) or 0))
    if not isinstance(precedes, FeelFunction):
        raise fail("precedes must be a function")

    def cmp(x: Any, y: Any) -> int:
        if interp.call(precedes, [x, y]) is True:
            return -1
        if interp.call(precedes, [y, x]) is True:
            return 1
        return 0

    return sorted(values, key=functools.cmp_to_key(cmp))


@builtin("is empty", "list")
def is_empty(items: Any) -> bool:
    return len(a.items(items)) == 0


@builtin("partition", "list", "size")
def partition(items: Any, size: Any) -> list[Any]:
    values, n = a.items(items), a.integer(size, "size")
    if n <= 0:
        raise fail("size must be positive")
    return [values[i : i + n] for i in range(0, len(values), n)]


@builtin("list replace", "list", "position", "newItem", nulls=True, state=True)
def list_replace(interp: Interpreter, items: Any, position: Any, new_item: Any) -> list[Any]:
    values = list(a.items(items))
    if isinstance(position, FeelFunction):
        return _replace_matching(interp, values, position, new_item)
    values[_position(values, position)] = new_item
    return values


@builtin("list replace", "list", "match", "newItem", nulls=True, state=True)
def list_replace_matching(interp: Interpreter, items: Any, match: Any, new_item: Any) -> list[Any]:
    if not isinstance(match, FeelFunction):
        raise fail("match must be a function")
    return _replace_matching(interp, list(a.items(items)), match, new_item)


def _replace_matching(
    interp: Interpreter, values: list[Any], match: FeelFunction, new_item: Any
) -> list[Any]:
    if match.native is None and len(match.params) != 2:
        raise fail("match must take two parameters (item, newItem)")
    out = []
    for v in values:
        hit = interp.call(match, [v, new_item])
        if not isinstance(hit, bool):
            raise fail("match must return a boolean")
        out.append(new_item if hit else v)
    return out
