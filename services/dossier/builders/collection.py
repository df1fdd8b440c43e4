"""The collection papers (第十六条–第十八条): 还款催收通知书, 逾期催收通知书, 现场确认书."""

from __future__ import annotations

from services.calendar import deadline_after_working_days
from services.documents.schemas.collection import ConfirmationGround, Delivery
from services.documents.schemas.common import CITY_FINANCE, CITY_FINANCIAL_OFFICE, CITY_POVERTY_OFFICE
from services.dossier.common import (
    Case,
    Data,
    address_of,
    bank_contact,
    base,
    borrower_block,
    loan_block,
    township_station,
)
from services.dossier.interest import interest_owed_fen
from services.dossier.parsing import parse_people
from services.loans.triggers import DefaultTrigger

COLLECTION_WORKING_DAYS = 30
"""第十八条: collection runs 30 working days after the notice is served."""

MAX_PARTICIPANTS = 12

REPAYMENT_REMINDER_VARIABLES = ("loanNo", "maturityDate")
OVERDUE_NOTICE_VARIABLES = ("loanNo", "trigger", "outstandingPrincipalFen")
ONSITE_CONFIRMATION_VARIABLES = (
    "loanNo",
    "onsiteConfirmedOn",
    "onsiteParticipants",
    "onsiteFindings",
    "overdueNoticeNo",
    "overdueNoticeDate",
)

_DELIVERY = {"DIRECT": Delivery.DIRECT, "VILLAGE": Delivery.VIA_VILLAGE_COMMITTEE}


def repayment_reminder(case: Case) -> Data:
    """还款催收通知书, issued 30 days before maturity (第十六条).

    Interest due is what will be owed at maturity. The notice says it is served directly unless
    the process already chose delivery through the village committee (``deliveryMethod``).
    """
    v, loan = case.vars, case.loan
    repay_by = v.day("maturityDate")
    if repay_by != loan.matures_on:
        raise v.invalid("maturityDate", f"{repay_by} differs from the registered maturity {loan.matures_on}")
    method = v.optional_text("deliveryMethod") or "DIRECT"
    if method not in _DELIVERY:
        raise v.invalid("deliveryMethod", f"expected DIRECT or VILLAGE, got {method!r}")
    return base(case) | {
        "issuer": loan.bank_name,
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "outstanding_principal_fen": loan.outstanding_principal_fen,
        "interest_due_fen": interest_owed_fen(loan, loan.matures_on),
        "repay_by": repay_by.isoformat(),
        "delivery": _DELIVERY[method].value,
        "contact": bank_contact(case),
    }


def overdue_notice(case: Case) -> Data:
    """逾期催收通知书, issued right after the default case opens (第十七条, 第十八条).

    The 30-working-day collection deadline is computed here from the issue date, the same way
    the diagram's next step computes it from ``overdueNoticeDate``.
    """
    v, loan = case.vars, case.loan
    trigger_text = v.text("trigger")
    try:
        trigger = DefaultTrigger(trigger_text)
    except ValueError:
        known = ", ".join(t.value for t in DefaultTrigger)
        raise v.invalid("trigger", f"{trigger_text!r} is not a 第十七条 trigger ({known})") from None
    deadline = deadline_after_working_days(case.issued_on, COLLECTION_WORKING_DAYS)
    return base(case) | {
        "issuers": [loan.bank_name, township_station(loan), CITY_POVERTY_OFFICE],
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "trigger": trigger.value,
        "overdue_principal_fen": v.fen("outstandingPrincipalFen"),
        "overdue_interest_fen": interest_owed_fen(loan, case.issued_on),
        "collection_deadline": deadline.due_date.isoformat(),
        "contact": bank_contact(case),
        "cc": [CITY_FINANCE, CITY_FINANCIAL_OFFICE],
    }


def participants(case: Case) -> list[Data]:
    """The people of an on-site confirmation, from the free-text ``onsiteParticipants``.

    The first person named is the bank's officer, the others the township station's staff,
    unless a unit is written in brackets after the name (``张三（华屋村委会）``).

    Raises:
        VariableInvalid: fewer than two or more than twelve names.
    """
    v, loan = case.vars, case.loan
    people = parse_people(v.text("onsiteParticipants"))
    if not 2 <= len(people) <= MAX_PARTICIPANTS:
        raise v.invalid(
            "onsiteParticipants",
            f"name 2 to {MAX_PARTICIPANTS} people (the bank's officer first, separated by 、 or ，), "
            f"found {len(people)}",
        )
    rows = []
    for index, person in enumerate(people):
        default_unit, role = (
            (loan.bank_name, "贷款银行经办人")
            if index == 0
            else (township_station(loan), "扶贫工作站工作人员")
        )
        rows.append(
            {
                "name": person.name,
                "organisation": person.unit or default_unit,
                "role": role if person.unit is None else "参加人员",
            }
        )
    return rows


def onsite_confirmation(case: Case) -> Data:
    """现场确认书 after collection ran out or repayment capacity was lost (第十八条)."""
    v, loan = case.vars, case.loan
    capacity_lost = v.flag("repaymentCapacityLost") or v.has("capacityLostDate")
    ground = (
        ConfirmationGround.LOST_REPAYMENT_CAPACITY
        if capacity_lost
        else ConfirmationGround.COLLECTION_PERIOD_EXPIRED
    )
    confirmed_on = v.day("onsiteConfirmedOn")
    return base(case) | {
        "bank": loan.bank_name,
        "confirming_body": township_station(loan),
        "borrower": borrower_block(loan),
        "loan": loan_block(loan),
        "notice_number": v.text("overdueNoticeNo"),
        "notice_served_on": v.day("overdueNoticeDate").isoformat(),
        "place": address_of(loan),
        "ground": ground.value,
        "facts": v.text("onsiteFindings"),
        "outstanding_principal_fen": loan.outstanding_principal_fen,
        "outstanding_interest_fen": interest_owed_fen(loan, confirmed_on),
        "participants": participants(case),
    }
