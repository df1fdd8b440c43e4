"""Yuan text to fen and percent text to basis points, exactly."""

from __future__ import annotations

import pytest

from services.loans.amounts import AmountError, fen_to_yuan, percent_to_bp, yuan_to_fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("50000", 5_000_000),
        ("50000.00", 5_000_000),
        ("50,000.5", 5_000_050),
        ("0.01", 1),
        ("1,234,567.89", 123_456_789),
        ("0.29", 29),
        ("1.1", 110),
    ],
)
def test_yuan_converts_exactly(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize("text", ["50000.001", "-5", "0", "0.00", "1e5", "abc", "", "5,0000", "１００"])
def test_bad_amounts_are_refused(text: str) -> None:
    with pytest.raises(AmountError):
        yuan_to_fen(text)


def test_round_trip_to_yuan_text() -> None:
    for fen in (1, 29, 110, 5_000_000, 123_456_789):
        assert yuan_to_fen(fen_to_yuan(fen)) == fen


@pytest.mark.parametrize(("text", "bp"), [("4.35", 435), ("4.35%", 435), ("4.3500", 435), ("12", 1200)])
def test_rates_in_basis_points(text: str, bp: int) -> None:
    assert percent_to_bp(text) == bp


@pytest.mark.parametrize("text", ["4.355", "0", "100", "abc", "-1"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(AmountError):
        percent_to_bp(text)
