"""Shared fixtures: an isolated database per test on every configured backend, and a fixed clock.

``XDT_TEST_BACKENDS`` (default ``sqlite,postgresql``) selects the backends a ``db_url`` test runs on.
The PostgreSQL server is expected on 127.0.0.1:5432 with trust auth (``XDT_TEST_PG`` overrides).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from services.clock import FixedClock
from services.db import Database

PG_ADMIN_URL = os.environ.get("XDT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = [
    b.strip() for b in os.environ.get("XDT_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()
]


def _pg_database() -> Iterator[str]:
    name = f"xdt_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL for this test alone."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    elif request.param == "postgresql":
        yield from _pg_database()
    else:
        raise pytest.UsageError(f"unknown backend {request.param!r}")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated services database."""
    database = Database(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 9, 25, 2, 0, tzinfo=UTC))
