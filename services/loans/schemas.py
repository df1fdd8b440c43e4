"""Pydantic shapes of the registry: ``XCreate`` for input, ``XPublic`` for output.

Shapes only check types and ranges; the domain rules (checksums, known bank, blacklist...) are
checked by the service functions so the API, the CLI and imports give the same errors.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from services.loans.enums import BorrowerKind, InterestEventKind, ListedAs, LoanStatus, PartyRole
from services.loans.triggers import DefaultTrigger

MAX_FEN = 10**15
"""Ten trillion yuan: far above any loan, well inside a 64-bit column."""

Fen = Annotated[StrictInt, Field(gt=0, le=MAX_FEN, description="Amount in integer fen (分).")]
FenOrZero = Annotated[StrictInt, Field(ge=0, le=MAX_FEN, description="Amount in integer fen (分).")]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
Name = Annotated[str, Field(min_length=1, max_length=128)]
PlaceName = Annotated[str, Field(min_length=1, max_length=64)]


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class BankCreate(BaseModel):
    """A cooperating bank, e.g. ``GZRCB`` 赣州农商行瑞金支行."""

    code: Annotated[str, Field(min_length=2, max_length=16, pattern=r"^[A-Z0-9]+$")]
    name: Name


class BankPublic(_Public):
    code: str
    name: str


class TownshipCreate(BaseModel):
    code: Code
    name: PlaceName


class TownshipPublic(_Public):
    code: str
    name: str


class VillageCreate(BaseModel):
    code: Code
    name: PlaceName
    township_code: Code


class VillagePublic(BaseModel):
    code: str
    name: str
    township_code: str


class TownshipWithVillages(BaseModel):
    code: str
    name: str
    villages: list[VillagePublic]


class PartyIn(BaseModel):
    """A person standing behind an organisation borrower."""

    name: PlaceName
    id_number: Annotated[str, Field(min_length=18, max_length=20)]


class PartyPublic(_Public):
    role: PartyRole
    name: str
    id_number: str


class BorrowerCreate(BaseModel):
    """A borrower. Persons give ``id_number``; organisations give ``credit_code``, a legal
    representative and their shareholders."""

    kind: BorrowerKind
    name: Name
    id_number: str | None = None
    credit_code: str | None = None
    legal_representative: PartyIn | None = None
    shareholders: list[PartyIn] = Field(default_factory=list)


class BorrowerPublic(_Public):
    kind: BorrowerKind
    name: str
    identifier: str
    parties: list[PartyPublic]


class LoanCreate(BaseModel):
    """A loan; ``borrower`` is the borrower's ID number or credit code."""

    loan_no: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-./]+$")]
    borrower: Annotated[str, Field(min_length=18, max_length=20)]
    bank_code: Annotated[str, Field(max_length=16)]
    township_code: Code
    village_code: Code | None = None
    principal_fen: Fen
    annual_rate_bp: Annotated[StrictInt, Field(gt=0, lt=10_000, description="Annual rate in basis points.")]
    disbursed_on: date
    matures_on: date
    purpose: Annotated[str, Field(min_length=1, max_length=256)]


class LoanPublic(BaseModel):
    loan_no: str
    borrower: BorrowerPublic
    bank_code: str
    township_code: str
    village_code: str | None
    principal_fen: int
    annual_rate_bp: int
    disbursed_on: date
    matures_on: date
    purpose: str
    status: LoanStatus
    default_trigger: DefaultTrigger | None
    repaid_principal_fen: int
    outstanding_principal_fen: int


class RepaymentCreate(BaseModel):
    """A repayment; at least one of the two amounts is positive."""

    paid_on: date
    principal_fen: FenOrZero = 0
    interest_fen: FenOrZero = 0
    idempotency_key: Annotated[str, Field(min_length=1, max_length=128)] | None = None


class RepaymentPublic(_Public):
    paid_on: date
    principal_fen: int
    interest_fen: int
    idempotency_key: str


class InterestEventCreate(BaseModel):
    kind: InterestEventKind
    due_on: date
    occurred_on: date
    amount_fen: Fen
    idempotency_key: Annotated[str, Field(min_length=1, max_length=128)] | None = None


class InterestEventPublic(_Public):
    kind: InterestEventKind
    due_on: date
    occurred_on: date
    amount_fen: int


class BlacklistEntryPublic(_Public):
    id: int
    listed_as: ListedAs
    name: str
    identifier: str


class BlacklistListingPublic(BaseModel):
    """A listing under 第十五条 and the parties it names."""

    listing_id: int
    borrower_identifier: str
    borrower_name: str
    reference: str
    reason: str
    listed_on: date
    listed_by: str
    entries: list[BlacklistEntryPublic]
