"""SQL persistence of the engine state: schema creation, loading live rows, one-transaction flushes.

SQLite (WAL, ``synchronous=NORMAL``: durable against a killed process) is the default; PostgreSQL
works by URL. :meth:`Store.commit` writes the changed rows, the new records and the key/position
counters in one transaction, so a command and all its effects are stored together or not at all.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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


def _columns(table: str, row: Row) -> Row:
    """The filterable columns of an entity row (the rest lives in ``data``)."""
    cols: Row = {"key": row["key"], "live": row["live"], "data": dumps(row)}
    if table == "variable":
        cols.update(
            name=row["name"],
            scope_key=row["scope_key"],
            process_instance_key=row["process_instance_key"],
            value_json=dumps(row["value"]),
        )
        return cols
    for name in schema.ENTITY_TABLES[table].c.keys():  # noqa: SIM118 - column names, not Column objects
        if name not in cols:
            cols[name] = row.get(name)
    return cols


class Store:
    """The engine's database.

    Args:
        url: SQLAlchemy URL (``sqlite:///path.db`` or ``postgresql://…``).
    """

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self._upserts: dict[str, Any] = {}
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        schema.metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            row = conn.execute(select(schema.meta)).mappings().first()
            if row is None:
                conn.execute(
                    insert(schema.meta).values(
                        id=1, schema_version=schema.SCHEMA_VERSION, last_key=0, last_position=0
                    )
                )
            elif row["schema_version"] > schema.SCHEMA_VERSION:
                raise SchemaMismatch(
                    f"engine tables have schema version {row['schema_version']}, this engine knows {schema.SCHEMA_VERSION}"
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

    def _upsert(self, conn: Connection, table: Table) -> Any:
        stmt = self._upserts.get(table.name)
        if stmt is None:
            ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)
            cols = {c.name: ins.excluded[c.name] for c in table.c if c.name != "key"}
            stmt = ins.on_conflict_do_update(index_elements=[table.c.key], set_=cols)
            self._upserts[table.name] = stmt
        return stmt

    def commit(
        self,
        entities: list[Any],
        records: list[Record],
        last_key: int,
        last_position: int,
        extra: Callable[[Connection], None] | None = None,
    ) -> None:
        """Write everything of one command in one transaction."""
        by_table: dict[str, list[Row]] = {}
        for entity in entities:
            row = {name: getattr(entity, name) for name in _field_names(type(entity))}  # type: ignore[arg-type]
            by_table.setdefault(entity.TABLE, []).append(_columns(entity.TABLE, row))
        with self.engine.begin() as conn:
            if extra is not None:
                extra(conn)
            for table, rows in by_table.items():
                conn.execute(self._upsert(conn, schema.ENTITY_TABLES[table]), rows)
            if records:
                conn.execute(insert(schema.record), [_record_row(r) for r in records])
            conn.execute(update(schema.meta).values(last_key=last_key, last_position=last_position))

    def close(self) -> None:
        self.engine.dispose()


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _record_row(rec: Record) -> Row:
    return {
        "position": rec.position,
        "key": rec.key,
        "timestamp_ms": rec.timestamp_ms,
        "value_type": str(rec.value_type),
        "intent": rec.intent,
        "record_type": str(rec.record_type),
        "process_instance_key": rec.process_instance_key,
        "value": dumps(rec.value),
    }
