"""Concurrent writers on one loan: no over-repayment, no duplicate event."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from services import loans
from services.errors import ServiceError
from tests.services.loans.conftest import ACTOR, Registry


def _race(count: int, action: Callable[[], object]) -> list[object]:
    """Run ``action`` in ``count`` threads started together; return results or raised errors."""
    barrier = threading.Barrier(count)
    results: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait(timeout=30)
        try:
            outcome: object = action()
        except ServiceError as exc:
            outcome = exc
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_repayments_cannot_exceed_the_principal(reg: Registry) -> None:
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "", principal_fen=1_000_000)
    counter = iter(range(100))

    def repay() -> object:
        data = loans.RepaymentCreate(
            paid_on=date(2026, 9, 1), principal_fen=600_000, idempotency_key=f"tx-{next(counter)}"
        )
        with reg.session() as s:
            return loans.record_repayment(loan.loan_no, data, session=s, clock=reg.clock, actor=ACTOR)

    results = _race(2, repay)
    failures = [r for r in results if isinstance(r, ServiceError)]
    assert len(results) == 2 and len(failures) == 1 and "exceeds" in failures[0].message
    with reg.session() as s:
        assert loans.get_loan(loan.loan_no, session=s).repaid_principal_fen == 600_000


def test_the_same_event_sent_twice_at_once_is_recorded_once(reg: Registry) -> None:
    with reg.session() as s:
        loan = reg.loan(s, reg.household(s).id_number or "")
    data = loans.EventCreate(
        loan_no=loan.loan_no, event_date=date(2026, 9, 1), amount_fen=700, idempotency_key="same"
    )

    def send() -> object:
        with reg.session() as s:
            return loans.record_event(
                loans.EventKind.RECOVERY_RECEIVED, data, session=s, clock=reg.clock, actor=ACTOR
            )

    results = _race(2, send)
    assert all(isinstance(r, loans.RecordedEvent) for r in results), results
    recorded = [r for r in results if isinstance(r, loans.RecordedEvent)]
    assert sorted(r.replayed for r in recorded) == [False, True]
    assert recorded[0].event == recorded[1].event
