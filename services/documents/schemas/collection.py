"""Inputs of the collection papers: 还款催收通知书, 逾期催收通知书, 现场确认书 (第十六条–第十八条)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from services.documents.schemas.common import (
    Borrower,
    Contact,
    DocNumber,
    DocumentInput,
    Fen,
    Loan,
    LongText,
    Organs,
    Participant,
    Text,
)
from services.loans.triggers import DefaultTrigger


class Delivery(StrEnum):
    """How a repayment reminder reaches the borrower (第十六条)."""

    DIRECT = "DIRECT"
    VIA_VILLAGE_COMMITTEE = "VIA_VILLAGE_COMMITTEE"

    @property
    def label(self) -> str:
        """The Chinese wording printed on the notice."""
        return "直接送达借款人" if self is Delivery.DIRECT else "由当地村委会转达借款对象"


class RepaymentReminderInput(DocumentInput):
    """还款催收通知书: the bank reminds the borrower 30 days before maturity (第十六条)."""

    issuer: Text = Field(description="the lending bank (发文机关)")
    borrower: Borrower
    loan: Loan
    outstanding_principal_fen: Fen
    interest_due_fen: Fen
    repay_by: date = Field(description="the date by which principal and interest are due")
    delivery: Delivery
    contact: Contact

    @property
    def total_due_fen(self) -> int:
        """Principal plus interest due."""
        return self.outstanding_principal_fen + self.interest_due_fen


class OverdueNoticeInput(DocumentInput):
    """逾期催收通知书: the joint collection notice after a default (第十七条, 第十八条)."""

    issuers: Organs = Field(description="the bank, the township station and 市扶贫办, jointly")
    borrower: Borrower
    loan: Loan
    trigger: DefaultTrigger
    overdue_principal_fen: Fen
    overdue_interest_fen: Fen
    collection_deadline: date = Field(description="end of the 30-working-day collection period")
    contact: Contact

    @property
    def total_overdue_fen(self) -> int:
        """Overdue principal plus overdue interest."""
        return self.overdue_principal_fen + self.overdue_interest_fen

    @model_validator(mode="after")
    def _deadline_after_issue(self) -> OverdueNoticeInput:
        if self.collection_deadline <= self.issued_on:
            raise ValueError("collection_deadline must be after issued_on")
        return self


class ConfirmationGround(StrEnum):
    """Why collection gives way to a lawsuit (第十八条)."""

    COLLECTION_PERIOD_EXPIRED = "COLLECTION_PERIOD_EXPIRED"
    LOST_REPAYMENT_CAPACITY = "LOST_REPAYMENT_CAPACITY"

    @property
    def label(self) -> str:
        """The Chinese wording printed on the confirmation."""
        if self is ConfirmationGround.COLLECTION_PERIOD_EXPIRED:
            return "下发催收通知书30个工作日后仍未归还"
        return "借款对象丧失还款能力"


class OnsiteConfirmationInput(DocumentInput):
    """现场确认书: the bank and the village committee or township station confirm on site."""

    bank: Text
    confirming_body: Text = Field(description="村委会 or 乡（镇）扶贫工作站")
    borrower: Borrower
    loan: Loan
    notice_number: DocNumber = Field(description="number of the 逾期催收通知书 served")
    notice_served_on: date
    place: Text
    ground: ConfirmationGround
    facts: LongText
    outstanding_principal_fen: Fen
    outstanding_interest_fen: Fen
    participants: list[Participant] = Field(min_length=2, max_length=12)

    @property
    def total_outstanding_fen(self) -> int:
        """Outstanding principal plus interest."""
        return self.outstanding_principal_fen + self.outstanding_interest_fen


__all__ = [
    "ConfirmationGround",
    "Delivery",
    "OnsiteConfirmationInput",
    "OverdueNoticeInput",
    "RepaymentReminderInput",
]
