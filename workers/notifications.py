"""``xdt.notify.send``: put a notification in a candidate group's inbox.

Header ``template`` names the catalogue entry (services/notifications/catalogue.py); the job's
variables fill it. The effect is keyed on the element instance: a retried or timed-out job finds
the notification it sent before, while each firing of a cycle timer (the 30-day judgment
reminder, the 15-day prefecture follow-up) activates a new element instance and so sends a new
reminder. An unknown template or a missing variable fails the job with the reason, which shows
as an incident on the task.
"""

from typing import Any

from pyzeebe import Job, ZeebeTaskRouter

from services.errors import ServiceError
from services.notifications import send_notification
from workers.context import WorkerContext
from workers.jobs import JobInputInvalid, effect_key, header, job_actor


def send(job: Job, ctx: WorkerContext) -> dict[str, Any]:
    """Send the notification the task's ``template`` header names; returns no variables."""
    template = header(job, "template")
    try:
        with ctx.session() as session:
            send_notification(
                template,
                job.variables,
                effect_key(job),
                session=session,
                clock=ctx.clock,
                actor=job_actor(ctx.actor, job),
            )
    except ServiceError as exc:
        raise JobInputInvalid(f"{job.type} at {job.element_id}: {exc.message}") from exc
    return {}


def router(ctx: WorkerContext) -> ZeebeTaskRouter:
    routes = ZeebeTaskRouter()

    @routes.task(task_type="xdt.notify.send")
    def notify(job: Job) -> dict[str, Any]:
        return send(job, ctx)

    return routes
