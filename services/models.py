"""Every services table, imported in one place so Alembic and tests see the whole schema."""

from services.audit import AuditEntry
from services.db import Base
from services.fund import tables as fund_tables  # noqa: F401  (registers the fund ledger tables)

__all__ = ["AuditEntry", "Base"]
