"""Risk-fund ledger over HTTP. Amounts are integer fen; a float is refused with 422."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from services import fund
from services.api.deps import ActorDep, ClockDep, SessionDep

router = APIRouter(prefix="/api/fund", tags=["fund"])

Fen = Annotated[StrictInt, Field(description="Whole fen (100 fen = 1 yuan).")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AccountCreate(_Strict):
    bank_code: str


class ContributionCreate(_Strict):
    amount_fen: Fen
    idempotency_key: str


class CompensationCreate(_Strict):
    loan_no: str
    principal_loss_fen: Fen
    interest_loss_fen: Fen
    earlier_recoveries_fen: Fen = 0
    idempotency_key: str


class RecoveryCreate(_Strict):
    loan_no: str
    amount_fen: Fen
    idempotency_key: str


@router.post("/accounts")
def open_account(
    body: AccountCreate, session: SessionDep, clock: ClockDep, actor: ActorDep
) -> dict[str, Any]:
    """Open a bank's fund account (returns the existing one unchanged)."""
    return asdict(fund.open_account(body.bank_code, session=session, clock=clock, actor=actor))


@router.get("/accounts/{bank_code}")
def statement(bank_code: str, session: SessionDep) -> dict[str, Any]:
    """Balance and totals of a bank's fund account."""
    return asdict(fund.statement(bank_code, session=session))


@router.get("/accounts/{bank_code}/postings")
def postings(bank_code: str, session: SessionDep) -> list[dict[str, Any]]:
    """The account's postings, oldest first."""
    return [asdict(p) for p in fund.list_postings(bank_code, session=session)]


@router.post("/accounts/{bank_code}/contributions")
def contribute(
    bank_code: str, body: ContributionCreate, session: SessionDep, clock: ClockDep, actor: ActorDep
) -> dict[str, Any]:
    """Credit a contribution. Replaying the idempotency key returns the first result."""
    return asdict(
        fund.contribute(
            bank_code, body.amount_fen, body.idempotency_key, session=session, clock=clock, actor=actor
        )
    )


@router.post("/accounts/{bank_code}/compensations")
def compensate(
    bank_code: str, body: CompensationCreate, session: SessionDep, clock: ClockDep, actor: ActorDep
) -> dict[str, Any]:
    """Pay a loan's loss, capped at the balance. Replaying the idempotency key returns the first result."""
    result = fund.compensate(
        bank_code,
        body.loan_no,
        body.principal_loss_fen,
        body.interest_loss_fen,
        body.earlier_recoveries_fen,
        body.idempotency_key,
        session=session,
        clock=clock,
        actor=actor,
    )
    return {**asdict(result), "capped": result.capped}


@router.post("/accounts/{bank_code}/recoveries")
def record_recovery(
    bank_code: str, body: RecoveryCreate, session: SessionDep, clock: ClockDep, actor: ActorDep
) -> dict[str, Any]:
    """Credit money recovered on a compensated loan back to the fund."""
    return asdict(
        fund.record_recovery(
            bank_code,
            body.loan_no,
            body.amount_fen,
            body.idempotency_key,
            session=session,
            clock=clock,
            actor=actor,
        )
    )


@router.get("/reconcile")
def reconcile(session: SessionDep) -> dict[str, Any]:
    """Differences between the postings and the stored balances (empty when the ledger reconciles)."""
    found = fund.reconcile(session)
    return {"reconciles": not found, "discrepancies": [{**asdict(d), "message": str(d)} for d in found]}
