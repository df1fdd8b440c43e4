"""The public names other parts (workers, web) rely on."""

from services import fund


def test_fund_exports() -> None:
    assert set(fund.__all__) == {
        "AccountStatement",
        "CompensationResult",
        "Discrepancy",
        "PostingKind",
        "PostingResult",
        "RecoveryCredit",
        "balance",
        "compensate",
        "contribute",
        "credit_recovery",
        "list_postings",
        "open_account",
        "reconcile",
        "record_recovery",
        "recovery_position",
        "split_5_5",
        "statement",
    }
    assert all(hasattr(fund, name) for name in fund.__all__)
