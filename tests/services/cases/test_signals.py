"""Recording and listing risk signals, and the signal of a missed statutory period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from services import audit, cases
from services.cases import SignalGrade, SignalSource
from services.errors import Conflict, ValidationFailed
from services.loans import DefaultTrigger
from tests.services.cases.factories import ACTOR, World


def _signal(loan_no: str | None, **over: Any) -> cases.SignalCreate:
    values: dict[str, Any] = {
        "loan_no": loan_no,
        "category": "DEATH_OR_MISSING",
        "grade": SignalGrade.RED,
        "default_trigger": DefaultTrigger.DEATH_OR_MISSING,
        "description": "借款人失踪",
        "signal_date": date(2026, 9, 20),
        "detail": {"overdueDays": 0, "amountAtRiskFen": 5_000_000},
        "idempotency_key": "sig-1",
    }
    values.update(over)
    return cases.SignalCreate(**values)


def _register(world: World, data: cases.SignalCreate) -> cases.RiskSignal:
    with world.db.session() as s:
        return cases.register_signal(data, session=s, clock=world.clock, actor=ACTOR)


def _all(world: World, **filters: Any) -> list[cases.RiskSignal]:
    with world.db.session() as s:
        return cases.list_signals(session=s, **filters)


def test_a_signal_is_recorded_audited_and_listed(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    signal = _register(world, _signal(loan.loan_no))
    assert (signal.loan_no, signal.grade, signal.source) == (
        loan.loan_no,
        SignalGrade.RED,
        SignalSource.REPORTED,
    )
    assert signal.default_trigger is DefaultTrigger.DEATH_OR_MISSING and not signal.replayed
    assert signal.detail == {"overdueDays": 0, "amountAtRiskFen": 5_000_000}
    assert _all(world) == [signal]
    with world.db.session() as s:
        [entry] = audit.entries_for(s, object_type="risk_signal", object_id=signal.signal_id)
        assert entry.action == "risk_signal.register" and entry.detail["grade"] == "RED"


def test_a_replay_returns_the_same_signal_and_another_request_on_the_key_is_refused(world: World) -> None:
    with world.db.session() as s:
        loan = world.loan(s)
    first = _register(world, _signal(loan.loan_no))
    again = _register(world, _signal(loan.loan_no))
    assert again.signal_id == first.signal_id and again.replayed
    assert len(_all(world)) == 1
    with pytest.raises(Conflict, match="sig-1"):
        _register(world, _signal(loan.loan_no, grade=SignalGrade.ORANGE))
    assert len(_all(world)) == 1


def test_a_signal_may_concern_no_loan(world: World) -> None:
    signal = _register(world, _signal(None, category="OTHER", grade=SignalGrade.YELLOW, default_trigger=None))
    assert signal.loan_no is None and _all(world)[0].loan_no is None


def test_unknown_loans_and_future_dates_are_refused(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _register(world, _signal("NOPE"))
    assert caught.value.fields["field"] == "loan_no" and "NOPE" in caught.value.message
    with world.db.session() as s:
        loan = world.loan(s)
    with pytest.raises(ValidationFailed) as caught:
        _register(world, _signal(loan.loan_no, signal_date=date(2026, 9, 26)))
    assert caught.value.fields["field"] == "signal_date"
    with pytest.raises(ValidationFailed, match="category"):
        cases.new_signal(
            category="lower case", grade="RED", signal_date=date(2026, 9, 1), idempotency_key="k"
        )
    assert _all(world) == []


def test_list_signals_filters(world: World) -> None:
    with world.db.session() as s:
        a, b = world.loan(s), world.loan(s)
    _register(world, _signal(a.loan_no, idempotency_key="1", signal_date=date(2026, 9, 1)))
    _register(
        world, _signal(b.loan_no, idempotency_key="2", grade=SignalGrade.YELLOW, signal_date=date(2026, 8, 1))
    )
    _register(world, _signal(None, idempotency_key="3", category="OTHER", signal_date=date(2026, 9, 10)))
    assert [x.signal_date for x in _all(world)] == [date(2026, 8, 1), date(2026, 9, 1), date(2026, 9, 10)]
    assert [x.loan_no for x in _all(world, loan_no=b.loan_no)] == [b.loan_no]
    assert [x.loan_no for x in _all(world, grade=SignalGrade.RED)] == [a.loan_no, None]
    assert len(_all(world, since=date(2026, 9, 1), until=date(2026, 9, 9))) == 1
    assert _all(world, source=SignalSource.INSPECTION) == []


def test_a_missed_deadline_is_an_orange_signal_dated_today(world: World) -> None:
    def missed(key: str = "esc-1", **over: Any) -> cases.RiskSignal:
        args: dict[str, Any] = {
            "deadline_name": "代偿申请",
            "deadline_date": date(2026, 9, 22),
            "responsible": "bank:GZRCB",
            "loan_no": None,
            "provisional": False,
        } | over
        with world.db.session() as s:
            return cases.register_deadline_missed(
                *args.values(), key, session=s, clock=world.clock, actor=ACTOR
            )

    signal = missed()
    assert (signal.category, signal.grade, signal.source) == (
        cases.DEADLINE_MISSED,
        SignalGrade.ORANGE,
        SignalSource.DEADLINE_MISSED,
    )
    assert signal.signal_date == date(2026, 9, 25)
    assert signal.detail == {
        "deadlineName": "代偿申请",
        "deadlineDate": "2026-09-22",
        "responsible": "bank:GZRCB",
        "provisional": False,
    }
    assert "代偿申请" in signal.description and "bank:GZRCB" in signal.description
    world.clock.advance(timedelta(days=1))
    assert missed().signal_id == signal.signal_id  # a retry the next day is the same request
    assert "暂定" in missed("esc-2", provisional=True).description
    with pytest.raises(ValidationFailed) as caught:
        missed("esc-3", responsible=" ")
    assert caught.value.fields["field"] == "responsible"
    with world.db.session() as s:
        loan = world.loan(s)
    assert missed("esc-4", loan_no=loan.loan_no).loan_no == loan.loan_no
    assert len(_all(world)) == 3
