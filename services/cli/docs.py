"""``xdt docs``: list the official document types, show their input schema, render one to PDF or HTML.

Rendering from the command line needs no database: it is the pure renderer over a JSON file that
carries every input, ``doc_number`` and ``issued_on`` included. Exit status 2 on bad input, with each
faulty field named on its own line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from services import documents
from services.errors import ServiceError

app = typer.Typer(no_args_is_help=True, help="Official documents (公文): types, schemas, rendering.")


def _fail(message: str, details: list[str] | None = None) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    for line in details or []:
        typer.echo(f"  {line}", err=True)
    return typer.Exit(2)


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _fail(f"{path} is not valid UTF-8 JSON: {exc}") from exc


@app.command("types")
def list_types() -> None:
    """Print one line per type: code, number prefix, article, title."""
    for spec in documents.CATALOG.values():
        typer.echo(f"{spec.code.value}\t{spec.prefix}\t{spec.article}\t{spec.title}")


@app.command()
def schema(doc_type: Annotated[str, typer.Argument(help="Document type code, e.g. PAYMENT_ORDER.")]) -> None:
    """Print the JSON Schema of a type's inputs."""
    try:
        spec = documents.spec_for(doc_type)
    except ServiceError as exc:
        raise _fail(exc.message) from exc
    typer.echo(json.dumps(spec.schema.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def render(
    doc_type: Annotated[str, typer.Argument(help="Document type code, e.g. PAYMENT_ORDER.")],
    json_file: Annotated[Path, typer.Option("--json", help="The inputs as a JSON object.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF (or HTML with --html).")],
    html: Annotated[bool, typer.Option("--html", help="Write HTML instead of PDF.")] = False,
) -> None:
    """Render one document from a JSON file of inputs."""
    data = _load_json(json_file)
    try:
        content = (
            documents.render_html(doc_type, data).encode("utf-8")
            if html
            else documents.render_pdf(doc_type, data)
        )
    except documents.DocumentInputInvalid as exc:
        raise _fail(
            f"{exc.fields['doc_type']} input is invalid:",
            [f"{p['field']}: {p['problem']}" for p in exc.problems],
        ) from exc
    except ServiceError as exc:
        raise _fail(exc.message) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    typer.echo(f"wrote {out} ({len(content)} bytes)")
