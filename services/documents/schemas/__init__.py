"""Declared input schemas, one pydantic model per document type."""

from services.documents.schemas.collection import (
    OnsiteConfirmationInput,
    OverdueNoticeInput,
    RepaymentReminderInput,
)
from services.documents.schemas.common import DocumentInput
from services.documents.schemas.compensation import (
    CityRequestInput,
    CompensationApplicationInput,
    InitialReviewInput,
    PaymentOrderInput,
    PrefectureSubmissionInput,
)
from services.documents.schemas.supervision import (
    BlacklistReportInput,
    InspectionRecordInput,
    RiskWarningInput,
)

__all__ = [
    "BlacklistReportInput",
    "CityRequestInput",
    "CompensationApplicationInput",
    "DocumentInput",
    "InitialReviewInput",
    "InspectionRecordInput",
    "OnsiteConfirmationInput",
    "OverdueNoticeInput",
    "PaymentOrderInput",
    "PrefectureSubmissionInput",
    "RepaymentReminderInput",
    "RiskWarningInput",
]
