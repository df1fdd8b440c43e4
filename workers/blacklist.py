"""``xdt.blacklist.add`` (第十五条): after compensation, the borrower and, for an enterprise, its
shareholders and legal representative are listed, so none of them can borrow again.

The listing rests on the loan number; a re-run job finds the listing it made.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pyzeebe import Job, ZeebeTaskRouter

from services import loans
from workers.context import WorkerContext
from workers.jobs import effect_key, job_actor, variables

REASON = "逾期未还经风险缓释金代偿，依第十五条纳入黑名单"


class _Case(BaseModel):
    model_config = ConfigDict(extra="ignore")
    loan_no: str = Field(alias="loanNo", min_length=1)
    blacklist_reason: str | None = Field(default=None, alias="blacklistReason", max_length=500)


def router(ctx: WorkerContext) -> ZeebeTaskRouter:
    routes = ZeebeTaskRouter()

    @routes.task(task_type="xdt.blacklist.add")
    def add(job: Job) -> dict[str, Any]:
        case = variables(job, _Case)
        with ctx.session() as session:
            loan = loans.get_loan(case.loan_no, session=session)
            listing = loans.blacklist_party(
                loan.borrower.identifier,
                reason=case.blacklist_reason or REASON,
                reference=case.loan_no,
                idempotency_key=effect_key(job),
                session=session,
                clock=ctx.clock,
                actor=job_actor(ctx.actor, job),
            )
        return {
            "blacklistListingId": listing.listing_id,
            "blacklistEntryIds": [entry.id for entry in listing.entries],
        }

    return routes
