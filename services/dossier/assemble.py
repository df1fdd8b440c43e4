"""From a document type and the process variables at the point of issue to the data
:func:`services.documents.issue_document` takes: read what the registry and the organisations
file know, then hand it to the type's pure builder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from services.documents import DocType, spec_for
from services.dossier.builders import collection, compensation, supervision
from services.dossier.common import Case, Data
from services.dossier.directory import Directory, load_directory
from services.dossier.errors import VariableInvalid
from services.dossier.snapshot import load_listed_parties, load_snapshot
from services.dossier.variables import ProcessVariables


@dataclass(frozen=True, slots=True)
class _Recipe:
    required: tuple[str, ...]
    """Variables checked, all at once, before anything is read."""
    build: Callable[[Case], Data]


_RECIPES: dict[DocType, _Recipe] = {
    DocType.REPAYMENT_REMINDER: _Recipe(
        collection.REPAYMENT_REMINDER_VARIABLES, collection.repayment_reminder
    ),
    DocType.OVERDUE_NOTICE: _Recipe(collection.OVERDUE_NOTICE_VARIABLES, collection.overdue_notice),
    DocType.ONSITE_CONFIRMATION: _Recipe(
        collection.ONSITE_CONFIRMATION_VARIABLES, collection.onsite_confirmation
    ),
    DocType.COMPENSATION_APPLICATION: _Recipe(
        compensation.COMPENSATION_APPLICATION_VARIABLES, compensation.compensation_application
    ),
    DocType.INITIAL_REVIEW: _Recipe(compensation.INITIAL_REVIEW_VARIABLES, compensation.initial_review),
    DocType.CITY_REQUEST: _Recipe(compensation.CITY_REQUEST_VARIABLES, compensation.city_request),
    DocType.PREFECTURE_SUBMISSION: _Recipe(
        compensation.PREFECTURE_SUBMISSION_VARIABLES, compensation.prefecture_submission
    ),
    DocType.PAYMENT_ORDER: _Recipe(compensation.PAYMENT_ORDER_VARIABLES, compensation.payment_order),
    DocType.RISK_WARNING: _Recipe(supervision.RISK_WARNING_VARIABLES, supervision.risk_warning),
}


def required_variables(doc_type: DocType | str) -> tuple[str, ...]:
    """The variables a document type cannot be issued without (others are read when present)."""
    code = spec_for(doc_type).code
    if code is DocType.BLACKLIST_REPORT:
        return supervision.BLACKLIST_REPORT_VARIABLES
    if code is DocType.INSPECTION_RECORD:
        return supervision.INSPECTION_RECORD_VARIABLES
    return _RECIPES[code].required


def build_documents(
    doc_type: DocType | str,
    variables: Mapping[str, Any],
    *,
    session: Session,
    issued_on: date,
    directory: Directory | None = None,
) -> list[Data]:
    """The data of every document of ``doc_type`` the process asks for at this point.

    One document for every type except INSPECTION_RECORD, which gives one per loan flagged in
    ``inspectionResults`` (none when nothing was flagged).

    Args:
        doc_type: a :class:`DocType` or its code.
        variables: the job's process variables.
        session: read-only use: the loan registry and the blacklist.
        issued_on: the paper's date (成文日期), the business day it is issued.
        directory: contacts and accounts; ``data/organisations.yaml`` when omitted.

    Returns:
        Inputs of the type's schema without ``doc_number``, JSON-ready.

    Raises:
        UnknownDocumentType: the code is not in the catalogue.
        VariablesMissing: naming every variable the type needs that the process has not set.
        VariableInvalid: a variable that cannot be read as needed, named with the problem.
        NotFound: the loan, or a blacklist entry, is not registered.
        DirectoryEntryMissing, DirectoryInvalid: the organisations file lacks an entry or is broken.
    """
    code = spec_for(doc_type).code
    v = ProcessVariables(code.value, variables)
    v.require(required_variables(code))
    found = directory or load_directory()
    if code is DocType.INSPECTION_RECORD:
        return [
            supervision.inspection_record(flag, load_snapshot(session, flag.loan_no), found, issued_on)
            for flag in supervision.flagged_loans(v)
        ]
    case = Case(load_snapshot(session, v.text("loanNo")), v, found, issued_on)
    if code is DocType.BLACKLIST_REPORT:
        parties = load_listed_parties(session, supervision.blacklist_entry_ids(v))
        return [supervision.blacklist_report(case, parties)]
    return [_RECIPES[code].build(case)]


def build_document_data(
    doc_type: DocType | str,
    variables: Mapping[str, Any],
    *,
    session: Session,
    issued_on: date,
    directory: Directory | None = None,
) -> Data:
    """The data of the one document of ``doc_type`` (see :func:`build_documents`).

    Raises:
        VariableInvalid: INSPECTION_RECORD with other than exactly one flagged loan (use
            :func:`build_documents` for those), besides everything :func:`build_documents` raises.
    """
    documents = build_documents(
        doc_type, variables, session=session, issued_on=issued_on, directory=directory
    )
    if len(documents) != 1:
        raise VariableInvalid(
            doc_type=spec_for(doc_type).code.value,
            name="inspectionResults",
            problem=f"flags {len(documents)} loans, so it makes {len(documents)} records, not one",
        )
    return documents[0]
