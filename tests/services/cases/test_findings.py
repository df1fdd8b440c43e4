"""Inspection findings (第十条) become YELLOW signals, one per flagged loan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services import cases
from services.cases import SignalGrade, SignalSource
from services.errors import ValidationFailed
from tests.services.cases.factories import ACTOR, World


def test_loan_numbers_are_split_on_every_usual_separator() -> None:
    assert cases.parse_loan_numbers("A-1, B-2、C-3；D-4 \n E-5，A-1;F-6") == [
        "A-1",
        "B-2",
        "C-3",
        "D-4",
        "E-5",
        "F-6",
    ]
    assert cases.parse_loan_numbers(None) == [] == cases.parse_loan_numbers(" 、 ")


def _report(world: World, results: list[dict[str, Any]], prefix: str = "insp") -> list[int]:
    with world.db.session() as s:
        return cases.report_findings(
            results, date(2026, 9, 25), prefix, session=s, clock=world.clock, actor=ACTOR
        )


def test_each_flagged_loan_becomes_a_signal_and_a_replay_records_nothing(world: World) -> None:
    with world.db.session() as s:
        a, b, c = world.loan(s), world.loan(s), world.loan(s, township_code="SHAZHOUBA")
    results = [
        {"township": "YEPING", "findings": "贷款用于建房", "flaggedLoans": f"{a.loan_no}、{b.loan_no}"},
        {"township": "SHAZHOUBA", "findings": None, "flaggedLoans": c.loan_no},
        {"township": "XIANGHU", "findings": "无问题", "flaggedLoans": None},
    ]
    ids = _report(world, results)
    assert len(ids) == 3 and len(set(ids)) == 3
    with world.db.session() as s:
        signals = cases.list_signals(session=s, source=SignalSource.INSPECTION)
    assert [x.signal_id for x in signals] == ids
    assert [x.loan_no for x in signals] == [a.loan_no, b.loan_no, c.loan_no]
    assert {(x.category, x.grade) for x in signals} == {(cases.INSPECTION_FINDING, SignalGrade.YELLOW)}
    assert signals[0].description == "贷款用于建房" and signals[0].detail == {"township": "YEPING"}
    assert "未填写" in signals[2].description
    world.clock.advance(__import__("datetime").timedelta(days=2))
    assert _report(world, results) == ids
    with world.db.session() as s:
        assert len(cases.list_signals(session=s)) == 3


def test_unknown_loan_numbers_are_all_named_and_nothing_is_recorded(world: World) -> None:
    with world.db.session() as s:
        a = world.loan(s)
    results = [
        {"township": "YEPING", "findings": "x", "flaggedLoans": f"{a.loan_no}, X-1"},
        {"township": "SHAZHOUBA", "findings": "y", "flaggedLoans": "X-2"},
    ]
    with pytest.raises(ValidationFailed) as caught:
        _report(world, results)
    assert "X-1, X-2" in caught.value.message and caught.value.fields["unknown"] == ["X-1", "X-2"]
    assert caught.value.fields["field"] == "flaggedLoans"
    with world.db.session() as s:
        assert cases.list_signals(session=s) == []


@pytest.mark.parametrize(
    ("results", "named"),
    [
        ([{"township": "YEPING"}, {"findings": "x"}], "inspection_results[1].township"),
        ([{"township": "YEPING", "flaggedLoans": 12}], "inspection_results[0].flaggedLoans"),
        ([{"township": "NOWHERE", "flaggedLoans": ""}], "NOWHERE"),
    ],
    ids=["missing-township", "not-text", "unknown-township"],
)
def test_malformed_results_are_refused(world: World, results: list[dict[str, Any]], named: str) -> None:
    with pytest.raises(ValidationFailed, match=__import__("re").escape(named)):
        _report(world, results)
