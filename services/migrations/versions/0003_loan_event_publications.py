"""Outbox of recorded events: when each event's message reached the engine, and the last error.

Events recorded before this revision get a row too, marked unpublished: none of them was ever
handed to the engine by the services, so ``xdt events publish-pending`` delivers them.

Revision ID: 0003_loan_event_publications
Revises: 0002_loans
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_loan_event_publications"
down_revision = "0002_loans"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "loan_event_publications",
        sa.Column("event_id", _ID, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("publish_error", sa.String(length=1000), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["loan_events.id"],
            name=op.f("fk_loan_event_publications_event_id_loan_events"),
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_loan_event_publications")),
    )
    op.create_index(
        op.f("ix_loan_event_publications_published_at"),
        "loan_event_publications",
        ["published_at"],
        unique=False,
    )
    op.execute("INSERT INTO loan_event_publications (event_id, attempts) SELECT id, 0 FROM loan_events")


def downgrade() -> None:
    op.drop_index(op.f("ix_loan_event_publications_published_at"), table_name="loan_event_publications")
    op.drop_table("loan_event_publications")
