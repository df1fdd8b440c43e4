"""Every services table, imported in one place so Alembic and tests see the whole schema."""

from services.audit import AuditEntry
from services.cases import tables as case_tables  # noqa: F401  (registers the case and signal tables)
from services.db import Base
from services.documents import tables as document_tables  # noqa: F401  (registers the documents tables)
from services.fund import tables as fund_tables  # noqa: F401  (registers the fund ledger tables)
from services.loans import models as loan_models  # noqa: F401  (registers the loan registry tables)
from services.messaging import start_log  # noqa: F401  (registers the process-start outbox)
from services.notifications import tables as notification_tables  # noqa: F401  (registers the inbox table)

__all__ = ["AuditEntry", "Base"]
