"""Official documents over HTTP: the catalogue, each type's schema, rendering to PDF or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import HTMLResponse, Response

from services import documents
from services.api.deps import ActorDep, ClockDep, SessionDep
from services.documents.storage import DEFAULT_STORAGE_DIR

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("/types")
def list_types() -> list[dict[str, str]]:
    """Every document type: code, title, number prefix and the article it serves."""
    return [
        {"code": s.code.value, "title": s.title, "prefix": s.prefix, "article": s.article}
        for s in documents.CATALOG.values()
    ]


@router.get("/types/{doc_type}/schema")
def type_schema(doc_type: str) -> dict[str, Any]:
    """The JSON Schema of a type's inputs."""
    return documents.spec_for(doc_type).schema.model_json_schema()


@router.post(
    "/{doc_type}/render",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "text/html": {}}}},
)
def render(
    doc_type: str,
    data: Annotated[dict[str, Any], Body(description="the inputs of the type's schema")],
    format: Annotated[str, Query(pattern="^(pdf|html)$")] = "pdf",
) -> Response:
    """Render one document from its inputs (no number is taken; ``doc_number`` is an input)."""
    if format == "html":
        return HTMLResponse(documents.render_html(doc_type, data))
    pdf = documents.render_pdf(doc_type, data)
    code = documents.spec_for(doc_type).code.value
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{code}.pdf"'},
    )


def _storage_dir(request: Request) -> Path:
    # Tests and deployments may point the app at another directory through app.state.
    path: Path = getattr(request.app.state, "documents_dir", DEFAULT_STORAGE_DIR)
    return path


def _public(record: documents.IssuedDocumentRecord) -> dict[str, Any]:
    return {
        "doc_type": record.number.doc_type.value,
        "year": record.number.year,
        "seq": record.number.seq,
        "number": record.number.number_text,
        "sha256": record.pdf_sha256,
        "replayed": record.replayed,
    }


@router.post("/{doc_type}/issue", status_code=201)
def issue(
    doc_type: str,
    data: Annotated[dict[str, Any], Body(description="the inputs of the type's schema, without doc_number")],
    idempotency_key: Annotated[str, Header(min_length=1, max_length=200)],
    request: Request,
    session: SessionDep,
    clock: ClockDep,
    actor: ActorDep,
) -> dict[str, Any]:
    """Number, render and store a document; the same ``Idempotency-Key`` returns the same document."""
    record = documents.issue_document(
        session=session,
        clock=clock,
        actor=actor,
        doc_type=doc_type,
        data=data,
        idempotency_key=idempotency_key,
        storage_dir=_storage_dir(request),
    )
    return _public(record)


@router.get(
    "/issued/{number}", response_class=Response, responses={200: {"content": {"application/pdf": {}}}}
)
def issued_pdf(number: str, request: Request, session: SessionDep) -> Response:
    """The stored PDF issued under a number (e.g. ``瑞扶代〔2026〕12号``), checked against its hash."""
    record = documents.find_document(session=session, number_text=number, storage_dir=_storage_dir(request))
    return Response(documents.read_pdf(record), media_type="application/pdf")
