"""The catalogue of official documents: stable codes, titles, number prefixes, schemas, templates.

Prefixes are the issuing organ's abbreviation plus a character for the kind of paper; a number is
``{prefix}〔{year}〕{seq}号``. ``瑞信`` stands for papers a cooperating bank issues under the 信贷通
programme, ``瑞扶`` for 瑞金市扶贫开发办公室 (joint with 市财政局 where both sign), ``瑞财`` for
瑞金市财政局 (with 市扶贫办), ``瑞金融`` for 瑞金市金融局.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.documents.errors import UnknownDocumentType
from services.documents.schemas import (
    BlacklistReportInput,
    CityRequestInput,
    CompensationApplicationInput,
    DocumentInput,
    InitialReviewInput,
    InspectionRecordInput,
    OnsiteConfirmationInput,
    OverdueNoticeInput,
    PaymentOrderInput,
    PrefectureSubmissionInput,
    RepaymentReminderInput,
    RiskWarningInput,
)


class DocType(StrEnum):
    """Stable English code of each document type (process variables, API paths, CLI)."""

    REPAYMENT_REMINDER = "REPAYMENT_REMINDER"
    OVERDUE_NOTICE = "OVERDUE_NOTICE"
    ONSITE_CONFIRMATION = "ONSITE_CONFIRMATION"
    COMPENSATION_APPLICATION = "COMPENSATION_APPLICATION"
    INITIAL_REVIEW = "INITIAL_REVIEW"
    CITY_REQUEST = "CITY_REQUEST"
    PREFECTURE_SUBMISSION = "PREFECTURE_SUBMISSION"
    PAYMENT_ORDER = "PAYMENT_ORDER"
    RISK_WARNING = "RISK_WARNING"
    BLACKLIST_REPORT = "BLACKLIST_REPORT"
    INSPECTION_RECORD = "INSPECTION_RECORD"


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """What the service knows about one document type."""

    code: DocType
    """Stable English code."""
    title: str
    """Chinese title printed on the paper."""
    prefix: str
    """Number prefix (issuing organ abbreviation and kind), e.g. ``瑞扶代``."""
    article: str
    """The article of the 2019 measures the paper serves."""
    schema: type[DocumentInput]
    """Declared input model, validated before rendering."""

    @property
    def template(self) -> str:
        """File name of the template under ``templates/documents/``."""
        return f"{self.code.value.lower()}.html"


_SPECS = (
    DocumentSpec(DocType.REPAYMENT_REMINDER, "还款催收通知书", "瑞信还", "第十六条", RepaymentReminderInput),
    DocumentSpec(
        DocType.OVERDUE_NOTICE, "逾期催收通知书", "瑞扶催", "第十七条、第十八条", OverdueNoticeInput
    ),
    DocumentSpec(DocType.ONSITE_CONFIRMATION, "现场确认书", "瑞信确", "第十八条", OnsiteConfirmationInput),
    DocumentSpec(
        DocType.COMPENSATION_APPLICATION, "代偿申请书", "瑞信申", "第十八条", CompensationApplicationInput
    ),
    DocumentSpec(DocType.INITIAL_REVIEW, "初审意见", "瑞财审", "第十九条", InitialReviewInput),
    DocumentSpec(
        DocType.CITY_REQUEST, "关于申请启动风险缓释金代偿的请示", "瑞财请", "第十九条", CityRequestInput
    ),
    DocumentSpec(
        DocType.PREFECTURE_SUBMISSION, "复审报送函", "瑞财函", "第十九条", PrefectureSubmissionInput
    ),
    DocumentSpec(
        DocType.PAYMENT_ORDER, "风险缓释金代偿支付令", "瑞扶代", "第二十条、第二十一条", PaymentOrderInput
    ),
    DocumentSpec(DocType.RISK_WARNING, "风险预警报告单", "瑞信警", "第十三条、第十四条", RiskWarningInput),
    DocumentSpec(DocType.BLACKLIST_REPORT, "黑名单报送表", "瑞扶征", "第十五条", BlacklistReportInput),
    DocumentSpec(DocType.INSPECTION_RECORD, "现场检查记录", "瑞金融检", "第十条", InspectionRecordInput),
)

CATALOG: dict[DocType, DocumentSpec] = {spec.code: spec for spec in _SPECS}


def spec_for(doc_type: DocType | str) -> DocumentSpec:
    """Look up a document type by its code (``"PAYMENT_ORDER"``, case-insensitive).

    Raises:
        UnknownDocumentType: the code is not in the catalogue; the message lists the known codes.
    """
    try:
        return CATALOG[DocType(str(doc_type).strip().upper())]
    except ValueError:
        raise UnknownDocumentType(doc_type=str(doc_type), known=[t.value for t in DocType]) from None


def format_number(prefix: str, year: int, seq: int) -> str:
    """Write a document number the GB/T 9704 way: ``瑞扶代〔2026〕12号``.

    Raises:
        ValueError: a sequence below 1 or a year outside 1000–9999.
    """
    if seq < 1:
        raise ValueError(f"document sequence must start at 1, got {seq}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"document year must have four digits, got {year}")
    return f"{prefix}〔{year}〕{seq}号"
