"""Official documents of the 信贷通 post-loan process: schemas, numbers, rendering, storage.

Public API (workers, CLI and API call only these):

* :func:`render_html` / :func:`render_pdf` — pure: validated inputs in, HTML / PDF bytes out.
* :func:`validate_input` — check inputs against a type's declared schema.
* :func:`issue_number` — gap-free, idempotent number per (type, year).
* :func:`issue_document` — number, render and store a document under ``var/documents``.
* :func:`find_document` / :func:`read_pdf` — a stored document by number, its PDF hash-checked.
* :func:`amount_in_capitals`, :func:`format_yuan`, :func:`chinese_date` — the printing helpers.
* :data:`CATALOG`, :class:`DocType`, :func:`spec_for` — codes, titles, prefixes, schemas.
"""

from services.documents.catalog import CATALOG, DocType, DocumentSpec, format_number, spec_for
from services.documents.chinese_dates import chinese_date, numeric_date
from services.documents.errors import (
    DocumentInputInvalid,
    IdempotencyKeyReused,
    TemplateFieldMissing,
    UnknownDocumentType,
)
from services.documents.money import amount_in_capitals, format_yuan
from services.documents.numbering import IssuedNumber, issue_number
from services.documents.rendering import render_html, render_pdf, validate_input
from services.documents.storage import IssuedDocumentRecord, find_document, issue_document, read_pdf

__all__ = [
    "CATALOG",
    "DocType",
    "DocumentInputInvalid",
    "DocumentSpec",
    "IdempotencyKeyReused",
    "IssuedDocumentRecord",
    "IssuedNumber",
    "TemplateFieldMissing",
    "UnknownDocumentType",
    "amount_in_capitals",
    "chinese_date",
    "format_number",
    "find_document",
    "format_yuan",
    "issue_document",
    "issue_number",
    "numeric_date",
    "read_pdf",
    "render_html",
    "render_pdf",
    "spec_for",
    "validate_input",
]
