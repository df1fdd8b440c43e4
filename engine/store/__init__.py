"""The engine's SQL state: its own tables, schema version, and one-transaction writes."""

from engine.store.store import SchemaMismatch, Store, make_engine

__all__ = ["SchemaMismatch", "Store", "make_engine"]
