"""Pieces every document shares: the case a builder works on, the borrower and loan blocks,
contacts and the names of the issuing organs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from services.documents.schemas.common import CITY_FINANCE, CITY_FINANCIAL_OFFICE, CITY_POVERTY_OFFICE
from services.dossier.directory import ContactEntry, Directory, Office
from services.dossier.snapshot import LoanSnapshot
from services.dossier.variables import ProcessVariables

CITY = "瑞金市"
PROVINCE = "江西省"
NO_VILLAGE = "（村未登记）"
"""Printed where a loan's village is not registered (an enterprise registered at township level)."""

OFFICE_NAMES: dict[Office, str] = {
    "finance": CITY_FINANCE,
    "poverty-office": CITY_POVERTY_OFFICE,
    "financial-bureau": CITY_FINANCIAL_OFFICE,
}

Data = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Case:
    """Everything a builder reads: the loan, the variables, the directory and the issue date."""

    loan: LoanSnapshot
    vars: ProcessVariables
    directory: Directory
    issued_on: date


def address_of(loan: LoanSnapshot) -> str:
    """The borrower's address as the registry allows: province, city, township and village."""
    return f"{PROVINCE}{CITY}{loan.township_name}{loan.village_name or ''}"


def township_station(loan: LoanSnapshot) -> str:
    """The poverty-alleviation station of the loan's township (乡（镇）扶贫工作站)."""
    return f"{CITY}{loan.township_name}扶贫工作站"


def borrower_block(loan: LoanSnapshot) -> Data:
    """The ``borrower`` object of the schemas."""
    return {
        "name": loan.borrower_name,
        "kind": loan.borrower_kind.value,
        "id_number": loan.borrower_identifier,
        "address": address_of(loan),
    }


def loan_block(loan: LoanSnapshot) -> Data:
    """The ``loan`` object of the schemas."""
    return {
        "loan_number": loan.loan_no,
        "bank": loan.bank_name,
        "principal_fen": loan.principal_fen,
        "disbursed_on": loan.disbursed_on.isoformat(),
        "matures_on": loan.matures_on.isoformat(),
        "purpose": loan.purpose,
        "township": loan.township_name,
        "village": loan.village_name or NO_VILLAGE,
    }


def contact_block(contact: ContactEntry) -> Data:
    """The ``contact`` object of the schemas."""
    return {"name": contact.name, "phone": contact.phone}


def bank_contact(case: Case) -> Data:
    """The loan's bank's contact from the directory."""
    return contact_block(case.directory.bank(case.loan.bank_code).contact)


def office_contact(case: Case, office: Office) -> Data:
    """A city office's contact from the directory."""
    return contact_block(case.directory.office(office).contact)


def base(case: Case) -> Data:
    """The fields every document starts with (its number is added when it is issued)."""
    return {"issued_on": case.issued_on.isoformat()}


def judgment_block(case: Case) -> Data:
    """The effective judgment: court from the lawsuit form, number and date from the message."""
    v = case.vars
    case_number = v.optional_text("judgmentCaseNo") or v.text("courtCaseNo")
    return {
        "court": v.text("courtName"),
        "case_number": case_number,
        "effective_on": v.day("judgmentDate").isoformat(),
    }


JUDGMENT_VARIABLES = ("courtName", "courtCaseNo", "judgmentDate")
LOSS_VARIABLES = ("principalLossFen", "interestLossFen", "earlierRecoveriesFen", "claimFen")


def loss_block(case: Case) -> Data:
    """The loss figures of 第二十一条 as ``xdt.loans.compute-claim`` left them.

    Raises:
        VariableInvalid: ``claimFen`` disagrees with principal + interest − recoveries.
    """
    v = case.vars
    principal, interest, recovered = (
        v.fen("principalLossFen"),
        v.fen("interestLossFen"),
        v.fen("earlierRecoveriesFen"),
    )
    claim = v.fen("claimFen")
    if claim != principal + interest - recovered:
        raise v.invalid(
            "claimFen",
            f"{claim} differs from principalLossFen + interestLossFen − earlierRecoveriesFen "
            f"= {principal + interest - recovered}",
        )
    return {"principal_loss_fen": principal, "interest_loss_fen": interest, "recovered_fen": recovered}
