"""The fund ledger's rules through its public functions, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from services import audit, fund
from services.clock import FixedClock
from services.db import Database
from services.errors import Conflict, NotFound, ValidationFailed
from services.fund.tables import FundPosting


@pytest.fixture
def kw(clock: FixedClock) -> dict[str, Any]:
    return {"clock": clock, "actor": "finance/wang"}


@pytest.fixture
def funded(db: Database, kw: dict[str, Any]) -> Database:
    """Bank GZRCB with 1 000 001 fen in its fund."""
    with db.session() as s:
        fund.open_account("GZRCB", session=s, **kw)
        fund.contribute("GZRCB", 1_000_001, "seed", session=s, **kw)
    return db


def _posting_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(FundPosting)) or 0)


def test_open_account_is_idempotent(db: Database, kw: dict[str, Any]) -> None:
    with db.session() as s:
        first = fund.open_account("BOC-RJ", session=s, **kw)
        again = fund.open_account("BOC-RJ", session=s, **kw)
    assert first == again and first.balance_fen == 0
    with db.session() as s:
        assert len(audit.entries_for(s, object_type="fund_account", object_id="BOC-RJ")) == 1


def test_contribution_is_split_with_the_odd_fen_to_ruijin(funded: Database) -> None:
    with funded.session() as s:
        [posting] = fund.list_postings("GZRCB", session=s)
    assert (posting.amount_fen, posting.ganzhou_fen, posting.ruijin_fen) == (1_000_001, 500_000, 500_001)
    assert posting.kind is fund.PostingKind.CONTRIBUTION


def test_compensation_pays_principal_plus_interest_minus_earlier_recoveries(
    funded: Database, kw: dict[str, Any]
) -> None:
    with funded.session() as s:
        result = fund.compensate("GZRCB", "L-1", 600_000, 30_001, 100_000, "comp-L-1", session=s, **kw)
    assert (result.claimed_fen, result.paid_fen, result.uncovered_fen, result.capped) == (
        530_001,
        530_001,
        0,
        False,
    )
    assert (result.ganzhou_share_fen, result.ruijin_share_fen) == (265_000, 265_001)
    with funded.session() as s:
        assert fund.balance("GZRCB", session=s) == 1_000_001 - 530_001


def test_the_approved_amount_caps_the_claim(funded: Database, kw: dict[str, Any]) -> None:
    with funded.session() as s:
        result = fund.compensate(
            "GZRCB", "L-9", 600_000, 30_001, 100_000, "comp-L-9", approved_fen=500_000, session=s, **kw
        )
    assert (result.claimed_fen, result.paid_fen, result.uncovered_fen) == (500_000, 500_000, 0)
    with funded.session() as s, pytest.raises(ValidationFailed, match="exceeds the loss"):
        fund.compensate("GZRCB", "L-10", 1_000, 0, 0, "comp-L-10", approved_fen=1_001, session=s, **kw)


def test_compensation_is_capped_at_the_balance_and_the_rest_recorded(
    funded: Database, kw: dict[str, Any]
) -> None:
    with funded.session() as s:
        result = fund.compensate("GZRCB", "L-2", 1_500_000, 0, 0, "comp-L-2", session=s, **kw)
        stmt = fund.statement("GZRCB", session=s)
    assert (result.paid_fen, result.uncovered_fen, result.capped, result.balance_after_fen) == (
        1_000_001,
        499_999,
        True,
        0,
    )
    assert (stmt.balance_fen, stmt.compensated_fen, stmt.uncovered_loss_fen) == (0, 1_000_001, 499_999)


def test_an_empty_fund_pays_nothing_and_records_the_whole_loss(db: Database, kw: dict[str, Any]) -> None:
    with db.session() as s:
        fund.open_account("EMPTY", session=s, **kw)
        result = fund.compensate("EMPTY", "L-3", 10_000, 500, 0, "comp-L-3", session=s, **kw)
    assert (result.paid_fen, result.uncovered_fen, result.ganzhou_share_fen, result.ruijin_share_fen) == (
        0,
        10_500,
        0,
        0,
    )


def test_replay_returns_the_first_result_and_changes_nothing(funded: Database, kw: dict[str, Any]) -> None:
    with funded.session() as s:
        first = fund.compensate("GZRCB", "L-4", 400_000, 1, 0, "comp-L-4", session=s, **kw)
    postings, entries = _posting_count(funded), None
    with funded.session() as s:
        entries = len(audit.entries_for(s, object_type="fund_account", object_id="GZRCB"))
        again = fund.compensate("GZRCB", "L-4", 400_000, 1, 0, "comp-L-4", session=s, **kw)
        assert len(audit.entries_for(s, object_type="fund_account", object_id="GZRCB")) == entries
        assert fund.balance("GZRCB", session=s) == first.balance_after_fen
    assert again.replayed and not first.replayed
    assert {**again.__dict__, "replayed": False} == first.__dict__
    assert _posting_count(funded) == postings


@pytest.mark.parametrize(
    "call",
    [
        lambda s, kw: fund.compensate("GZRCB", "L-5", 400_000, 2, 0, "key-5", session=s, **kw),
        lambda s, kw: fund.contribute("GZRCB", 10, "key-5", session=s, **kw),
        lambda s, kw: fund.compensate("GZRCB", "L-6", 400_000, 1, 0, "key-5", session=s, **kw),
    ],
)
def test_reusing_a_key_for_a_different_request_is_a_conflict(
    funded: Database, kw: dict[str, Any], call: Any
) -> None:
    with funded.session() as s:
        fund.compensate("GZRCB", "L-5", 400_000, 1, 0, "key-5", session=s, **kw)
    before = _posting_count(funded)
    with pytest.raises(Conflict, match="'key-5'") as exc, funded.session() as s:
        call(s, kw)
    assert exc.value.fields["idempotency_key"] == "key-5"
    assert _posting_count(funded) == before


def test_a_loan_is_compensated_once(funded: Database, kw: dict[str, Any]) -> None:
    with funded.session() as s:
        fund.compensate("GZRCB", "L-7", 1_000, 0, 0, "first", session=s, **kw)
    with pytest.raises(Conflict, match="already compensated"), funded.session() as s:
        fund.compensate("GZRCB", "L-7", 1_000, 0, 0, "second", session=s, **kw)


def test_recoveries_go_back_split_and_at_most_what_was_paid(funded: Database, kw: dict[str, Any]) -> None:
    with funded.session() as s:
        fund.compensate("GZRCB", "L-8", 1_000, 1, 0, "comp-L-8", session=s, **kw)
        rec = fund.record_recovery("GZRCB", "L-8", 601, "rec-1", session=s, **kw)
    assert (rec.amount_fen, rec.ganzhou_fen, rec.ruijin_fen, rec.kind) == (
        601,
        300,
        301,
        fund.PostingKind.RECOVERY,
    )
    with pytest.raises(Conflict, match=r"\(400 fen\)") as exc, funded.session() as s:
        fund.record_recovery("GZRCB", "L-8", 401, "rec-2", session=s, **kw)
    assert exc.value.fields["recoverable_fen"] == 400
    with funded.session() as s:
        fund.record_recovery("GZRCB", "L-8", 400, "rec-3", session=s, **kw)
        assert fund.statement("GZRCB", session=s).recovered_fen == 1_001


def test_a_recovery_needs_a_compensated_loan(funded: Database, kw: dict[str, Any]) -> None:
    with pytest.raises(Conflict, match="never compensated"), funded.session() as s:
        fund.record_recovery("GZRCB", "L-none", 100, "rec-x", session=s, **kw)


BAD_AMOUNTS = [0, -1, 1.5, 100.0, Decimal("1.00"), "100", True, None, 10**16]


@pytest.mark.parametrize("amount", BAD_AMOUNTS, ids=repr)
def test_amounts_must_be_positive_whole_fen(funded: Database, kw: dict[str, Any], amount: Any) -> None:
    before = _posting_count(funded)
    with pytest.raises(ValidationFailed, match="amount_fen") as exc, funded.session() as s:
        fund.contribute("GZRCB", amount, "bad", session=s, **kw)
    assert exc.value.fields["field"] == "amount_fen"
    with pytest.raises(ValidationFailed, match="amount_fen"), funded.session() as s:
        fund.record_recovery("GZRCB", "L-1", amount, "bad", session=s, **kw)
    assert _posting_count(funded) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1, 0, 0), "principal_loss_fen"),
        ((1.0, 0, 0), "principal_loss_fen"),
        ((100, -5, 0), "interest_loss_fen"),
        ((100, 0, 0.5), "earlier_recoveries_fen"),
        ((100, 0, 100), "earlier_recoveries_fen"),
        ((0, 0, 0), "earlier_recoveries_fen"),
    ],
)
def test_compensation_inputs_are_checked(
    funded: Database, kw: dict[str, Any], args: tuple[Any, ...], field: str
) -> None:
    with pytest.raises(ValidationFailed) as exc, funded.session() as s:
        fund.compensate("GZRCB", "L-9", *args, "bad-comp", session=s, **kw)
    assert exc.value.fields["field"] == field


def test_unknown_bank_and_bad_texts(db: Database, kw: dict[str, Any]) -> None:
    with pytest.raises(NotFound, match="NOPE"), db.session() as s:
        fund.contribute("NOPE", 1, "k", session=s, **kw)
    with pytest.raises(NotFound), db.session() as s:
        fund.balance("NOPE", session=s)
    for bad in ["", " X", "X" * 33, 7]:
        with pytest.raises(ValidationFailed, match="bank_code"), db.session() as s:
            fund.open_account(bad, session=s, **kw)
    with pytest.raises(ValidationFailed, match="actor"), db.session() as s:
        fund.open_account("OK", session=s, clock=kw["clock"], actor="")


def test_every_change_is_audited(funded: Database, kw: dict[str, Any]) -> None:
    with funded.session() as s:
        fund.compensate("GZRCB", "L-10", 5_000, 0, 0, "comp-L-10", session=s, **kw)
        fund.record_recovery("GZRCB", "L-10", 5_000, "rec-L-10", session=s, **kw)
        actions = [e.action for e in audit.entries_for(s, object_type="fund_account", object_id="GZRCB")]
    assert actions == ["fund.open_account", "fund.contribute", "fund.compensate", "fund.record_recovery"]


def test_postings_are_append_only(funded: Database) -> None:
    for statement in ("UPDATE fund_postings SET amount_fen = 1", "DELETE FROM fund_postings"):
        with pytest.raises(DBAPIError, match="append-only"), funded.session() as s:
            s.execute(text(statement))
    assert _posting_count(funded) == 1


def test_reconcile_finds_a_tampered_balance(funded: Database, kw: dict[str, Any]) -> None:
    with funded.session() as s:
        fund.compensate("GZRCB", "L-11", 1_000, 0, 0, "comp-L-11", session=s, **kw)
        assert fund.reconcile(s) == []
        s.execute(text("UPDATE fund_accounts SET balance_fen = balance_fen + 7 WHERE bank_code = 'GZRCB'"))
        [found] = fund.reconcile(s)
    assert (found.bank_code, found.check, found.expected_fen, found.actual_fen) == (
        "GZRCB",
        "balance",
        999_001,
        999_008,
    )
    assert "difference 7" in str(found)


def test_a_recovery_credit_gives_the_fund_at_most_what_it_paid(funded: Database, kw: dict[str, Any]) -> None:
    with funded.session() as s:
        fund.compensate("GZRCB", "L-20", 300_000, 0, 0, "comp-L-20", session=s, **kw)
    with funded.session() as s:
        first = fund.credit_recovery("GZRCB", "L-20", 200_000, "rec-1", session=s, **kw)
    with funded.session() as s:
        second = fund.credit_recovery("GZRCB", "L-20", 150_000, "rec-2", session=s, **kw)
    with funded.session() as s:
        third = fund.credit_recovery("GZRCB", "L-20", 10_000, "rec-3", session=s, **kw)
    with funded.session() as s:
        replay = fund.credit_recovery("GZRCB", "L-20", 200_000, "rec-1", session=s, **kw)
    assert (first.to_fund_fen, first.to_bank_fen, first.total_credited_fen) == (200_000, 0, 200_000)
    assert (second.to_fund_fen, second.to_bank_fen, second.total_credited_fen) == (100_000, 50_000, 300_000)
    assert (third.to_fund_fen, third.to_bank_fen, third.posting_id) == (0, 10_000, None)
    assert (replay.to_fund_fen, replay.replayed, replay.posting_id) == (200_000, True, first.posting_id)
    with funded.session() as s:
        assert fund.balance("GZRCB", session=s) == 1_000_001
