"""Fund accounts: opening, contributions, balances and statements."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.db import immediate_transaction
from services.fund.results import AccountStatement, PostingKind, PostingResult
from services.fund.store import append_posting, find_account, find_replay, lock_account, posting_result
from services.fund.tables import FundAccount, FundCompensation, FundPosting
from services.fund.validation import fingerprint, require_fen, require_text


def open_account(bank_code: str, *, session: Session, clock: Clock, actor: str) -> AccountStatement:
    """Open the bank's fund account with a zero balance; an existing account is returned unchanged.

    Raises:
        ValidationFailed: A malformed bank code or actor.
    """
    bank_code = require_text("bank_code", bank_code, max_length=32)
    actor = require_text("actor", actor, max_length=128)
    immediate_transaction(session)
    if session.scalar(select(FundAccount.id).where(FundAccount.bank_code == bank_code)) is None:
        try:
            with session.begin_nested():
                session.add(
                    FundAccount(bank_code=bank_code, balance_fen=0, opened_at=clock.now(), opened_by=actor)
                )
                session.flush()
        except IntegrityError:
            pass  # opened concurrently by another request: the same outcome
        else:
            audit.record(
                session,
                clock=clock,
                actor=actor,
                action="fund.open_account",
                object_type="fund_account",
                object_id=bank_code,
            )
    return statement(bank_code, session=session)


def contribute(
    bank_code: str, amount_fen: int, idempotency_key: str, *, session: Session, clock: Clock, actor: str
) -> PostingResult:
    """Credit a contribution to the bank's fund account (recorded 5:5, odd fen to 瑞金).

    Replaying an idempotency key with the same arguments returns the first result and changes nothing.

    Raises:
        ValidationFailed: ``amount_fen`` is not a positive int, or a malformed key/code/actor.
        NotFound: The bank has no fund account.
        Conflict: The key was used for a different request.
    """
    bank_code = require_text("bank_code", bank_code, max_length=32)
    amount_fen = require_fen("amount_fen", amount_fen)
    key = require_text("idempotency_key", idempotency_key, max_length=200)
    actor = require_text("actor", actor, max_length=128)
    fp = fingerprint("contribute", bank_code=bank_code, amount_fen=amount_fen)
    account = lock_account(session, bank_code)
    replay = find_replay(session, key, fp)
    if replay is not None:
        return posting_result(replay, bank_code, replayed=True)
    posting = append_posting(
        session,
        account,
        kind=PostingKind.CONTRIBUTION,
        amount_fen=amount_fen,
        loan_no=None,
        idempotency_key=key,
        request_fingerprint=fp,
        at=clock.now(),
        actor=actor,
    )
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="fund.contribute",
        object_type="fund_account",
        object_id=bank_code,
        detail={"posting_id": posting.id, "amount_fen": amount_fen, "key": key},
    )
    return posting_result(posting, bank_code, replayed=False)


def balance(bank_code: str, *, session: Session) -> int:
    """The account's current balance in fen.

    Raises:
        NotFound: The bank has no fund account.
    """
    return find_account(session, bank_code).balance_fen


def _sum(session: Session, account_id: int, kind: PostingKind) -> int:
    stmt = select(func.coalesce(func.sum(FundPosting.amount_fen), 0)).where(
        FundPosting.account_id == account_id, FundPosting.kind == kind.value
    )
    return int(session.scalar(stmt) or 0)


def statement(bank_code: str, *, session: Session) -> AccountStatement:
    """Balance and totals of the bank's account.

    Raises:
        NotFound: The bank has no fund account.
    """
    account = find_account(session, bank_code)
    uncovered = session.scalar(
        select(func.coalesce(func.sum(FundCompensation.uncovered_fen), 0)).where(
            FundCompensation.account_id == account.id
        )
    )
    count = session.scalar(select(func.count()).where(FundPosting.account_id == account.id))
    return AccountStatement(
        bank_code=bank_code,
        balance_fen=account.balance_fen,
        contributed_fen=_sum(session, account.id, PostingKind.CONTRIBUTION),
        compensated_fen=-_sum(session, account.id, PostingKind.COMPENSATION),
        recovered_fen=_sum(session, account.id, PostingKind.RECOVERY),
        uncovered_loss_fen=int(uncovered or 0),
        postings=int(count or 0),
    )


def list_postings(bank_code: str, *, session: Session) -> list[PostingResult]:
    """The account's postings, oldest first.

    Raises:
        NotFound: The bank has no fund account.
    """
    account = find_account(session, bank_code)
    rows = session.scalars(
        select(FundPosting).where(FundPosting.account_id == account.id).order_by(FundPosting.id)
    )
    return [posting_result(p, bank_code, replayed=False) for p in rows]
