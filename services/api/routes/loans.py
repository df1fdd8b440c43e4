"""Loan registry API under ``/api/loans``.

Identity comes from the fronting proxy in three headers: ``X-User`` (who), ``X-Role`` (BANK,
TOWNSHIP, CITY or PREFECTURE) and ``X-Org`` (the bank or township code for BANK / TOWNSHIP).
Reads are scoped by :func:`services.loans.visible_loans`; writes: reference data and the
blacklist by CITY, borrowers by BANK or CITY, loans, repayments and imports by a bank for its own
loans or by CITY.

Registering a loan queues its maturity reminder, a missed interest instalment its interest watch
(docs/messaging.md). The registry write is committed first, then the process is started; a loan
and its ``process_starts`` show whether that happened (``started``, ``start_error``). A start the
engine did not take stays queued for ``xdt loans start-pending``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, UploadFile, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from services import loans, messaging
from services.api.deps import ClockDep, DbDep, SessionDep
from services.clock import Clock
from services.db import Database
from services.errors import ValidationFailed
from services.loans.registry import loan_by_no
from services.loans.schemas import (
    BankPublic,
    BlacklistListingPublic,
    BorrowerPublic,
    InterestEventPublic,
    RepaymentPublic,
    TownshipPublic,
    TownshipWithVillages,
    VillagePublic,
)
from services.loans.scoping import may_book_for_bank
from services.messaging.start_log import ProcessStartPublic, interest_watch_key, last_start_id, starts_of

router = APIRouter(prefix="/api/loans", tags=["loans"])
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def get_principal(
    x_user: Annotated[str | None, Header()] = None,
    x_role: Annotated[str | None, Header()] = None,
    x_org: Annotated[str | None, Header()] = None,
) -> loans.Principal:
    """The acting principal from ``X-User`` / ``X-Role`` / ``X-Org``; 401 when absent or malformed."""
    try:
        return loans.Principal.parse(x_user, x_role, x_org)
    except ValidationFailed as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=exc.message) from exc


PrincipalDep = Annotated[loans.Principal, Depends(get_principal)]


def get_starter(request: Request) -> messaging.ProcessStarter | None:
    """The app's process starter: its own ``starter``, else one on the gRPC publisher's gateway
    connection; None (starts stay queued) when the app publishes through something else."""
    state = request.app.state
    starter: messaging.ProcessStarter | None = getattr(state, "starter", None)
    publisher = getattr(state, "publisher", None)
    if starter is None and isinstance(publisher, messaging.GrpcPublisher):
        starter = messaging.GrpcProcessStarter(publisher.connection)
    return starter


StarterDep = Annotated[messaging.ProcessStarter | None, Depends(get_starter)]


class LoanDetail(loans.LoanPublic):
    """A loan with the processes queued for it."""

    process_starts: list[ProcessStartPublic]


class InterestEventRecorded(InterestEventPublic):
    """An interest event; a missed instalment also shows its interest watch."""

    process_start: ProcessStartPublic | None = None


def _detail(loan_no: str, session: Session) -> LoanDetail:
    loan_id = loan_by_no(session, loan_no).id
    starts = starts_of(loan_id, session=session)
    return LoanDetail(**loans.get_loan(loan_no, session=session).model_dump(), process_starts=starts)


def _deliver(
    starter: messaging.ProcessStarter | None,
    *,
    db: Database,
    clock: Clock,
    actor: str,
    after_id: int | None = None,
    loan_no: str | None = None,
) -> messaging.StartReport | None:
    """Start what the committed write queued; None when the app has no starter."""
    if starter is None:
        return None
    loan_id = None
    if loan_no is not None:
        with db.session() as session:
            loan_id = loan_by_no(session, loan_no).id
    return messaging.start_pending(
        db=db, starter=starter, clock=clock, actor=actor, after_id=after_id, loan_id=loan_id
    )


def require(allowed: bool, principal: loans.Principal, what: str) -> None:
    """403 unless ``allowed``, naming the principal and the action."""
    if not allowed:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"{principal.actor} may not {what}")


def _city(principal: loans.Principal, what: str) -> None:
    require(principal.role is loans.Role.CITY, principal, what)


@router.get("/banks")
def list_banks(session: SessionDep, _principal: PrincipalDep) -> list[BankPublic]:
    """All cooperating banks."""
    return loans.list_banks(session)


@router.post("/banks", status_code=201)
def register_bank(
    data: loans.BankCreate, session: SessionDep, clock: ClockDep, principal: PrincipalDep
) -> BankPublic:
    """Register a cooperating bank (city office)."""
    _city(principal, "register banks")
    return loans.register_bank(data, session=session, clock=clock, actor=principal.actor)


@router.get("/townships")
def list_townships(session: SessionDep, _principal: PrincipalDep) -> list[TownshipWithVillages]:
    """All townships with their villages."""
    return loans.list_townships(session)


@router.post("/townships", status_code=201)
def register_township(
    data: loans.TownshipCreate, session: SessionDep, clock: ClockDep, principal: PrincipalDep
) -> TownshipPublic:
    """Register a township (city office)."""
    _city(principal, "register townships")
    return loans.register_township(data, session=session, clock=clock, actor=principal.actor)


@router.post("/villages", status_code=201)
def register_village(
    data: loans.VillageCreate, session: SessionDep, clock: ClockDep, principal: PrincipalDep
) -> VillagePublic:
    """Register a village of a township (city office)."""
    _city(principal, "register villages")
    return loans.register_village(data, session=session, clock=clock, actor=principal.actor)


@router.post("/borrowers", status_code=201)
def register_borrower(
    data: loans.BorrowerCreate, session: SessionDep, clock: ClockDep, principal: PrincipalDep
) -> BorrowerPublic:
    """Register a borrower (bank staff or city office)."""
    require(principal.role in (loans.Role.BANK, loans.Role.CITY), principal, "register borrowers")
    return loans.register_borrower(data, session=session, clock=clock, actor=principal.actor)


class BlacklistRequest(BaseModel):
    """A listing under 第十五条."""

    borrower: str = Field(max_length=20, description="The borrower's ID number or credit code.")
    reason: str = Field(max_length=512)
    reference: str = Field(max_length=128, description="Case or loan number the listing rests on.")
    idempotency_key: str = Field(min_length=1, max_length=128)


@router.post("/blacklist", status_code=201)
def blacklist(
    data: BlacklistRequest, session: SessionDep, clock: ClockDep, principal: PrincipalDep
) -> BlacklistListingPublic:
    """List a borrower and its legal representative and shareholders (city office)."""
    _city(principal, "blacklist parties")
    return loans.blacklist_party(
        data.borrower,
        reason=data.reason,
        reference=data.reference,
        idempotency_key=data.idempotency_key,
        session=session,
        clock=clock,
        actor=principal.actor,
    )


@router.get("/blacklist/{identifier}")
def blacklist_lookup(
    identifier: str, session: SessionDep, _principal: PrincipalDep
) -> list[BlacklistListingPublic]:
    """Listings naming an ID number or credit code."""
    return loans.listings_of(identifier.strip().upper(), session=session)


@router.post("/import")
def import_upload(
    file: UploadFile, db: DbDep, clock: ClockDep, principal: PrincipalDep, starter: StarterDep
) -> dict[str, Any]:
    """Import a CSV/XLSX export, all rows or none; a refusal (422) lists each bad row and column.

    Then start the maturity reminders of the imported loans: ``processes_started`` and
    ``processes_pending`` (queued, for ``xdt loans start-pending``) count them.
    """
    require(principal.role in (loans.Role.BANK, loans.Role.CITY), principal, "import loans")
    suffix = Path(file.filename or "").suffix.lower()
    content = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise HTTPException(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, detail="import files are limited to 20 MiB"
        )
    with tempfile.TemporaryDirectory() as tmp, db.session() as session:
        path = Path(tmp) / f"{Path(file.filename or 'upload').stem}{suffix}"
        path.write_bytes(content)
        before = last_start_id(session=session)
        report = loans.import_loans(
            path,
            session=session,
            clock=clock,
            actor=principal.actor,
            bank_scope=principal.org if principal.role is loans.Role.BANK else None,
        )
    started = _deliver(starter, db=db, clock=clock, actor=principal.actor, after_id=before)
    return {
        "file": report.file,
        "rows": report.rows,
        "loans_created": report.loans_created,
        "borrowers_created": report.borrowers_created,
        "processes_started": len(started.started) if started else 0,
        "processes_pending": started.pending if started else report.loans_created,
    }


@router.get("")
def list_loans(session: SessionDep, principal: PrincipalDep) -> list[loans.LoanPublic]:
    """The loans the caller may see."""
    return loans.visible_loans(session, principal)


@router.post("", status_code=201)
def register_loan(
    data: loans.LoanCreate, db: DbDep, clock: ClockDep, principal: PrincipalDep, starter: StarterDep
) -> LoanDetail:
    """Register a loan and start its maturity reminder; refused (409) when a party is blacklisted."""
    require(
        may_book_for_bank(principal, data.bank_code), principal, f"register loans of bank {data.bank_code}"
    )
    with db.session() as session:
        loans.register_loan(data, session=session, clock=clock, actor=principal.actor)
    _deliver(starter, db=db, clock=clock, actor=principal.actor, loan_no=data.loan_no)
    with db.session() as session:
        return _detail(data.loan_no, session)


@router.get("/{loan_no}")
def get_loan(loan_no: str, session: SessionDep, principal: PrincipalDep) -> LoanDetail:
    """One loan, if the caller may see it (404 otherwise), with the processes queued for it."""
    loans.visible_loan(session, principal, loan_no)
    return _detail(loan_no, session)


@router.get("/{loan_no}/repayments")
def list_repayments(loan_no: str, session: SessionDep, principal: PrincipalDep) -> list[RepaymentPublic]:
    """Repayments of a visible loan, by date."""
    loans.visible_loan(session, principal, loan_no)
    return loans.repayments_of(loan_no, session=session)


@router.post("/{loan_no}/repayments", status_code=201)
def record_repayment(
    loan_no: str, data: loans.RepaymentCreate, session: SessionDep, clock: ClockDep, principal: PrincipalDep
) -> RepaymentPublic:
    """Book a repayment (the loan's bank or the city office)."""
    loan = loans.visible_loan(session, principal, loan_no)
    require(may_book_for_bank(principal, loan.bank.code), principal, f"book repayments of {loan_no}")
    return loans.record_repayment(loan_no, data, session=session, clock=clock, actor=principal.actor)


@router.get("/{loan_no}/interest-events")
def list_interest_events(
    loan_no: str, session: SessionDep, principal: PrincipalDep
) -> list[InterestEventPublic]:
    """Interest instalments due, paid or missed on a visible loan."""
    loans.visible_loan(session, principal, loan_no)
    return loans.interest_events_of(loan_no, session=session)


@router.post("/{loan_no}/interest-events", status_code=201)
def record_interest_event(
    loan_no: str,
    data: loans.InterestEventCreate,
    db: DbDep,
    clock: ClockDep,
    principal: PrincipalDep,
    starter: StarterDep,
) -> InterestEventRecorded:
    """Record an instalment due, paid or missed (the loan's bank or the city office); a missed
    one starts the interest watch of its due date."""
    with db.session() as session:
        loan = loans.visible_loan(session, principal, loan_no)
        require(
            may_book_for_bank(principal, loan.bank.code), principal, f"record interest events of {loan_no}"
        )
        event = loans.record_interest_event(
            loan_no, data, session=session, clock=clock, actor=principal.actor
        )
    if data.kind is not loans.InterestEventKind.MISSED:
        return InterestEventRecorded(**event.model_dump())
    _deliver(starter, db=db, clock=clock, actor=principal.actor, loan_no=loan_no)
    with db.session() as session:
        key = interest_watch_key(loan_no, data.due_on)
        watch = next(
            s for s in starts_of(loan_by_no(session, loan_no).id, session=session) if s.business_key == key
        )
    return InterestEventRecorded(**event.model_dump(), process_start=watch)


@router.get("/{loan_no}/events")
def list_events(loan_no: str, session: SessionDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """External events recorded for a visible loan, oldest first."""
    loans.visible_loan(session, principal, loan_no)
    return [
        {"messageName": e.message_name, "messageId": e.message_id, "variables": e.variables}
        for e in loans.events_of(loan_no, session=session)
    ]
