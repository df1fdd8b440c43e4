"""SQL persistence of the engine state: schema creation, loading live rows, one-transaction flushes.

SQLite (WAL, ``synchronous=NORMAL``: durable against a killed process) is the default; PostgreSQL
works by URL. :meth:`Store.commit` writes the new records, the changed entities and the key/position
counters in one transaction, so a command and all its effects are stored together or not at all.
Changed entities go first to ``engine_pending`` (one row per transaction) and are folded into the
entity tables in batches; see :class:`Store`.
"""

from __future__ import annotations

import dataclasses
import operator
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import Engine, create_engine, event, func, insert, inspect, select, text, update
from sqlalchemy.engine import Connection

from engine.errors import EngineError
from engine.store import schema
from engine.store.codec import dumps, dumps_marked, loads, loads_marked

Row = dict[str, Any]
RecordEntry = tuple[int, int, int, str, str, str, int, dict[str, Any]]
"""One record as stored: position, key, timestamp_ms, value_type, intent, record_type,
process_instance_key, value."""


class SchemaMismatch(EngineError):
    """The database holds engine tables of a newer schema than this code knows."""


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


WAL_BACKSTOP_PAGES = 4_096
"""WAL size (pages) at which a committing connection checkpoints by itself.

The engine's store checkpoints in a background thread long before (:class:`_Checkpointer`):
a checkpoint waits for two fsyncs, which done inline would stall the command that happens to
cross SQLite's default threshold of 1 000 pages. The backstop bounds the WAL if that thread
ever falls behind.
"""


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
        cur.execute(f"PRAGMA wal_autocheckpoint={WAL_BACKSTOP_PAGES}")
        cur.close()

    return eng


class _Shape:
    """How the entities of one dataclass are written: to ``engine_pending`` their field values in
    field order (one C-level ``attrgetter`` call, the field names once per row); to their table
    the filter columns (another ``attrgetter``), ``value_json`` for variables and the JSON
    ``data`` (``orjson`` encodes the slotted dataclass directly)."""

    __slots__ = ("filters", "names", "table", "values", "variable")

    def __init__(self, entity_type: type[Any]) -> None:
        self.table: str = entity_type.TABLE
        self.names: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(entity_type))
        self.values = operator.attrgetter(*self.names)
        self.filters = operator.attrgetter(*_FILTER_COLUMNS[self.table])
        self.variable = self.table == "variable"

    def params(self, entity: Any) -> tuple[Any, ...]:
        """The upsert parameters of the entity's row as it is now."""
        if self.variable:
            return (*self.filters(entity), dumps(entity.value), dumps(entity))
        return (*self.filters(entity), dumps(entity))


_SHAPES: dict[type[Any], _Shape] = {}


def _shape(entity: Any) -> _Shape:
    shape = _SHAPES.get(type(entity))
    if shape is None:
        shape = _SHAPES[type(entity)] = _Shape(type(entity))
    return shape


class Prepared(NamedTuple):
    """A transaction's entity changes and record batch, encoded when the command finished."""

    changes: str
    """The ``engine_pending`` row (empty when this transaction folds)."""
    record_rows: tuple[tuple[Any, ...], list[tuple[int, int]]] | None
    changed: dict[tuple[str, int], Any]
    """The changed live entities by table and key."""
    finished: dict[tuple[str, int], tuple[Any, ...] | None]
    """The upsert parameters of the entities that finished, by table and key (None: no row)."""
    folded: dict[str, list[tuple[Any, ...]]] | None = None
    """When this transaction folds: the upsert parameters of every entity changed since the
    last fold, by table."""
    gone: tuple[Any, ...] = ()
    """The finished entities given no row because none existed at the last fold."""
    fold_key: int = 0
    """The key counter of the last fold, when this was prepared."""


