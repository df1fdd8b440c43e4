"""``xdt workers``: the job workers against any Zeebe gateway (the embedded engine or Camunda 8).

Camunda 8 SaaS / self-managed: ``--tls`` plus the OAuth client credentials, which may also come
from the usual ``ZEEBE_CLIENT_ID`` / ``ZEEBE_CLIENT_SECRET`` / ``ZEEBE_AUTHORIZATION_SERVER_URL`` /
``ZEEBE_TOKEN_AUDIENCE`` environment variables.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Annotated

import typer

from services.settings import get_settings

app = typer.Typer(invoke_without_command=True, help="Run the pyzeebe job workers of every task family.")


@app.callback()
def run(
    ctx: typer.Context,
    gateway: Annotated[
        str | None, typer.Option("--gateway", help="Zeebe gateway HOST:PORT (default from settings).")
    ] = None,
    tls: Annotated[bool, typer.Option("--tls/--plaintext", help="Use TLS (implied by OAuth).")] = False,
    ca_cert: Annotated[Path | None, typer.Option("--ca-cert", help="PEM CA bundle for TLS.")] = None,
    client_id: Annotated[str | None, typer.Option(envvar="ZEEBE_CLIENT_ID", help="OAuth client id.")] = None,
    client_secret: Annotated[
        str | None, typer.Option(envvar="ZEEBE_CLIENT_SECRET", help="OAuth client secret.")
    ] = None,
    authorization_server: Annotated[
        str | None,
        typer.Option(envvar="ZEEBE_AUTHORIZATION_SERVER_URL", help="OAuth token endpoint URL."),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option(envvar="ZEEBE_TOKEN_AUDIENCE", help="OAuth audience (e.g. zeebe.camunda.io)."),
    ] = None,
    scope: Annotated[str | None, typer.Option(envvar="ZEEBE_TOKEN_SCOPE", help="OAuth scope.")] = None,
    family: Annotated[
        list[str] | None, typer.Option("--family", help="Only these task families (repeatable).")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="Worker name shown on activated jobs.")] = "xdt-workers",
    list_only: Annotated[bool, typer.Option("--list", help="Print the job types served and exit.")] = False,
) -> None:
    """Serve jobs until Ctrl-C / SIGTERM; jobs in hand are finished before exiting."""
    if ctx.invoked_subcommand is not None:
        return
    from services.clock import SystemClock
    from services.db import Database
    from workers.app import FAMILIES, task_types
    from workers.channel import GatewayTarget
    from workers.context import WorkerContext
    from workers.runner import run_workers

    settings = get_settings()
    unknown = sorted(set(family or []) - set(FAMILIES))
    if unknown:
        raise typer.BadParameter(
            f"unknown families {unknown}; known: {sorted(FAMILIES)}", param_hint="--family"
        )
    try:
        target = GatewayTarget(
            address=gateway or settings.gateway_address,
            tls=tls,
            ca_cert=ca_cert,
            client_id=client_id,
            client_secret=client_secret,
            authorization_server=authorization_server,
            audience=audience,
            scope=scope,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    db = Database(settings.db_url)
    context = WorkerContext(db=db, clock=SystemClock(), documents_dir=settings.documents_dir)
    if list_only:
        for fam, types in task_types(context).items():
            if not family or fam in family:
                typer.echo(f"{fam}: {', '.join(types)}")
        db.dispose()
        return

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        typer.echo(f"workers for {', '.join(family or list(FAMILIES))} on {target.address}")
        await run_workers(target, context, stop, families=family or None, name=name)

    try:
        asyncio.run(main())
    finally:
        db.dispose()
