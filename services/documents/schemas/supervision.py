"""Inputs of the supervision papers: 风险预警报告单 (第十三条–第十四条), 黑名单报送表 (第十五条),
现场检查记录 (第十条)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from services.documents.schemas.common import (
    CITY_FINANCE,
    CITY_FINANCIAL_OFFICE,
    CITY_POVERTY_OFFICE,
    Borrower,
    Contact,
    DocumentInput,
    Fen,
    Loan,
    LongText,
    Organs,
    Participant,
    RiskLevel,
    Strict,
    Text,
)
from services.loans.enums import ListedAs
from services.loans.triggers import DefaultTrigger

_LISTED_AS_LABELS = {
    ListedAs.BORROWER: "借款人",
    ListedAs.LEGAL_REPRESENTATIVE: "法定代表人",
    ListedAs.SHAREHOLDER: "股东",
}


class RiskWarningInput(DocumentInput):
    """风险预警报告单: a bank reports a graded risk signal to the three city offices."""

    issuer: Text = Field(description="the reporting bank")
    recipients: Organs = Field(
        default_factory=lambda: [CITY_FINANCE, CITY_POVERTY_OFFICE, CITY_FINANCIAL_OFFICE]
    )
    level: RiskLevel
    borrower: Borrower
    loan: Loan
    found_on: date
    signal: LongText = Field(description="what was observed")
    trigger: DefaultTrigger | None = Field(default=None, description="the 第十七条 situation, if one applies")
    outstanding_fen: Fen
    measures_taken: LongText
    measures_proposed: LongText
    reporter: Contact


class BlacklistEntry(Strict):
    """One party to list: the borrower, or an enterprise's legal representative or shareholder."""

    name: Text
    listed_as: ListedAs
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Z]{15,18}$")]
    borrower_name: Text
    loan_number: Text
    bank: Text
    loss_fen: Fen
    reason: Text

    @property
    def listed_as_label(self) -> str:
        """The Chinese name of the party's standing."""
        return _LISTED_AS_LABELS[self.listed_as]


class BlacklistReportInput(DocumentInput):
    """黑名单报送表: parties to enter in the credit system's blacklist (第十五条)."""

    issuers: Organs = Field(default_factory=lambda: [CITY_POVERTY_OFFICE])
    recipient: Text = "中国人民银行瑞金市支行"
    entries: list[BlacklistEntry] = Field(min_length=1, max_length=200)
    contact: Contact

    @property
    def total_loss_fen(self) -> int:
        """Sum of the losses over all listed parties."""
        return sum(entry.loss_fen for entry in self.entries)


class CheckResult(StrEnum):
    """Finding of one check of 第十条."""

    PASS = "PASS"
    FAIL = "FAIL"
    NOT_APPLICABLE = "NOT_APPLICABLE"

    @property
    def label(self) -> str:
        """The Chinese wording of the finding."""
        return {"PASS": "符合", "FAIL": "不符合", "NOT_APPLICABLE": "不适用"}[self.value]


class CheckItem(Strict):
    """One of the three checks of 第十条 and what was found."""

    result: CheckResult
    notes: LongText


class InspectionChecks(Strict):
    """The three checks of 第十条, in its order."""

    fund_use: CheckItem = Field(description="1. loan used for production, not housing or consumption")
    benefit: CheckItem = Field(description="2. effect of the loan on the household's income")
    operation: CheckItem = Field(description="3. an operator's business and its link with poor households")


class InspectionRecordInput(DocumentInput):
    """现场检查记录 of the half-yearly on-site inspection led by 市金融局 (第十条)."""

    issuers: Organs = Field(default_factory=lambda: [CITY_FINANCIAL_OFFICE])
    inspected_on: date
    place: Text
    inspectors: list[Participant] = Field(min_length=2, max_length=12)
    borrower: Borrower
    loan: Loan
    checks: InspectionChecks
    conclusion: LongText
    risk_level: RiskLevel | None = Field(default=None, description="grade of any risk signal found")
    follow_up: LongText


__all__ = [
    "BlacklistEntry",
    "BlacklistReportInput",
    "CheckItem",
    "CheckResult",
    "InspectionChecks",
    "InspectionRecordInput",
    "RiskWarningInput",
]
