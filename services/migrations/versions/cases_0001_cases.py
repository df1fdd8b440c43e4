"""Default cases and risk signals; both refer to loans, so this branch depends on the loans one.

Revision ID: cases_0001_cases
Revises: 0001_audit_log
Depends on: 0002_loans
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cases_0001_cases"
down_revision = "0001_audit_log"
branch_labels = ("cases",)
depends_on = "0002_loans"

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "default_cases",
        sa.Column("id", _ID, nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("loan_id", _ID, nullable=False),
        sa.Column("trigger", sa.String(32), nullable=False),
        sa.Column("trigger_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name="fk_default_cases_loan_id_loans"),
        sa.PrimaryKeyConstraint("id", name="pk_default_cases"),
        sa.UniqueConstraint("idempotency_key", name="uq_default_cases_idempotency_key"),
    )
    op.create_index("ix_default_cases_loan_id", "default_cases", ["loan_id"])
    op.create_table(
        "risk_signals",
        sa.Column("id", _ID, nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("request_fingerprint", sa.String(64), nullable=False),
        sa.Column("loan_id", _ID, nullable=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("grade", sa.String(8), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("default_trigger", sa.String(32), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("signal_date", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name="fk_risk_signals_loan_id_loans"),
        sa.PrimaryKeyConstraint("id", name="pk_risk_signals"),
        sa.UniqueConstraint("idempotency_key", name="uq_risk_signals_idempotency_key"),
    )
    op.create_index("ix_risk_signals_loan_id", "risk_signals", ["loan_id"])
    op.create_index("ix_risk_signals_category", "risk_signals", ["category"])
    op.create_index("ix_risk_signals_grade", "risk_signals", ["grade"])
    op.create_index("ix_risk_signals_signal_date", "risk_signals", ["signal_date"])


def downgrade() -> None:
    op.drop_table("risk_signals")
    op.drop_table("default_cases")
