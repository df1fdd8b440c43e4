"""Property-based tests of the ledger invariants (hypothesis).

Each example runs a random sequence of contributions, compensations, recoveries and replays on a
fresh account of a migrated database, every call in its own transaction, and checks it against a
plain arithmetic model: no negative balance, postings sum to the balance, replays change nothing,
exact 5:5 split, compensation capped at the balance.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services import fund
from services.clock import FixedClock
from services.db import Database
from services.errors import Conflict
from tests.conftest import BACKENDS, _pg_database

_banks = itertools.count()


@settings(max_examples=2000, deadline=None)
@given(amount=st.integers(min_value=-(10**15), max_value=10**15))
def test_split_is_exact_and_the_odd_fen_goes_to_ruijin(amount: int) -> None:
    ganzhou, ruijin = fund.split_5_5(amount)
    assert ganzhou + ruijin == amount
    assert 0 <= abs(ruijin) - abs(ganzhou) <= 1
    assert abs(ruijin) - abs(ganzhou) == abs(amount) % 2
    assert ganzhou * amount >= 0 and ruijin * amount >= 0


CONTRIBUTE = st.tuples(st.just("contribute"), st.integers(1, 2_000_000))
COMPENSATE = st.tuples(
    st.just("compensate"), st.integers(0, 1_500_000), st.integers(0, 100_000), st.integers(0, 200_000)
)
RECOVER = st.tuples(st.just("recover"), st.integers(0, 20), st.integers(1, 1_000_000))
REPLAY = st.tuples(st.just("replay"), st.integers(0, 20))
OPS = st.lists(st.one_of(CONTRIBUTE, COMPENSATE, RECOVER, REPLAY), min_size=1, max_size=12)


@dataclass
class Model:
    """What the ledger should hold, by plain arithmetic."""

    balance: int = 0
    paid: dict[str, int] = field(default_factory=dict)
    recovered: dict[str, int] = field(default_factory=dict)
    done: list[tuple[Any, ...]] = field(default_factory=list)  # (call args, result) of successful calls


def _check_posting(result: fund.PostingResult | fund.CompensationResult) -> None:
    if isinstance(result, fund.CompensationResult):
        g, r, amount = result.ganzhou_share_fen, result.ruijin_share_fen, result.paid_fen
    else:
        g, r, amount = result.ganzhou_fen, result.ruijin_fen, result.amount_fen
    assert g + r == amount and 0 <= r - g <= 1 and r - g == amount % 2


class Scenario:
    def __init__(self, db: Database, clock: FixedClock) -> None:
        self.db, self.kw = db, {"clock": clock, "actor": "prop"}
        self.bank = f"P{next(_banks)}"
        with db.session() as s:
            fund.open_account(self.bank, session=s, **self.kw)
        self.model = Model()

    def call(self, name: str, *args: Any) -> Any:
        with self.db.session() as s:
            return getattr(fund, name)(self.bank, *args, session=s, **self.kw)

    def contribute(self, amount: int) -> None:
        key = f"{self.bank}-c{len(self.model.done)}-{amount}"
        result = self.call("contribute", amount, key)
        self.model.balance += amount
        assert result.balance_after_fen == self.model.balance
        self.model.done.append((("contribute", amount, key), result))

    def compensate(self, principal: int, interest: int, earlier: int) -> None:
        claim, loan = principal + interest - earlier, f"L{len(self.model.paid)}"
        if claim <= 0:
            return
        key = f"{self.bank}-{loan}"
        result = self.call("compensate", loan, principal, interest, earlier, key)
        expected_paid = min(claim, self.model.balance)  # the cap
        assert (result.paid_fen, result.uncovered_fen) == (expected_paid, claim - expected_paid)
        self.model.balance -= expected_paid
        self.model.paid[loan], self.model.recovered[loan] = expected_paid, 0
        self.model.done.append((("compensate", loan, principal, interest, earlier, key), result))

    def recover(self, loan_index: int, amount: int) -> None:
        if not self.model.paid:
            return
        loan = sorted(self.model.paid)[loan_index % len(self.model.paid)]
        key = f"{self.bank}-r{len(self.model.done)}"
        open_fen = self.model.paid[loan] - self.model.recovered[loan]
        if amount > open_fen:
            with pytest.raises(Conflict):
                self.call("record_recovery", loan, amount, key)
            return
        result = self.call("record_recovery", loan, amount, key)
        self.model.balance += amount
        self.model.recovered[loan] += amount
        self.model.done.append((("record_recovery", loan, amount, key), result))

    def replay(self, index: int) -> None:
        if not self.model.done:
            return
        (name, *args), first = self.model.done[index % len(self.model.done)]
        again = self.call(name, *args)
        assert again == replace(first, replayed=True)

    def check(self) -> None:
        with self.db.session() as s:
            postings = fund.list_postings(self.bank, session=s)
            balance = fund.balance(self.bank, session=s)
        assert balance == self.model.balance >= 0
        assert sum(p.amount_fen for p in postings) == balance
        assert len(postings) == len(self.model.done)
        for _, result in self.model.done:
            _check_posting(result)


def _run_sequence(db: Database, clock: FixedClock, ops: list[tuple[Any, ...]]) -> None:
    scenario = Scenario(db, clock)  # a fresh account per example
    for name, *args in ops:
        getattr(scenario, name)(*args)
        scenario.check()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'props.db'}")
    yield database
    database.dispose()


@pytest.fixture
def pg_db() -> Iterator[Database]:
    if "postgresql" not in BACKENDS:
        pytest.skip("PostgreSQL is not among XDT_TEST_BACKENDS")
    for url in _pg_database():
        database = Database(url)
        yield database
        database.dispose()


# One database per test, a fresh account per example: the fixture is shared on purpose.
_SHARED_DB = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=100, deadline=None, suppress_health_check=_SHARED_DB)
@given(ops=OPS)
def test_ledger_invariants_on_sqlite(
    sqlite_db: Database, clock: FixedClock, ops: list[tuple[Any, ...]]
) -> None:
    _run_sequence(sqlite_db, clock, ops)
    with sqlite_db.session() as s:
        assert fund.reconcile(s) == []


@settings(max_examples=30, deadline=None, suppress_health_check=_SHARED_DB)
@given(ops=OPS)
def test_ledger_invariants_on_postgresql(
    pg_db: Database, clock: FixedClock, ops: list[tuple[Any, ...]]
) -> None:
    _run_sequence(pg_db, clock, ops)
    with pg_db.session() as s:
        assert fund.reconcile(s) == []
