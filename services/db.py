"""Database access for ``services``: one declarative base, engines from URLs, Alembic on start.

The embedded engine keeps its own tables and metadata (``engine/store``); nothing here touches them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every services table."""

    metadata = MetaData(naming_convention=NAMING)


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and pick the psycopg 3 driver for it."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and enforced foreign keys."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(eng, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # Python's sqlite3 opens transactions lazily; BEGIN IMMEDIATE is issued by
            # `immediate_transaction` where a write lock must be taken up front.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return eng
    return create_engine(url, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def immediate_transaction(session: Session) -> None:
    """On SQLite, take the database write lock now (``BEGIN IMMEDIATE``); elsewhere do nothing.

    Call before a read-then-write that must not interleave with another writer. Python's sqlite3
    otherwise starts the transaction only at the first write, after the read has already happened.
    If this transaction has already written, it holds the lock. PostgreSQL code locks rows instead
    (``SELECT ... FOR UPDATE``).
    """
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def migrate(url: str) -> None:
    """Bring the schema to the newest revision of every migration branch."""
    command.upgrade(alembic_config(url), "heads")


class Database:
    """An engine plus a session factory, created once per process (or per test)."""

    def __init__(self, url: str, *, run_migrations: bool = True) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)  # creates a SQLite file's directory before migrating
        if run_migrations:
            migrate(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
