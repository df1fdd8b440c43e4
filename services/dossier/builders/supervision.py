"""The supervision papers: 风险预警报告单 (第十三条–第十四条), 黑名单报送表 (第十五条),
现场检查记录 (第十条)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.documents import format_yuan
from services.documents.schemas.common import CITY_FINANCIAL_OFFICE, RiskLevel
from services.documents.schemas.supervision import CheckResult
from services.dossier.common import (
    Case,
    Data,
    address_of,
    bank_contact,
    base,
    borrower_block,
    loan_block,
    office_contact,
)
from services.dossier.dates import parse_business_date
from services.dossier.directory import Directory
from services.dossier.errors import VariableInvalid, VariablesMissing
from services.dossier.parsing import parse_loan_numbers
from services.dossier.snapshot import ListedParty, LoanSnapshot
from services.dossier.variables import ProcessVariables
from services.loans.enums import BorrowerKind, ListedAs
from services.loans.triggers import DefaultTrigger

_TEXT_LIMIT = 200

RISK_WARNING_VARIABLES = ("loanNo", "grade", "signalDate", "signalDescription")
BLACKLIST_REPORT_VARIABLES = ("loanNo", "blacklistEntryIds")
INSPECTION_RECORD_VARIABLES = ("inspectionResults",)

_CATEGORY_LABELS = {"INSPECTION_FINDING": "现场检查发现问题", "DEADLINE_MISSED": "法定期限逾期"}

MEASURES_PROPOSED = {
    RiskLevel.RED: "风险已严重危害信贷资产安全，建议立即采取紧急措施，必要时启动违约处置程序，防止损失扩大。",
    RiskLevel.ORANGE: "风险直接威胁信贷资产安全，建议立即采取措施，防止风险进一步扩大、损失程度增加。",
    RiskLevel.YELLOW: "由本行采取提高安全性措施，防止风险扩散。",
}
"""What the report proposes for each grade, in the words of 第十三条."""

DEFAULT_MEASURES_TAKEN = "已登记风险信号，对借款对象加强贷后跟踪监测。"


def _category_label(category: str) -> str:
    if category in DefaultTrigger.__members__:
        return DefaultTrigger(category).label
    return _CATEGORY_LABELS.get(category, category)


def _signal_text(v: ProcessVariables) -> str:
    details = []
    if v.has("signalCategory"):
        details.append(f"信号类别：{_category_label(v.text('signalCategory'))}")
    if v.has("overdueDays") and (days := v.count("overdueDays")):
        details.append(f"逾期{days}天")
    if v.has("amountAtRiskFen"):
        details.append(f"风险金额{format_yuan(v.fen('amountAtRiskFen'))}")
    suffix = f"（{'；'.join(details)}）" if details else ""
    return v.text("signalDescription") + suffix


def _optional_trigger(v: ProcessVariables) -> str | None:
    text = v.optional_text("defaultTrigger")
    if text is None:
        return None
    if text not in DefaultTrigger.__members__:
        raise v.invalid("defaultTrigger", f"{text!r} is not a 第十七条 trigger")
    return text


def risk_warning(case: Case) -> Data:
    """风险预警报告单 of the bank for a red or orange signal, graded by the DMN table."""
    v, loan = case.vars, case.loan
    grade = v.text("grade")
    if grade not in RiskLevel.__members__:
        raise v.invalid("grade", f"expected RED, ORANGE or YELLOW, got {grade!r}")
    level = RiskLevel(grade)
    return base(case) | {
        "issuer": loan.bank_name,
        "level": level.value,
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "found_on": v.day("signalDate").isoformat(),
        "signal": _signal_text(v),
        "trigger": _optional_trigger(v),
        "outstanding_fen": loan.outstanding_principal_fen,
        "measures_taken": v.optional_text("measuresTaken") or DEFAULT_MEASURES_TAKEN,
        "measures_proposed": MEASURES_PROPOSED[level],
        "reporter": bank_contact(case),
    }


def blacklist_entry_ids(v: ProcessVariables) -> list[int]:
    """The ids in ``blacklistEntryIds`` (numbers, or digit strings as FEEL may hand them over)."""
    raw = v.raw("blacklistEntryIds")
    items = raw if isinstance(raw, list) else [raw]
    ids: list[int] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            ids.append(item)
        elif isinstance(item, str) and item.strip().isdigit():
            ids.append(int(item))
        else:
            raise v.invalid("blacklistEntryIds", f"expected a list of entry ids, got {raw!r}")
    if not ids:
        raise v.invalid("blacklistEntryIds", "the list is empty; nobody was blacklisted")
    return list(dict.fromkeys(ids))


def _loss(v: ProcessVariables) -> int:
    for name in ("compensationPaidFen", "claimFen"):
        if v.has(name):
            return v.fen(name)
    raise VariablesMissing(doc_type=v.doc_type, names=["compensationPaidFen or claimFen"])


def blacklist_report(case: Case, parties: Sequence[ListedParty]) -> Data:
    """黑名单报送表: the borrower and, for an organisation, its legal representative and shareholders.

    The fund's loss (what it paid out, else the claim) is printed on the borrower's row only, so
    the table's total is the loss once, not once per listed person.
    """
    v, loan = case.vars, case.loan
    strangers = [p.entry_id for p in parties if p.borrower_identifier != loan.borrower_identifier]
    if strangers:
        raise v.invalid(
            "blacklistEntryIds", f"entries {strangers} list another borrower than loan {loan.loan_no}'s"
        )
    loss = _loss(v)
    entries = [
        {
            "name": party.name,
            "listed_as": party.listed_as.value,
            "id_number": party.identifier,
            "borrower_name": loan.borrower_name,
            "loan_number": loan.loan_no,
            "bank": loan.bank_name,
            "loss_fen": loss if party.listed_as is ListedAs.BORROWER else 0,
            "reason": party.reason[:_TEXT_LIMIT],
        }
        for party in parties
    ]
    return base(case) | {"entries": entries, "contact": office_contact(case, "poverty-office")}


# --- 现场检查记录 -----------------------------------------------------------------------------

_FUND_USE = {
    "YES": (CheckResult.PASS, "全部用于产业发展"),
    "PARTLY": (CheckResult.FAIL, "部分用于非生产性支出"),
    "NO": (CheckResult.FAIL, "主要用于非生产性支出"),
}
_RESULT_FIELDS = ("inspectedOn", "fundsUsedForProduction", "usageBenefit", "enterpriseLinkage")


@dataclass(frozen=True, slots=True)
class FlaggedLoan:
    """A loan a township's inspection flagged, with what the inspectors wrote for that township."""

    index: int
    """Position of the township's result in ``inspectionResults``."""
    loan_no: str
    inspected_on: date
    funds_used: str
    usage_benefit: str
    enterprise_linkage: str
    findings: str | None


