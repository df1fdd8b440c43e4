"""Opening a default case (第十七条–第十八条) and checking whether the loan has been paid off.

One loan has at most one open case. The maturity process, the interest watch and a red risk
signal may each reach the default of the same loan; the first opens the case and moves the loan
to DEFAULTED, later ones (with their own idempotency keys) get that same open case back.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.cases.enums import CaseStatus
from services.cases.lookup import case_public, check_key, current_case_row, open_case_row, utc
from services.cases.results import DefaultCase, RepaymentState
from services.cases.tables import DefaultCaseRow
from services.clock import Clock, business_today
from services.errors import Conflict, ValidationFailed
from services.loans.enums import LoanStatus
from services.loans.models import Loan
from services.loans.registry import loan_by_no, set_loan_status
from services.loans.triggers import DefaultTrigger
from services.loans.uniqueness import flush_unique


def open_default_case(
    loan_no: str,
    trigger: DefaultTrigger,
    trigger_date: date,
    idempotency_key: str,
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> DefaultCase:
    """Open the default case of a loan and move the loan ACTIVE → DEFAULTED with ``trigger``.

    A replay of ``idempotency_key`` returns the case it opened. A loan that already has an open
    case gets that case back (``replayed`` is then true) and nothing changes, whatever the trigger.

    Raises:
        NotFound: the loan is unknown.
        ValidationFailed: ``trigger_date`` in the future or before disbursement; a bad key.
        Conflict: the key opened a case with other facts, or the loan is REPAID, COMPENSATED or
            CLOSED and cannot default.
    """
    key = check_key(idempotency_key)
    trigger = _trigger(trigger)
    loan = loan_by_no(session, loan_no, for_update=True)
    replay = session.scalar(select(DefaultCaseRow).where(DefaultCaseRow.idempotency_key == key))
    if replay is not None:
        same = (replay.loan_id, replay.trigger, replay.trigger_date) == (loan.id, trigger.value, trigger_date)
        if not same:
            raise Conflict(
                f"idempotency key {key!r} already opened case {replay.id} with other facts",
                idempotency_key=key,
                case_id=replay.id,
            )
        return case_public(replay, loan.loan_no, replayed=True)
    _check_trigger_date(loan, trigger_date, today=business_today(clock))
    current = open_case_row(session, loan.id)
    if current is not None:
        return case_public(current, loan.loan_no, replayed=True)
    return _open(loan, trigger, trigger_date, key, session=session, clock=clock, actor=actor)


def _open(
    loan: Loan,
    trigger: DefaultTrigger,
    trigger_date: date,
    key: str,
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> DefaultCase:
    note = f"default case opened: {trigger.value} on {trigger_date}"
    set_loan_status(
        loan.loan_no,
        LoanStatus.DEFAULTED,
        trigger=trigger,
        note=note,
        session=session,
        clock=clock,
        actor=actor,
    )
    row = DefaultCaseRow(
        idempotency_key=key,
        loan_id=loan.id,
        trigger=trigger.value,
        trigger_date=trigger_date,
        status=CaseStatus.OPEN.value,
        opened_at=utc(clock.now()),
        opened_by=actor,
    )
    session.add(row)
    flush_unique(session, what=f"default case {key!r}")
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="default_case.open",
        object_type="default_case",
        object_id=row.id,
        detail={
            "loan_no": loan.loan_no,
            "trigger": trigger.value,
            "trigger_date": trigger_date.isoformat(),
            "idempotency_key": key,
        },
    )
    return case_public(row, loan.loan_no, replayed=False)


def _trigger(value: str) -> DefaultTrigger:
    try:
        return DefaultTrigger(value)
    except ValueError as exc:
        accepted = ", ".join(DefaultTrigger)
        raise ValidationFailed(f"trigger {value!r} is not one of {accepted}", field="trigger") from exc


def _check_trigger_date(loan: Loan, trigger_date: date, *, today: date) -> None:
    if trigger_date > today:
        raise ValidationFailed(
            f"trigger_date {trigger_date} is in the future (today is {today})", field="trigger_date"
        )
    if trigger_date < loan.disbursed_on:
        raise ValidationFailed(
            f"trigger_date {trigger_date} is before loan {loan.loan_no} was disbursed on {loan.disbursed_on}",
            field="trigger_date",
        )


def check_repaid(loan_no: str, *, session: Session) -> RepaymentState:
    """Whether the loan's principal has been repaid in full.

    Raises:
        NotFound: the loan is unknown.
    """
    loan = loan_by_no(session, loan_no)
    outstanding = loan.outstanding_principal_fen
    return RepaymentState(settled=outstanding == 0, outstanding_principal_fen=outstanding)


def default_case_of(loan_no: str, *, session: Session) -> DefaultCase:
    """The loan's open default case, or else its latest one.

    Raises:
        NotFound: the loan is unknown or has never been in a default case.
    """
    loan = loan_by_no(session, loan_no)
    return case_public(current_case_row(session, loan), loan.loan_no, replayed=False)
