"""The demo data loads through the import and can be loaded again without change."""

from __future__ import annotations

from services import loans
from services.clock import FixedClock
from services.db import Database
from services.loans.demo import load_demo_data


def test_demo_data_loads_once(db: Database, clock: FixedClock) -> None:
    with db.session() as s:
        first = load_demo_data(session=s, clock=clock, actor="demo")
    with db.session() as s:
        second = load_demo_data(session=s, clock=clock, actor="demo")
        every = loans.visible_loans(s, loans.Principal("demo", loans.Role.CITY))
        gzrcb = loans.visible_loans(s, loans.Principal("demo", loans.Role.BANK, "GZRCB"))
    assert first.loans == len(every) >= 10 and first.banks >= 3
    assert (second.banks, second.townships, second.villages, second.loans) == (0, 0, 0, 0)
    assert {loan.borrower.kind for loan in every} == set(loans.BorrowerKind)
    assert 0 < len(gzrcb) < len(every)
