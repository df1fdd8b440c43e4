"""Risk signals (第十二条–第十四条): recording them once per idempotency key, and listing them.

A replay of a key with the same request returns the recorded signal; the same key with a
different request is refused. Signals whose date is simply the day they are recorded (a missed
deadline, an inspection finding) leave the date out of that comparison, so a job retried on a
later day is still recognised as the same request.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.cases.enums import DEADLINE_MISSED, SignalGrade, SignalSource
from services.cases.lookup import check_key, utc
from services.cases.results import RiskSignal
from services.cases.tables import RiskSignalRow
from services.clock import Clock, business_today
from services.errors import Conflict, ValidationFailed
from services.loans.models import Loan
from services.loans.triggers import DefaultTrigger
from services.loans.uniqueness import flush_unique

Category = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Z][A-Z0-9_]*$")]


class SignalCreate(BaseModel):
    """A risk signal to record."""

    loan_no: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    category: Category
    grade: SignalGrade
    source: SignalSource = SignalSource.REPORTED
    default_trigger: DefaultTrigger | None = None
    description: Annotated[str, Field(max_length=4000)] = ""
    signal_date: date
    detail: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: Annotated[str, Field(min_length=1, max_length=200)]


def register_signal(data: SignalCreate, *, session: Session, clock: Clock, actor: str) -> RiskSignal:
    """Record a risk signal.

    Raises:
        ValidationFailed: an unknown loan number or a signal date in the future.
        Conflict: the idempotency key was used for a different signal.
    """
    key = check_key(data.idempotency_key)
    fingerprint = _fingerprint(data)
    replay = session.scalar(select(RiskSignalRow).where(RiskSignalRow.idempotency_key == key))
    if replay is not None:
        if replay.request_fingerprint != fingerprint:
            raise Conflict(
                f"idempotency key {key!r} was already used for a different signal ({replay.id})",
                idempotency_key=key,
                signal_id=replay.id,
            )
        return signal_public(replay, data.loan_no, replayed=True)
    loan = _loan(session, data.loan_no)
    today = business_today(clock)
    if data.signal_date > today:
        raise ValidationFailed(
            f"signal_date {data.signal_date} is in the future (today is {today})", field="signal_date"
        )
    row = _row(data, key, fingerprint, loan, clock=clock, actor=actor)
    session.add(row)
    flush_unique(session, what=f"risk signal {key!r}")
    public = signal_public(row, data.loan_no, replayed=False)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="risk_signal.register",
        object_type="risk_signal",
        object_id=row.id,
        detail={**data.model_dump(mode="json"), "idempotency_key": key},
    )
    return public


def _row(
    data: SignalCreate, key: str, fingerprint: str, loan: Loan | None, *, clock: Clock, actor: str
) -> RiskSignalRow:
    return RiskSignalRow(
        idempotency_key=key,
        request_fingerprint=fingerprint,
        loan_id=loan.id if loan else None,
        category=data.category,
        grade=data.grade.value,
        source=data.source.value,
        default_trigger=data.default_trigger.value if data.default_trigger else None,
        description=data.description.strip(),
        detail=json.loads(json.dumps(data.detail, default=str, ensure_ascii=False)),
        signal_date=data.signal_date,
        recorded_at=utc(clock.now()),
        recorded_by=actor,
    )


def _fingerprint(data: SignalCreate) -> str:
    exclude = (
        {"idempotency_key"} if data.source is SignalSource.REPORTED else {"idempotency_key", "signal_date"}
    )
    content = data.model_dump(mode="json", exclude=exclude)
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _loan(session: Session, loan_no: str | None) -> Loan | None:
    if loan_no is None:
        return None
    loan = session.scalar(select(Loan).where(Loan.loan_no == loan_no))
    if loan is None:
        raise ValidationFailed(f"loan_no: unknown loan {loan_no!r}", field="loan_no", loan_no=loan_no)
    return loan


def signal_public(row: RiskSignalRow, loan_no: str | None, *, replayed: bool) -> RiskSignal:
    return RiskSignal(
        signal_id=row.id,
        loan_no=loan_no,
        category=row.category,
        grade=SignalGrade(row.grade),
        source=SignalSource(row.source),
        default_trigger=DefaultTrigger(row.default_trigger) if row.default_trigger else None,
        description=row.description,
        signal_date=row.signal_date,
        recorded_at=utc(row.recorded_at),
        detail=dict(row.detail),
        replayed=replayed,
    )


def register_deadline_missed(
    deadline_name: str,
    deadline_date: date,
    responsible: str,
    loan_no: str | None,
    provisional: bool,
    idempotency_key: str,
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> RiskSignal:
    """Record that a statutory period ran out: an ORANGE ``DEADLINE_MISSED`` signal dated today.

    Args:
        deadline_name: The step that was due, e.g. 代偿申请.
        deadline_date: The last day of the period.
        responsible: Who had to act: a candidate group such as ``bank:GZRCB`` or ``finance``.
        loan_no: The loan concerned, when known.
        provisional: The period was counted on weekends only (a year without holiday data).

    Raises:
        ValidationFailed: an empty name or responsible party, or an unknown loan number.
        Conflict: the idempotency key was used for a different signal.
    """
    name, who = deadline_name.strip(), responsible.strip()
    for field, value in (("deadline_name", name), ("responsible", who)):
        if not value:
            raise ValidationFailed(f"{field} is required", field=field)
    note = "（期限按周末推算，节假日数据未发布，为暂定期限）" if provisional else ""
    data = new_signal(
        loan_no=(loan_no or "").strip() or None,
        category=DEADLINE_MISSED,
        grade=SignalGrade.ORANGE,
        source=SignalSource.DEADLINE_MISSED,
        description=f"{name}期限已于{deadline_date.isoformat()}届满，{who}未按期办理{note}",
        signal_date=business_today(clock),
        detail={
            "deadlineName": name,
            "deadlineDate": deadline_date.isoformat(),
            "responsible": who,
            "provisional": provisional,
        },
        idempotency_key=idempotency_key,
    )
    return register_signal(data, session=session, clock=clock, actor=actor)


def new_signal(**fields: Any) -> SignalCreate:
    """A :class:`SignalCreate` built from service arguments.

    Raises:
        ValidationFailed: naming every field at fault.
    """
    try:
        return SignalCreate(**fields)
    except PydanticValidationError as exc:
        problems = {".".join(map(str, e["loc"])): e["msg"] for e in exc.errors()}
        text = "; ".join(f"{name}: {why}" for name, why in problems.items())
        raise ValidationFailed(f"risk signal refused: {text}", errors=problems) from exc


def list_signals(
    *,
    session: Session,
    loan_no: str | None = None,
    grade: SignalGrade | None = None,
    source: SignalSource | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[RiskSignal]:
    """Signals matching every filter given, by signal date then id."""
    stmt = select(RiskSignalRow, Loan.loan_no).outerjoin(Loan, Loan.id == RiskSignalRow.loan_id)
    if loan_no is not None:
        stmt = stmt.where(Loan.loan_no == loan_no)
    if grade is not None:
        stmt = stmt.where(RiskSignalRow.grade == grade.value)
    if source is not None:
        stmt = stmt.where(RiskSignalRow.source == source.value)
    if since is not None:
        stmt = stmt.where(RiskSignalRow.signal_date >= since)
    if until is not None:
        stmt = stmt.where(RiskSignalRow.signal_date <= until)
    stmt = stmt.order_by(RiskSignalRow.signal_date, RiskSignalRow.id)
    return [signal_public(row, number, replayed=False) for row, number in session.execute(stmt)]
