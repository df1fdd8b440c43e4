"""``xdt loans``: import bank exports, list and show loans, load demo data, blacklist a party,
start the processes the registry queued.

``import`` exits 1 and writes nothing when any row is bad, printing one line per problem.
Other refusals exit 2 with the reason. A good import is committed, then the imported loans'
maturity reminders are started; when the engine does not take them all, the import stands, the
rest stay queued and the command exits 3 (``start-pending`` makes them later).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.orm import Session

from services import loans, messaging
from services.clock import Clock, SystemClock
from services.db import Database
from services.errors import ServiceError
from services.loans.amounts import fen_to_yuan
from services.loans.demo import load_demo_data
from services.messaging.start_log import last_start_id
from services.settings import Settings, get_settings

app = typer.Typer(no_args_is_help=True, help="Loan registry: import, list, show, blacklist.")

ActorOption = Annotated[str, typer.Option("--actor", help="Who is acting (audit log).")]
PROGRESS_FROM_ROWS = 200  # below this an import is instant and a bar is noise
EXIT_REFUSED = 2

_Client = TypeVar("_Client")
EXIT_NOT_STARTED = 3


def default_actor() -> str:
    return f"cli:{getpass.getuser()}"


@contextmanager
def cli_session(db: Database | None = None) -> Iterator[Session]:
    """A committed-on-success session on ``db`` (default: the configured database, disposed
    afterwards); service errors exit 2."""
    database = db or Database(get_settings().db_url)
    try:
        with database.session() as session:
            yield session
    except loans.ImportRejected:
        raise
    except ServiceError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(EXIT_REFUSED) from exc
    finally:
        if db is None:
            database.dispose()


def gateway_client(from_settings: Callable[[Settings], _Client]) -> _Client:
    """A gateway client built from the configured settings; settings it cannot work with (OAuth
    given in part, an unreadable certificate) exit 2."""
    try:
        return from_settings(get_settings())
    except (ValueError, OSError) as exc:
        typer.echo(f"error: cannot reach the engine as configured: {exc}", err=True)
        raise typer.Exit(EXIT_REFUSED) from exc


def _start(
    db: Database, *, clock: Clock, actor: str, after_id: int | None = None, limit: int | None = None
) -> messaging.StartReport:
    starter = gateway_client(messaging.GrpcProcessStarter.from_settings)
    try:
        return messaging.start_pending(
            db=db, starter=starter, clock=clock, actor=actor, after_id=after_id, limit=limit
        )
    finally:
        starter.close()


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX export.")],
    start: Annotated[
        bool, typer.Option("--start/--no-start", help="Start the loans' maturity reminders after the import.")
    ] = True,
    actor: ActorOption = "",
) -> None:
    """Import loans from FILE: all rows or none; then start their maturity reminders."""
    actor = actor or default_actor()
    clock = SystemClock()
    db = Database(get_settings().db_url)
    try:
        report, before = _import(file, db=db, clock=clock, actor=actor)
        typer.echo(report.render())
        if start:
            _report_import_starts(_start(db, clock=clock, actor=actor, after_id=before))
    finally:
        db.dispose()


def _report_import_starts(started: messaging.StartReport) -> None:
    typer.echo(f"{len(started.started)} processes started, {started.pending} queued")
    for failure in started.failed:
        typer.echo(f"  {failure.error}", err=True)
    if started.pending:
        typer.echo("the loans are registered; `xdt loans start-pending` starts the rest later", err=True)
        raise typer.Exit(EXIT_NOT_STARTED)


def _import(file: Path, *, db: Database, clock: Clock, actor: str) -> tuple[loans.ImportReport, int]:
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("checking", total=None, visible=False)

        def progress(phase: str, done: int, total: int) -> None:
            bar.update(
                task, description=phase, completed=done, total=total, visible=total >= PROGRESS_FROM_ROWS
            )

        try:
            with cli_session(db) as session:
                before = last_start_id(session=session)
                report = loans.import_loans(
                    file, session=session, clock=clock, actor=actor, progress=progress
                )
        except loans.ImportRejected as exc:
            typer.echo(exc.report.render(), err=True)
            raise typer.Exit(1) from exc
    return report, before


@app.command("start-pending")
def start_pending(
    limit: Annotated[int | None, typer.Option(min=1, help="Try at most this many starts.")] = None,
    actor: ActorOption = "",
) -> None:
    """Start every process the registry queued and the engine has not created yet, oldest first."""
    db = Database(get_settings().db_url)
    try:
        report = _start(db, clock=SystemClock(), actor=actor or default_actor(), limit=limit)
    finally:
        db.dispose()
    for d in report.deliveries:
        outcome = f"started {d.process_instance_key}" if d.started else "FAILED"
        typer.echo(f"{outcome}  {d.business_key}")
        if d.error:
            typer.echo(f"  {d.error}", err=True)
    typer.echo(f"{len(report.started)} started, {report.pending} still queued")
    if report.pending:
        if report.stopped_early:
            typer.echo("stopped at the first failure the engine may recover from; run again later", err=True)
        raise typer.Exit(EXIT_NOT_STARTED)


@app.command("list")
def list_loans(
    bank: Annotated[str | None, typer.Option(help="Only this bank's loans.")] = None,
    township: Annotated[str | None, typer.Option(help="Only this township's loans.")] = None,
) -> None:
    """List loans (all, or one bank's or township's)."""
    principal = _principal(bank, township)
    with cli_session() as session:
        rows = loans.visible_loans(session, principal)
    table = Table("loan_no", "borrower", "bank", "township", "principal (yuan)", "matures", "status")
    for loan in rows:
        table.add_row(
            loan.loan_no,
            loan.borrower.name,
            loan.bank_code,
            loan.township_code,
            fen_to_yuan(loan.principal_fen),
            loan.matures_on.isoformat(),
            loan.status.value,
        )
    Console().print(table)


def _principal(bank: str | None, township: str | None) -> loans.Principal:
    if bank and township:
        raise typer.BadParameter("give --bank or --township, not both")
    if bank:
        return loans.Principal("cli", loans.Role.BANK, bank)
    if township:
        return loans.Principal("cli", loans.Role.TOWNSHIP, township)
    return loans.Principal("cli", loans.Role.CITY)


@app.command()
def show(loan_no: Annotated[str, typer.Argument(help="The loan number.")]) -> None:
    """Print one loan as JSON."""
    with cli_session() as session:
        loan = loans.get_loan(loan_no, session=session)
    typer.echo(json.dumps(loan.model_dump(mode="json"), ensure_ascii=False, indent=2))


@app.command("demo-data")
def demo_data(actor: ActorOption = "") -> None:
    """Register the sample banks, townships, villages and loans of data/demo/ (repeatable)."""
    with cli_session() as session:
        summary = load_demo_data(session=session, clock=SystemClock(), actor=actor or default_actor())
    typer.echo(
        f"added {summary.banks} banks, {summary.townships} townships, "
        f"{summary.villages} villages, {summary.loans} loans"
    )


@app.command()
def blacklist(
    borrower: Annotated[str, typer.Argument(help="Borrower's ID number or credit code.")],
    reason: Annotated[str, typer.Option(help="Why the party is listed.")],
    ref: Annotated[str, typer.Option(help="Case or loan reference.")],
    key: Annotated[
        str | None, typer.Option(help="Idempotency key (default: blacklist:BORROWER:REF).")
    ] = None,
    actor: ActorOption = "",
) -> None:
    """List a borrower and, for an organisation, its legal representative and shareholders (第十五条)."""
    with cli_session() as session:
        listing = loans.blacklist_party(
            borrower,
            reason=reason,
            reference=ref,
            idempotency_key=key or f"blacklist:{borrower}:{ref}",
            session=session,
            clock=SystemClock(),
            actor=actor or default_actor(),
        )
    typer.echo(json.dumps(listing.model_dump(mode="json"), ensure_ascii=False, indent=2))
