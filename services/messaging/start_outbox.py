"""Every queued process start reaches the engine, and none is made twice as far as we can tell.

The order is queue (with the registry write) → commit → claim → create instance → mark started.
A crash or an engine outage loses nothing: the row stays unstarted and :func:`start_pending`
tries it later. Zeebe has no business-key uniqueness, so the outbox keeps it:

* a row with ``started_at`` set is never started again;
* a row is claimed for one try at a time (a lease), so two deliveries do not both start it;
* a row that had a try before (its answer may have been lost after the engine created the
  instance) is first looked up by its ``startKey`` variable when an :class:`InstanceLookup` is
  given; without one (a remote cluster, where the gRPC API has no search) a lost answer followed
  by a retry can create a second instance. docs/messaging.md describes the window.

These functions span several transactions, so they take the :class:`~services.db.Database`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from services.clock import Clock
from services.db import Database
from services.messaging.errors import StartFailed
from services.messaging.start_log import claim, mark_start_failed, mark_started, unstarted
from services.messaging.starter import InstanceLookup, ProcessStarter

CLAIM_LEASE = timedelta(minutes=2)  # well above one call's deadline: a live try is never overtaken


@dataclass(frozen=True)
class StartDelivery:
    """What became of one queued start."""

    start_id: int
    business_key: str
    bpmn_process_id: str
    started: bool
    process_instance_key: int | None = None
    started_at: datetime | None = None
    error: str | None = None
    retryable: bool = True
    found: bool = False
    """True when the instance was found, created by an earlier try whose answer was lost."""


@dataclass(frozen=True)
class StartReport:
    """The outcome of one delivery run, in the order the starts were tried."""

    deliveries: list[StartDelivery] = field(default_factory=list)
    untried: int = 0
    """Starts left for later: the run stopped early, or another delivery held them."""

    @property
    def started(self) -> list[StartDelivery]:
        return [d for d in self.deliveries if d.started]

    @property
    def failed(self) -> list[StartDelivery]:
        return [d for d in self.deliveries if not d.started]

    @property
    def pending(self) -> int:
        """How many of the selected starts are still not made."""
        return len(self.failed) + self.untried

    @property
    def stopped_early(self) -> bool:
        return self.untried > 0


def start_pending(
    *,
    db: Database,
    starter: ProcessStarter,
    clock: Clock,
    actor: str,
    lookup: InstanceLookup | None = None,
    after_id: int | None = None,
    loan_id: int | None = None,
    limit: int | None = None,
) -> StartReport:
    """Start every queued, unstarted process, oldest first (after ``after_id`` / of one loan).

    A passing failure (engine unreachable, deadline, refused token) ends the run, as the starts
    after it would fail the same way. A refusal that would repeat (process not deployed, bad
    variables) is kept on that row and the run goes on.
    """
    with db.session() as session:
        pending = unstarted(session=session, after_id=after_id, loan_id=loan_id, limit=limit)
    deliveries: list[StartDelivery] = []
    for position, start_id in enumerate(pending):
        outcome = _start_one(start_id, db=db, starter=starter, clock=clock, actor=actor, lookup=lookup)
        if outcome is None:  # started meanwhile, or another delivery holds it
            continue
        deliveries.append(outcome)
        if not outcome.started and outcome.retryable:
            return StartReport(deliveries=deliveries, untried=len(pending) - position - 1)
    return StartReport(deliveries=deliveries)


def _start_one(
    start_id: int,
    *,
    db: Database,
    starter: ProcessStarter,
    clock: Clock,
    actor: str,
    lookup: InstanceLookup | None,
) -> StartDelivery | None:
    with db.session() as session:
        start = claim(start_id, session=session, clock=clock, lease=CLAIM_LEASE)
    if start is None:
        return None
    found = None
    if start.attempts > 0 and lookup is not None:
        found = lookup.find(start.bpmn_process_id, start.business_key)
    try:
        key = (
            found
            if found is not None
            else starter.start(start.bpmn_process_id, start.variables, business_key=start.business_key)
        )
    except StartFailed as exc:
        with db.session() as session:
            mark_start_failed(start_id, exc.message, session=session, clock=clock, actor=actor)
        return StartDelivery(
            start_id,
            start.business_key,
            start.bpmn_process_id,
            started=False,
            error=exc.message,
            retryable=exc.retryable,
        )
    with db.session() as session:
        at = mark_started(start_id, key, session=session, clock=clock, actor=actor)
    return StartDelivery(
        start_id,
        start.business_key,
        start.bpmn_process_id,
        started=True,
        process_instance_key=key,
        started_at=at,
        found=found is not None,
    )
