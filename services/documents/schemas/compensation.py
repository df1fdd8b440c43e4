"""Inputs of the compensation papers (第十八条–第二十一条): application, initial review, request to the
city government, letter to the prefecture for re-review, payment order."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from services.documents.schemas.common import (
    CITY_FINANCE,
    CITY_GOVERNMENT,
    CITY_POVERTY_OFFICE,
    PREFECTURE_FINANCE,
    PREFECTURE_POVERTY_OFFICE,
    Account,
    Borrower,
    Contact,
    DocNumber,
    DocumentInput,
    Fen,
    Judgment,
    Loan,
    LongText,
    LossFigures,
    Organs,
    Strict,
    Text,
)

_CITY_OFFICES = [CITY_FINANCE, CITY_POVERTY_OFFICE]
_PREFECTURE_OFFICES = [PREFECTURE_POVERTY_OFFICE, PREFECTURE_FINANCE]
Attachments = list[Text]


class CompensationApplicationInput(DocumentInput):
    """代偿申请书: the bank applies within 3 working days of the judgment taking effect."""

    issuer: Text = Field(description="the applying bank")
    recipients: Organs = Field(default_factory=lambda: list(_CITY_OFFICES))
    borrower: Borrower
    loan: Loan
    judgment: Judgment
    loss: LossFigures
    attachments: Attachments = Field(min_length=1, max_length=20, description="佐证材料")
    contact: Contact


class ReviewDecision(StrEnum):
    """Outcome of the initial review (第十九条)."""

    APPROVE = "APPROVE"
    RETURN_FOR_MATERIAL = "RETURN_FOR_MATERIAL"

    @property
    def label(self) -> str:
        """The Chinese wording of the decision."""
        return "同意代偿，报市政府审批" if self is ReviewDecision.APPROVE else "退回补充材料"


class InitialReviewInput(DocumentInput):
    """初审意见 of 市财政局 and 市扶贫办 on one application, within 5 working days."""

    issuers: Organs = Field(default_factory=lambda: list(_CITY_OFFICES))
    application_number: DocNumber
    applicant: Text
    application_received_on: date
    borrower: Borrower
    loan: Loan
    judgment: Judgment
    loss: LossFigures
    decision: ReviewDecision
    approved_fen: Fen = Field(description="the amount found payable; 0 when returned")
    reasons: LongText
    missing_materials: Attachments = Field(default_factory=list, max_length=20)
    reviewers: list[Text] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _consistent_decision(self) -> InitialReviewInput:
        if self.approved_fen > self.loss.net_loss_fen:
            raise ValueError("approved_fen exceeds the net loss (principal + interest - recovered)")
        if self.decision is ReviewDecision.RETURN_FOR_MATERIAL:
            if not self.missing_materials:
                raise ValueError("missing_materials must list what to supply when returning")
            if self.approved_fen:
                raise ValueError("approved_fen must be 0 when returning for material")
        elif self.approved_fen == 0:
            raise ValueError("approved_fen must be above 0 when approving")
        return self


class CityRequestInput(DocumentInput):
    """关于申请启动风险缓释金代偿的请示 to 瑞金市人民政府 (第十九条, within 2 working days)."""

    issuers: Organs = Field(default_factory=lambda: list(_CITY_OFFICES))
    recipient: Text = CITY_GOVERNMENT
    application_number: DocNumber
    review_number: DocNumber
    applicant: Text
    borrower: Borrower
    loan: Loan
    judgment: Judgment
    loss: LossFigures
    requested_fen: Fen
    contact: Contact

    @model_validator(mode="after")
    def _within_loss(self) -> CityRequestInput:
        if not 0 < self.requested_fen <= self.loss.net_loss_fen:
            raise ValueError("requested_fen must be above 0 and at most the net loss")
        return self


class CaseLine(Strict):
    """One compensation case in a submission to the prefecture."""

    loan_number: Text
    borrower_name: Text
    bank: Text
    principal_loss_fen: Fen
    interest_loss_fen: Fen
    recovered_fen: Fen
    requested_fen: Fen

    @model_validator(mode="after")
    def _within_loss(self) -> CaseLine:
        if self.requested_fen > self.principal_loss_fen + self.interest_loss_fen - self.recovered_fen:
            raise ValueError("requested_fen exceeds principal + interest loss - recovered")
        return self


class PrefectureSubmissionInput(DocumentInput):
    """复审报送函: the cases the city government approved, sent to 赣州 for re-review."""

    issuers: Organs = Field(default_factory=lambda: list(_CITY_OFFICES))
    recipients: Organs = Field(default_factory=lambda: list(_PREFECTURE_OFFICES))
    city_approval: Text = Field(description="the city government's approval, e.g. its number")
    approved_on: date
    cases: list[CaseLine] = Field(min_length=1, max_length=200)
    attachments: Attachments = Field(min_length=1, max_length=20)
    contact: Contact

    @property
    def total_requested_fen(self) -> int:
        """Sum of the amounts requested over all cases."""
        return sum(case.requested_fen for case in self.cases)


class PaymentOrderInput(DocumentInput):
    """风险缓释金代偿支付令 (第二十条): pay the confirmed amount from the bank's fund account."""

    issuers: Organs = Field(default_factory=lambda: list(_CITY_OFFICES))
    recipient: Text = Field(description="the bank that pays out of its fund account")
    prefecture_result: Text = Field(description="the prefecture's re-review result, e.g. its number")
    confirmed_on: date
    borrower: Borrower
    loan: Loan
    judgment: Judgment
    amount_fen: Fen
    ganzhou_share_fen: Fen
    ruijin_share_fen: Fen
    fund_account: Account
    transition_account: Account

    @model_validator(mode="after")
    def _five_five_split(self) -> PaymentOrderInput:
        if self.amount_fen == 0:
            raise ValueError("amount_fen must be above 0")
        if self.ganzhou_share_fen + self.ruijin_share_fen != self.amount_fen:
            raise ValueError("ganzhou_share_fen + ruijin_share_fen must equal amount_fen")
        if self.ruijin_share_fen - self.ganzhou_share_fen not in (0, 1):
            raise ValueError("the split is 5:5 with an odd fen to 瑞金 (第二十一条)")
        return self


__all__ = [
    "CaseLine",
    "CityRequestInput",
    "CompensationApplicationInput",
    "InitialReviewInput",
    "PaymentOrderInput",
    "PrefectureSubmissionInput",
    "ReviewDecision",
]
