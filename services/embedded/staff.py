"""What staff enter in each form of bpmn/forms: field keys and allowed values as the forms define them."""

from __future__ import annotations

from datetime import date
from typing import Any


def reminder_delivered(on: date) -> dict[str, Any]:
    return {"deliveryMethod": "VILLAGE", "deliveredOn": on.isoformat(), "recipientName": "村委会 钟德华"}


def onsite_confirmed(on: date) -> dict[str, Any]:
    return {
        "onsiteConfirmedOn": on.isoformat(),
        "onsiteParticipants": "刘建国、钟德华（叶坪村委会）",
        "repaymentCapacityLost": False,
        "onsiteFindings": "借款人外出务工，家中无可供执行财产，经催收仍未归还。",
    }


def lawsuit_filed(on: date, seq: int = 123) -> dict[str, Any]:
    return {
        "courtName": "瑞金市人民法院",
        "courtCaseNo": f"（{on.year}）赣0781民初{seq}号",
        "lawsuitFiledOn": on.isoformat(),
        "preservationApplied": True,
        "preservationDetails": "申请冻结借款人名下银行存款。",
    }


def compensation_applied(on: date) -> dict[str, Any]:
    return {
        "applicationDate": on.isoformat(),
        "supportingMaterials": ["JUDGMENT", "CONTRACT", "COLLECTION", "ONSITE"],
        "applicationStatement": "经催收、现场确认及诉讼，借款人仍无力归还，特申请启动风险缓释金代偿。",
    }


def reviewed(on: date, *, approved: bool = True) -> dict[str, Any]:
    values: dict[str, Any] = {
        "reviewOutcome": "APPROVED" if approved else "RETURNED",
        "reviewDate": on.isoformat(),
        "reviewOpinion": "材料齐全，损失金额核实无误，同意代偿。" if approved else "缺少财产保全裁定书。",
    }
    if not approved:
        values["missingMaterials"] = "财产保全裁定书"
    return values


def submitted_to_city(on: date) -> dict[str, Any]:
    return {"submissionDate": on.isoformat(), "submittedBy": "市财政局 王敏", "submissionNote": ""}


def city_decided(on: date, *, approved: bool = True) -> dict[str, Any]:
    return {
        "cityDecision": "APPROVED" if approved else "DECLINED",
        "cityDecisionDate": on.isoformat(),
        "cityComment": "同意报赣州市复审。" if approved else "证据不足，不予代偿。",
    }


def repayment_booked(on: date) -> dict[str, Any]:
    return {"repaymentBookedOn": on.isoformat(), "transitionAccountRef": "GZ-TR-2026-001", "bookingNote": ""}


def fund_shortfall_handled() -> dict[str, Any]:
    return {"uncoveredAcknowledged": True, "fundExhaustedHandling": "未覆盖部分由银行自行承担，继续追偿。"}


def supervised() -> dict[str, Any]:
    return {"supervisionMeasures": "约谈责任单位，限期办结。", "responsiblePerson": "市金融局 李强"}


def department_reviewed() -> dict[str, Any]:
    return {"reviewConclusion": "CONFIRMED", "reviewOpinion": "情况属实，同意预警等级。"}


def leader_instructed(*, open_default_case: bool) -> dict[str, Any]:
    return {"leaderInstruction": "请市金融局牵头组织处置。", "openDefaultCase": open_default_case}


def measures_organised() -> dict[str, Any]:
    return {
        "departments": ["financial-bureau", "bank", "township"],
        "measures": "联合约谈借款人，落实还款计划。",
    }


def bank_measures(on: date) -> dict[str, Any]:
    return {"bankMeasures": "电话提醒并上门走访。", "measuresCompletedOn": on.isoformat()}


def inspected(on: date, flagged: str | None = None) -> dict[str, Any]:
    return {
        "inspectedOn": on.isoformat(),
        "fundsUsedForProduction": "PARTLY" if flagged else "YES",
        "usageBenefit": "脐橙种植收入较上年增加约两成。",
        "enterpriseLinkage": "合作社带动12户贫困户务工。",
        "findings": "部分贷款资金用于建房。" if flagged else "",
        "flaggedLoans": flagged or "",
    }


def meeting_held(on: date) -> dict[str, Any]:
    return {
        "meetingDate": on.isoformat(),
        "attendees": "市金融局、市财政局、市扶贫办、各合作银行",
        "resolutions": "加强到期贷款催收。",
    }
