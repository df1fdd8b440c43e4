"""Risk-fund ledger: accounts per bank, append-only postings and compensation records.

Revision ID: fund_0001_ledger
Revises: 0001_audit_log
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "fund_0001_ledger"
down_revision = "0001_audit_log"
branch_labels = ("fund",)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_APPEND_ONLY = ("fund_postings", "fund_compensations")


def _tables() -> None:
    op.create_table(
        "fund_accounts",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("bank_code", sa.String(32), nullable=False),
        sa.Column("balance_fen", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(128), nullable=False),
        sa.CheckConstraint("balance_fen >= 0", name="ck_fund_accounts_balance_not_negative"),
        sa.UniqueConstraint("bank_code", name="uq_fund_accounts_bank_code"),
    )
    op.create_table(
        "fund_postings",
        sa.Column("id", _ID, primary_key=True),
        sa.Column(
            "account_id",
            _ID,
            sa.ForeignKey("fund_accounts.id", name="fk_fund_postings_account_id_fund_accounts"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("ganzhou_fen", sa.BigInteger(), nullable=False),
        sa.Column("ruijin_fen", sa.BigInteger(), nullable=False),
        sa.Column("balance_after_fen", sa.BigInteger(), nullable=False),
        sa.Column("loan_no", sa.String(64), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("request_fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.CheckConstraint("balance_after_fen >= 0", name="ck_fund_postings_balance_after_not_negative"),
        sa.CheckConstraint("ganzhou_fen + ruijin_fen = amount_fen", name="ck_fund_postings_split_adds_up"),
        sa.UniqueConstraint("idempotency_key", name="uq_fund_postings_idempotency_key"),
    )
    op.create_index("ix_fund_postings_account_id", "fund_postings", ["account_id"])
    op.create_index("ix_fund_postings_loan_no", "fund_postings", ["loan_no"])
    op.create_table(
        "fund_compensations",
        sa.Column("id", _ID, primary_key=True),
        sa.Column(
            "posting_id",
            _ID,
            sa.ForeignKey("fund_postings.id", name="fk_fund_compensations_posting_id_fund_postings"),
            nullable=False,
        ),
        sa.Column(
            "account_id",
            _ID,
            sa.ForeignKey("fund_accounts.id", name="fk_fund_compensations_account_id_fund_accounts"),
            nullable=False,
        ),
        sa.Column("loan_no", sa.String(64), nullable=False),
        sa.Column("principal_loss_fen", sa.BigInteger(), nullable=False),
        sa.Column("interest_loss_fen", sa.BigInteger(), nullable=False),
        sa.Column("earlier_recoveries_fen", sa.BigInteger(), nullable=False),
        sa.Column("claimed_fen", sa.BigInteger(), nullable=False),
        sa.Column("paid_fen", sa.BigInteger(), nullable=False),
        sa.Column("uncovered_fen", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "paid_fen + uncovered_fen = claimed_fen", name="ck_fund_compensations_claim_adds_up"
        ),
        sa.CheckConstraint("paid_fen >= 0 AND uncovered_fen >= 0", name="ck_fund_compensations_not_negative"),
        sa.UniqueConstraint("posting_id", name="uq_fund_compensations_posting_id"),
    )
    op.create_index("ix_fund_compensations_account_id", "fund_compensations", ["account_id"])
    op.create_index("ix_fund_compensations_loan_no", "fund_compensations", ["loan_no"])


def _append_only_triggers() -> None:
    # The ledger is append-only by rule; the database enforces it so no code path can rewrite history.
    if op.get_bind().dialect.name == "sqlite":
        for table in _APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        return
    op.execute(
        "CREATE FUNCTION fund_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
    )
    for table in _APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fund_append_only()"
        )


def upgrade() -> None:
    _tables()
    _append_only_triggers()


def downgrade() -> None:
    op.drop_table("fund_compensations")
    op.drop_table("fund_postings")
    op.drop_table("fund_accounts")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS fund_append_only()")
