"""Borrowers: poor households identified by resident ID, organisations by credit code together
with their legal representative and shareholders."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.errors import Conflict, NotFound, ValidationFailed
from services.loans.blacklist import Party
from services.loans.enums import PartyRole
from services.loans.identity import check_resident_id, check_uscc
from services.loans.models import Borrower, BorrowerParty
from services.loans.schemas import BorrowerCreate, BorrowerPublic
from services.loans.uniqueness import flush_unique


def register_borrower(data: BorrowerCreate, *, session: Session, clock: Clock, actor: str) -> BorrowerPublic:
    """Register a borrower after checking its identity numbers.

    Raises:
        ValidationFailed: a missing or invalid ID number / credit code, or parties given for a
            poor household.
        Conflict: the identifier is already registered.
    """
    borrower = build_borrower(data)
    clash = session.scalar(select(Borrower).where(Borrower.identifier == borrower.identifier))
    if clash is not None:
        raise Conflict(
            f"borrower {borrower.identifier} is already registered as {clash.name}",
            identifier=borrower.identifier,
        )
    session.add(borrower)
    flush_unique(session, what=f"borrower {borrower.identifier}")
    public = BorrowerPublic.model_validate(borrower)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="borrower.register",
        object_type="borrower",
        object_id=borrower.identifier,
        detail=public.model_dump(mode="json"),
    )
    return public


def build_borrower(data: BorrowerCreate) -> Borrower:
    """A new, unsaved :class:`Borrower` with normalised, checksum-verified numbers.

    Raises:
        ValidationFailed: naming the field at fault.
    """
    if not data.kind.is_organisation:
        return _person(data)
    return _organisation(data)


def _person(data: BorrowerCreate) -> Borrower:
    if data.credit_code or data.legal_representative or data.shareholders:
        raise ValidationFailed(
            f"a {data.kind.label} borrower is a person: give id_number only", field="credit_code"
        )
    if not data.id_number:
        raise ValidationFailed(f"a {data.kind.label} borrower needs id_number", field="id_number")
    return Borrower(kind=data.kind, name=data.name.strip(), identifier=check_resident_id(data.id_number))


def _organisation(data: BorrowerCreate) -> Borrower:
    label = data.kind.label
    if data.id_number:
        raise ValidationFailed(
            f"a {label} is an organisation: give credit_code, not id_number", field="id_number"
        )
    if not data.credit_code:
        raise ValidationFailed(f"a {label} needs credit_code (统一社会信用代码)", field="credit_code")
    rep = data.legal_representative
    if rep is None:
        raise ValidationFailed(f"a {label} needs its legal representative", field="legal_representative")
    borrower = Borrower(kind=data.kind, name=data.name.strip(), identifier=check_uscc(data.credit_code))
    people = [(PartyRole.LEGAL_REPRESENTATIVE, rep, "legal_representative.id_number")]
    people += [
        (PartyRole.SHAREHOLDER, h, f"shareholders[{i}].id_number") for i, h in enumerate(data.shareholders)
    ]
    seen: set[tuple[PartyRole, str]] = set()
    for role, person, field in people:
        id_number = check_resident_id(person.id_number, field=field)
        if (role, id_number) in seen:
            raise ValidationFailed(f"{field} {id_number} is given twice", field=field)
        seen.add((role, id_number))
        borrower.parties.append(BorrowerParty(role=role, name=person.name.strip(), id_number=id_number))
    return borrower


def borrower_by_identifier(session: Session, identifier: str) -> Borrower:
    """The borrower with this ID number or credit code.

    Raises:
        NotFound: naming the identifier.
    """
    borrower = session.scalar(select(Borrower).where(Borrower.identifier == identifier.strip().upper()))
    if borrower is None:
        raise NotFound(f"unknown borrower {identifier!r}", borrower=identifier)
    return borrower


def parties_of(borrower: Borrower) -> list[Party]:
    """The borrower and the people behind it, as checked against the blacklist."""
    parties: list[Party] = [(borrower.identifier, borrower.name, "borrower")]
    for p in borrower.parties:
        role = "legal representative" if p.role is PartyRole.LEGAL_REPRESENTATIVE else "shareholder"
        parties.append((p.id_number, p.name, f"{role} of {borrower.name}"))
    return parties
