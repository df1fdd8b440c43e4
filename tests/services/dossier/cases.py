"""Process variables as the diagrams hold them when each paper is issued (docs/processes.md and
bpmn/forms): one demo default case followed from the call activity to the blacklist, a maturity
reminder, a red risk signal and a half-yearly inspection."""

from __future__ import annotations

from typing import Any

from services.documents import DocType

CASE_LOAN = "XDT-ABC-2025-0002"  # 瑞金市华屋脐橙专业合作社, ABC, 叶坪乡华屋村, 300 000 yuan
HOUSEHOLD_LOAN = "XDT-GZRCB-2025-0001"  # 钟秀英, GZRCB, 叶坪乡华屋村
MATURING_LOAN = "XDT-GZRCB-2025-0002"  # 杨富生, matures 2026-10-20

_STARTED = {
    "trigger": "OPERATING_DIFFICULTY",
    "triggerDate": "2026-09-01",
    "loanNo": CASE_LOAN,
    "bankCode": "ABC",
    "townshipCode": "YEPING",
}
_OPENED = {
    "borrowerName": "瑞金市华屋脐橙专业合作社",
    "principalFen": 30_000_000,
    "outstandingPrincipalFen": 30_000_000,
    "defaultCaseId": "DC-1",
}
_NOTICED = {
    "overdueNoticeNo": "瑞扶催〔2026〕1号",
    "overdueNoticeDate": "2026-09-25",
    "overdueNoticeId": "OVERDUE_NOTICE-2026-1",
    "collectionDeadline": "2026-11-09T00:00:00+08:00",
    "collectionDeadlineDate": "2026-11-08",
    "collectionDeadlineProvisional": False,
}
_CONFIRMED = {
    "onsiteConfirmedOn": "2026-11-10T00:00:00.000Z",  # a form-js date-time field
    "onsiteParticipants": "黄志刚、华国强，钟兰英（华屋村委会）",
    "repaymentCapacityLost": False,
    "onsiteFindings": "合作社基地已停止经营，法定代表人表示无力偿还。",
    "onsiteConfirmationNo": "瑞信确〔2026〕1号",
}
_JUDGED = {
    "courtName": "瑞金市人民法院",
    "courtCaseNo": "（2026）赣0781民初123号",
    "lawsuitFiledOn": "2026-11-12",
    "preservationApplied": True,
    "judgmentDate": "2027-03-01",
    "judgmentCaseNo": "（2026）赣0781民初123号",
    "judgedAmountFen": 31_000_000,
    "applicationDeadlineDate": "2027-03-04",
}
_APPLIED = {
    "applicationDate": "2027-03-03",
    "supportingMaterials": ["JUDGMENT", "CONTRACT", "ONSITE"],
    "applicationStatement": "请予代偿。",
    "principalLossFen": 30_000_000,
    "interestLossFen": 1_234_567,
    "earlierRecoveriesFen": 200_000,
    "claimFen": 31_034_567,
}
_REVIEWED = {
    "compensationApplicationNo": "瑞信申〔2027〕1号",
    "compensationApplicationDate": "2027-03-03",
    "reviewOutcome": "APPROVED",
    "reviewDate": "2027-03-08",
    "reviewOpinion": "材料齐全，损失核算无误，同意代偿。",
    "missingMaterials": None,
}
_SUBMITTED = {"reviewOpinionNo": "瑞财审〔2027〕1号", "submissionDate": "2027-03-09", "submittedBy": "杨文华"}
_CITY = {
    "cityRequestNo": "瑞财请〔2027〕1号",
    "cityDecision": "APPROVED",
    "cityDecisionDate": "2027-03-15",
    "cityComment": "同意。",
}
_PREFECTURE = {
    "prefectureLetterNo": "瑞财函〔2027〕1号",
    "prefectureApproved": True,
    "confirmedAmountFen": 31_034_567,
    "prefectureReviewDate": "2027-04-20",
    "prefectureRemarks": "赣市扶复〔2027〕8号",
}
_PAID = {
    "paymentOrderNo": "瑞扶代〔2027〕1号",
    "compensationPaidFen": 31_034_567,
    "uncoveredFen": 0,
    "repaymentBookedOn": "2027-04-25",
}


def _merge(*parts: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        merged |= part
    return merged


def default_case(doc_type: DocType) -> dict[str, Any]:
    """The variables of the default case when ``doc_type`` is issued."""
    stages = [
        _STARTED,
        _OPENED,
        _NOTICED,
        _CONFIRMED,
        _JUDGED,
        _APPLIED,
        _REVIEWED,
        _SUBMITTED,
        _CITY,
        _PREFECTURE,
        _PAID,
    ]
    upto = {
        DocType.OVERDUE_NOTICE: 2,
        DocType.ONSITE_CONFIRMATION: 4,
        DocType.COMPENSATION_APPLICATION: 6,
        DocType.INITIAL_REVIEW: 7,
        DocType.CITY_REQUEST: 8,
        DocType.PREFECTURE_SUBMISSION: 9,
        DocType.PAYMENT_ORDER: 10,
        DocType.BLACKLIST_REPORT: 11,
    }[doc_type]
    return _merge(*stages[:upto])


def reminder_variables() -> dict[str, Any]:
    """loan-maturity-reminder after the delivery deadline was computed."""
    return {
        "loanNo": MATURING_LOAN,
        "bankCode": "GZRCB",
        "townshipCode": "YEPING",
        "borrowerName": "杨富生",
        "principalFen": 5_000_000,
        "maturityDate": "2026-10-20",
        "reminderStart": "2026-09-20",
        "deliveryDeadline": "2026-09-28T00:00:00+08:00",
        "deliveryDeadlineDate": "2026-09-27",
        "deliveryDeadlineProvisional": False,
    }


def risk_variables() -> dict[str, Any]:
    """risk-signal after grading, for a red signal."""
    return {
        "loanNo": HOUSEHOLD_LOAN,
        "bankCode": "GZRCB",
        "townshipCode": "YEPING",
        "signalDate": "2026-09-20",
        "signalCategory": "DEATH_OR_MISSING",
        "signalDescription": "借款人外出务工失联。",
        "overdueDays": 12,
        "amountAtRiskFen": 5_000_000,
        "grade": "RED",
        "defaultTrigger": "DEATH_OR_MISSING",
        "signalId": 7,
    }


def inspection_variables(*, yeping_flags: str | None) -> dict[str, Any]:
    """onsite-inspection after the multi-instance: one result per township."""
    return {
        "townships": ["YEPING", "SHAZHOUBA"],
        "inspectionResults": [
            {
                "township": "YEPING",
                "inspectedOn": "2026-07-20",
                "fundsUsedForProduction": "PARTLY",
                "usageBenefit": "多数农户脐橙长势良好。",
                "enterpriseLinkage": "合作社带动12户贫困户务工。",
                "findings": "个别农户将部分贷款用于建房。",
                "flaggedLoans": yeping_flags,
            },
            {
                "township": "SHAZHOUBA",
                "inspectedOn": "2026-07-21",
                "fundsUsedForProduction": "YES",
                "usageBenefit": "蔬菜大棚已投产。",
                "enterpriseLinkage": "无农业经营主体。",
                "findings": None,
                "flaggedLoans": None,
            },
        ],
    }
