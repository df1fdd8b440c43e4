"""The risk-compensation fund (第二十一条): paying a compensation and crediting recoveries back.

``xdt.fund.compensate`` pays the prefecture-confirmed claim out of the bank's fund account. When
the account cannot pay the whole claim ("until the fund is used up"), what it could pay is still
posted, and the job throws the BPMN error ``FUND_EXHAUSTED`` carrying the figures, so the diagram
routes the case to the uncovered-loss task instead of passing it on silently.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pyzeebe import Job, ZeebeTaskRouter
from sqlalchemy.orm import Session

from services import fund, loans
from services.loans import LoanStatus
from workers.context import WorkerContext
from workers.jobs import Outcome, effect_key, job_actor, variables

FUND_EXHAUSTED = "FUND_EXHAUSTED"
Fen = int


class _Compensation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    bank_code: str = Field(alias="bankCode", min_length=1)
    loan_no: str = Field(alias="loanNo", min_length=1)
    principal_loss_fen: Fen = Field(alias="principalLossFen", ge=0, strict=True)
    interest_loss_fen: Fen = Field(alias="interestLossFen", ge=0, strict=True)
    earlier_recoveries_fen: Fen = Field(alias="earlierRecoveriesFen", ge=0, strict=True)
    confirmed_amount_fen: Fen | None = Field(default=None, alias="confirmedAmountFen", ge=0, strict=True)


class _Recovery(BaseModel):
    model_config = ConfigDict(extra="ignore")
    bank_code: str = Field(alias="bankCode", min_length=1)
    loan_no: str = Field(alias="loanNo", min_length=1)
    recovered_fen: Fen = Field(alias="recoveredFen", gt=0, strict=True)


def _mark_compensated(loan_no: str, paid_fen: int, *, session: Session, ctx: WorkerContext, job: Job) -> None:
    """A loan the fund paid for moves DEFAULTED → COMPENSATED (a replayed job finds it moved)."""
    if paid_fen > 0 and loans.get_loan(loan_no, session=session).status is LoanStatus.DEFAULTED:
        loans.set_loan_status(
            loan_no,
            LoanStatus.COMPENSATED,
            note=f"风险缓释金代偿 {paid_fen} 分",
            session=session,
            clock=ctx.clock,
            actor=job_actor(ctx.actor, job),
        )


def router(ctx: WorkerContext) -> ZeebeTaskRouter:
    routes = ZeebeTaskRouter()

    @routes.task(task_type="xdt.fund.compensate")
    def compensate(job: Job) -> dict[str, Any]:
        claim = variables(job, _Compensation)
        with ctx.session() as session:
            result = fund.compensate(
                claim.bank_code,
                claim.loan_no,
                claim.principal_loss_fen,
                claim.interest_loss_fen,
                claim.earlier_recoveries_fen,
                effect_key(job),
                approved_fen=claim.confirmed_amount_fen or None,
                session=session,
                clock=ctx.clock,
                actor=job_actor(ctx.actor, job),
            )
            _mark_compensated(claim.loan_no, result.paid_fen, session=session, ctx=ctx, job=job)
        paid = {
            "compensationPaidFen": result.paid_fen,
            "uncoveredFen": result.uncovered_fen,
            "ganzhouShareFen": result.ganzhou_share_fen,
            "ruijinShareFen": result.ruijin_share_fen,
            "compensationPostingId": result.posting_id,
        }
        if result.uncovered_fen > 0:
            raise Outcome(
                FUND_EXHAUSTED,
                f"{claim.bank_code}'s fund paid {result.paid_fen} of {result.claimed_fen} fen; "
                f"{result.uncovered_fen} fen stay the bank's uncovered loss",
                paid,
            )
        return paid

    @routes.task(task_type="xdt.fund.record-recovery")
    def record_recovery(job: Job) -> dict[str, Any]:
        recovery = variables(job, _Recovery)
        with ctx.session() as session:
            credit = fund.credit_recovery(
                recovery.bank_code,
                recovery.loan_no,
                recovery.recovered_fen,
                effect_key(job),
                session=session,
                clock=ctx.clock,
                actor=job_actor(ctx.actor, job),
            )
        return {
            "recoveryToFundFen": credit.to_fund_fen,
            "recoveryToBankFen": credit.to_bank_fen,
            "totalRecoveredFen": credit.total_credited_fen,
        }

    return routes
