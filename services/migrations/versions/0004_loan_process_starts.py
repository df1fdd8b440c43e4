"""Outbox of process starts: the maturity reminder of each registered loan and the interest watch
of each missed instalment, queued with the registry write and marked once the engine created them.

Loans registered before this revision get no row: whether their reminders were started by hand
cannot be known here, and starting them twice would send two sets of notices.

Revision ID: 0004_loan_process_starts
Revises: 0003_loan_event_publications
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_loan_process_starts"
down_revision = "0003_loan_event_publications"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "loan_process_starts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("loan_id", _ID, nullable=False),
        sa.Column("bpmn_process_id", sa.String(length=64), nullable=False),
        sa.Column("business_key", sa.String(length=200), nullable=False),
        sa.Column("variables", sa.JSON(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("process_instance_key", sa.BigInteger(), nullable=True),
        sa.Column("start_error", sa.String(length=1000), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name=op.f("fk_loan_process_starts_loan_id_loans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_process_starts")),
        sa.UniqueConstraint("business_key", name=op.f("uq_loan_process_starts_business_key")),
    )
    op.create_index(op.f("ix_loan_process_starts_loan_id"), "loan_process_starts", ["loan_id"], unique=False)
    op.create_index(
        op.f("ix_loan_process_starts_started_at"), "loan_process_starts", ["started_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_loan_process_starts_started_at"), table_name="loan_process_starts")
    op.drop_index(op.f("ix_loan_process_starts_loan_id"), table_name="loan_process_starts")
    op.drop_table("loan_process_starts")
