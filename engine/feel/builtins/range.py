"""Range built-ins (DMN 1.4 interval algebra): before, after, meets, overlaps, includes, …

A point argument is treated as the closed range ``[p..p]``; the formulas below are the DMN
table's range/range forms, which give the point forms as special cases. Unbounded ends (open
ranges such as ``< 10``) compare as minus/plus infinity.
"""

from __future__ import annotations

from typing import Any

from engine.feel.builtins.registry import builtin, fail
from engine.feel.compare import compare
from engine.feel.values.ranges import Range

_NEG, _POS = -1, 1


class _R:
    __slots__ = ("s", "si", "e", "ei")

    def __init__(self, value: Any) -> None:
        r = value if isinstance(value, Range) else Range(value, True, value, True)
        self.s, self.si, self.e, self.ei = (_NEG, r.start), r.start_included, (_POS, r.end), r.end_included
        if r.start is not None:
            self.s = (0, r.start)
        if r.end is not None:
            self.e = (0, r.end)


def _c(x: tuple[int, Any], y: tuple[int, Any]) -> int:
    if x[0] or y[0]:
        return (x[0] > y[0]) - (x[0] < y[0])
    result = compare(x[1], y[1])
    if result is None:
        raise fail("range bounds are not comparable")
    return result


def _before(a: _R, b: _R) -> bool:
    c = _c(a.e, b.s)
    return c < 0 or (c == 0 and not (a.ei and b.si))


def _meets(a: _R, b: _R) -> bool:
    return a.ei and b.si and _c(a.e, b.s) == 0


def _overlaps(a: _R, b: _R) -> bool:
    c1, c2 = _c(a.e, b.s), _c(a.s, b.e)
    return (c1 > 0 or (c1 == 0 and a.ei and b.si)) and (c2 < 0 or (c2 == 0 and a.si and b.ei))


def _overlaps_before(a: _R, b: _R) -> bool:
    c1, c2, c3 = _c(a.s, b.s), _c(a.e, b.s), _c(a.e, b.e)
    return (
        (c1 < 0 or (c1 == 0 and a.si and not b.si))
        and (c2 > 0 or (c2 == 0 and a.ei and b.si))
        and (c3 < 0 or (c3 == 0 and (not a.ei or b.ei)))
    )


def _finishes(a: _R, b: _R) -> bool:
    c = _c(a.s, b.s)
    return a.ei == b.ei and _c(a.e, b.e) == 0 and (c > 0 or (c == 0 and (not a.si or b.si)))


def _includes(a: _R, b: _R) -> bool:
    c1, c2 = _c(a.s, b.s), _c(a.e, b.e)
    return (c1 < 0 or (c1 == 0 and (a.si or not b.si))) and (c2 > 0 or (c2 == 0 and (a.ei or not b.ei)))


def _starts(a: _R, b: _R) -> bool:
    c = _c(a.e, b.e)
    return _c(a.s, b.s) == 0 and a.si == b.si and (c < 0 or (c == 0 and (not a.ei or b.ei)))


def _coincides(a: _R, b: _R) -> bool:
    return _c(a.s, b.s) == 0 and _c(a.e, b.e) == 0 and a.si == b.si and a.ei == b.ei


def _point_finishes(point: Any, r: Any) -> bool:
    rr = _R(r)
    return rr.ei and _c((0, point), rr.e) == 0


def _point_starts(point: Any, r: Any) -> bool:
    rr = _R(r)
    return rr.si and _c((0, point), rr.s) == 0


_POINTS = ("point1", "point2")
_RANGES = ("range1", "range2")
_POINT_RANGE = ("point", "range")
_RANGE_POINT = ("range", "point")
_ANY_PAIR = (_POINTS, _POINT_RANGE, _RANGE_POINT, _RANGES)


def _define(name: str, signatures: tuple[tuple[str, str], ...], test: Any, swap: bool = False) -> None:
    def fn(x: Any, y: Any) -> bool:
        if swap:
            x, y = y, x
        if isinstance(x, Range) is False and isinstance(y, Range) and test in (_finishes, _starts):
            return _point_finishes(x, y) if test is _finishes else _point_starts(x, y)
        return bool(test(_R(x), _R(y)))

    # one implementation, registered under each parameter naming the DMN table uses
    for p1, p2 in signatures:
        builtin(name, p1, p2)(fn)


for _name, _signatures, _test, _swap in (
    ("before", _ANY_PAIR, _before, False),
    ("after", _ANY_PAIR, _before, True),
    ("meets", (_RANGES,), _meets, False),
    ("met by", (_RANGES,), _meets, True),
    ("overlaps", (_RANGES,), _overlaps, False),
    ("overlaps before", (_RANGES,), _overlaps_before, False),
    ("overlaps after", (_RANGES,), _overlaps_before, True),
    ("finishes", (_POINT_RANGE, _RANGES), _finishes, False),
    ("finished by", (_RANGE_POINT, _RANGES), _finishes, True),
    ("includes", (_RANGE_POINT, _RANGES), _includes, False),
    ("during", (_POINT_RANGE, _RANGES), _includes, True),
    ("starts", (_POINT_RANGE, _RANGES), _starts, False),
    ("started by", (_RANGE_POINT, _RANGES), _starts, True),
    ("coincides", (_POINTS, _RANGES), _coincides, False),
):
    _define(_name, _signatures, _test, _swap)
