"""Every services table, imported in one place so Alembic and tests see the whole schema."""

from services.audit import AuditEntry
from services.db import Base

__all__ = ["AuditEntry", "Base"]
