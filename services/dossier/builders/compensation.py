"""The compensation papers (第十八条–第二十一条): application, initial review, request to the city
government, letter to the prefecture, payment order."""

from __future__ import annotations

from services.documents.schemas.compensation import ReviewDecision
from services.dossier.common import (
    JUDGMENT_VARIABLES,
    LOSS_VARIABLES,
    OFFICE_NAMES,
    Case,
    Data,
    bank_contact,
    base,
    borrower_block,
    judgment_block,
    loan_block,
    loss_block,
    office_contact,
)
from services.dossier.parsing import parse_lines
from services.fund.split import split_5_5

MATERIAL_LABELS = {
    "JUDGMENT": "生效判决书",
    "CONTRACT": "借款合同",
    "COLLECTION": "催收记录",
    "ONSITE": "现场确认书",
    "PRESERVATION": "财产保全材料",
}
"""Values of the ``supportingMaterials`` checklist (compensation-application.form) as printed."""

_TEXT_LIMIT = 200

COMPENSATION_APPLICATION_VARIABLES = ("loanNo", "supportingMaterials", *JUDGMENT_VARIABLES, *LOSS_VARIABLES)
INITIAL_REVIEW_VARIABLES = (
    "loanNo",
    "reviewOutcome",
    "reviewOpinion",
    "compensationApplicationNo",
    "compensationApplicationDate",
    *JUDGMENT_VARIABLES,
    *LOSS_VARIABLES,
)
CITY_REQUEST_VARIABLES = (
    "loanNo",
    "submittedBy",
    "compensationApplicationNo",
    "reviewOpinionNo",
    *JUDGMENT_VARIABLES,
    *LOSS_VARIABLES,
)
PREFECTURE_SUBMISSION_VARIABLES = (
    "loanNo",
    "cityDecision",
    "cityDecisionDate",
    "cityRequestNo",
    "compensationApplicationNo",
    "reviewOpinionNo",
    *LOSS_VARIABLES,
)
PAYMENT_ORDER_VARIABLES = (
    "loanNo",
    "prefectureApproved",
    "confirmedAmountFen",
    "prefectureReviewDate",
    *JUDGMENT_VARIABLES,
)


def attachments(case: Case) -> list[str]:
    """The checked supporting materials, in the order of the form, as printed titles."""
    v = case.vars
    raw = v.raw("supportingMaterials")
    if not isinstance(raw, list) or not raw or not all(isinstance(item, str) for item in raw):
        raise v.invalid("supportingMaterials", f"expected a non-empty list of material codes, got {raw!r}")
    unknown = [item for item in raw if item not in MATERIAL_LABELS]
    if unknown:
        raise v.invalid(
            "supportingMaterials", f"unknown material(s) {unknown}; known: {sorted(MATERIAL_LABELS)}"
        )
    return [label for code, label in MATERIAL_LABELS.items() if code in raw]


def compensation_application(case: Case) -> Data:
    """代偿申请书 of the bank, within 3 working days of the judgment (第十八条)."""
    loan = case.loan
    return base(case) | {
        "issuer": loan.bank_name,
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "judgment": judgment_block(case),
        "loss": loss_block(case),
        "attachments": attachments(case),
        "contact": bank_contact(case),
    }


def _reviewers(case: Case) -> list[str]:
    return [
        f"{case.directory.office(office).contact.name}（{OFFICE_NAMES[office]}）"
        for office in ("finance", "poverty-office")
    ]


