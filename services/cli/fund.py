"""``xdt fund``: risk-fund balances, reconciliation, and manual postings for ops.

``reconcile`` exits 1 when any balance, share or compensation differs from what the postings say.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from services import fund
from services.clock import SystemClock
from services.db import Database
from services.errors import ServiceError
from services.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Risk-compensation fund ledger (第二十一条).")

ActorOption = Annotated[str, typer.Option("--actor", help="Who is acting (audit log).")]


def _default_actor() -> str:
    return f"cli:{getpass.getuser()}"


@contextmanager
def _session() -> Iterator[Session]:
    db = Database(get_settings().db_url)
    try:
        with db.session() as session:
            yield session
    except ServiceError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    finally:
        db.dispose()


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


@app.command()
def balance(bank_code: Annotated[str, typer.Argument(help="The bank's code.")]) -> None:
    """Print the balance in fen on the first line, then the account's totals."""
    with _session() as session:
        st = fund.statement(bank_code, session=session)
    typer.echo(st.balance_fen)
    typer.echo(f"balance: {_yuan(st.balance_fen)} yuan")
    typer.echo(
        f"contributed: {st.contributed_fen} fen, compensated: {st.compensated_fen} fen, "
        f"recovered: {st.recovered_fen} fen, uncovered loss: {st.uncovered_loss_fen} fen, "
        f"postings: {st.postings}"
    )


@app.command()
def reconcile() -> None:
    """Recompute every balance from the postings; print each difference and exit 1 if there is any."""
    with _session() as session:
        found = fund.reconcile(session)
    for discrepancy in found:
        typer.echo(str(discrepancy))
    if found:
        typer.echo(f"{len(found)} difference(s) found", err=True)
        raise typer.Exit(1)
    typer.echo("ledger reconciles")


@app.command("open")
def open_account(bank_code: str, actor: ActorOption = "") -> None:
    """Open a bank's fund account (no change when it exists)."""
    with _session() as session:
        st = fund.open_account(
            bank_code, session=session, clock=SystemClock(), actor=actor or _default_actor()
        )
    typer.echo(f"{st.bank_code} {st.balance_fen}")


@app.command()
def contribute(
    bank_code: str,
    amount_fen: Annotated[int, typer.Argument(help="Whole fen (100 fen = 1 yuan).")],
    key: Annotated[str, typer.Option("--key", help="Idempotency key: rerunning with it posts nothing new.")],
    actor: ActorOption = "",
) -> None:
    """Credit a contribution; prints the posting id and the new balance."""
    with _session() as session:
        result = fund.contribute(
            bank_code, amount_fen, key, session=session, clock=SystemClock(), actor=actor or _default_actor()
        )
    typer.echo(
        f"posting {result.posting_id} balance {result.balance_after_fen}"
        f"{' (replayed)' if result.replayed else ''}"
    )
