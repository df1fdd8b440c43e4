"""Official documents over HTTP: the catalogue, each type's schema, rendering to PDF or HTML."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.responses import HTMLResponse, Response

from services import documents

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
