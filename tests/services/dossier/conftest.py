"""A services database holding the demo registry (data/demo), for assembling documents."""

from __future__ import annotations

import pytest

from services.clock import FixedClock
from services.db import Database
from services.loans.demo import load_demo_data

ACTOR = "city:RJ/test"


@pytest.fixture
def registry(db: Database, clock: FixedClock) -> Database:
    """The demo banks, townships, villages and loans, registered on 2026-09-25."""
    with db.session() as session:
        load_demo_data(session=session, clock=clock, actor=ACTOR)
    return db
