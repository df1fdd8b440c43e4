"""The blacklist of 第十五条.

A borrower whose default cost the risk fund is listed together with, for an organisation, its
legal representative and shareholders. A listed person or organisation cannot be the borrower,
legal representative or shareholder of a newly registered loan.

Listing is idempotent: the same idempotency key, or the same borrower with the same case/loan
reference, returns the first listing and adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock, business_today
from services.errors import Conflict, NotFound, ValidationFailed
from services.loans.enums import ListedAs, PartyRole
from services.loans.models import BlacklistEntry, BlacklistListing, Borrower
from services.loans.schemas import BlacklistEntryPublic, BlacklistListingPublic
from services.loans.uniqueness import flush_unique

Party = tuple[str, str, str]
"""(identifier, name, role description) of someone about to be bound to a loan."""


def blacklist_party(
    borrower_identifier: str,
    *,
    reason: str,
    reference: str,
    idempotency_key: str,
    listed_on: date | None = None,
    session: Session,
    clock: Clock,
    actor: str,
) -> BlacklistListingPublic:
    """List a borrower and, for an organisation, its legal representative and shareholders.

    Args:
        borrower_identifier: the borrower's ID number or credit code.
        reason: why the party is listed (e.g. 恶意逃避债务导致风险缓释金损失).
        reference: the case or loan number the listing rests on.
        idempotency_key: a replay with this key returns the first listing unchanged.
        listed_on: business date of the listing; today (Asia/Shanghai) when omitted.

    Raises:
        NotFound: the borrower is not registered.
        ValidationFailed: empty reason/reference, or a date in the future.
        Conflict: the key was already used for a different borrower.
    """
    borrower = session.scalar(select(Borrower).where(Borrower.identifier == borrower_identifier))
    if borrower is None:
        raise NotFound(f"unknown borrower {borrower_identifier!r}", borrower=borrower_identifier)
    existing = _existing_listing(session, borrower, reference, idempotency_key)
    if existing is not None:
        return listing_public(existing, borrower)
    listed_on = _check_listing_input(reason, reference, listed_on, clock)
    listing = BlacklistListing(
        idempotency_key=idempotency_key,
        borrower_id=borrower.id,
        reference=reference.strip(),
        reason=reason.strip(),
        listed_on=listed_on,
        listed_by=actor,
        recorded_at=clock.now(),
    )
    session.add(listing)
    flush_unique(session, what=f"blacklist listing {idempotency_key!r}")
    for listed_as, name, identifier in _parties_of(borrower):
        session.add(BlacklistEntry(listing=listing, listed_as=listed_as, name=name, identifier=identifier))
    session.flush()
    session.refresh(listing)
    public = listing_public(listing, borrower)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="blacklist.list",
        object_type="borrower",
        object_id=borrower.identifier,
        detail=public.model_dump(mode="json"),
    )
    return public


def _existing_listing(
    session: Session, borrower: Borrower, reference: str, key: str
) -> BlacklistListing | None:
    by_key = session.scalar(select(BlacklistListing).where(BlacklistListing.idempotency_key == key))
    if by_key is not None:
        if by_key.borrower_id != borrower.id:
            raise Conflict(
                f"idempotency key {key!r} was already used to list another borrower", idempotency_key=key
            )
        return by_key
    return session.scalar(
        select(BlacklistListing).where(
            BlacklistListing.borrower_id == borrower.id, BlacklistListing.reference == reference.strip()
        )
    )


def _check_listing_input(reason: str, reference: str, listed_on: date | None, clock: Clock) -> date:
    today = business_today(clock)
    if not reason.strip():
        raise ValidationFailed("a blacklist listing needs a reason", field="reason")
    if not reference.strip():
        raise ValidationFailed("a blacklist listing needs a case or loan reference", field="reference")
    if len(reason.strip()) > 512 or len(reference.strip()) > 128:
        raise ValidationFailed(
            "a listing's reason is at most 512 characters, its reference 128", field="reason"
        )
    if listed_on is not None and listed_on > today:
        raise ValidationFailed(
            f"listing date {listed_on} is in the future (today is {today})", field="listed_on"
        )
    return listed_on or today


def _parties_of(borrower: Borrower) -> list[tuple[ListedAs, str, str]]:
    parties = [(ListedAs.BORROWER, borrower.name, borrower.identifier)]
    seen = {borrower.identifier}
    for party in borrower.parties:
        if party.id_number in seen:
            continue  # a person who is both legal representative and shareholder is listed once
        seen.add(party.id_number)
        role = (
            ListedAs.LEGAL_REPRESENTATIVE
            if party.role is PartyRole.LEGAL_REPRESENTATIVE
            else ListedAs.SHAREHOLDER
        )
        parties.append((role, party.name, party.id_number))
    return parties


def listing_public(listing: BlacklistListing, borrower: Borrower) -> BlacklistListingPublic:
    return BlacklistListingPublic(
        listing_id=listing.id,
        borrower_identifier=borrower.identifier,
        borrower_name=borrower.name,
        reference=listing.reference,
        reason=listing.reason,
        listed_on=listing.listed_on,
        listed_by=listing.listed_by,
        entries=[BlacklistEntryPublic.model_validate(e) for e in listing.entries],
    )


def listings_of(identifier: str, *, session: Session) -> list[BlacklistListingPublic]:
    """Every listing that names this ID number or credit code, oldest first."""
    stmt = (
        select(BlacklistListing, Borrower)
        .join(BlacklistEntry, BlacklistEntry.listing_id == BlacklistListing.id)
        .join(Borrower, Borrower.id == BlacklistListing.borrower_id)
        .where(BlacklistEntry.identifier == identifier)
        .order_by(BlacklistListing.id)
    )
    return [listing_public(listing, borrower) for listing, borrower in session.execute(stmt)]


def blacklist_problem(session: Session, parties: Iterable[Party]) -> str | None:
    """Describe the first listing that names one of ``parties``, or ``None`` when none is listed."""
    for identifier, name, role in parties:
        stmt = (
            select(BlacklistEntry, BlacklistListing, Borrower)
            .join(BlacklistListing, BlacklistEntry.listing_id == BlacklistListing.id)
            .join(Borrower, Borrower.id == BlacklistListing.borrower_id)
            .where(BlacklistEntry.identifier == identifier)
            .order_by(BlacklistListing.id)
            .limit(1)
        )
        hit = session.execute(stmt).first()
        if hit is not None:
            entry, listing, borrower = hit
            return (
                f"{name} ({identifier}), {role}, is blacklisted: listed on {listing.listed_on} "
                f"by {listing.listed_by} as {entry.listed_as.value.lower().replace('_', ' ')} "
                f"of {borrower.name} (listing {listing.id}, ref {listing.reference}) because: "
                f"{listing.reason}"
            )
    return None


def ensure_not_blacklisted(session: Session, parties: Iterable[Party]) -> None:
    """Refuse when any of ``parties`` is on the blacklist.

    Raises:
        Conflict: naming who is listed, when, by whom and why.
    """
    problem = blacklist_problem(session, parties)
    if problem:
        raise Conflict(f"new loan refused: {problem}")
