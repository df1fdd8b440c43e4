"""The ``xdt.loans.*`` jobs: opening a default case, checking repayment, computing the claim,
and the portfolio views behind the inspection and the joint meeting.

Each job is one transaction; the default case is keyed on the job's element instance, so a
retried job gets the case it opened back.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pyzeebe import Job, ZeebeTaskRouter

from services import cases, loans
from services.clock import business_today
from services.loans import DefaultTrigger
from workers.context import WorkerContext
from workers.dates import BusinessDate
from workers.jobs import effect_key, job_actor, variables
from workers.routing import family_router


class _Loan(BaseModel):
    model_config = ConfigDict(extra="ignore")
    loan_no: str = Field(alias="loanNo", min_length=1, max_length=64)


class _Default(_Loan):
    trigger: DefaultTrigger
    trigger_date: BusinessDate = Field(alias="triggerDate")


def open_default_case(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    """Open the case (or get the open one back) and hand the loan's figures to the process."""
    given = variables(job, _Default)
    with ctx.session() as session:
        case = cases.open_default_case(
            given.loan_no,
            given.trigger,
            given.trigger_date,
            effect_key(job),
            session=session,
            clock=ctx.clock,
            actor=job_actor(ctx.actor, job),
        )
        loan = loans.get_loan(given.loan_no, session=session)
    return {
        "borrowerName": loan.borrower.name,
        "principalFen": loan.principal_fen,
        "outstandingPrincipalFen": loan.outstanding_principal_fen,
        "defaultCaseId": case.case_id,
    }


def check_repaid(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    loan_no = variables(job, _Loan).loan_no
    with ctx.session() as session:
        state = cases.check_repaid(loan_no, session=session)
    return {"loanSettled": state.settled, "outstandingPrincipalFen": state.outstanding_principal_fen}


def compute_claim(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    """The claim as it stands on the business day the job runs."""
    loan_no = variables(job, _Loan).loan_no
    with ctx.session() as session:
        claim = cases.compute_claim(loan_no, session=session, as_of=business_today(ctx.clock))
    return {
        "principalLossFen": claim.principal_loss_fen,
        "interestLossFen": claim.interest_loss_fen,
        "earlierRecoveriesFen": claim.earlier_recoveries_fen,
        "claimFen": claim.claim_fen,
    }


def plan_inspection(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    with ctx.session() as session:
        townships = cases.plan_inspection(session=session, as_of=business_today(ctx.clock))
    return {"townships": townships}


def portfolio_summary(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    with ctx.session() as session:
        portfolio = cases.portfolio_summary(session=session, as_of=business_today(ctx.clock))
    return {"portfolio": portfolio}


def router(ctx: WorkerContext) -> ZeebeTaskRouter:
    return family_router(
        ctx,
        {
            "xdt.loans.open-default-case": open_default_case,
            "xdt.loans.check-repaid": check_repaid,
            "xdt.loans.compute-claim": compute_claim,
            "xdt.loans.plan-inspection": plan_inspection,
            "xdt.loans.portfolio-summary": portfolio_summary,
        },
    )
