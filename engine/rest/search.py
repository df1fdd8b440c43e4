"""Camunda 8.8 search requests: ``filter`` with operators, ``sort`` and offset/cursor ``page``.

The embedded engine's query API returns candidate rows; this module applies the 8.8 filter
language to the JSON items (all fields ANDed; a field is a plain value or an operator object
``$eq $neq $exists $in $notIn $like $gt $gte $lt $lte``), sorts and pages them. Cursors are opaque
base64 texts holding an offset.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.rest.problems import Problem

Item = dict[str, Any]

DATE_FIELDS = frozenset(
    {"startDate", "endDate", "creationDate", "completionDate", "followUpDate", "dueDate", "creationTime"}
)
OPERATORS = frozenset({"$eq", "$neq", "$exists", "$in", "$notIn", "$like", "$gt", "$gte", "$lt", "$lte"})
MAX_RESULTS = 10_000


class SortField(BaseModel):
    """One sort criterion; earlier criteria take precedence."""

    model_config = ConfigDict(extra="forbid")
    field: str
    order: Literal["ASC", "DESC", "asc", "desc"] = "ASC"


class SearchPage(BaseModel):
    """Offset (``from``/``limit``) or cursor (``after``/``before`` + ``limit``) paging."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: int | None = Field(default=None, alias="from", ge=0, le=MAX_RESULTS)
    limit: int = Field(default=100, ge=1, le=MAX_RESULTS)
    after: str | None = Field(default=None, min_length=2, max_length=300)
    before: str | None = Field(default=None, min_length=2, max_length=300)


def bad_request(detail: str) -> Problem:
    """A 400 problem for a malformed search."""
    return Problem(400, "INVALID_ARGUMENT", detail)


def _like(pattern: str) -> re.Pattern[str]:
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out), re.DOTALL)


def _parse_date(text: Any, field: str) -> datetime:
    if isinstance(text, datetime):
        return text
    try:
        parsed = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError as exc:
        raise bad_request(f"filter.{field}: '{text}' is not an RFC 3339 date-time") from exc
    if parsed.tzinfo is None:
        raise bad_request(f"filter.{field}: '{text}' has no time zone offset")
    return parsed


def _normalise(field: str, sample: Any, value: Any) -> Any:
    """Bring a filter operand to the type of the item's value, so comparison is meaningful."""
    if value is None:
        return None
    if field in DATE_FIELDS:
        return _parse_date(value, field)
    if isinstance(sample, bool) or isinstance(value, bool):
        if not isinstance(value, bool):
            raise bad_request(f"filter.{field}: expected true or false, got {value!r}")
        return value
    if isinstance(sample, int):
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"filter.{field}: expected an integer, got {value!r}") from exc
    if isinstance(value, dict | list):
        raise bad_request(f"filter.{field}: expected a plain value, got {type(value).__name__}")
    return str(value)


def _item_value(field: str, value: Any) -> Any:
    return _parse_date(value, field) if field in DATE_FIELDS and value is not None else value


def _compare(field: str, actual: Any, op: str, operand: Any) -> bool:
    if op == "$exists":
        if not isinstance(operand, bool):
            raise bad_request(f"filter.{field}.$exists: expected true or false")
        return (actual is not None) == operand
    if op in ("$in", "$notIn"):
        if not isinstance(operand, list):
            raise bad_request(f"filter.{field}.{op}: expected a list")
        found = actual in [_normalise(field, actual, v) for v in operand]
        return found if op == "$in" else not found
    if op == "$like":
        if not isinstance(operand, str):
            raise bad_request(f"filter.{field}.$like: expected a string")
        return actual is not None and _like(operand).fullmatch(str(actual)) is not None
    value = _normalise(field, actual, operand)
    if op == "$eq":
        return bool(actual == value)
    if op == "$neq":
        return bool(actual != value)
    if actual is None or value is None:
        return False
    try:
        return bool(
            {"$gt": actual > value, "$gte": actual >= value, "$lt": actual < value, "$lte": actual <= value}[
                op
            ]
        )
    except TypeError as exc:
        raise bad_request(f"filter.{field}.{op}: cannot compare {value!r}") from exc


def matches_condition(field: str, actual: Any, condition: Any) -> bool:
    """Whether an item's ``actual`` value satisfies a filter ``condition`` (plain value or operators)."""
    actual = _item_value(field, actual)
    if isinstance(condition, dict):
        unknown = set(condition) - OPERATORS
        if unknown:
            raise bad_request(
                f"filter.{field}: unknown operator(s) {sorted(unknown)}; allowed: {sorted(OPERATORS)}"
            )
        return all(_compare(field, actual, op, operand) for op, operand in condition.items())
    return _compare(field, actual, "$eq", condition)


