"""``xdt.documents.issue``: number, render and store the official paper a step of a process asks for.

Headers: ``docType`` (a code of :class:`services.documents.DocType`) and ``result`` (the prefix of
the variables written). The paper's inputs are assembled by :mod:`services.dossier` from the loan
registry, the job's variables and ``data/organisations.yaml``; its date is the business day of
the worker's clock.

Writes ``<result>No`` (the number, e.g. 瑞扶催〔2026〕3号), ``<result>Date`` (``YYYY-MM-DD``) and
``<result>Id`` (``OVERDUE_NOTICE-2026-3``: type, year and sequence, ASCII for URLs and logs). An
INSPECTION_RECORD job issues one record per flagged loan and also writes ``<result>Nos`` and
``<result>Ids`` (lists, empty when nothing was flagged); its ``<result>No``/``Id`` are the first
record's, or null.

Each paper is keyed on the job's element instance and its position, so a job that runs again
gets back the numbers it took the first time and takes no new one.
"""

from typing import Any

from pyzeebe import Job, ZeebeTaskRouter

from services.clock import business_today
from services.documents import DocType, IssuedDocumentRecord, UnknownDocumentType, issue_document, spec_for
from services.dossier import build_documents
from workers.context import WorkerContext
from workers.jobs import JobInputInvalid, effect_key, header, job_actor


def document_id(record: IssuedDocumentRecord) -> str:
    """The ASCII id of an issued paper: type, year and sequence."""
    number = record.number
    return f"{number.doc_type.value}-{number.year}-{number.seq}"


def _doc_type(job: Job) -> DocType:
    try:
        return spec_for(header(job, "docType")).code
    except UnknownDocumentType as exc:
        raise JobInputInvalid(f"{job.type} at {job.element_id}: header docType: {exc.message}") from exc


def result_variables(result: str, doc_type: DocType, records: list[IssuedDocumentRecord]) -> dict[str, Any]:
    """The variables a documents job returns for the papers it issued."""
    first = records[0] if records else None
    out: dict[str, Any] = {
        f"{result}No": first.number.number_text if first else None,
        f"{result}Date": first.inputs["issued_on"] if first else None,
        f"{result}Id": document_id(first) if first else None,
    }
    if doc_type is DocType.INSPECTION_RECORD:
        out[f"{result}Nos"] = [r.number.number_text for r in records]
        out[f"{result}Ids"] = [document_id(r) for r in records]
    return out


def issue_for_job(job: Job, ctx: WorkerContext) -> dict[str, Any]:
    """Issue the papers a documents job asks for, in one transaction, and describe them."""
    result = header(job, "result")
    doc_type = _doc_type(job)
    issued_on = business_today(ctx.clock)
    actor = job_actor(ctx.actor, job)
    with ctx.session() as session:
        inputs = build_documents(doc_type, job.variables, session=session, issued_on=issued_on)
        records = [
            issue_document(
                session=session,
                clock=ctx.clock,
                actor=actor,
                doc_type=doc_type,
                data=data,
                idempotency_key=effect_key(job, str(position)),
                storage_dir=ctx.documents_dir,
            )
            for position, data in enumerate(inputs)
        ]
    return result_variables(result, doc_type, records)


def router(ctx: WorkerContext) -> ZeebeTaskRouter:
    routes = ZeebeTaskRouter()

    @routes.task(task_type="xdt.documents.issue")
    def issue(job: Job) -> dict[str, Any]:
        return issue_for_job(job, ctx)

    return routes
