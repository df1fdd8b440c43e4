"""Amounts for official papers: figures (``¥12,345.67``) and capitals (大写金额).

Amounts arrive as integer fen. The capitals follow the rules for writing amounts on bills and
vouchers (《正确填写票据和结算凭证的基本规定》), choosing one spelling wherever they allow two:

* digits 零壹贰叁肆伍陆柒捌玖, places 拾佰仟, groups 万 and 亿 (亿 nests: 壹万亿, 壹万零壹亿);
* a 拾 at the head of a number keeps its 壹 (壹拾元整, 壹拾万元整), so nothing can be prefixed;
* zeros inside a number are written as one 零, however many there are (壹仟零柒元,
  壹佰万零壹元, 壹亿零壹佰万元); zeros at the end of a group or number are not written;
* a zero 元 place before a non-zero 角 is not marked (壹拾元伍角, the rules allow either);
* a zero 角 between 元 and a non-zero 分 is written 零 (壹仟元零伍分), as the rules require;
* 整 follows an amount ending in 元 or 角 and never one ending in 分 (伍角整, 陆角柒分);
* no 元 is written when there is no yuan (伍分, 叁角整); nothing at all is 零元整.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_WAN = 10**4
_YI = 10**8

#: The largest amount the converter accepts: 9999 万亿 yuan and 99 fen, far beyond any loan.
MAX_FEN = 10**16 * 100 - 1


def _check_fen(fen: int) -> None:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount must be integer fen, got {type(fen).__name__} {fen!r}")
    if fen < 0:
        raise ValueError(f"amount must not be negative, got {fen} fen")
    if fen > MAX_FEN:
        raise ValueError(f"amount {fen} fen is above the largest supported amount {MAX_FEN}")


def _below_wan(n: int) -> str:
    """Capitals for 1..9999: internal zeros collapse to one 零, trailing zeros vanish."""
    out: list[str] = []
    pending_zero = False
    for place in range(3, -1, -1):
        digit = n // 10**place % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(DIGITS[digit] + _PLACES[place])
    return "".join(out)


def _integer(n: int) -> str:
    """Capitals for a positive whole number, splitting at 亿 then 万."""
    if n < _WAN:
        return _below_wan(n)
    unit, base = ("亿", _YI) if n >= _YI else ("万", _WAN)
    high, low = divmod(n, base)
    text = _integer(high) + unit
    if low:
        # A lower part without its leading place (e.g. 0500 under 万) is read after a 零.
        text += ("零" if low < base // 10 else "") + _integer(low)
    return text


def amount_in_capitals(fen: int) -> str:
    """Write an amount in Chinese capitals (大写金额), without the 人民币 prefix.

    Args:
        fen: the amount in integer fen (分), 0 or more.

    Returns:
        The capitals, e.g. ``壹万贰仟叁佰肆拾伍元陆角柒分`` for 1234567 fen.

    Raises:
        TypeError: the amount is not an ``int`` (floats and bools are refused).
        ValueError: the amount is negative or above :data:`MAX_FEN`.
    """
    _check_fen(fen)
    if fen == 0:
        return "零元整"
    yuan, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    text = _integer(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif cents and yuan:
        text += "零"
    return text + (DIGITS[cents] + "分" if cents else "整")


def format_yuan(fen: int) -> str:
    """Write an amount in figures with the yuan sign and thousands separators: ``¥12,345.67``.

    Raises:
        TypeError: the amount is not an ``int``.
        ValueError: the amount is negative or above :data:`MAX_FEN`.
    """
    _check_fen(fen)
    yuan, rest = divmod(fen, 100)
    return f"¥{yuan:,}.{rest:02d}"
