"""The engine's own tables (its own metadata, apart from ``services``), and their schema version.

Entity tables share one shape: ``key`` primary key, ``live`` (still held in memory), a few columns
the query API filters on, and ``data`` (the whole row as JSON). The record log is append-only.
Schema changes bump :data:`SCHEMA_VERSION` and add a step to :data:`MIGRATIONS` in ``store.py``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, LargeBinary, MetaData, String, Table, Text

SCHEMA_VERSION = 6
metadata = MetaData()


# On SQLite an INTEGER PRIMARY KEY is the rowid itself (no separate key index to write).
KEY = BigInteger().with_variant(Integer(), "sqlite")


def _entity(name: str, *columns: Column[object]) -> Table:
    return Table(
        f"engine_{name}",
        metadata,
        Column("key", KEY, primary_key=True, autoincrement=False),
        Column("live", Boolean, nullable=False),
        *columns,
        Column("data", Text, nullable=False),
    )


meta = Table(
    "engine_meta",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("schema_version", Integer, nullable=False),
    Column("last_key", BigInteger, nullable=False),
    Column("last_position", BigInteger, nullable=False),
)

resource = Table(
    "engine_resource",
    metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False, index=True),
    Column("resource_id", String(255), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("name", String(255)),
    Column("resource_name", String(255), nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("deployment_key", BigInteger, nullable=False),
    Column("parent_key", BigInteger, nullable=False),
    Column("deployed_ms", BigInteger, nullable=False),
    Column("version_tag", String(255)),
    Column("deleted", Boolean, nullable=False),
)

element_instance = _entity(
    "element_instance",
    Column("process_instance_key", BigInteger, nullable=False, index=True),
    Column("process_definition_key", BigInteger, nullable=False),
    Column("bpmn_process_id", String(255), nullable=False),
    Column("element_id", String(255), nullable=False),
    Column("element_type", String(32), nullable=False),
    Column("flow_scope_key", BigInteger, nullable=False),
    Column("state", String(32), nullable=False),
    Column("start_ms", BigInteger, nullable=False),
    Column("end_ms", BigInteger),
    Column("parent_process_instance_key", BigInteger, nullable=False, server_default="-1"),
)

variable = _entity(
    "variable",
    Column("name", String(255), nullable=False),
    Column("scope_key", BigInteger, nullable=False, index=True),
    Column("process_instance_key", BigInteger, nullable=False, index=True),
    Column("value_json", Text, nullable=False),
)

job = _entity(
    "job",
    Column("type", String(255), nullable=False),
    Column("state", String(32), nullable=False),
    Column("process_instance_key", BigInteger, nullable=False, index=True),
)

timer = _entity(
    "timer",
    Column("due_ms", BigInteger, nullable=False),
    Column("state", String(32), nullable=False),
    Column("process_instance_key", BigInteger, nullable=False, index=True),
)

subscription = _entity(
    "subscription",
    Column("kind", String(16), nullable=False),
    Column("name", String(255), nullable=False),
    Column("state", String(32), nullable=False),
    Column("process_instance_key", BigInteger, nullable=False, index=True),
)

message = _entity("message", Column("name", String(255), nullable=False))

incident = _entity(
    "incident",
    Column("state", String(32), nullable=False),
    Column("error_type", String(64), nullable=False),
    Column("process_instance_key", BigInteger, nullable=False, index=True),
)

user_task = _entity(
    "user_task",
    Column("state", String(32), nullable=False),
    Column("assignee", String(255)),
    Column("process_instance_key", BigInteger, nullable=False, index=True),
    Column("bpmn_process_id", String(255), nullable=False),
    Column("due_date", String(64)),
)

# The record log, one row per transaction: ``records`` is a JSON array of the transaction's
# records, each ``[position, key, timestamp_ms, value_type, intent, record_type,
# process_instance_key, value]``, positions ``first_position``..``last_position`` without gaps.
# One row per transaction instead of one per record keeps a command's commit small.
record_batch = Table(
    "engine_record_batch",
    metadata,
    Column("first_position", KEY, primary_key=True, autoincrement=False),
    Column("last_position", BigInteger, nullable=False),
    Column("records", Text, nullable=False),
)

# Which batches hold records of a process instance (its history), one row per instance and batch.
record_instance = Table(
    "engine_record_instance",
    metadata,
    Column("process_instance_key", BigInteger, primary_key=True, autoincrement=False),
    Column("first_position", BigInteger, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

# Entity changes committed but not yet written into the entity tables: one row per transaction,
# with the key/position counters as of that transaction. ``Store`` folds them into the tables in
# batches (and before any query reads them); a restarted engine folds what a crash left here.
pending = Table(
    "engine_pending",
    metadata,
    Column("seq", KEY, primary_key=True, autoincrement=False),
    Column("last_key", BigInteger, nullable=False),
    Column("last_position", BigInteger, nullable=False),
    Column("changes", Text, nullable=False),
)

# Only process-instance rows are listed by process and start date: a partial index keeps the
# other element rows (most writes) out of it. Few secondary indexes keep each commit small.
Index(
    "ix_engine_process_instances",
    element_instance.c.bpmn_process_id,
    element_instance.c.start_ms,
    sqlite_where=element_instance.c.element_type == "PROCESS",
    postgresql_where=element_instance.c.element_type == "PROCESS",
)

ENTITY_TABLES: dict[str, Table] = {
    "element_instance": element_instance,
    "variable": variable,
    "job": job,
    "timer": timer,
    "subscription": subscription,
    "message": message,
    "incident": incident,
    "user_task": user_task,
}