def initial_review(case: Case) -> Data:
    """初审意见 of 市财政局 and 市扶贫办 (第十九条).

    An approval finds the whole claim payable; a return lists the materials to supply (one per
    line of ``missingMaterials``) and approves nothing.
    """
    v, loan = case.vars, case.loan
    outcome = v.text("reviewOutcome")
    if outcome not in ("APPROVED", "RETURNED"):
        raise v.invalid("reviewOutcome", f"expected APPROVED or RETURNED, got {outcome!r}")
    approved = outcome == "APPROVED"
    missing = parse_lines(v.optional_text("missingMaterials"))
    if not approved and not missing:
        raise v.invalid("missingMaterials", "a returned application must list the materials to supply")
    return base(case) | {
        "application_number": v.text("compensationApplicationNo"),
        "applicant": loan.bank_name,
        "application_received_on": v.day("compensationApplicationDate").isoformat(),
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "judgment": judgment_block(case),
        "loss": loss_block(case),
        "decision": (ReviewDecision.APPROVE if approved else ReviewDecision.RETURN_FOR_MATERIAL).value,
        "approved_fen": v.fen("claimFen") if approved else 0,
        "reasons": v.text("reviewOpinion"),
        "missing_materials": missing,
        "reviewers": _reviewers(case),
    }


def city_request(case: Case) -> Data:
    """请示 to 瑞金市人民政府 within 2 working days of the review (第十九条).

    The contact is the person who submitted it, reachable on 市财政局's line.
    """
    v, loan = case.vars, case.loan
    return base(case) | {
        "application_number": v.text("compensationApplicationNo"),
        "review_number": v.text("reviewOpinionNo"),
        "applicant": loan.bank_name,
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "judgment": judgment_block(case),
        "loss": loss_block(case),
        "requested_fen": v.fen("claimFen"),
        "contact": {"name": v.text("submittedBy"), "phone": office_contact(case, "finance")["phone"]},
    }


def _submission_attachments(case: Case) -> list[str]:
    v = case.vars
    items = [
        f"代偿申请书（{v.text('compensationApplicationNo')}）",
        f"初审意见（{v.text('reviewOpinionNo')}）",
        f"关于申请启动风险缓释金代偿的请示（{v.text('cityRequestNo')}）及市政府批示",
    ]
    case_number = v.optional_text("judgmentCaseNo") or v.optional_text("courtCaseNo")
    if case_number:
        items.append(f"生效判决书（{case_number}）")
    return items


def prefecture_submission(case: Case) -> Data:
    """复审报送函 to 赣州市扶贫办 and 赣州市财政局 after the city government agreed (第十九条)."""
    v, loan = case.vars, case.loan
    if v.text("cityDecision") != "APPROVED":
        raise v.invalid("cityDecision", f"the city government did not approve ({v.text('cityDecision')!r})")
    loss = loss_block(case)
    line = {
        "loan_number": loan.loan_no,
        "borrower_name": loan.borrower_name,
        "bank": loan.bank_name,
        **loss,
        "requested_fen": v.fen("claimFen"),
    }
    return base(case) | {
        "city_approval": f"对{v.text('cityRequestNo')}的批示",
        "approved_on": v.day("cityDecisionDate").isoformat(),
        "cases": [line],
        "attachments": _submission_attachments(case),
        "contact": office_contact(case, "finance"),
    }


def payment_order(case: Case) -> Data:
    """支付令 for the confirmed amount, split 5:5 with the odd fen to 瑞金 (第二十条, 第二十一条)."""
    v, loan = case.vars, case.loan
    if not v.flag("prefectureApproved"):
        raise v.invalid("prefectureApproved", "the prefecture did not approve; no payment order is issued")
    amount = v.fen("confirmedAmountFen")
    if amount == 0:
        raise v.invalid("confirmedAmountFen", "the confirmed amount must be above 0")
    ganzhou, ruijin = split_5_5(amount)
    bank = case.directory.bank(loan.bank_code)
    remarks = v.optional_text("prefectureRemarks")
    return base(case) | {
        "recipient": loan.bank_name,
        "prefecture_result": remarks[:_TEXT_LIMIT] if remarks else "复审同意代偿",
        "confirmed_on": v.day("prefectureReviewDate").isoformat(),
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "judgment": judgment_block(case),
        "amount_fen": amount,
        "ganzhou_share_fen": ganzhou,
        "ruijin_share_fen": ruijin,
        "fund_account": bank.fund_account.model_dump(),
        "transition_account": bank.transition_account.model_dump(),
    }
