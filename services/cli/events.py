"""``xdt events record KIND --loan L --date D ...``: record an external event about a loan and
publish its message to the engine; ``xdt events publish-pending``: send what is still unsent.

``record`` prints the message the event becomes (name, correlation key, variables) as JSON; a
refused event exits 2 with every field at fault. Recording the same event twice is a no-op
(``"replayed": true``). The event is committed before it is published; when the engine cannot be
reached it stays recorded and unpublished, and the command exits 3 with the reason
(``publish-pending`` retries it). ``--no-publish`` only records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

import pydantic
import typer

from services import loans, messaging
from services.cli.loans import EXIT_REFUSED, ActorOption, default_actor, gateway_client
from services.clock import SystemClock
from services.db import Database
from services.errors import ServiceError
from services.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="External events: repayments, judgments, reviews, signals.")

EXIT_NOT_PUBLISHED = 3


@contextmanager
def _database() -> Iterator[Database]:
    db = Database(get_settings().db_url)
    try:
        yield db
    except ServiceError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(EXIT_REFUSED) from exc
    finally:
        db.dispose()


@app.command()
def record(
    kind: Annotated[loans.EventKind, typer.Argument(help="The event kind (= message name).")],
    loan: Annotated[str, typer.Option("--loan", help="Loan number (the correlation key).")],
    on: Annotated[datetime, typer.Option("--date", formats=["%Y-%m-%d"], help="Business date of the event.")],
    amount_fen: Annotated[int | None, typer.Option(help="Amount in integer fen.")] = None,
    interest_fen: Annotated[
        int | None, typer.Option(help="repayment-recorded: interest part in fen.")
    ] = None,
    case_no: Annotated[str | None, typer.Option(help="judgment-effective: court case number.")] = None,
    approved: Annotated[
        bool | None, typer.Option("--approved/--rejected", help="prefecture-review-result.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Reason or description.")] = None,
    trigger: Annotated[
        loans.DefaultTrigger | None, typer.Option(help="risk-signal-reported: 第十七条 item.")
    ] = None,
    due_date: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="interest-paid: due date.")
    ] = None,
    reference: Annotated[str | None, typer.Option(help="recovery-received: bank reference.")] = None,
    category: Annotated[str | None, typer.Option(help="risk-signal-reported: signal category.")] = None,
    overdue_days: Annotated[int | None, typer.Option(help="risk-signal-reported: days overdue.")] = None,
    key: Annotated[
        str | None, typer.Option(help="Idempotency key (default: derived from the content).")
    ] = None,
    publish: Annotated[
        bool, typer.Option("--publish/--no-publish", help="Publish the message after recording.")
    ] = True,
    actor: ActorOption = "",
) -> None:
    """Validate and record an event, publish its message; print the message."""
    try:
        data = loans.EventCreate(
            loan_no=loan,
            event_date=on.date(),
            amount_fen=amount_fen,
            interest_fen=interest_fen,
            case_no=case_no,
            approved=approved,
            reason=reason,
            trigger=trigger,
            due_date=_day(due_date),
            reference=reference,
            category=category,
            overdue_days=overdue_days,
            idempotency_key=key,
        )
    except pydantic.ValidationError as exc:
        errors = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        typer.echo(f"error: {errors}", err=True)
        raise typer.Exit(2) from exc
    actor = actor or default_actor()
    clock = SystemClock()
    with _database() as db:
        with db.session() as session:
            recorded = loans.record_event(kind, data, session=session, clock=clock, actor=actor)
        delivery = None
        if publish:
            publisher = gateway_client(messaging.GrpcPublisher.from_settings)
            try:
                delivery = messaging.deliver(
                    recorded,
                    db=db,
                    publisher=publisher,
                    clock=clock,
                    actor=actor,
                    ttl_override_days=get_settings().message_ttl_days,
                )
            finally:
                publisher.close()
    typer.echo(json.dumps(_message(recorded, delivery), ensure_ascii=False, indent=2))
    if delivery is not None and not delivery.published:
        typer.echo(f"error: recorded but not published: {delivery.error}", err=True)
        typer.echo("the event is kept; `xdt events publish-pending` sends it later", err=True)
        raise typer.Exit(EXIT_NOT_PUBLISHED)


@app.command("publish-pending")
def publish_pending(
    limit: Annotated[int | None, typer.Option(min=1, help="Send at most this many events.")] = None,
    actor: ActorOption = "",
) -> None:
    """Publish every recorded event whose message has not reached the engine, oldest first."""
    publisher = gateway_client(messaging.GrpcPublisher.from_settings)
    try:
        with _database() as db:
            report = messaging.publish_pending(
                db=db,
                publisher=publisher,
                clock=SystemClock(),
                actor=actor or default_actor(),
                limit=limit,
                ttl_override_days=get_settings().message_ttl_days,
            )
    finally:
        publisher.close()
    for d in report.deliveries:
        typer.echo(f"{'published' if d.published else 'FAILED'}  event {d.event_id}  {d.message_id}")
        if d.error:
            typer.echo(f"  {d.error}", err=True)
    typer.echo(f"{len(report.published)} published, {len(report.failed)} failed")
    if report.failed:
        if report.stopped_early:
            typer.echo("stopped at the first failure the engine may recover from; run again later", err=True)
        raise typer.Exit(EXIT_NOT_PUBLISHED)


def _message(recorded: loans.RecordedEvent, delivery: messaging.Delivery | None) -> dict[str, Any]:
    event = recorded.event
    published_at = delivery.published_at if delivery else recorded.published_at
    return {
        "eventId": recorded.event_id,
        "messageName": event.message_name,
        "correlationKey": event.correlation_key,
        "messageId": event.message_id,
        "variables": event.variables,
        "replayed": recorded.replayed,
        "published": published_at is not None,
        "publishedAt": published_at.isoformat() if published_at else None,
        "publishError": delivery.error if delivery else None,
    }


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None
