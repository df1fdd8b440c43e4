"""Errors of the documents service, all under the services root :class:`ServiceError`."""

from __future__ import annotations

from typing import Any

from services.errors import Conflict, NotFound, ServiceError, ValidationFailed


class UnknownDocumentType(NotFound):
    """A document type code that is not in the catalogue."""

    code = "unknown_document_type"

    def __init__(self, *, doc_type: str, known: list[str]) -> None:
        super().__init__(
            f"unknown document type {doc_type!r}; known types: {', '.join(known)}",
            doc_type=doc_type,
            known=known,
        )


class DocumentInputInvalid(ValidationFailed):
    """The data for a document breaks its declared schema; nothing was rendered or stored.

    ``problems`` lists one ``{"field": "loan.loan_number", "problem": "..."}`` per fault.
    """

    code = "document_input_invalid"

    def __init__(self, *, doc_type: str, problems: list[dict[str, str]]) -> None:
        listed = "; ".join(f"{p['field']}: {p['problem']}" for p in problems)
        super().__init__(f"{doc_type} input is invalid: {listed}", doc_type=doc_type, problems=problems)
        self.problems = problems


class TemplateFieldMissing(ServiceError):
    """A template used a name its context does not hold; nothing is printed with a blank."""

    code = "template_field_missing"

    def __init__(self, *, template: str, detail: str) -> None:
        super().__init__(f"template {template} refers to a missing field: {detail}", template=template)


class IdempotencyKeyReused(Conflict):
    """An idempotency key already took a number for another document type or year."""

    code = "idempotency_key_reused"

    def __init__(self, *, key: str, first: dict[str, Any], requested: dict[str, Any]) -> None:
        super().__init__(
            f"idempotency key {key!r} already issued {first['number_text']} "
            f"({first['doc_type']} {first['year']}); it cannot be used for {requested['doc_type']} "
            f"{requested['year']}",
            key=key,
            first=first,
            requested=requested,
        )