def _pending_changes(entities: list[Any], gone: list[tuple[str, int]]) -> str:
    """The JSON of one transaction's ``engine_pending`` row: every entity it changed, as it is now.

    Entities go positionally (``{"fields": {table: names}, "rows": [[table, values], …]}``): one
    encoder call per transaction, no field names per entity. ``"gone"`` lists the entities that
    finished without ever getting a row (see :meth:`Store.prepare`): an earlier pending row may
    still hold them live. Nothing else is copied: the fold reads the entities themselves, and
    only a fold that does not run under the engine lock (before a read, after a restart) decodes
    these rows.
    """
    fields: dict[str, tuple[str, ...]] = {}
    rows: list[tuple[str, tuple[Any, ...]]] = []
    append = rows.append
    for entity in entities:
        shape = _SHAPES.get(type(entity)) or _shape(entity)
        fields[shape.table] = shape.names
        append((shape.table, shape.values(entity)))
    return dumps_marked({"fields": fields, "rows": rows, "gone": gone})


Change = tuple[tuple[str, ...], list[Any] | tuple[Any, ...]]
"""An entity change to fold: its field names and their values, in that order."""


def _latest_changes(texts: list[str]) -> dict[tuple[str, int], Change]:
    """The last change of every entity in ``engine_pending`` rows (oldest first), by table and key.

    Reads both the positional rows and the older rows holding one JSON object per entity.
    """
    latest: dict[tuple[str, int], Change] = {}
    for text_ in texts:
        doc = loads_marked(text_)
        if isinstance(doc, dict):
            fields = {table: tuple(names) for table, names in doc["fields"].items()}
            keys = {table: names.index("key") for table, names in fields.items()}
            for table, values in doc["rows"]:
                latest[(table, values[keys[table]])] = (fields[table], values)
            for table, key in doc.get("gone", ()):
                latest.pop((table, key), None)
        else:
            for table, data in doc:
                latest[(table, data["key"])] = (tuple(data), tuple(data.values()))
    return latest


_FILTER_COLUMNS = {
    table: tuple(col.key for col in tbl.c if col.key not in ("data", "value_json"))
    for table, tbl in schema.ENTITY_TABLES.items()
}


class _RowParams:
    """The upsert parameters of one table's rows from their field values (filter columns,
    ``value_json`` for variables, the JSON ``data``), for one order of field names."""

    __slots__ = ("filters", "names", "value_index")

    def __init__(self, table: str, names: tuple[str, ...]) -> None:
        self.names = names
        # a column the stored fields lack (a row of an older engine) is NULL
        at = [names.index(c) if c in names else None for c in _FILTER_COLUMNS[table]]
        if all(i is not None for i in at) and len(at) > 1:
            self.filters: Callable[[Any], tuple[Any, ...]] = operator.itemgetter(*at)  # type: ignore[arg-type]
        else:
            self.filters = lambda values: tuple(None if i is None else values[i] for i in at)
        self.value_index = names.index("value") if table == "variable" else None

    def __call__(self, values: list[Any] | tuple[Any, ...]) -> tuple[Any, ...]:
        data = dumps(dict(zip(self.names, values, strict=True)))
        if self.value_index is None:
            return (*self.filters(values), data)
        return (*self.filters(values), dumps(values[self.value_index]), data)


_ROW_PARAMS: dict[tuple[str, tuple[str, ...]], _RowParams] = {}


def _rows_of_changes(changes: dict[tuple[str, int], Change]) -> dict[str, list[tuple[Any, ...]]]:
    """Upsert parameters by table of decoded changes (see :func:`_latest_changes`)."""
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for (table, _), (names, values) in changes.items():
        params = _ROW_PARAMS.get((table, names))
        if params is None:
            params = _ROW_PARAMS[(table, names)] = _RowParams(table, names)
        rows = by_table.get(table)
        if rows is None:
            rows = by_table[table] = []
        rows.append(params(values))
    return by_table


def _params_of(entity: Any) -> tuple[Any, ...]:
    return _shape(entity).params(entity)


def _rows_of_entities(
    entities: Iterable[Any], finished: dict[tuple[str, int], tuple[Any, ...] | None]
) -> dict[str, list[tuple[Any, ...]]]:
    """Upsert parameters by table of live entities as they are now, and of finished ones."""
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for entity in entities:
        rows = by_table.get(entity.TABLE)
        if rows is None:
            rows = by_table[entity.TABLE] = []
        rows.append(_params_of(entity))
    for (table, _), params in finished.items():
        if params is None:
            continue
        rows = by_table.get(table)
        if rows is None:
            rows = by_table[table] = []
        rows.append(params)
    return by_table


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


