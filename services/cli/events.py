"""``xdt events record KIND --loan L --date D ...``: record an external event about a loan.

Prints the message it becomes (name, correlation key, variables) as JSON; a refused event exits
2 with every field at fault. Recording the same event twice is a no-op (``"replayed": true``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import pydantic
import typer

from services import loans
from services.cli.loans import ActorOption, cli_session, default_actor
from services.clock import SystemClock

app = typer.Typer(no_args_is_help=True, help="External events: repayments, judgments, reviews, signals.")


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
    actor: ActorOption = "",
) -> None:
    """Validate and record an event; print the message it becomes."""
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
    with cli_session() as session:
        recorded = loans.record_event(
            kind, data, session=session, clock=SystemClock(), actor=actor or default_actor()
        )
    event = recorded.event
    typer.echo(
        json.dumps(
            {
                "messageName": event.message_name,
                "correlationKey": event.correlation_key,
                "messageId": event.message_id,
                "variables": event.variables,
                "replayed": recorded.replayed,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None
