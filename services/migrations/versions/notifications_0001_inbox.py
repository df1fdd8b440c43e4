"""Notifications: the inbox of each candidate group (bank:<code>, finance, joint-meeting...).

Revision ID: notifications_0001_inbox
Revises: 0001_audit_log
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "notifications_0001_inbox"
down_revision = "0001_audit_log"
branch_labels = ("notifications",)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", _ID, nullable=False),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("recipient_group", sa.String(length=64), nullable=False),
        sa.Column("loan_no", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("variables", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_notifications_idempotency_key")),
    )
    op.create_index(op.f("ix_notifications_recipient_group"), "notifications", ["recipient_group"])
    op.create_index(op.f("ix_notifications_loan_no"), "notifications", ["loan_no"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notifications_loan_no"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_recipient_group"), table_name="notifications")
    op.drop_table("notifications")