Special = Callable[[Item, Any], bool]


def _validate(field: str, condition: Any) -> None:
    """Refuse malformed conditions up front, so a bad filter is a 400 even when nothing matches."""
    operands = condition if isinstance(condition, dict) else {"$eq": condition}
    unknown = set(operands) - OPERATORS
    if unknown:
        raise bad_request(
            f"filter.{field}: unknown operator(s) {sorted(unknown)}; allowed: {sorted(OPERATORS)}"
        )
    for op, operand in operands.items():
        if op in ("$in", "$notIn"):
            if not isinstance(operand, list):
                raise bad_request(f"filter.{field}.{op}: expected a list")
            values = operand
        elif op == "$exists":
            if not isinstance(operand, bool):
                raise bad_request(f"filter.{field}.$exists: expected true or false")
            values = []
        elif op == "$like":
            if not isinstance(operand, str):
                raise bad_request(f"filter.{field}.$like: expected a string")
            values = []
        else:
            values = [operand]
        for value in values:
            if isinstance(value, dict | list):
                raise bad_request(f"filter.{field}.{op}: expected a plain value, got {type(value).__name__}")
            if field in DATE_FIELDS and value is not None:
                _parse_date(value, field)


def filter_items(
    items: Iterable[Item], conditions: dict[str, Any], special: dict[str, Special] | None = None
) -> list[Item]:
    """Items satisfying every condition; ``special`` handles fields that are not plain item fields."""
    special = special or {}
    active = {k: v for k, v in conditions.items() if v is not None}
    for field, condition in active.items():
        if field not in special:
            _validate(field, condition)

    def keep(item: Item) -> bool:
        for field, condition in active.items():
            if field in special:
                if not special[field](item, condition):
                    return False
            elif not matches_condition(field, item.get(field), condition):
                return False
        return True

    return [item for item in items if keep(item)]


def _sort_key(field: str, value: Any) -> tuple[bool, Any]:
    if value is None:
        return (True, 0)
    if field.endswith("Key") and isinstance(value, str) and value.lstrip("-").isdigit():
        return (False, int(value))
    if isinstance(value, list):
        return (False, ",".join(map(str, value)))
    return (False, value)


def sort_items(items: list[Item], sort: Sequence[SortField], allowed: Iterable[str]) -> list[Item]:
    """Sort by the criteria (stable; None last); unknown fields are refused."""
    allowed_set = set(allowed)
    for criterion in reversed(sort):
        if criterion.field not in allowed_set:
            raise bad_request(
                f"sort.field: '{criterion.field}' is not sortable here; use one of {sorted(allowed_set)}"
            )
        items.sort(key=lambda i: _sort_key(criterion.field, i.get(criterion.field)), reverse=False)
        if criterion.order.upper() == "DESC":
            nulls = [i for i in items if i.get(criterion.field) is None]
            items = [i for i in items if i.get(criterion.field) is not None][::-1] + nulls
    return items


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        offset = json.loads(base64.urlsafe_b64decode(cursor.encode()))["offset"]
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise bad_request(f"page: '{cursor}' is not a cursor returned by this server") from exc
    if not isinstance(offset, int) or offset < 0:
        raise bad_request(f"page: '{cursor}' is not a cursor returned by this server")
    return offset


def page_items(items: list[Item], page: SearchPage | None) -> dict[str, Any]:
    """The ``{items, page}`` response for one page of ``items``."""
    page = page or SearchPage()
    if page.from_ is not None and (page.after or page.before):
        raise bad_request("page: offset (from) and cursor (after/before) paging cannot be mixed")
    if page.after and page.before:
        raise bad_request("page: give either after or before, not both")
    start = page.from_ or 0
    if page.after:
        start = _decode_cursor(page.after)
    elif page.before:
        start = max(0, _decode_cursor(page.before) - page.limit)
    end = min(len(items), start + page.limit)
    if page.before:
        end = min(end, _decode_cursor(page.before))
    chosen = items[start:end]
    return {
        "items": chosen,
        "page": {
            "totalItems": len(items),
            "hasMoreTotalItems": False,
            "startCursor": _encode_cursor(start) if chosen else None,
            "endCursor": _encode_cursor(end) if chosen else None,
        },
    }


def search(
    items: Iterable[Item],
    *,
    filter: BaseModel | None,
    sort: Sequence[SortField],
    page: SearchPage | None,
    sortable: Iterable[str],
    special: dict[str, Special] | None = None,
) -> dict[str, Any]:
    """Filter, sort and page ``items`` as an 8.8 search endpoint does."""
    conditions = filter.model_dump(by_alias=True, exclude_none=True) if filter is not None else {}
    return page_items(sort_items(filter_items(items, conditions, special), sort, sortable), page)
