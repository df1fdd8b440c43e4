"""Concurrent requests against one account, each in its own thread and session, on both backends."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from services import fund
from services.clock import FixedClock
from services.db import Database

T = TypeVar("T")


def _race(db: Database, calls: list[Callable[[Session], T]]) -> list[T]:
    """Run each call in its own thread and transaction, released together."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[Session], T]) -> T:
        barrier.wait(timeout=30)
        with db.session() as s:
            return call(s)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result(timeout=60) for f in [pool.submit(run, c) for c in calls]]


def test_two_concurrent_compensations_cannot_overdraw(db: Database, clock: FixedClock) -> None:
    kw: dict[str, Any] = {"clock": clock, "actor": "bank/li"}
    for round_no in range(3):
        bank = f"B{round_no}"
        with db.session() as s:
            fund.open_account(bank, session=s, **kw)
            fund.contribute(bank, 1_000, f"{bank}-seed", session=s, **kw)
        results = _race(
            db,
            [
                lambda s, b=bank: fund.compensate(b, "L-A", 700, 0, 0, f"{b}-A", session=s, **kw),
                lambda s, b=bank: fund.compensate(b, "L-B", 700, 0, 0, f"{b}-B", session=s, **kw),
            ],
        )
        first, second = sorted(results, key=lambda r: r.posting_id)
        assert (first.paid_fen, first.capped) == (700, False)
        assert (second.paid_fen, second.uncovered_fen, second.capped) == (300, 400, True)
        with db.session() as s:
            assert fund.balance(bank, session=s) == 0
    with db.session() as s:
        assert fund.reconcile(s) == []


def test_a_key_replayed_concurrently_posts_once(db: Database, clock: FixedClock) -> None:
    kw: dict[str, Any] = {"clock": clock, "actor": "finance/wang"}
    with db.session() as s:
        fund.open_account("GZRCB", session=s, **kw)
    results = _race(db, [lambda s: fund.contribute("GZRCB", 500, "same-key", session=s, **kw)] * 3)
    assert sorted(r.replayed for r in results) == [False, True, True]
    assert len({r.posting_id for r in results}) == 1
    with db.session() as s:
        assert fund.balance("GZRCB", session=s) == 500


def test_concurrent_opening_gives_one_account(db: Database, clock: FixedClock) -> None:
    kw: dict[str, Any] = {"clock": clock, "actor": "finance/wang"}
    results = _race(db, [lambda s: fund.open_account("NEW", session=s, **kw)] * 2)
    assert results[0] == results[1]
