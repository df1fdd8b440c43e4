"""Tables of the loan registry, the blacklist and recorded external events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.db import Base
from services.loans.enums import BorrowerKind, InterestEventKind, ListedAs, LoanStatus, PartyRole
from services.loans.triggers import DefaultTrigger

_ID = BigInteger().with_variant(Integer, "sqlite")


def _enum(kind: type[Any]) -> Enum:
    # Stored as plain strings so adding a member never needs a database type change.
    return Enum(kind, native_enum=False, length=32, values_callable=lambda k: [m.value for m in k])


class Bank(Base):
    """A cooperating bank (合作银行) identified by a short code such as ``GZRCB``."""

    __tablename__ = "loan_banks"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(128))


class Township(Base):
    """A township (乡/镇) of 瑞金市."""

    __tablename__ = "loan_townships"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)


class Village(Base):
    """A village (村) within one township; names are unique within the township."""

    __tablename__ = "loan_villages"
    __table_args__ = (UniqueConstraint("township_id", "name"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    township_id: Mapped[int] = mapped_column(ForeignKey("loan_townships.id"), index=True)
    township: Mapped[Township] = relationship(lazy="joined")


class Borrower(Base):
    """A borrower; ``identifier`` is a resident ID for persons, a credit code for organisations."""

    __tablename__ = "loan_borrowers"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    kind: Mapped[BorrowerKind] = mapped_column(_enum(BorrowerKind))
    name: Mapped[str] = mapped_column(String(128))
    identifier: Mapped[str] = mapped_column(String(18), unique=True)
    parties: Mapped[list[BorrowerParty]] = relationship(
        back_populates="borrower", lazy="selectin", order_by="BorrowerParty.id"
    )


class BorrowerParty(Base):
    """The legal representative or a shareholder of an organisation borrower."""

    __tablename__ = "loan_borrower_parties"
    __table_args__ = (UniqueConstraint("borrower_id", "role", "id_number"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("loan_borrowers.id"), index=True)
    role: Mapped[PartyRole] = mapped_column(_enum(PartyRole))
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    borrower: Mapped[Borrower] = relationship(back_populates="parties")


class Loan(Base):
    """One loan under the programme. Money is integer fen; the rate is in basis points."""

    __tablename__ = "loans"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    loan_no: Mapped[str] = mapped_column(String(64), unique=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("loan_borrowers.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("loan_banks.id"), index=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("loan_townships.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("loan_villages.id"), index=True)
    principal_fen: Mapped[int] = mapped_column(BigInteger)
    annual_rate_bp: Mapped[int] = mapped_column(Integer)
    disbursed_on: Mapped[date] = mapped_column(Date)
    matures_on: Mapped[date] = mapped_column(Date, index=True)
    purpose: Mapped[str] = mapped_column(String(256))
    status: Mapped[LoanStatus] = mapped_column(_enum(LoanStatus), default=LoanStatus.ACTIVE)
    default_trigger: Mapped[DefaultTrigger | None] = mapped_column(_enum(DefaultTrigger))
    repaid_principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    borrower: Mapped[Borrower] = relationship(lazy="joined")
    bank: Mapped[Bank] = relationship(lazy="joined")
    township: Mapped[Township] = relationship(lazy="joined")
    village: Mapped[Village | None] = relationship(lazy="joined")

    @property
    def outstanding_principal_fen(self) -> int:
        return self.principal_fen - self.repaid_principal_fen


class Repayment(Base):
    """A repayment booked by the bank; ``idempotency_key`` makes a replay a no-op."""

    __tablename__ = "loan_repayments"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    principal_fen: Mapped[int] = mapped_column(BigInteger)
    interest_fen: Mapped[int] = mapped_column(BigInteger)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InterestEvent(Base):
    """An interest instalment that fell due, was paid or was missed."""

    __tablename__ = "loan_interest_events"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    kind: Mapped[InterestEventKind] = mapped_column(_enum(InterestEventKind))
    due_on: Mapped[date] = mapped_column(Date)
    occurred_on: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BlacklistListing(Base):
    """One act of listing under 第十五条; it lists one or more parties (:class:`BlacklistEntry`)."""

    __tablename__ = "blacklist_listings"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("loan_borrowers.id"), index=True)
    reference: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(512))
    listed_on: Mapped[date] = mapped_column(Date)
    listed_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    entries: Mapped[list[BlacklistEntry]] = relationship(
        back_populates="listing", lazy="selectin", order_by="BlacklistEntry.id"
    )


class BlacklistEntry(Base):
    """A party named by a listing, found again by its ID number or credit code."""

    __tablename__ = "blacklist_entries"
    __table_args__ = (UniqueConstraint("listing_id", "identifier"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("blacklist_listings.id"), index=True)
    listed_as: Mapped[ListedAs] = mapped_column(_enum(ListedAs))
    name: Mapped[str] = mapped_column(String(128))
    identifier: Mapped[str] = mapped_column(String(18), index=True)
    listing: Mapped[BlacklistListing] = relationship(back_populates="entries")


class LoanEvent(Base):
    """An external event about a loan, kept once per idempotency key before it becomes a message."""

    __tablename__ = "loan_events"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), index=True)
    event_date: Mapped[date] = mapped_column(Date)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
