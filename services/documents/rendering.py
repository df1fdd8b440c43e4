"""Pure rendering of official documents: validated inputs in, HTML or PDF bytes out.

One Jinja2 environment loads ``templates/documents/`` with HTML autoescaping and
``StrictUndefined``, so a field a template names but the data lacks is an error, never a blank on
an official paper. Nothing here reads the clock, the database or the network: the date and the
number of a paper come in with its data, and WeasyPrint's URL fetcher refuses every fetch.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NoReturn

import jinja2
from pydantic import BaseModel, ValidationError

from services.documents.catalog import DocType, spec_for
from services.documents.chinese_dates import chinese_date, numeric_date
from services.documents.errors import DocumentInputInvalid, TemplateFieldMissing
from services.documents.money import amount_in_capitals, format_yuan
from services.documents.schemas import DocumentInput
from services.settings import PROJECT_ROOT

TEMPLATES_DIR = PROJECT_ROOT / "templates" / "documents"

# WeasyPrint logs every layout step at INFO; a document service would drown its own log in them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja2 environment of the documents service (autoescape, strict undefined)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yuan"] = format_yuan
    env.filters["capitals"] = amount_in_capitals
    env.filters["cn_date"] = chinese_date
    env.filters["ymd"] = numeric_date
    return env


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def _problems(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": _field_path(tuple(err["loc"])), "problem": err["msg"].removeprefix("Value error, ")}
        for err in exc.errors(include_url=False)
    ]


def validate_input(doc_type: DocType | str, data: Mapping[str, Any] | BaseModel) -> DocumentInput:
    """Check data against the declared schema of its document type.

    Args:
        doc_type: a :class:`DocType` or its code.
        data: a JSON-like mapping (or an already built input model of that type).

    Returns:
        The validated, immutable input model.

    Raises:
        UnknownDocumentType: the type code is not known.
        DocumentInputInvalid: naming every missing or invalid field, e.g. ``loan.loan_number``.
    """
    spec = spec_for(doc_type)
    if isinstance(data, spec.schema):
        return data
    payload = data.model_dump() if isinstance(data, BaseModel) else data
    if not isinstance(payload, Mapping):
        raise DocumentInputInvalid(
            doc_type=spec.code, problems=[{"field": "(document)", "problem": "expected a JSON object"}]
        )
    try:
        return spec.schema.model_validate(dict(payload))
    except ValidationError as exc:
        raise DocumentInputInvalid(doc_type=spec.code, problems=_problems(exc)) from exc


def _template_error(template: str, exc: jinja2.UndefinedError) -> NoReturn:
    raise TemplateFieldMissing(template=template, detail=exc.message or str(exc)) from exc


def render_template(template: str, context: Mapping[str, Any]) -> str:
    """Render one template of ``templates/documents/`` with a context (no schema check).

    Raises:
        TemplateFieldMissing: the template used a name or attribute the context lacks.
    """
    try:
        return environment().get_template(template).render(context)
    except jinja2.UndefinedError as exc:
        _template_error(template, exc)


def render_html(doc_type: DocType | str, data: Mapping[str, Any] | BaseModel) -> str:
    """Validate the data and render the document as a self-contained HTML page.

    Args:
        doc_type: a :class:`DocType` or its code, e.g. ``"PAYMENT_ORDER"``.
        data: the inputs declared by the type's schema, including ``doc_number`` and ``issued_on``.

    Returns:
        HTML with the stylesheet inlined; every input value is HTML-escaped.

    Raises:
        UnknownDocumentType: the type code is not known.
        DocumentInputInvalid: the data breaks the schema (every bad field is named).
        TemplateFieldMissing: the template names a field the schema does not provide.
    """
    spec = spec_for(doc_type)
    doc = validate_input(spec.code, data)
    return render_template(spec.template, {"doc": doc, "spec": spec})


def _refuse_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, Any]:
    # Documents are self-contained; a fetch would make output depend on the outside world.
    raise ValueError(f"document rendering fetches nothing, refused {url!r}")


def html_to_pdf(html: str) -> bytes:
    """Lay out an HTML page as PDF with WeasyPrint, without any network or file access."""
    import weasyprint  # heavy import, kept off the module import path of the CLI and API

    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def render_pdf(doc_type: DocType | str, data: Mapping[str, Any] | BaseModel) -> bytes:
    """Validate the data and render the document as an A4 PDF (GB/T 9704 layout).

    Args:
        doc_type: a :class:`DocType` or its code.
        data: the inputs declared by the type's schema.

    Returns:
        The PDF file's bytes.

    Raises:
        UnknownDocumentType: the type code is not known.
        DocumentInputInvalid: the data breaks the schema.
        TemplateFieldMissing: the template names a field the schema does not provide.
    """
    return html_to_pdf(render_html(doc_type, data))
