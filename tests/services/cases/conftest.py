"""A migrated database with banks and townships, and the loan factory of :mod:`.factories`."""

from __future__ import annotations

import pytest

from services.clock import FixedClock
from services.db import Database
from tests.services.cases.factories import World, make_world


@pytest.fixture
def world(db: Database, clock: FixedClock) -> World:
    return make_world(db, clock)
