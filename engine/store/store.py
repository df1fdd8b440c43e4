"""SQL persistence of the engine state: schema creation, loading live rows, one-transaction flushes.

SQLite (WAL, ``synchronous=NORMAL``: durable against a killed process) is the default; PostgreSQL
works by URL. :meth:`Store.commit` writes the changed rows, the new records and the key/position
counters in one transaction, so a command and all its effects are stored together or not at all.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, inspect, select, text, update
from sqlalchemy.engine import Connection

from engine.errors import EngineError
from engine.records import Record
from engine.store import schema
from engine.store.codec import dumps, loads

Row = dict[str, Any]


class SchemaMismatch(EngineError):
    """The database holds engine tables of a newer schema than this code knows."""


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def make_engine(url: str) -> Engine:
    """An SQLAlchemy engine; SQLite files get WAL mode and a busy timeout."""
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    eng = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(eng, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    return eng


def _row_builder(table: str) -> Callable[[Any], tuple[Any, ...]]:
    """How one entity becomes the parameter tuple of its table's upsert.

    Columns are the entity's fields of the same name, ``data`` (the whole entity as JSON, last)
    and, for variables, ``value_json`` (just before ``data``).
    """
    names = [col.key for col in schema.ENTITY_TABLES[table].c if col.key not in ("data", "value_json")]
    fields = operator.attrgetter(*names)
    if table == "variable":
        return lambda entity: (*fields(entity), dumps(entity.value), dumps(entity))
    return lambda entity: (*fields(entity), dumps(entity))


_BUILDERS = {table: _row_builder(table) for table in schema.ENTITY_TABLES}


def _params(entity: Any) -> tuple[Any, ...]:
    """One entity as the parameter tuple of its table's upsert (filter columns + JSON ``data``)."""
    return _BUILDERS[entity.TABLE](entity)


def _to_v2(conn: Connection) -> None:
    """v2: process-instance rows carry their parent instance key as a column (for the query API)."""
    table = schema.element_instance
    conn.execute(
        text(f"ALTER TABLE {table.name} ADD COLUMN parent_process_instance_key BIGINT NOT NULL DEFAULT -1")
    )
    rows = conn.execute(select(table.c.key, table.c.data).where(table.c.element_type == "PROCESS")).all()
    for key, data in rows:
        parent = loads(data).get("parent_process_instance_key", -1)
        if parent != -1:
            conn.execute(update(table).where(table.c.key == key).values(parent_process_instance_key=parent))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _to_v2}
"""Schema version → the step that brings the previous version to it."""


class Store:
    """The engine's database.

    Args:
        url: SQLAlchemy URL (``sqlite:///path.db`` or ``postgresql://…``).
    """

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self._raw: Any = None
        self._ensure_schema()
        self._sql = self._prepare()

    def _ensure_schema(self) -> None:
        """Create the tables of a new database, or migrate an older schema step by step."""
        with self.engine.begin() as conn:
            if inspect(conn).has_table(schema.meta.name):
                version = conn.execute(select(schema.meta.c.schema_version)).scalar_one_or_none()
                if version is not None and version > schema.SCHEMA_VERSION:
                    raise SchemaMismatch(
                        f"engine tables have schema version {version}, this engine knows {schema.SCHEMA_VERSION}"
                    )
                for step in range(version or schema.SCHEMA_VERSION, schema.SCHEMA_VERSION):
                    MIGRATIONS[step + 1](conn)
                    conn.execute(update(schema.meta).values(schema_version=step + 1))
        schema.metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            if conn.execute(select(schema.meta)).first() is None:
                conn.execute(
                    insert(schema.meta).values(
                        id=1, schema_version=schema.SCHEMA_VERSION, last_key=0, last_position=0
                    )
                )

    def counters(self) -> tuple[int, int]:
        """(last key, last record position)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.meta.c.last_key, schema.meta.c.last_position)).one()
        return int(row[0]), int(row[1])

    def live_rows(self, table: str) -> Iterator[Row]:
        tbl = schema.ENTITY_TABLES[table]
        with self.engine.connect() as conn:
            for (data,) in conn.execute(select(tbl.c.data).where(tbl.c.live.is_(True)).order_by(tbl.c.key)):
                yield loads(data)

    def resources(self) -> list[Row]:
        with self.engine.connect() as conn:
            return [
                dict(r)
                for r in conn.execute(select(schema.resource).order_by(schema.resource.c.key)).mappings()
            ]

    def commit(
        self,
        entities: list[Any],
        records: list[Record],
        last_key: int,
        last_position: int,
        extra: Callable[[Connection], None] | None = None,
    ) -> None:
        """Write everything of one command in one transaction.

        The hot path writes through one dedicated DB-API connection with prepared upserts (the
        engine is the only writer of its tables); deployments (``extra``) go through SQLAlchemy.
        """
        by_table: dict[str, list[tuple[Any, ...]]] = {}
        for entity in entities:
            by_table.setdefault(entity.TABLE, []).append(_params(entity))
        record_rows = [_record_params(r) for r in records]
        if extra is not None:
            with self.engine.begin() as conn:
                extra(conn)
                self._write(conn.connection.dbapi_connection, by_table, record_rows, last_key, last_position)
            return
        raw = self._writer()
        try:
            self._write(raw, by_table, record_rows, last_key, last_position)
            raw.commit()
        except BaseException:
            raw.rollback()
            raise

    def _writer(self) -> Any:
        if self._raw is None:
            self._raw = self.engine.raw_connection()
        return self._raw

    def _write(
        self,
        raw: Any,
        by_table: dict[str, list[tuple[Any, ...]]],
        records: list[tuple[Any, ...]],
        last_key: int,
        last_position: int,
    ) -> None:
        cur = raw.cursor()
        try:
            for table, rows in by_table.items():
                cur.executemany(self._sql[table], rows)
            if records:
                cur.executemany(self._sql["record"], records)
            cur.execute(self._sql["meta"], (last_key, last_position))
        finally:
            cur.close()

    def _prepare(self) -> dict[str, str]:
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        sql: dict[str, str] = {}
        for name, table in schema.ENTITY_TABLES.items():
            cols = list(table.c.keys())
            sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "key")
            sql[name] = (
                f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join(mark for _ in cols)}) "
                f"ON CONFLICT (key) DO UPDATE SET {sets}"
            )
        rec_cols = list(schema.record.c.keys())
        sql["record"] = (
            f"INSERT INTO {schema.record.name} ({', '.join(rec_cols)}) VALUES ({', '.join(mark for _ in rec_cols)})"
        )
        sql["meta"] = f"UPDATE {schema.meta.name} SET last_key = {mark}, last_position = {mark}"
        return sql

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        self.engine.dispose()


def _record_params(rec: Record) -> tuple[Any, ...]:
    """Column order of ``engine_record``: position, key, timestamp, value type, intent, record type, instance, value."""
    return (
        rec.position,
        rec.key,
        rec.timestamp_ms,
        str(rec.value_type),
        rec.intent,
        str(rec.record_type),
        rec.process_instance_key,
        dumps(rec.value),
    )