def _result_text(doc_type: str, index: int, result: dict[str, Any], name: str) -> str:
    value = result.get(name)
    if not isinstance(value, str) or not value.strip():
        raise VariablesMissing(doc_type=doc_type, names=[f"inspectionResults[{index}].{name}"])
    return value.strip()


def _flags_of(doc_type: str, index: int, result: dict[str, Any]) -> list[FlaggedLoan]:
    numbers, rejected = parse_loan_numbers(result.get("flaggedLoans"))
    if rejected:
        raise VariableInvalid(
            doc_type=doc_type,
            name=f"inspectionResults[{index}].flaggedLoans",
            problem=f"not loan numbers: {rejected}",
        )
    if not numbers:
        return []
    text = {name: _result_text(doc_type, index, result, name) for name in _RESULT_FIELDS}
    try:
        inspected_on = parse_business_date(text["inspectedOn"])
    except ValueError as exc:
        raise VariableInvalid(
            doc_type=doc_type, name=f"inspectionResults[{index}].inspectedOn", problem=str(exc)
        ) from exc
    if text["fundsUsedForProduction"] not in _FUND_USE:
        raise VariableInvalid(
            doc_type=doc_type,
            name=f"inspectionResults[{index}].fundsUsedForProduction",
            problem=f"expected YES, PARTLY or NO, got {text['fundsUsedForProduction']!r}",
        )
    findings = result.get("findings")
    return [
        FlaggedLoan(
            index=index,
            loan_no=number,
            inspected_on=inspected_on,
            funds_used=text["fundsUsedForProduction"],
            usage_benefit=text["usageBenefit"],
            enterprise_linkage=text["enterpriseLinkage"],
            findings=findings.strip() if isinstance(findings, str) and findings.strip() else None,
        )
        for number in numbers
    ]


