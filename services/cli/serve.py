"""``xdt serve``: the embedded engine (gRPC + REST) with the BPMN files deployed, the job workers
connected to it over gRPC, and the services API.

Once the engine listens, every process start the registry queued while it was not running (the
demo loans' maturity reminders with ``--demo-data``, an import made meanwhile) is made.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from services.settings import get_settings

logger = logging.getLogger(__name__)


def _host_port(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise typer.BadParameter(f"expected HOST:PORT, got {listen!r}")
    return host, int(port)


def app(
    demo_data: Annotated[
        bool, typer.Option("--demo-data", help="Register the sample banks, townships, loans and funds.")
    ] = False,
    workers: Annotated[bool, typer.Option("--workers/--no-workers", help="Run the job workers too.")] = True,
) -> None:
    """Run engine + workers + API on the embedded default until Ctrl-C."""
    import uvicorn

    from engine.rest.clock_control import PinnableClock
    from engine.server import deploy_directory, open_engine, run_in_thread
    from services.api.app import create_app
    from services.clock import SystemClock
    from services.db import Database
    from services.embedded.seed import deliver_starts, seed_demo
    from workers.channel import GatewayTarget
    from workers.context import WorkerContext
    from workers.runner import start_in_thread

    settings = get_settings()
    gw_host, gw_port = _host_port(settings.gateway_address)
    rest_host, rest_port = _host_port(settings.rest_listen)
    web_host, web_port = _host_port(settings.web_listen)
    clock = PinnableClock() if settings.dev_mode else None
    engine = open_engine(settings.engine_db_url, clock=clock)
    db = Database(settings.db_url)
    try:
        deployment = deploy_directory(engine, settings.bpmn_dir)
        if deployment is not None:
            typer.echo(f"deployed {len(deployment.processes)} processes from {settings.bpmn_dir}")
        if demo_data:
            with db.session() as session:
                summary = seed_demo(session=session, clock=SystemClock())
            typer.echo(f"demo data: {summary}")
        if gw_host != rest_host:
            raise typer.BadParameter("gateway and REST must listen on the same interface")
        with run_in_thread(engine, gw_port, host=gw_host, rest_port=rest_port, clock=clock):
            typer.echo(
                f"Zeebe gateway on {settings.gateway_address}, engine REST on http://{settings.rest_listen}"
            )
            starts = deliver_starts(
                db,
                settings.gateway_address,
                clock=clock or SystemClock(),
                actor="system:serve",
                engine=engine,
            )
            if starts.deliveries or starts.pending:
                typer.echo(f"process starts: {len(starts.started)} made, {starts.pending} still queued")
            context = WorkerContext(db=db, clock=clock or SystemClock(), documents_dir=settings.documents_dir)
            running = start_in_thread(GatewayTarget(settings.gateway_address), context) if workers else None
            typer.echo(f"services API on http://{settings.web_listen}/docs")
            try:
                uvicorn.run(
                    create_app(settings, db=db, engine=engine), host=web_host, port=web_port, log_level="info"
                )
            finally:
                if running is not None:
                    running.stop()
    finally:
        db.dispose()
        engine.close()
