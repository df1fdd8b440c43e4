"""Loan registry: banks, townships, villages, borrowers, loans, repayments, interest events,
the blacklist (第十五条) and recorded external events.

Revision ID: 0002_loans
Revises: 0001_audit_log
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_loans"
down_revision = "0001_audit_log"
branch_labels = ("loans",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "loan_banks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_banks")),
        sa.UniqueConstraint("code", name=op.f("uq_loan_banks_code")),
    )
    op.create_table(
        "loan_borrowers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "POOR_HOUSEHOLD",
                "AGRI_ENTERPRISE",
                "FAMILY_FARM",
                "COOPERATIVE",
                name="borrowerkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("identifier", sa.String(length=18), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_borrowers")),
        sa.UniqueConstraint("identifier", name=op.f("uq_loan_borrowers_identifier")),
    )
    op.create_table(
        "loan_townships",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_townships")),
        sa.UniqueConstraint("code", name=op.f("uq_loan_townships_code")),
        sa.UniqueConstraint("name", name=op.f("uq_loan_townships_name")),
    )
    op.create_table(
        "blacklist_listings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("borrower_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.String(length=512), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("listed_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["borrower_id"],
            ["loan_borrowers.id"],
            name=op.f("fk_blacklist_listings_borrower_id_loan_borrowers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blacklist_listings")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_blacklist_listings_idempotency_key")),
    )
    op.create_index(
        op.f("ix_blacklist_listings_borrower_id"), "blacklist_listings", ["borrower_id"], unique=False
    )
    op.create_table(
        "loan_borrower_parties",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("borrower_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "role",
            sa.Enum("LEGAL_REPRESENTATIVE", "SHAREHOLDER", name="partyrole", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.ForeignKeyConstraint(
            ["borrower_id"],
            ["loan_borrowers.id"],
            name=op.f("fk_loan_borrower_parties_borrower_id_loan_borrowers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_borrower_parties")),
        sa.UniqueConstraint(
            "borrower_id", "role", "id_number", name=op.f("uq_loan_borrower_parties_borrower_id")
        ),
    )
    op.create_index(
        op.f("ix_loan_borrower_parties_borrower_id"), "loan_borrower_parties", ["borrower_id"], unique=False
    )
    op.create_index(
        op.f("ix_loan_borrower_parties_id_number"), "loan_borrower_parties", ["id_number"], unique=False
    )
    op.create_table(
        "loan_villages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("township_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["township_id"], ["loan_townships.id"], name=op.f("fk_loan_villages_township_id_loan_townships")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_villages")),
        sa.UniqueConstraint("code", name=op.f("uq_loan_villages_code")),
        sa.UniqueConstraint("township_id", "name", name=op.f("uq_loan_villages_township_id")),
    )
    op.create_index(op.f("ix_loan_villages_township_id"), "loan_villages", ["township_id"], unique=False)
    op.create_table(
        "blacklist_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("listing_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "listed_as",
            sa.Enum(
                "BORROWER",
                "LEGAL_REPRESENTATIVE",
                "SHAREHOLDER",
                name="listedas",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("identifier", sa.String(length=18), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["blacklist_listings.id"],
            name=op.f("fk_blacklist_entries_listing_id_blacklist_listings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blacklist_entries")),
        sa.UniqueConstraint("listing_id", "identifier", name=op.f("uq_blacklist_entries_listing_id")),
    )
    op.create_index(
        op.f("ix_blacklist_entries_identifier"), "blacklist_entries", ["identifier"], unique=False
    )
    op.create_index(
        op.f("ix_blacklist_entries_listing_id"), "blacklist_entries", ["listing_id"], unique=False
    )
    op.create_table(
        "loans",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("loan_no", sa.String(length=64), nullable=False),
        sa.Column("borrower_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bank_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("township_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("village_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("annual_rate_bp", sa.Integer(), nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=False),
        sa.Column("matures_on", sa.Date(), nullable=False),
        sa.Column("purpose", sa.String(length=256), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ACTIVE",
                "DEFAULTED",
                "REPAID",
                "COMPENSATED",
                "CLOSED",
                name="loanstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "default_trigger",
            sa.Enum(
                "DEATH_OR_MISSING",
                "INTEREST_OVERDUE_10_DAYS",
                "UNPAID_AT_MATURITY",
                "MAJOR_LEGAL_DISPUTE",
                "OPERATING_DIFFICULTY",
                "MISUSE_OR_OBSTRUCTION",
                name="defaulttrigger",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("repaid_principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["loan_banks.id"], name=op.f("fk_loans_bank_id_loan_banks")),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["loan_borrowers.id"], name=op.f("fk_loans_borrower_id_loan_borrowers")
        ),
        sa.ForeignKeyConstraint(
            ["township_id"], ["loan_townships.id"], name=op.f("fk_loans_township_id_loan_townships")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["loan_villages.id"], name=op.f("fk_loans_village_id_loan_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loans")),
        sa.UniqueConstraint("loan_no", name=op.f("uq_loans_loan_no")),
    )
    op.create_index(op.f("ix_loans_bank_id"), "loans", ["bank_id"], unique=False)
    op.create_index(op.f("ix_loans_borrower_id"), "loans", ["borrower_id"], unique=False)
    op.create_index(op.f("ix_loans_matures_on"), "loans", ["matures_on"], unique=False)
    op.create_index(op.f("ix_loans_township_id"), "loans", ["township_id"], unique=False)
    op.create_index(op.f("ix_loans_village_id"), "loans", ["village_id"], unique=False)
    op.create_table(
        "loan_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name=op.f("fk_loan_events_loan_id_loans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_events")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_loan_events_idempotency_key")),
    )
    op.create_index(op.f("ix_loan_events_kind"), "loan_events", ["kind"], unique=False)
    op.create_index(op.f("ix_loan_events_loan_id"), "loan_events", ["loan_id"], unique=False)
    op.create_table(
        "loan_interest_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("DUE", "PAID", "MISSED", name="interesteventkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["loan_id"], ["loans.id"], name=op.f("fk_loan_interest_events_loan_id_loans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_interest_events")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_loan_interest_events_idempotency_key")),
    )
    op.create_index(
        op.f("ix_loan_interest_events_loan_id"), "loan_interest_events", ["loan_id"], unique=False
    )
    op.create_table(
        "loan_repayments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("interest_fen", sa.BigInteger(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name=op.f("fk_loan_repayments_loan_id_loans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_repayments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_loan_repayments_idempotency_key")),
    )
    op.create_index(op.f("ix_loan_repayments_loan_id"), "loan_repayments", ["loan_id"], unique=False)


def downgrade() -> None:
    op.drop_table("loan_repayments")
    op.drop_table("loan_interest_events")
    op.drop_table("loan_events")
    op.drop_table("loans")
    op.drop_table("blacklist_entries")
    op.drop_table("loan_villages")
    op.drop_table("loan_borrower_parties")
    op.drop_table("blacklist_listings")
    op.drop_table("loan_townships")
    op.drop_table("loan_borrowers")
    op.drop_table("loan_banks")
