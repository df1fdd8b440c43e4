"""``xdt engine``: run the embedded engine (Zeebe gRPC gateway + Camunda v2 REST) until stopped."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from services.settings import get_settings

app = typer.Typer(
    invoke_without_command=True,
    help="Run the embedded Zeebe-compatible engine: gRPC on --listen, REST (v2) on --rest-listen.",
)


@app.callback()
def run(
    ctx: typer.Context,
    listen: Annotated[
        str | None, typer.Option("--listen", help="gRPC host:port (default 127.0.0.1:26500).")
    ] = None,
    rest_listen: Annotated[
        str | None,
        typer.Option("--rest-listen", help="REST host:port (default 127.0.0.1:8088); 'off' disables."),
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Engine database URL (default from settings).")
    ] = None,
    deploy: Annotated[
        list[Path] | None,
        typer.Option("--deploy", help="Deploy the BPMN/DMN/form files of DIR at start (repeatable)."),
    ] = None,
    dev: Annotated[
        bool | None, typer.Option("--dev/--no-dev", help="Allow pinning the engine clock over REST.")
    ] = None,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="PEM certificate: serve gRPC over TLS.")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option("--tls-key", help="PEM private key for --tls-cert.")] = None,
    token: Annotated[
        list[str] | None,
        typer.Option("--token", help="Require this bearer token on gRPC calls (repeatable)."),
    ] = None,
    max_message_mb: Annotated[
        float, typer.Option("--max-message-mb", min=0.01, help="Max gRPC message size.")
    ] = 4.0,
) -> None:
    """Start the engine and serve until Ctrl-C / SIGTERM (graceful shutdown)."""
    if ctx.invoked_subcommand is not None:
        return
    from engine.errors import EngineError
    from engine.gateway import GatewayOptions
    from engine.server import ServerOptions, serve

    settings = get_settings()
    try:
        gateway = GatewayOptions(
            listen=listen or settings.gateway_address,
            max_message_bytes=int(max_message_mb * 1024 * 1024),
            tls_cert=tls_cert,
            tls_key=tls_key,
            bearer_tokens=frozenset(token or ()),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    rest = rest_listen or settings.rest_listen
    options = ServerOptions(gateway=gateway, rest_listen=None if rest == "off" else rest)
    try:
        serve(
            db_url=db or settings.engine_db_url,
            options=options,
            deploy=tuple(deploy or ()),
            dev_mode=settings.dev_mode if dev is None else dev,
        )
    except (EngineError, OSError) as exc:
        typer.echo(f"xdt engine: {exc}", err=True)
        raise typer.Exit(1) from exc
