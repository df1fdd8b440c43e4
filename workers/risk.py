"""The ``xdt.risk.*`` jobs: recording risk signals (第十二条–第十四条) graded by the DMN table, from
missed statutory periods, and from the findings of the on-site inspection (第十条).

Each signal is keyed on the job's element instance, so a retried job records nothing new.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pyzeebe import Job, ZeebeTaskRouter

from services import cases
from services.cases import SignalGrade, SignalSource
from services.clock import business_today
from services.loans import DefaultTrigger
from workers.context import WorkerContext
from workers.dates import BusinessDate
from workers.jobs import effect_key, job_actor, variables
from workers.routing import family_router


class _Signal(BaseModel):
    """The variables of ``risk-signal-reported`` plus the grading table's outputs."""

    model_config = ConfigDict(extra="ignore")
    loan_no: str | None = Field(default=None, alias="loanNo", min_length=1, max_length=64)
    bank_code: str | None = Field(default=None, alias="bankCode")
    township_code: str | None = Field(default=None, alias="townshipCode")
    signal_category: str = Field(alias="signalCategory", min_length=1, max_length=32)
    signal_description: str | None = Field(default=None, alias="signalDescription", max_length=4000)
    signal_date: BusinessDate = Field(alias="signalDate")
    overdue_days: int | None = Field(default=None, alias="overdueDays", ge=0)
    amount_at_risk_fen: int | None = Field(default=None, alias="amountAtRiskFen", ge=0)
    grade: SignalGrade
    default_trigger: DefaultTrigger | None = Field(default=None, alias="defaultTrigger")


class _Deadline(BaseModel):
    model_config = ConfigDict(extra="ignore")
    deadline_name: str = Field(alias="deadlineName", min_length=1, max_length=100)
    deadline_date: BusinessDate = Field(alias="deadlineDate")
    deadline_provisional: bool = Field(default=False, alias="deadlineProvisional")
    responsible: str = Field(min_length=1, max_length=100)
    loan_no: str | None = Field(default=None, alias="loanNo", max_length=64)


class _Findings(BaseModel):
    model_config = ConfigDict(extra="ignore")
    inspection_results: list[dict[str, Any]] = Field(alias="inspectionResults")


def register_signal(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    given = variables(job, _Signal)
    detail = {
        "bankCode": given.bank_code,
        "townshipCode": given.township_code,
        "overdueDays": given.overdue_days,
        "amountAtRiskFen": given.amount_at_risk_fen,
    }
    with ctx.session() as session:
        data = cases.new_signal(
            loan_no=given.loan_no,
            category=given.signal_category,
            grade=given.grade,
            source=SignalSource.REPORTED,
            default_trigger=given.default_trigger,
            description=given.signal_description or "",
            signal_date=given.signal_date,
            detail={k: v for k, v in detail.items() if v is not None},
            idempotency_key=effect_key(job),
        )
        signal = cases.register_signal(
            data, session=session, clock=ctx.clock, actor=job_actor(ctx.actor, job)
        )
    return {"signalId": signal.signal_id}


def deadline_missed(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    given = variables(job, _Deadline)
    with ctx.session() as session:
        signal = cases.register_deadline_missed(
            given.deadline_name,
            given.deadline_date,
            given.responsible,
            given.loan_no,
            given.deadline_provisional,
            effect_key(job),
            session=session,
            clock=ctx.clock,
            actor=job_actor(ctx.actor, job),
        )
    return {"signalId": signal.signal_id}


def report_findings(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    given = variables(job, _Findings)
    with ctx.session() as session:
        ids = cases.report_findings(
            given.inspection_results,
            business_today(ctx.clock),
            effect_key(job),
            session=session,
            clock=ctx.clock,
            actor=job_actor(ctx.actor, job),
        )
    return {"reportedSignals": ids}


def router(ctx: WorkerContext) -> ZeebeTaskRouter:
    return family_router(
        ctx,
        {
            "xdt.risk.register-signal": register_signal,
            "xdt.risk.deadline-missed": deadline_missed,
            "xdt.risk.report-findings": report_findings,
        },
    )
