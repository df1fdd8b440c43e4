"""Ledger storage: locking an account, finding a replayed request, appending a posting.

Concurrency: every state change first takes the account lock — ``SELECT ... FOR UPDATE`` on
PostgreSQL, the database write lock (``BEGIN IMMEDIATE``) on SQLite — then checks the idempotency
key and computes from the locked balance. Two requests on one account therefore run one after the
other and the second sees the first's balance and key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.db import immediate_transaction
from services.errors import Conflict, NotFound
from services.fund.results import PostingKind, PostingResult
from services.fund.split import split_5_5
from services.fund.tables import FundAccount, FundPosting


def lock_account(session: Session, bank_code: str) -> FundAccount:
    """The account, locked for this transaction.

    Raises:
        NotFound: The bank has no fund account.
    """
    immediate_transaction(session)
    stmt = (
        select(FundAccount)
        .where(FundAccount.bank_code == bank_code)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    account = session.scalar(stmt)
    if account is None:
        raise NotFound(f"bank {bank_code!r} has no risk-fund account", bank_code=bank_code)
    return account


def find_account(session: Session, bank_code: str) -> FundAccount:
    """The account, unlocked (for reading).

    Raises:
        NotFound: The bank has no fund account.
    """
    account = session.scalar(select(FundAccount).where(FundAccount.bank_code == bank_code))
    if account is None:
        raise NotFound(f"bank {bank_code!r} has no risk-fund account", bank_code=bank_code)
    return account


def find_replay(session: Session, idempotency_key: str, request_fingerprint: str) -> FundPosting | None:
    """The posting an earlier identical request made with this key, if any.

    Raises:
        Conflict: The key was used for a different request.
    """
    posting = session.scalar(select(FundPosting).where(FundPosting.idempotency_key == idempotency_key))
    if posting is not None and posting.request_fingerprint != request_fingerprint:
        raise Conflict(
            f"idempotency key {idempotency_key!r} was already used for a different request "
            f"(posting {posting.id}); nothing was changed",
            idempotency_key=idempotency_key,
            posting_id=posting.id,
        )
    return posting


def append_posting(
    session: Session,
    account: FundAccount,
    *,
    kind: PostingKind,
    amount_fen: int,
    loan_no: str | None,
    idempotency_key: str,
    request_fingerprint: str,
    at: datetime,
    actor: str,
) -> FundPosting:
    """Append one posting to a locked account and move its balance.

    Raises:
        Conflict: The balance would go negative, or a concurrent request took the same key.
    """
    new_balance = account.balance_fen + amount_fen
    if new_balance < 0:
        raise Conflict(
            f"posting {amount_fen} fen would overdraw {account.bank_code}'s fund "
            f"(balance {account.balance_fen} fen)",
            bank_code=account.bank_code,
        )
    ganzhou, ruijin = split_5_5(amount_fen)
    posting = FundPosting(
        account_id=account.id,
        kind=kind.value,
        amount_fen=amount_fen,
        ganzhou_fen=ganzhou,
        ruijin_fen=ruijin,
        balance_after_fen=new_balance,
        loan_no=loan_no,
        idempotency_key=idempotency_key,
        request_fingerprint=request_fingerprint,
        created_at=at,
        actor=actor,
    )
    try:
        with session.begin_nested():
            session.add(posting)
            account.balance_fen = new_balance
            session.flush()
    except IntegrityError as exc:
        # Only a concurrent request on another account can get here with the same key first.
        raise Conflict(
            f"idempotency key {idempotency_key!r} was taken by a concurrent request; nothing was changed",
            idempotency_key=idempotency_key,
        ) from exc
    return posting


def posting_result(posting: FundPosting, bank_code: str, *, replayed: bool) -> PostingResult:
    """The public view of a posting."""
    return PostingResult(
        posting_id=posting.id,
        bank_code=bank_code,
        kind=PostingKind(posting.kind),
        amount_fen=posting.amount_fen,
        ganzhou_fen=posting.ganzhou_fen,
        ruijin_fen=posting.ruijin_fen,
        balance_after_fen=posting.balance_after_fen,
        loan_no=posting.loan_no,
        replayed=replayed,
    )
