"""``xdt calendar``: statutory deadlines and the years the holiday data covers.

Scripts rely on the first line of ``deadline``: ``YYYY-MM-DD`` or ``YYYY-MM-DD provisional``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from services import calendar
from services.errors import ServiceError

app = typer.Typer(no_args_is_help=True, help="Working days and statutory deadlines.")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from exc


@app.command()
def deadline(
    event_date: Annotated[str, typer.Argument(help="Day of the triggering event, YYYY-MM-DD (not counted).")],
    working_days: Annotated[
        int | None, typer.Option("--working-days", help="Period in working days.")
    ] = None,
    natural_days: Annotated[
        int | None, typer.Option("--natural-days", help="Period in natural days.")
    ] = None,
) -> None:
    """Print the last day of a period: first line ``YYYY-MM-DD[ provisional]``, then details."""
    if (working_days is None) == (natural_days is None):
        raise typer.BadParameter("give exactly one of --working-days N or --natural-days N")
    start = _parse_date(event_date)
    try:
        if working_days is not None:
            result = calendar.deadline_after_working_days(start, working_days)
        else:
            assert natural_days is not None
            result = calendar.deadline_after_natural_days(start, natural_days)
    except ServiceError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{result.due_date.isoformat()}{' provisional' if result.provisional else ''}")
    typer.echo(f"due_at: {result.due_at.isoformat()} (24:00 Asia/Shanghai of the due date)")
    typer.echo(f"basis: {result.basis}")


@app.command()
def years() -> None:
    """List the covered years, one a line: ``YEAR SOURCE [FILE]`` (package, file, file-overrides-package)."""
    try:
        rows = calendar.default_calendar().coverage()
    except ServiceError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    for row in rows:
        typer.echo(f"{row.year} {row.source.value}{f' {row.path}' if row.path else ''}")
