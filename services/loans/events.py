"""External events about a loan, validated and kept once, then handed over as message descriptions.

Each kind becomes a Zeebe message whose name is the kind's value and whose correlation key is
the loan number; the variables are camelCase for FEEL. Message variables land in the process
instance's scope, so each kind uses names of its own (``repaymentDate``, ``judgmentDate``...)
and never a generic ``date`` or ``reason`` that could overwrite another step's value. Validation is shared by the API and the
CLI: the loan exists, amounts are positive integer fen, the date is a business date (Asia/Shanghai)
not in the future and not before disbursement, and each kind's required fields are present.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from services.clock import Clock, business_today
from services.errors import ValidationFailed
from services.loans.models import Loan
from services.loans.schemas import MAX_FEN
from services.loans.triggers import DefaultTrigger

Variables = dict[str, Any]
_CASE_NO = re.compile(r"^[（(]\d{4}[)）].+\d+号$")


class EventKind(StrEnum):
    """An external event; the value is the stable message name used on the diagrams."""

    REPAYMENT_RECORDED = "repayment-recorded"
    INTEREST_PAID = "interest-paid"
    JUDGMENT_EFFECTIVE = "judgment-effective"
    REPAYMENT_CAPACITY_LOST = "repayment-capacity-lost"
    RECOVERY_RECEIVED = "recovery-received"
    RECOVERY_CLOSED = "recovery-closed"
    PREFECTURE_REVIEW_RESULT = "prefecture-review-result"
    RISK_SIGNAL_REPORTED = "risk-signal-reported"

    @property
    def message_name(self) -> str:
        return self.value


class EventCreate(BaseModel):
    """The facts of an event; which fields are required depends on the kind (see docs/loans.md)."""

    loan_no: str = Field(max_length=64)
    event_date: date
    amount_fen: int | None = Field(default=None, le=MAX_FEN, description="Positive integer fen.")
    interest_fen: int | None = Field(
        default=None, le=MAX_FEN, description="repayment-recorded: interest part, fen."
    )
    case_no: str | None = Field(
        default=None, max_length=128, description="judgment-effective: court case number."
    )
    approved: bool | None = Field(default=None, description="prefecture-review-result: the decision.")
    reason: str | None = Field(default=None, max_length=1000, description="Why / what was observed.")
    trigger: DefaultTrigger | None = Field(default=None, description="risk-signal-reported: 第十七条 item.")
    due_date: date | None = Field(default=None, description="interest-paid: the instalment's due date.")
    reference: str | None = Field(
        default=None, max_length=128, description="recovery-received: bank reference."
    )
    category: str | None = Field(
        default=None,
        pattern=r"^[A-Z][A-Z0-9_]*$",
        max_length=32,
        description="risk-signal-reported: signal category (a trigger, INSPECTION_FINDING, DEADLINE_MISSED...).",
    )
    overdue_days: int | None = Field(
        default=None, le=100_000, description="risk-signal-reported: days overdue."
    )
    idempotency_key: str | None = Field(default=None, max_length=128)


@dataclass(frozen=True)
class ValidatedEvent:
    """A message ready to publish: ``message_id`` lets the broker drop a duplicate."""

    kind: EventKind
    message_name: str
    correlation_key: str
    variables: Variables
    idempotency_key: str

    @property
    def message_id(self) -> str:
        return self.idempotency_key


@dataclass(frozen=True)
class _Problems:
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, why: str) -> None:
        self.items.append((name, why))

    def raise_if_any(self, kind: EventKind) -> None:
        if self.items:
            text = "; ".join(f"{name}: {why}" for name, why in self.items)
            raise ValidationFailed(
                f"{kind.value} event refused: {text}", errors={name: why for name, why in self.items}
            )


def derived_key(kind: EventKind, data: EventCreate) -> str:
    """The idempotency key of an event given without one: a digest of its content."""
    content = data.model_dump(mode="json", exclude={"idempotency_key"})
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:24]
    return f"{kind.value}:{data.loan_no}:{digest}"


def correlation_key(kind: EventKind, loan_no: str, idempotency_key: str) -> str:
    """The message's correlation key: the loan number, except for a reported risk signal.

    A signal starts a process of its own. Keyed on the loan, a second signal about the same loan
    would wait (Zeebe starts one instance per correlation key at a time) until the first signal's
    handling ends, which may outlive the message; so a signal correlates on its own key.
    """
    return idempotency_key if kind is EventKind.RISK_SIGNAL_REPORTED else loan_no


def build_event(kind: EventKind, data: EventCreate, loan: Loan, *, clock: Clock) -> ValidatedEvent:
    """Check ``data`` against ``loan`` and the kind's rules and describe the message.

    Raises:
        ValidationFailed: listing every field at fault.
    """
    problems = _Problems()
    _check_common(data, loan, business_today(clock), problems)
    specific = _RULES[kind](data, loan, problems)
    problems.raise_if_any(kind)
    variables: Variables = {
        "loanNo": loan.loan_no,
        "bankCode": loan.bank.code,
        "townshipCode": loan.township.code,
        **specific,
    }
    key = data.idempotency_key or derived_key(kind, data)
    return ValidatedEvent(
        kind=kind,
        message_name=kind.message_name,
        correlation_key=correlation_key(kind, loan.loan_no, key),
        variables=variables,
        idempotency_key=key,
    )


def _check_common(data: EventCreate, loan: Loan, today: date, problems: _Problems) -> None:
    if data.event_date > today:
        problems.add("event_date", f"{data.event_date} is in the future (today in Asia/Shanghai is {today})")
    elif data.event_date < loan.disbursed_on:
        problems.add("event_date", f"{data.event_date} is before disbursement on {loan.disbursed_on}")
    for name in ("amount_fen", "interest_fen"):
        value = getattr(data, name)
        if value is not None and (isinstance(value, bool) or value <= 0):
            problems.add(name, f"{value} is not a positive amount in integer fen")


def _require(problems: _Problems, data: EventCreate, *names: str) -> None:
    for name in names:
        value = getattr(data, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.add(name, "is required")


def _text(value: str | None) -> str:
    return (value or "").strip()


def _repayment(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "amount_fen")
    amount = data.amount_fen or 0
    if amount > loan.outstanding_principal_fen:
        problems.add("amount_fen", f"{amount} exceeds the {loan.outstanding_principal_fen} fen outstanding")
    outstanding = max(loan.outstanding_principal_fen - amount, 0)
    return {
        "repaymentDate": data.event_date.isoformat(),
        "repaidFen": amount,
        "repaidInterestFen": data.interest_fen or 0,
        "outstandingPrincipalFen": outstanding,
        "loanSettled": outstanding == 0,
    }


def _interest(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "amount_fen")
    due = data.due_date or data.event_date
    return {
        "interestPaidDate": data.event_date.isoformat(),
        "interestPaidFen": data.amount_fen,
        "interestDueDate": due.isoformat(),
    }


def _judgment(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "case_no")
    if data.case_no and not _CASE_NO.match(data.case_no.strip()):
        problems.add("case_no", f"{data.case_no!r} is not a court case number like （2026）赣0781民初123号")
    return {
        "judgmentDate": data.event_date.isoformat(),
        "judgmentCaseNo": _text(data.case_no),
        "judgedAmountFen": data.amount_fen,
    }


def _capacity_lost(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "reason")
    return {"capacityLostDate": data.event_date.isoformat(), "capacityLostReason": _text(data.reason)}


def _recovery(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "amount_fen")
    return {
        "recoveryDate": data.event_date.isoformat(),
        "recoveredFen": data.amount_fen,
        "recoveryRef": _text(data.reference) or data.idempotency_key or "",
    }


def _recovery_closed(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "reason")
    return {"recoveryClosedDate": data.event_date.isoformat(), "recoveryClosedReason": _text(data.reason)}


def _prefecture(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "approved")
    if data.approved:
        _require(problems, data, "amount_fen")
    elif data.approved is False:
        _require(problems, data, "reason")
    return {
        "prefectureApproved": data.approved,
        "confirmedAmountFen": data.amount_fen if data.approved else 0,
        "prefectureReviewDate": data.event_date.isoformat(),
        "prefectureRemarks": _text(data.reason),
    }


def _risk_signal(data: EventCreate, loan: Loan, problems: _Problems) -> Variables:
    _require(problems, data, "reason")
    category = data.category or (data.trigger.value if data.trigger else "OTHER")
    if data.trigger and data.category and data.category != data.trigger.value:
        problems.add("category", f"{data.category} contradicts trigger {data.trigger.value}")
    if data.overdue_days is not None and data.overdue_days < 0:
        problems.add("overdue_days", f"{data.overdue_days} is negative")
    return {
        "signalDate": data.event_date.isoformat(),
        "signalCategory": category,
        "signalDescription": _text(data.reason),
        "overdueDays": data.overdue_days or 0,
        "amountAtRiskFen": data.amount_fen or loan.outstanding_principal_fen,
    }


_RULES = {
    EventKind.REPAYMENT_RECORDED: _repayment,
    EventKind.INTEREST_PAID: _interest,
    EventKind.JUDGMENT_EFFECTIVE: _judgment,
    EventKind.REPAYMENT_CAPACITY_LOST: _capacity_lost,
    EventKind.RECOVERY_RECEIVED: _recovery,
    EventKind.RECOVERY_CLOSED: _recovery_closed,
    EventKind.PREFECTURE_REVIEW_RESULT: _prefecture,
    EventKind.RISK_SIGNAL_REPORTED: _risk_signal,
}
