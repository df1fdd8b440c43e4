"""A loan as process variables: camelCase names, money in fen, dates as ISO text for FEEL."""

from __future__ import annotations

from typing import Any

from services.loans.schemas import LoanPublic


def loan_variables(loan: LoanPublic) -> dict[str, Any]:
    """Variables to start a process for ``loan`` (e.g. the maturity reminder of 第十六条).

    ``bankGroup`` and ``townshipGroup`` are the candidate groups of the loan's bank and township
    staff (``bank:GZRCB``, ``township:YEPING``).
    """
    return {
        "loanNo": loan.loan_no,
        "bankCode": loan.bank_code,
        "bankGroup": f"bank:{loan.bank_code}",
        "townshipCode": loan.township_code,
        "townshipGroup": f"township:{loan.township_code}",
        "villageCode": loan.village_code,
        "borrowerName": loan.borrower.name,
        "borrowerKind": loan.borrower.kind.value,
        "borrowerIdentifier": loan.borrower.identifier,
        "principalFen": loan.principal_fen,
        "outstandingFen": loan.outstanding_principal_fen,
        "annualRateBp": loan.annual_rate_bp,
        "disbursedOn": loan.disbursed_on.isoformat(),
        "maturityDate": loan.matures_on.isoformat(),
        "purpose": loan.purpose,
        "status": loan.status.value,
    }
