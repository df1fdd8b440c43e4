"""Reference data of the registry: cooperating banks, townships and their villages."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.errors import Conflict, NotFound
from services.loans.models import Bank, Township, Village
from services.loans.schemas import (
    BankCreate,
    BankPublic,
    TownshipCreate,
    TownshipPublic,
    TownshipWithVillages,
    VillageCreate,
    VillagePublic,
)
from services.loans.uniqueness import flush_unique


def register_bank(data: BankCreate, *, session: Session, clock: Clock, actor: str) -> BankPublic:
    """Add a cooperating bank.

    Raises:
        Conflict: a bank with this code exists.
    """
    if session.scalar(select(Bank).where(Bank.code == data.code)):
        raise Conflict(f"bank {data.code} is already registered", code=data.code)
    bank = Bank(code=data.code, name=data.name)
    session.add(bank)
    flush_unique(session, what=f"bank {data.code}")
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="bank.register",
        object_type="bank",
        object_id=bank.code,
        detail=data.model_dump(),
    )
    return BankPublic.model_validate(bank)


def register_township(data: TownshipCreate, *, session: Session, clock: Clock, actor: str) -> TownshipPublic:
    """Add a township.

    Raises:
        Conflict: a township with this code or name exists.
    """
    clash = session.scalar(
        select(Township).where(or_(Township.code == data.code, Township.name == data.name))
    )
    if clash:
        raise Conflict(f"township {clash.code} {clash.name} is already registered", code=clash.code)
    township = Township(code=data.code, name=data.name)
    session.add(township)
    flush_unique(session, what=f"township {data.code}")
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="township.register",
        object_type="township",
        object_id=township.code,
        detail=data.model_dump(),
    )
    return TownshipPublic.model_validate(township)


def register_village(data: VillageCreate, *, session: Session, clock: Clock, actor: str) -> VillagePublic:
    """Add a village to a township.

    Raises:
        NotFound: the township is unknown.
        Conflict: the code is taken, or the township already has a village of this name.
    """
    township = township_by_code(session, data.township_code)
    clash = session.scalar(
        select(Village).where(
            or_(Village.code == data.code, (Village.township_id == township.id) & (Village.name == data.name))
        )
    )
    if clash:
        raise Conflict(f"village {clash.code} {clash.name} is already registered", code=clash.code)
    village = Village(code=data.code, name=data.name, township=township)
    session.add(village)
    flush_unique(session, what=f"village {data.code}")
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="village.register",
        object_type="village",
        object_id=village.code,
        detail=data.model_dump(),
    )
    return village_public(village)


def village_public(village: Village) -> VillagePublic:
    return VillagePublic(code=village.code, name=village.name, township_code=village.township.code)


def bank_by_code(session: Session, code: str) -> Bank:
    """The bank with this code.

    Raises:
        NotFound: naming the code.
    """
    bank = session.scalar(select(Bank).where(Bank.code == code))
    if bank is None:
        raise NotFound(f"unknown bank {code!r}", bank_code=code)
    return bank


def township_by_code(session: Session, code: str) -> Township:
    """The township with this code.

    Raises:
        NotFound: naming the code.
    """
    township = session.scalar(select(Township).where(Township.code == code))
    if township is None:
        raise NotFound(f"unknown township {code!r}", township_code=code)
    return township


def village_in(session: Session, township: Township, code: str) -> Village:
    """The village with this code, which must lie in ``township``.

    Raises:
        NotFound: the village is unknown or lies in another township.
    """
    village = session.scalar(select(Village).where(Village.code == code))
    if village is None or village.township_id != township.id:
        raise NotFound(
            f"unknown village {code!r} in township {township.code} {township.name}",
            village_code=code,
            township_code=township.code,
        )
    return village


def find_township(session: Session, key: str) -> Township | None:
    """A township by code or by Chinese name, as bank exports use either."""
    return session.scalar(select(Township).where(or_(Township.code == key, Township.name == key)))


def find_village(session: Session, township: Township, key: str) -> Village | None:
    """A village of ``township`` by code or by name."""
    return session.scalar(
        select(Village).where(
            Village.township_id == township.id, or_(Village.code == key, Village.name == key)
        )
    )


def list_townships(session: Session) -> list[TownshipWithVillages]:
    """Every township with its villages, by code."""
    villages = session.scalars(select(Village).order_by(Village.code)).all()
    return [
        TownshipWithVillages(
            code=t.code,
            name=t.name,
            villages=[village_public(v) for v in villages if v.township_id == t.id],
        )
        for t in session.scalars(select(Township).order_by(Township.code))
    ]


def list_banks(session: Session) -> list[BankPublic]:
    return [BankPublic.model_validate(b) for b in session.scalars(select(Bank).order_by(Bank.code))]
