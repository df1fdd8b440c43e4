"""Zeebe conventions: =expressions vs static values, JSON in and out."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from engine.feel import YearsMonthsDuration, evaluate
from engine.feel.zeebe import evaluate_attribute, from_json, is_expression, to_json


def test_is_expression() -> None:
    assert is_expression("=amount > 1000")
    assert is_expression("  = x")
    assert not is_expression("PT5M")
    assert not is_expression("")


def test_evaluate_attribute_static_and_expression() -> None:
    assert evaluate_attribute("PT5M", {}).value == "PT5M"
    result = evaluate_attribute(
        '=amount > 1000 and status = "overdue"', from_json({"amount": 1500, "status": "overdue"})
    )
    assert result.value is True and result.ok


def test_to_json_numbers() -> None:
    assert to_json(Decimal("3.0")) == 3 and isinstance(to_json(Decimal("3.0")), int)
    assert to_json(Decimal("2.5")) == 2.5
    assert to_json(evaluate("{a: [1, 1.5, null, true]}")) == {"a": [1, 1.5, None, True]}


def test_to_json_temporal_values() -> None:
    cst = dt.timezone(dt.timedelta(hours=8))
    assert to_json(dt.date(2026, 9, 25)) == "2026-09-25"
    assert to_json(dt.datetime(2026, 9, 25, 10, tzinfo=cst)) == "2026-09-25T10:00:00+08:00"
    assert to_json(dt.datetime(2026, 9, 25, 10)) == "2026-09-25T10:00:00"
    paris = dt.datetime(2026, 9, 25, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert to_json(paris) == "2026-09-25T10:00:00+02:00[Europe/Paris]"
    assert to_json(dt.time(10, 30)) == "10:30:00"
    assert to_json(YearsMonthsDuration(14)) == "P1Y2M"
    assert to_json(dt.timedelta(hours=1)) == "PT1H"
    assert to_json(dt.timedelta(days=1, hours=2)) == "P1DT2H"


def test_json_round_trip_of_temporal_strings() -> None:
    assert evaluate("date(x) + duration(d)", {"x": to_json(dt.date(2026, 9, 25)), "d": "P30D"}) == dt.date(
        2026, 10, 25
    )


def test_from_json_numbers_are_decimal() -> None:
    assert from_json({"a": [1, 2.5]}) == {"a": [Decimal(1), Decimal("2.5")]}
    assert isinstance(from_json(True), bool)