def _to_v3(conn: Connection) -> None:
    """v3: committed entity changes wait in ``engine_pending`` until folded into the tables."""
    schema.pending.create(conn, checkfirst=True)


def _to_v4(conn: Connection) -> None:
    """v4: the record log is stored one row per batch of records instead of one row per record."""
    schema.record_batch.create(conn, checkfirst=True)
    schema.record_instance.create(conn, checkfirst=True)
    if not inspect(conn).has_table("engine_record"):
        return
    rows = conn.execute(
        text(
            "SELECT position, key, timestamp_ms, value_type, intent, record_type, process_instance_key, value "
            "FROM engine_record ORDER BY position"
        )
    ).all()
    for start in range(0, len(rows), 100):
        chunk = rows[start : start + 100]
        entries = [(*r[:7], loads(r[7])) for r in chunk]
        first = int(chunk[0][0])
        conn.execute(
            insert(schema.record_batch).values(
                first_position=first, last_position=int(chunk[-1][0]), records=dumps(entries)
            )
        )
        keys = dict.fromkeys(int(r[6]) for r in chunk)
        conn.execute(
            insert(schema.record_instance),
            [{"process_instance_key": k, "first_position": first} for k in keys],
        )
    conn.execute(text("DROP TABLE engine_record"))


def _to_v5(conn: Connection) -> None:
    """v5: ``engine_pending`` rows hold the changed entities positionally (see :func:`_pending_changes`).

    Nothing to rewrite: rows an older engine left pending are still read (and folded on open);
    the version keeps an older engine from misreading the new rows.
    """


def _to_v6(conn: Connection) -> None:
    """v6: element instances inside a process that finish between two folds get no row (their
    history is read from the record log); ``engine_pending`` rows list them as ``"gone"``.

    Nothing to rewrite: older rows stay and are not read; the version keeps an older engine from
    folding a ``"gone"`` element back as live.
    """


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _to_v2, 3: _to_v3, 4: _to_v4, 5: _to_v5, 6: _to_v6}
"""Schema version → the step that brings the previous version to it."""


CHECKPOINT_EVERY = 256
"""Transactions between two folds of the pending entity changes into the entity tables."""

WAL_CHECKPOINT_EVERY = 64
"""Transactions between two background WAL checkpoints (SQLite)."""


