"""Compensations and the recoveries credited back after them (第二十条, 第二十一条)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.errors import Conflict, NotFound, ValidationFailed
from services.fund.results import CompensationResult, PostingKind, PostingResult
from services.fund.store import append_posting, find_replay, lock_account, posting_result
from services.fund.tables import FundAccount, FundCompensation, FundPosting
from services.fund.validation import fingerprint, require_fen, require_text


def _result(session: Session, posting: FundPosting, bank_code: str, *, replayed: bool) -> CompensationResult:
    record = session.scalar(select(FundCompensation).where(FundCompensation.posting_id == posting.id))
    assert record is not None, f"COMPENSATION posting {posting.id} has no compensation record"
    return CompensationResult(
        paid_fen=record.paid_fen,
        uncovered_fen=record.uncovered_fen,
        ganzhou_share_fen=-posting.ganzhou_fen,
        ruijin_share_fen=-posting.ruijin_fen,
        posting_id=posting.id,
        replayed=replayed,
        claimed_fen=record.claimed_fen,
        balance_after_fen=posting.balance_after_fen,
        bank_code=bank_code,
        loan_no=record.loan_no,
    )


def _claim(principal_loss_fen: int, interest_loss_fen: int, earlier_recoveries_fen: int) -> int:
    principal = require_fen("principal_loss_fen", principal_loss_fen, allow_zero=True)
    interest = require_fen("interest_loss_fen", interest_loss_fen, allow_zero=True)
    earlier = require_fen("earlier_recoveries_fen", earlier_recoveries_fen, allow_zero=True)
    claimed = principal + interest - earlier
    if claimed <= 0:
        raise ValidationFailed(
            f"nothing to compensate: principal {principal} + in-term interest {interest} − earlier "
            f"recoveries {earlier} = {claimed} fen",
            field="earlier_recoveries_fen",
        )
    return claimed


def _refuse_second_compensation(session: Session, account: FundAccount, loan_no: str) -> None:
    earlier = session.scalar(
        select(FundCompensation).where(
            FundCompensation.account_id == account.id, FundCompensation.loan_no == loan_no
        )
    )
    if earlier is not None:
        raise Conflict(
            f"loan {loan_no!r} of bank {account.bank_code!r} was already compensated "
            f"(posting {earlier.posting_id}); nothing was changed",
            loan_no=loan_no,
            posting_id=earlier.posting_id,
        )


def compensate(
    bank_code: str,
    loan_no: str,
    principal_loss_fen: int,
    interest_loss_fen: int,
    earlier_recoveries_fen: int,
    idempotency_key: str,
    *,
    approved_fen: int | None = None,
    session: Session,
    clock: Clock,
    actor: str,
) -> CompensationResult:
    """Pay a loan's loss out of the bank's fund account.

    The claim is principal loss + in-term interest loss (no penalty interest) − earlier recoveries;
    the fund pays it up to its balance and the rest is recorded as the bank's uncovered loss. The
    payment is borne 5:5 by 赣州市 and 瑞金市 finance, the odd fen by 瑞金. A loan is compensated once.
    ``approved_fen`` is the amount the prefecture's re-review confirmed (第二十条): the claim is
    capped at it, and it may not exceed the loss.
    Replaying an idempotency key with the same arguments returns the first result, changing nothing.

    Raises:
        ValidationFailed: An amount is not an int ≥ 0, the claim is not positive, or a malformed text.
        NotFound: The bank has no fund account.
        Conflict: The key was used for a different request, or the loan was already compensated.
    """
    bank_code = require_text("bank_code", bank_code, max_length=32)
    loan_no = require_text("loan_no", loan_no, max_length=64)
    claimed = _claim(principal_loss_fen, interest_loss_fen, earlier_recoveries_fen)
    if approved_fen is not None:
        approved_fen = require_fen("approved_fen", approved_fen)
        if approved_fen > claimed:
            raise ValidationFailed(
                f"approved amount {approved_fen} fen exceeds the loss of {claimed} fen "
                "(principal + in-term interest − earlier recoveries)",
                field="approved_fen",
            )
        claimed = approved_fen
    key = require_text("idempotency_key", idempotency_key, max_length=200)
    actor = require_text("actor", actor, max_length=128)
    fp = fingerprint(
        "compensate",
        bank_code=bank_code,
        loan_no=loan_no,
        principal_loss_fen=principal_loss_fen,
        interest_loss_fen=interest_loss_fen,
        earlier_recoveries_fen=earlier_recoveries_fen,
        **({} if approved_fen is None else {"approved_fen": approved_fen}),
    )
    account = lock_account(session, bank_code)
    replay = find_replay(session, key, fp)
    if replay is not None:
        return _result(session, replay, bank_code, replayed=True)
    _refuse_second_compensation(session, account, loan_no)
    paid = min(claimed, account.balance_fen)
    at = clock.now()
    posting = append_posting(
        session,
        account,
        kind=PostingKind.COMPENSATION,
        amount_fen=-paid,
        loan_no=loan_no,
        idempotency_key=key,
        request_fingerprint=fp,
        at=at,
        actor=actor,
    )
    session.add(
        FundCompensation(
            posting_id=posting.id,
            account_id=account.id,
            loan_no=loan_no,
            principal_loss_fen=principal_loss_fen,
            interest_loss_fen=interest_loss_fen,
            earlier_recoveries_fen=earlier_recoveries_fen,
            claimed_fen=claimed,
            paid_fen=paid,
            uncovered_fen=claimed - paid,
            created_at=at,
        )
    )
    session.flush()
    result = _result(session, posting, bank_code, replayed=False)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="fund.compensate",
        object_type="fund_account",
        object_id=bank_code,
        detail={
            "posting_id": posting.id,
            "loan_no": loan_no,
            "claimed_fen": claimed,
            "paid_fen": paid,
            "uncovered_fen": claimed - paid,
            "key": key,
        },
    )
    return result


def _recoverable(session: Session, account: FundAccount, loan_no: str) -> int:
    paid = session.scalar(
        select(FundCompensation.paid_fen).where(
            FundCompensation.account_id == account.id, FundCompensation.loan_no == loan_no
        )
    )
    if paid is None:
        raise Conflict(
            f"loan {loan_no!r} was never compensated from bank {account.bank_code!r}'s fund: "
            "a recovery before compensation is deducted from the claim instead",
            loan_no=loan_no,
        )
    credited = session.scalar(
        select(func.coalesce(func.sum(FundPosting.amount_fen), 0)).where(
            FundPosting.account_id == account.id,
            FundPosting.loan_no == loan_no,
            FundPosting.kind == PostingKind.RECOVERY.value,
        )
    )
    return paid - int(credited or 0)


def recovery_position(bank_code: str, loan_no: str, *, session: Session) -> tuple[int, int]:
    """What the fund paid for ``loan_no`` and what has been credited back since, in fen.

    Raises:
        NotFound: The bank has no fund account.
        Conflict: The loan was never compensated from this bank's fund.
    """
    account = session.scalar(select(FundAccount).where(FundAccount.bank_code == bank_code))
    if account is None:
        raise NotFound(f"bank {bank_code!r} has no risk-fund account", bank_code=bank_code)
    outstanding = _recoverable(session, account, loan_no)
    paid = session.scalar(
        select(FundCompensation.paid_fen).where(
            FundCompensation.account_id == account.id, FundCompensation.loan_no == loan_no
        )
    )
    return int(paid or 0), int(paid or 0) - outstanding


def record_recovery(
    bank_code: str,
    loan_no: str,
    amount_fen: int,
    idempotency_key: str,
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> PostingResult:
    """Credit money recovered on a compensated loan back to the bank's fund account, split 5:5.

    The fund gets back at most what it paid for the loan; anything recovered beyond that is the
    bank's, against its uncovered loss. Replaying a key with the same arguments changes nothing.

    Raises:
        ValidationFailed: ``amount_fen`` is not a positive int, or a malformed text.
        NotFound: The bank has no fund account.
        Conflict: The key was used for a different request, the loan was never compensated, or the
            amount exceeds what the fund paid for it less the recoveries already credited.
    """
    bank_code = require_text("bank_code", bank_code, max_length=32)
    loan_no = require_text("loan_no", loan_no, max_length=64)
    amount_fen = require_fen("amount_fen", amount_fen)
    key = require_text("idempotency_key", idempotency_key, max_length=200)
    actor = require_text("actor", actor, max_length=128)
    fp = fingerprint("record_recovery", bank_code=bank_code, loan_no=loan_no, amount_fen=amount_fen)
    account = lock_account(session, bank_code)
    replay = find_replay(session, key, fp)
    if replay is not None:
        return posting_result(replay, bank_code, replayed=True)
    open_fen = _recoverable(session, account, loan_no)
    if amount_fen > open_fen:
        raise Conflict(
            f"recovery of {amount_fen} fen on loan {loan_no!r} exceeds what the fund still has to "
            f"get back ({open_fen} fen); nothing was changed",
            loan_no=loan_no,
            recoverable_fen=open_fen,
        )
    posting = append_posting(
        session,
        account,
        kind=PostingKind.RECOVERY,
        amount_fen=amount_fen,
        loan_no=loan_no,
        idempotency_key=key,
        request_fingerprint=fp,
        at=clock.now(),
        actor=actor,
    )
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="fund.record_recovery",
        object_type="fund_account",
        object_id=bank_code,
        detail={"posting_id": posting.id, "loan_no": loan_no, "amount_fen": amount_fen, "key": key},
    )
    return posting_result(posting, bank_code, replayed=False)


@dataclass(frozen=True)
class RecoveryCredit:
    """How a recovered amount was shared out: the fund takes back at most what it paid."""

    to_fund_fen: int
    to_bank_fen: int
    total_credited_fen: int
    """Everything credited back to the fund for this loan so far, this credit included."""
    posting_id: int | None
    replayed: bool


def credit_recovery(
    bank_code: str,
    loan_no: str,
    recovered_fen: int,
    idempotency_key: str,
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> RecoveryCredit:
    """Credit a recovery on a compensated loan back to the fund, up to what the fund paid for it.

    Whatever the fund cannot take back is the bank's, against its uncovered loss (第二十一条).
    Replaying the key returns the first outcome, even after later recoveries changed the position.

    Raises:
        NotFound, Conflict: as :func:`record_recovery`; ValidationFailed for a non-positive amount.
    """
    recovered_fen = require_fen("recovered_fen", recovered_fen)
    key = require_text("idempotency_key", idempotency_key, max_length=200)
    earlier = session.scalar(select(FundPosting).where(FundPosting.idempotency_key == key))
    paid, credited = recovery_position(bank_code, loan_no, session=session)
    if earlier is not None:
        if earlier.loan_no != loan_no or earlier.kind != PostingKind.RECOVERY.value:
            raise Conflict(
                f"idempotency key {key!r} was already used for another posting", idempotency_key=key
            )
        return RecoveryCredit(
            earlier.amount_fen, recovered_fen - earlier.amount_fen, credited, earlier.id, replayed=True
        )
    to_fund = min(recovered_fen, paid - credited)
    if to_fund == 0:
        return RecoveryCredit(0, recovered_fen, credited, None, replayed=False)
    posting = record_recovery(bank_code, loan_no, to_fund, key, session=session, clock=clock, actor=actor)
    return RecoveryCredit(to_fund, recovered_fen - to_fund, credited + to_fund, posting.posting_id, False)
