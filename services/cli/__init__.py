"""The ``xdt`` command line: one typer app, one sub-command group per module in this package.

Each module listed in ``SUBCOMMANDS`` exposes ``app: typer.Typer``; it is mounted under its name.
"""

from __future__ import annotations

import importlib
import logging

import typer

SUBCOMMANDS: tuple[str, ...] = (
    "calendar",
    "loans",
    "fund",
    "docs",
    "engine",
    "workers",
    "serve",
    "demo",
    "events",
)

app = typer.Typer(no_args_is_help=True, help="Xindaitong (信贷通) post-loan orchestrator.")


def _mount() -> None:
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"services.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"services.cli.{name}":
                continue  # that command group is not part of this build
            raise
        sub = module.app
        if isinstance(sub, typer.Typer):
            app.add_typer(sub, name=name.replace("_", "-"))
        else:
            app.command(name=name)(sub)


_mount()


def main() -> None:
    """Console entry point."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app()
