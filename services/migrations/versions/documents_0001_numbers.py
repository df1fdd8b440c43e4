"""Official documents: per-type, per-year counters, issued numbers, issued documents.

Revision ID: documents_0001_numbers
Revises: 0001_audit_log
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "documents_0001_numbers"
down_revision = "0001_audit_log"
branch_labels = ("documents",)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "document_counters",
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("doc_type", "year", name="pk_document_counters"),
    )
    op.create_table(
        "document_numbers",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number_text", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_document_numbers"),
        sa.UniqueConstraint("doc_type", "year", "seq", name="uq_document_numbers_type_year_seq"),
        sa.UniqueConstraint("idempotency_key", name="uq_document_numbers_idempotency_key"),
    )
    op.create_table(
        "issued_documents",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("number_id", _ID, nullable=False),
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("number_text", sa.String(64), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("pdf_path", sa.String(500), nullable=False),
        sa.Column("pdf_size", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_issued_documents"),
        sa.ForeignKeyConstraint(
            ["number_id"], ["document_numbers.id"], name="fk_issued_documents_number_id_document_numbers"
        ),
        sa.UniqueConstraint("number_id", name="uq_issued_documents_number_id"),
    )
    op.create_index("ix_issued_documents_doc_type", "issued_documents", ["doc_type"])


def downgrade() -> None:
    op.drop_table("issued_documents")
    op.drop_table("document_numbers")
    op.drop_table("document_counters")
