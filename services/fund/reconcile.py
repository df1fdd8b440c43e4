"""Recompute every balance from the postings and report where the ledger does not add up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.fund.results import Discrepancy
from services.fund.split import split_5_5
from services.fund.tables import FundAccount, FundCompensation, FundPosting


def _posting_checks(bank_code: str, posting: FundPosting, running: int) -> list[Discrepancy]:
    found = []
    if posting.balance_after_fen != running:
        found.append(
            Discrepancy(bank_code, "running_balance", running, posting.balance_after_fen, posting.id)
        )
    expected_ruijin = split_5_5(posting.amount_fen)[1]
    if (
        posting.ruijin_fen != expected_ruijin
        or posting.ganzhou_fen + posting.ruijin_fen != posting.amount_fen
    ):
        found.append(Discrepancy(bank_code, "split", expected_ruijin, posting.ruijin_fen, posting.id))
    return found


def _account_checks(session: Session, account: FundAccount, paid: dict[int, int]) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    running = 0
    stmt = select(FundPosting).where(FundPosting.account_id == account.id).order_by(FundPosting.id)
    for posting in session.scalars(stmt):
        running += posting.amount_fen
        found += _posting_checks(account.bank_code, posting, running)
        if posting.id in paid and paid[posting.id] != -posting.amount_fen:
            found.append(
                Discrepancy(
                    account.bank_code, "compensation", -posting.amount_fen, paid[posting.id], posting.id
                )
            )
    if running != account.balance_fen:
        found.append(Discrepancy(account.bank_code, "balance", running, account.balance_fen))
    return found


def reconcile(session: Session) -> list[Discrepancy]:
    """Every discrepancy between the postings and the stored balances, shares and compensations.

    An empty list means the ledger reconciles.
    """
    rows = session.execute(select(FundCompensation.posting_id, FundCompensation.paid_fen))
    paid = {int(posting_id): int(paid_fen) for posting_id, paid_fen in rows}
    found: list[Discrepancy] = []
    for account in session.scalars(select(FundAccount).order_by(FundAccount.bank_code)):
        found += _account_checks(session, account, paid)
    return found