class _Checkpointer:
    """Copies the SQLite WAL back into the database file from a thread of its own.

    A passive checkpoint never blocks the writer: commits keep appending to the WAL while the
    copy and its fsyncs run (SQLite releases the GIL meanwhile), and SQLite restarts the WAL once
    all of it is copied. Durability is unchanged: a commit is durable once in the WAL.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="engine-wal-checkpoint", daemon=True)
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        raw = self._engine.raw_connection()
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                cur = raw.cursor()
                try:
                    cur.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cur.fetchall()
                finally:
                    cur.close()
        finally:
            raw.close()

    def stop(self) -> None:
        if self._thread is not None:
            self._stopping = True
            self._wake.set()
            self._thread.join()
            self._thread = None


class Store:
    """The engine's database.

    A transaction appends the command's records and one ``engine_pending`` row holding every
    entity it changed (and the key/position counters). The entity tables the query API reads are
    brought up to date in batches — every :data:`CHECKPOINT_EVERY` transactions, inside the next
    command's transaction, and before any query (:meth:`read`) — so an entity that changes many
    times in between (an instance's tokens, a job from created to completed) is written once.
    An element instance inside a process that starts and finishes between two folds is never
    written at all: its history is in the record log, where the query API reads it.
    :meth:`recover` folds what a crash left pending, so nothing committed is ever lost.

    Args:
        url: SQLAlchemy URL (``sqlite:///path.db`` or ``postgresql://…``).
        checkpoint_every: transactions between two folds.
    """

    def __init__(self, url: str, *, checkpoint_every: int = CHECKPOINT_EVERY) -> None:
        self.engine = make_engine(url)
        self._raw: Any = None
        self._lock = threading.Lock()
        self._checkpoint_every = max(checkpoint_every, 1)
        self._unfolded: list[str] = []
        self._unfolded_entities: dict[tuple[str, int], Any] = {}
        self._unfolded_finished: dict[tuple[str, int], tuple[Any, ...] | None] = {}
        self._fold_key = 0
        """The key counter as of the last fold: an entity with a greater key has no row yet."""
        self.fold_before_read: Callable[[], None] | None = None
        """What :meth:`read` runs first, instead of :meth:`checkpoint` (set by the engine that
        holds the live entities, to fold them without decoding when it can)."""
        self._pending = 0
        self._counters = (0, 0)
        self._commits = 0
        self._checkpointer = _Checkpointer(self.engine) if self.engine.dialect.name == "sqlite" else None
        self._ensure_schema()
        self._sql = self._prepare()
        self.recover()

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
        with self.read() as conn:
            row = conn.execute(select(schema.meta.c.last_key, schema.meta.c.last_position)).one()
        return int(row[0]), int(row[1])

    def live_rows(self, table: str) -> Iterator[Row]:
        tbl = schema.ENTITY_TABLES[table]
        with self.read() as conn:
            for (data,) in conn.execute(select(tbl.c.data).where(tbl.c.live.is_(True)).order_by(tbl.c.key)):
                yield loads(data)

    def resources(self) -> list[Row]:
        with self.engine.connect() as conn:
            return [
                dict(r)
                for r in conn.execute(select(schema.resource).order_by(schema.resource.c.key)).mappings()
            ]

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection that sees every committed change in the entity tables."""
        if self.fold_before_read is not None:
            self.fold_before_read()
        else:
            self.checkpoint()
        with self.engine.connect() as conn:
            yield conn

    # -- writing ----------------------------------------------------------------------------
    def prepare(self, entities: list[Any], records: list[RecordEntry], *, fold: bool = False) -> Prepared:
        """Take the committed state of ``entities`` and ``records`` now.

        The caller holds the engine lock while this runs: a command applied by another thread
        afterwards may change the same live entities, and must not leak into this transaction.
        If this transaction folds (every :data:`CHECKPOINT_EVERY` transactions, or ``fold``), the
        fold's rows are taken now too, from the entities themselves: under the engine lock every
        entity changed since the last fold is as committed (the command that changed it last is
        either committed or part of this transaction), so nothing needs decoding.
        """
        changed: dict[tuple[str, int], Any] = {}
        finished: dict[tuple[str, int], tuple[Any, ...] | None] = {}
        kept: list[Any] = []
        gone: list[Any] = []
        fold_key = self._fold_key
        for e in entities:
            # a finished entity never changes again: its row is taken now and the entity itself
            # is not kept (thousands of them held until the fold only give the garbage collector work)
            if e.live:
                changed[(e.TABLE, e.key)] = e
            elif e.key > fold_key and e.TABLE == "element_instance" and e.flow_scope_key >= 0:
                # an element inside a process that started and finished since the last fold: no
                # row, ever (the query API reads element histories from the record log)
                finished[(e.TABLE, e.key)] = None
                gone.append(e)
                continue
            else:
                finished[(e.TABLE, e.key)] = _params_of(e)
            kept.append(e)
        if fold or self._pending + 1 >= self._checkpoint_every:
            live = {k: e for k, e in self._unfolded_entities.items() if k not in finished}
            live.update(changed)
            folded = _rows_of_entities(live.values(), {**self._unfolded_finished, **finished})
            return Prepared("", _batch_params(records), changed, finished, folded, tuple(gone), fold_key)
        text = _pending_changes(kept, [(e.TABLE, e.key) for e in gone]) if kept or gone else "[]"
        return Prepared(text, _batch_params(records), changed, finished, None, tuple(gone), fold_key)

    def commit(
        self,
        entities: list[Any],
        records: list[RecordEntry],
        last_key: int,
        last_position: int,
        extra: Callable[[Connection], None] | None = None,
        prepared: Prepared | None = None,
    ) -> None:
        """Write everything of one command (or of a group of commands) in one transaction.

        The hot path writes through one dedicated DB-API connection with prepared statements (the
        engine is the only writer of its tables); deployments (``extra``) go through SQLAlchemy
        and fold the pending changes in the same transaction. ``prepared`` is the state taken by
        :meth:`prepare` under the engine lock (with ``fold=True`` when ``extra`` is given); without
        it the state is taken here. Whether this transaction folds was decided there.
        """
        prepared = prepared or self.prepare(entities, records, fold=extra is not None)
        if extra is not None and prepared.folded is None:
            raise ValueError("a commit with extra writes folds: prepare it with fold=True")
        counters = (last_key, last_position)
        fold = prepared.folded is not None
        with self._lock:
            if extra is not None:
                with self.engine.begin() as conn:
                    extra(conn)
                    self._write(conn.connection.dbapi_connection, prepared, counters)
            else:
                raw = self._writer()
                try:
                    self._write(raw, prepared, counters)
                    raw.commit()
                except BaseException:
                    raw.rollback()
                    raise
            self._counters = counters
            self._commits += 1
            if self._checkpointer is not None and self._commits % WAL_CHECKPOINT_EVERY == 0:
                self._checkpointer.request()
            if fold:
                self._unfolded, self._unfolded_entities, self._unfolded_finished = [], {}, {}
                self._pending, self._fold_key = 0, counters[0]
            else:
                self._unfolded.append(prepared.changes)
                self._unfolded_entities.update(prepared.changed)
                for ident in prepared.finished:
                    self._unfolded_entities.pop(ident, None)
                self._unfolded_finished.update(prepared.finished)
                self._pending += 1

    def checkpoint(self, *, entities_as_committed: bool = False) -> None:
        """Fold the pending entity changes into the entity tables (one transaction).

        ``entities_as_committed``: the caller holds the engine lock with nothing applied but
        uncommitted and no commit in flight, so the changed entities themselves are the committed
        state and are folded as they are; otherwise the pending rows are decoded.
        """
        with self._lock:
            if not self._pending:
                return
            if entities_as_committed:
                rows = _rows_of_entities(self._unfolded_entities.values(), self._unfolded_finished)
            else:
                rows = _rows_of_changes(_latest_changes(self._unfolded))
            raw = self._writer()
            try:
                cur = raw.cursor()
                try:
                    self._fold(cur, rows, self._counters)
                finally:
                    cur.close()
                raw.commit()
            except BaseException:
                raw.rollback()
                raise
            self._unfolded, self._unfolded_entities, self._unfolded_finished = [], {}, {}
            self._pending, self._fold_key = 0, self._counters[0]

    def recover(self) -> None:
        """Fold whatever the database holds pending (after a restart, a crash or a failed write).

        Memory's view of what is pending is dropped first: only committed rows count.
        """
        with self._lock:
            self._unfolded, self._unfolded_entities, self._unfolded_finished = [], {}, {}
            self._pending = 0
            raw = self._writer()
            try:
                cur = raw.cursor()
                try:
                    cur.execute(self._sql["pending_rows"])
                    rows = cur.fetchall()
                    if rows:
                        texts = [changes for _seq, _key, _position, changes in rows]
                        self._fold(
                            cur,
                            _rows_of_changes(_latest_changes(texts)),
                            (int(rows[-1][1]), int(rows[-1][2])),
                        )
                    cur.execute(self._sql["counters"])
                    key, position = cur.fetchone()
                    self._counters = (int(key), int(position))
                    self._fold_key = int(key)
                finally:
                    cur.close()
                raw.commit()
            except BaseException:
                raw.rollback()
                raise

    def _writer(self) -> Any:
        if self._raw is None:
            self._raw = self.engine.raw_connection()
        return self._raw

    def _write(self, raw: Any, prepared: Prepared, counters: tuple[int, int]) -> None:
        cur = raw.cursor()
        try:
            if prepared.gone and prepared.fold_key != self._fold_key:
                # a fold from the pending rows ran after this was prepared and may have written
                # some of these entities while live: write them as finished (they never change)
                late: dict[tuple[str, int], tuple[Any, ...] | None] = {
                    (e.TABLE, e.key): _params_of(e) for e in prepared.gone if e.key <= self._fold_key
                }
                for table, late_rows in _rows_of_entities((), late).items():
                    cur.executemany(self._sql[table], late_rows)
            if prepared.record_rows is not None:
                batch, instances = prepared.record_rows
                cur.execute(self._sql["record_batch"], batch)
                cur.executemany(self._sql["record_instance"], instances)
            if prepared.folded is not None:
                self._fold(cur, prepared.folded, counters)
            else:
                cur.execute(self._sql["pending"], (self._pending + 1, *counters, prepared.changes))
        finally:
            cur.close()

    def _fold(self, cur: Any, by_table: dict[str, list[tuple[Any, ...]]], counters: tuple[int, int]) -> None:
        """Upsert the last state of each changed entity (parameters by table) into the entity
        tables, empty ``engine_pending``, store the counters."""
        for table, table_rows in by_table.items():
            cur.executemany(self._sql[table], table_rows)
        cur.execute(self._sql["clear_pending"])
        cur.execute(self._sql["meta"], counters)

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
        sql["record_batch"] = (
            f"INSERT INTO {schema.record_batch.name} (first_position, last_position, records) "
            f"VALUES ({mark}, {mark}, {mark})"
        )
        sql["record_instance"] = (
            f"INSERT INTO {schema.record_instance.name} (process_instance_key, first_position) VALUES ({mark}, {mark})"
        )
        pending = schema.pending.name
        sql["pending"] = (
            f"INSERT INTO {pending} (seq, last_key, last_position, changes) VALUES ({mark}, {mark}, {mark}, {mark})"
        )
        sql["pending_rows"] = f"SELECT seq, last_key, last_position, changes FROM {pending} ORDER BY seq"
        sql["clear_pending"] = f"DELETE FROM {pending}"
        sql["meta"] = f"UPDATE {schema.meta.name} SET last_key = {mark}, last_position = {mark}"
        sql["counters"] = f"SELECT last_key, last_position FROM {schema.meta.name}"
        return sql

    def close(self) -> None:
        try:
            self.checkpoint()
        finally:
            if self._checkpointer is not None:
                self._checkpointer.stop()
            if self._raw is not None:
                self._raw.close()
                self._raw = None
            self.engine.dispose()


def _batch_params(
    records: list[RecordEntry],
) -> tuple[tuple[Any, ...], list[tuple[int, int]]] | None:
    """A transaction's records as one ``engine_record_batch`` row and its instance index rows."""
    if not records:
        return None
    first = records[0][0]
    instances = [(pik, first) for pik in dict.fromkeys(r[6] for r in records)]
    return (first, records[-1][0], dumps(records)), instances


def stored_records(
    conn: Connection, *, process_instance_key: int | None = None, after_position: int = 0
) -> Iterator[RecordEntry]:
    """The record log in position order, after ``after_position`` (of one instance if given)."""
    batch = schema.record_batch
    # from the batch holding ``after_position`` on, found through the primary key (a condition on
    # last_position would scan the whole log)
    start = (
        select(func.max(batch.c.first_position))
        .where(batch.c.first_position <= after_position)
        .scalar_subquery()
    )
    stmt = select(batch.c.records).where(batch.c.first_position >= func.coalesce(start, 0))
    if process_instance_key is not None:
        side = schema.record_instance
        stmt = stmt.where(
            batch.c.first_position.in_(
                select(side.c.first_position).where(side.c.process_instance_key == process_instance_key)
            )
        )
    for (text_,) in conn.execute(stmt.order_by(batch.c.first_position)):
        for entry in loads(text_):
            if entry[0] <= after_position:
                continue
            if process_instance_key is not None and entry[6] != process_instance_key:
                continue
            yield cast(RecordEntry, tuple(entry))