def flagged_loans(v: ProcessVariables) -> list[FlaggedLoan]:
    """Every loan flagged in ``inspectionResults``, in order; a loan flagged twice counts once."""
    raw = v.raw("inspectionResults")
    if not isinstance(raw, list):
        raise v.invalid(
            "inspectionResults", f"expected the list the multi-instance collects, got {type(raw).__name__}"
        )
    flags: dict[str, FlaggedLoan] = {}
    for index, result in enumerate(raw):
        if result is None:
            raise v.invalid(
                f"inspectionResults[{index}]",
                "is null: the multi-instance collected no result for that township",
            )
        if not isinstance(result, dict):
            raise v.invalid(f"inspectionResults[{index}]", f"expected an object, got {result!r}")
        for flag in _flags_of(v.doc_type, index, result):
            flags.setdefault(flag.loan_no, flag)
    return list(flags.values())


def _checks(flag: FlaggedLoan, loan: LoanSnapshot) -> Data:
    # The form grades item 1 (fund use) for households and records items 2 and 3 as narrative. A
    # flagged loan failed a check: for a household that is item 2 (benefit) whatever item 1 says,
    # for an operator item 3 (its business and link with poor households). Items 1–2 concern
    # households' loans and item 3 operators (第十条), so the others do not apply.
    household = loan.borrower_kind is BorrowerKind.POOR_HOUSEHOLD
    not_applicable = {
        "result": CheckResult.NOT_APPLICABLE.value,
        "notes": f"借款对象为{loan.borrower_kind.label}，本项不适用。",
    }
    fund_result, fund_label = _FUND_USE[flag.funds_used]
    if household:
        return {
            "fund_use": {"result": fund_result.value, "notes": f"{fund_label}。"},
            "benefit": {"result": CheckResult.FAIL.value, "notes": flag.usage_benefit},
            "operation": not_applicable,
        }
    return {
        "fund_use": not_applicable,
        "benefit": not_applicable,
        "operation": {"result": CheckResult.FAIL.value, "notes": flag.enterprise_linkage},
    }


def inspection_record(flag: FlaggedLoan, loan: LoanSnapshot, directory: Directory, issued_on: date) -> Data:
    """现场检查记录 of one flagged loan (第十条).

    The grade of the risk signal is left open: the risk-signal process grades it afterwards. A
    loan flagged by another township's inspectors is recorded all the same (at its own address):
    refusing would stop the whole inspection over a note the record can carry.
    """
    bank = directory.bank(loan.bank_code).contact
    leader = directory.office("financial-bureau").contact
    conclusion = (
        f"{flag.findings}（该笔贷款列为需转风险信号的贷款）"
        if flag.findings
        else "检查发现问题，该笔贷款列为需转风险信号的贷款。"
    )
    return {
        "issued_on": issued_on.isoformat(),
        "issuers": [CITY_FINANCIAL_OFFICE],
        "inspected_on": flag.inspected_on.isoformat(),
        "place": address_of(loan),
        "inspectors": [
            {"name": leader.name, "organisation": CITY_FINANCIAL_OFFICE, "role": "检查组牵头人"},
            {"name": bank.name, "organisation": loan.bank_name, "role": "贷后管理人员"},
        ],
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "checks": _checks(flag, loan),
        "conclusion": conclusion,
        "risk_level": None,
        "follow_up": "按办法第十二条至第十四条转为风险信号，经分级后按级别处置。",
    }
