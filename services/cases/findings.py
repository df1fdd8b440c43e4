"""Turning the findings of the half-yearly on-site inspection (第十条) into risk signals.

Each township's inspection result names the loans it flags as free text: loan numbers separated
by commas (, ，), 顿号 (、), semicolons or blanks. Every flagged loan becomes one YELLOW
``INSPECTION_FINDING`` signal carrying the township's findings; a result that flags no loan
becomes no signal (its findings stay in the inspection record).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.cases.enums import INSPECTION_FINDING, SignalGrade, SignalSource
from services.cases.lookup import check_key, loans_by_no
from services.cases.signals import new_signal, register_signal
from services.clock import Clock
from services.errors import ValidationFailed
from services.loans.models import Township

_SEPARATORS = re.compile(r"[,，、;；\s]+")
MAX_RESULTS = 500


class InspectionResult(BaseModel):
    """One township's result, as the multi-instance inspection task collects it."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    township: Annotated[str, Field(min_length=1, max_length=32)]
    findings: Annotated[str, Field(max_length=4000)] | None = None
    flagged_loans: Annotated[str, Field(max_length=4000)] | None = Field(default=None, alias="flaggedLoans")


def parse_loan_numbers(text: str | None) -> list[str]:
    """The loan numbers in ``text``, in order, each once."""
    seen: dict[str, None] = {}
    for part in _SEPARATORS.split(text or ""):
        if part:
            seen.setdefault(part, None)
    return list(seen)


def _results(raw: list[dict[str, Any]]) -> list[InspectionResult]:
    if not isinstance(raw, list):
        raise ValidationFailed("inspection_results must be a list", field="inspection_results")
    if len(raw) > MAX_RESULTS:
        raise ValidationFailed(
            f"inspection_results has {len(raw)} entries; at most {MAX_RESULTS}", field="inspection_results"
        )
    parsed: list[InspectionResult] = []
    for index, item in enumerate(raw):
        try:
            parsed.append(InspectionResult.model_validate(item))
        except PydanticValidationError as exc:
            where = f"inspection_results[{index}]"
            text = "; ".join(
                f"{where}.{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors()
            )
            raise ValidationFailed(text, field=where) from exc
    return parsed


def _check_townships(session: Session, results: list[InspectionResult]) -> None:
    codes = {r.township for r in results}
    known = set(session.scalars(select(Township.code).where(Township.code.in_(codes))))
    unknown = sorted(codes - known)
    if unknown:
        raise ValidationFailed(
            f"inspection_results: unknown township code(s) {', '.join(unknown)}",
            field="inspection_results.township",
            unknown=unknown,
        )


def report_findings(
    inspection_results: list[dict[str, Any]],
    signal_date: date,
    idempotency_key_prefix: str,
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> list[int]:
    """Record one YELLOW ``INSPECTION_FINDING`` signal per flagged loan; return their ids in order.

    Each signal's key is ``<prefix>:<township>:<loan number>``, so a replay returns the same ids.
    Nothing is recorded unless every result is valid.

    Raises:
        ValidationFailed: a malformed result, an unknown township, or unknown loan numbers (all
            of them named).
        Conflict: a key was used for a different signal.
    """
    prefix = check_key(idempotency_key_prefix)
    results = _results(inspection_results)
    _check_townships(session, results)
    flagged = [(r, no) for r in results for no in parse_loan_numbers(r.flagged_loans)]
    loans_by_no(session, list(dict.fromkeys(no for _, no in flagged)), field="flaggedLoans")
    ids: list[int] = []
    for result, loan_no in flagged:
        findings = (result.findings or "").strip() or "现场检查发现问题（未填写具体情况）"
        data = new_signal(
            loan_no=loan_no,
            category=INSPECTION_FINDING,
            grade=SignalGrade.YELLOW,
            source=SignalSource.INSPECTION,
            description=findings,
            signal_date=signal_date,
            detail={"township": result.township},
            idempotency_key=f"{prefix}:{result.township}:{loan_no}",
        )
        ids.append(register_signal(data, session=session, clock=clock, actor=actor).signal_id)
    return ids
