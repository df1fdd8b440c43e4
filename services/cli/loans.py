"""``xdt loans``: import bank exports, list and show loans, load demo data, blacklist a party.

``import`` exits 1 and writes nothing when any row is bad, printing one line per problem.
Other refusals exit 2 with the reason.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.orm import Session

from services import loans
from services.clock import SystemClock
from services.db import Database
from services.errors import ServiceError
from services.loans.amounts import fen_to_yuan
from services.loans.demo import load_demo_data
from services.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Loan registry: import, list, show, blacklist.")

ActorOption = Annotated[str, typer.Option("--actor", help="Who is acting (audit log).")]
PROGRESS_FROM_ROWS = 200  # below this an import is instant and a bar is noise


def default_actor() -> str:
    return f"cli:{getpass.getuser()}"


@contextmanager
def cli_session() -> Iterator[Session]:
    """A committed-on-success session on the configured database; service errors exit 2."""
    db = Database(get_settings().db_url)
    try:
        with db.session() as session:
            yield session
    except loans.ImportRejected:
        raise
    except ServiceError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    finally:
        db.dispose()


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX export.")],
    actor: ActorOption = "",
) -> None:
    """Import loans from FILE: all rows or none."""
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
            with cli_session() as session:
                report = loans.import_loans(
                    file,
                    session=session,
                    clock=SystemClock(),
                    actor=actor or default_actor(),
                    progress=progress,
                )
        except loans.ImportRejected as exc:
            typer.echo(exc.report.render(), err=True)
            raise typer.Exit(1) from exc
    typer.echo(report.render())


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
