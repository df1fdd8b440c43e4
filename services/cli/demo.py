"""``xdt demo``: one default case walked from maturity to paid compensation on a fresh embedded
stack, printing the timeline with each statutory deadline, the documents and the ledger postings.
Exits 1 when the case does not reach its end."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from services.clock import SHANGHAI

DEFAULT_LOAN = "XDT-GZRCB-2025-0002"


def app(
    loan: Annotated[str, typer.Option("--loan", help="Demo loan to walk.")] = DEFAULT_LOAN,
    start: Annotated[
        datetime, typer.Option("--start", formats=["%Y-%m-%d"], help="Business date the walk starts.")
    ] = datetime(2026, 9, 1),
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Keep the databases and PDFs here (default: a temp dir).")
    ] = None,
) -> None:
    """Walk a demo loan through the processes and print what happened."""
    from services import fund
    from services.documents.tables import IssuedDocument
    from services.embedded import EmbeddedStack, Stuck, walk
    from services.embedded.seed import seed_demo
    from services.loans.amounts import fen_to_yuan

    with tempfile.TemporaryDirectory(prefix="xdt-demo-") as scratch:
        root = directory or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        with EmbeddedStack.open(
            engine_db_url=f"sqlite:///{root / 'engine.db'}",
            services_db_url=f"sqlite:///{root / 'services.db'}",
            start=start.replace(hour=9, tzinfo=SHANGHAI),
            documents_dir=root / "documents",
        ) as stack:
            with stack.db.session() as session:
                seeded = seed_demo(session=session, clock=stack.clock)
            typer.echo(f"demo registry: {seeded.loans} loans; fund accounts {sorted(seeded.funded_banks)}")
            try:
                result = walk.walk_to_compensation(stack, loan)
            except Stuck as exc:
                typer.echo(f"the case did not reach its end: {exc}", err=True)
                raise typer.Exit(1) from exc
            typer.echo(f"\ntimeline of {loan}:")
            for step in result.steps:
                ended = step.ended.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if step.ended else "-"
                line = f"  {ended}  {step.name}"
                if step.due is not None:
                    due = step.due.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
                    line += f"  (期限 {due}, {'按期' if step.met else '逾期'})"
                typer.echo(line)
            with stack.db.session() as session:
                typer.echo("\ndocuments issued:")
                for doc in session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)):
                    typer.echo(f"  {doc.number_text}  {doc.doc_type}")
                bank = stack.variables(result.case or result.watch).get("bankCode", "")
                typer.echo(f"\nfund postings of {bank}:")
                for p in fund.list_postings(bank, session=session):
                    typer.echo(
                        f"  #{p.posting_id} {p.kind.value:<13} {fen_to_yuan(p.amount_fen):>14} 元  {p.loan_no or ''}"
                    )
                problems = fund.reconcile(session)
            done = result.case is not None and stack.completed(result.case) and stack.completed(result.watch)
            if not done or problems:
                typer.echo(f"the case did not reach its end (reconcile: {problems})", err=True)
                raise typer.Exit(1)
            typer.echo("\ncase closed: compensation paid, borrower blacklisted, recoveries credited back")
