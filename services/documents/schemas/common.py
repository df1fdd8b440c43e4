"""Building blocks shared by the document input schemas.

Every schema forbids unknown fields (a misspelt field is an error, not a silently missing line),
strips surrounding whitespace and refuses empty strings. Amounts are integer fen.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from services.loans.enums import BorrowerKind

#: The number form of GB/T 9704: organ abbreviation, year in 〔〕, sequence without leading zeros.
DOC_NUMBER_PATTERN = r"^\S+〔\d{4}〕[1-9]\d*号$"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9+\-() ]{5,20}$")]
DocNumber = Annotated[str, StringConstraints(strip_whitespace=True, pattern=DOC_NUMBER_PATTERN)]
Fen = Annotated[int, Field(strict=True, ge=0, description="amount in integer fen (分)")]
Organs = Annotated[list[Text], Field(min_length=1, max_length=4)]

CITY_FINANCE = "瑞金市财政局"
CITY_POVERTY_OFFICE = "瑞金市扶贫开发办公室"
CITY_FINANCIAL_OFFICE = "瑞金市金融局"
CITY_GOVERNMENT = "瑞金市人民政府"
PREFECTURE_POVERTY_OFFICE = "赣州市扶贫开发办公室"
PREFECTURE_FINANCE = "赣州市财政局"


class Strict(BaseModel):
    """Base of every input model: closed, immutable, whitespace-stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class DocumentInput(Strict):
    """Fields every document carries: its number, its date and its copy-to list (版记)."""

    doc_number: DocNumber = Field(description="issued number, e.g. 瑞扶代〔2026〕12号")
    issued_on: date = Field(description="成文日期, printed in Chinese characters")
    cc: list[Text] = Field(default_factory=list, max_length=10, description="抄送机关")

    @model_validator(mode="after")
    def _number_of_the_issue_year(self) -> DocumentInput:
        year = int(self.doc_number.split("〔", 1)[1][:4])
        if year != self.issued_on.year:
            raise ValueError(f"doc_number year {year} differs from the year of issued_on {self.issued_on}")
        return self


class Borrower(Strict):
    """The borrower as printed on a paper (第二条 kinds)."""

    name: Text
    kind: BorrowerKind
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Z]{15,18}$")] = Field(
        description="resident ID number, or unified social credit code of an organisation"
    )
    address: Text


class Loan(Strict):
    """The loan a paper is about."""

    loan_number: Text
    bank: Text
    principal_fen: Fen
    disbursed_on: date
    matures_on: date
    purpose: Text
    township: Text
    village: Text

    @model_validator(mode="after")
    def _maturity_after_disbursement(self) -> Loan:
        if self.matures_on <= self.disbursed_on:
            raise ValueError(f"matures_on {self.matures_on} must be after disbursed_on {self.disbursed_on}")
        return self


class Contact(Strict):
    """The person to call about a paper (联系人)."""

    name: Text
    phone: Phone


class Participant(Strict):
    """A person taking part in a confirmation, review or inspection."""

    name: Text
    organisation: Text
    role: Text


class Judgment(Strict):
    """The court decision a compensation rests on (第十八条, 第二十条)."""

    court: Text
    case_number: Text
    effective_on: date


class Account(Strict):
    """A bank account named on a payment order."""

    name: Text
    number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9 ]{6,40}$")]
    bank: Text


class RiskLevel(StrEnum):
    """The three grades of risk signal of 第十三条."""

    RED = "RED"
    ORANGE = "ORANGE"
    YELLOW = "YELLOW"

    @property
    def label(self) -> str:
        """The Chinese name of the grade, e.g. 红色."""
        return {"RED": "红色", "ORANGE": "橙色", "YELLOW": "黄色"}[self.value]


class LossFigures(Strict):
    """Loss of a defaulted loan as 第二十一条 counts it: in-term principal and interest, less recoveries."""

    principal_loss_fen: Fen
    interest_loss_fen: Fen = Field(description="in-term interest only; no penalty interest after maturity")
    recovered_fen: Fen

    @model_validator(mode="after")
    def _recoveries_within_loss(self) -> LossFigures:
        if self.recovered_fen > self.principal_loss_fen + self.interest_loss_fen:
            raise ValueError("recovered_fen exceeds principal_loss_fen + interest_loss_fen")
        return self

    @property
    def net_loss_fen(self) -> int:
        """Principal plus interest loss, less what was recovered."""
        return self.principal_loss_fen + self.interest_loss_fen - self.recovered_fen
