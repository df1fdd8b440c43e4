"""The capitals converter against a hand-written table of the bill-writing rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.documents.money import DIGITS, MAX_FEN, amount_in_capitals, format_yuan

YUAN = 100

CAPITALS = [
    # nothing, single places
    (0, "零元整"),
    (1, "壹分"),
    (10, "壹角整"),
    (11, "壹角壹分"),
    (5, "伍分"),
    (50, "伍角整"),
    (1 * YUAN, "壹元整"),
    # 整 after 元 and 角, never after 分
    (1 * YUAN + 50, "壹元伍角整"),
    (1 * YUAN + 55, "壹元伍角伍分"),
    # a leading 拾 keeps its 壹
    (10 * YUAN, "壹拾元整"),
    (15 * YUAN, "壹拾伍元整"),
    (110 * YUAN, "壹佰壹拾元整"),
    (100_000 * YUAN, "壹拾万元整"),
    (150_000 * YUAN, "壹拾伍万元整"),
    # zeros inside: one 零
    (1_409 * YUAN + 50, "壹仟肆佰零玖元伍角整"),
    (6_007 * YUAN + 14, "陆仟零柒元壹角肆分"),
    (1_010 * YUAN, "壹仟零壹拾元整"),
    (1_001 * YUAN, "壹仟零壹元整"),
    (100_100 * YUAN, "壹拾万零壹佰元整"),
    (1_000_001 * YUAN + 1, "壹佰万零壹元零壹分"),
    (1_000_001 * YUAN, "壹佰万零壹元整"),
    (10_010 * YUAN, "壹万零壹拾元整"),
    (100_000_001 * YUAN, "壹亿零壹元整"),
    (101_000_000 * YUAN, "壹亿零壹佰万元整"),
    (110_000_000 * YUAN, "壹亿壹仟万元整"),
    (100_001_000 * YUAN, "壹亿零壹仟元整"),
    # a zero 元 place before 角 is not marked; a zero 角 before 分 is
    (1_680 * YUAN + 32, "壹仟陆佰捌拾元叁角贰分"),
    (16_409 * YUAN + 2, "壹万陆仟肆佰零玖元零贰分"),
    (325 * YUAN + 4, "叁佰贰拾伍元零肆分"),
    (107_000 * YUAN + 53, "壹拾万柒仟元伍角叁分"),
    # the brief's example and round sums
    (12_345 * YUAN + 67, "壹万贰仟叁佰肆拾伍元陆角柒分"),
    (50_000 * YUAN, "伍万元整"),
    (10_000_000_000, "壹亿元整"),  # 10,000,000,000 fen
    (10_000_000_000 * YUAN, "壹佰亿元整"),  # 10,000,000,000 yuan
    (1_000_000_000_000 * YUAN, "壹万亿元整"),
    (1_000_100_000_000 * YUAN, "壹万零壹亿元整"),
    (1_000_000_010_000 * YUAN, "壹万亿零壹万元整"),
    (MAX_FEN, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize(("fen", "expected"), CAPITALS, ids=[str(f) for f, _ in CAPITALS])
def test_capitals_table(fen: int, expected: str) -> None:
    assert amount_in_capitals(fen) == expected


@pytest.mark.parametrize("fen", [-1, MAX_FEN + 1])
def test_capitals_refuses_out_of_range(fen: int) -> None:
    with pytest.raises(ValueError, match=str(fen)):
        amount_in_capitals(fen)


@pytest.mark.parametrize("bad", [1.5, "100", True, None])
def test_capitals_refuses_non_integer_amounts(bad: object) -> None:
    with pytest.raises(TypeError, match="integer fen"):
        amount_in_capitals(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fen", "expected"),
    [(0, "¥0.00"), (1, "¥0.01"), (1_234_567, "¥12,345.67"), (100_000_000, "¥1,000,000.00")],
)
def test_figures(fen: int, expected: str) -> None:
    assert format_yuan(fen) == expected


def test_no_capitals_contain_doubled_zero_or_trailing_zero() -> None:
    # A sweep over a dense range: the converter never writes 零零, never ends a group on 零.
    for fen in range(0, 2_000_000, 997):
        text = amount_in_capitals(fen)
        assert "零零" not in text, fen
        assert "零元" not in text or fen == 0, fen
        assert "零万" not in text and "零亿" not in text, fen


def _read_small(text: str) -> int:
    """Read back 0..9999 written with 拾佰仟, ignoring 零."""
    total, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        else:
            total += digit * {"拾": 10, "佰": 100, "仟": 1000}[ch]
            digit = 0
    return total + digit


def _read_integer(text: str) -> int:
    if "亿" in text:
        high, low = text.rsplit("亿", 1)
        return _read_integer(high) * 10**8 + _read_integer(low)
    if "万" in text:
        high, low = text.split("万")
        return _read_small(high) * 10**4 + _read_small(low)
    return _read_small(text)


def _read_capitals(text: str) -> int:
    """An independent reader of capitals, to check the writer against."""
    assert text.endswith("整") != text.endswith("分"), text
    body = text.removesuffix("整")
    yuan_text, _, cents_text = body.rpartition("元")
    fen = _read_integer(yuan_text) * 100 if yuan_text else 0
    for ch, unit in (("角", 10), ("分", 1)):
        if ch in cents_text:
            head, cents_text = cents_text.split(ch)
            fen += DIGITS.index(head[-1]) * unit
    return fen


@settings(max_examples=3000)
@given(st.one_of(st.integers(0, 10**9), st.integers(0, MAX_FEN)))
def test_capitals_read_back_to_the_same_amount(fen: int) -> None:
    text = amount_in_capitals(fen)
    assert _read_capitals(text) == fen, text
    assert "零零" not in text
    assert text == "零元整" or not text.startswith("零")
    assert not any(text.endswith(z) for z in ("零整", "零分"))
