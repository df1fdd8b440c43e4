"""The 5:5 split between 赣州市 and 瑞金市 finance (第二十一条); an odd fen goes to 瑞金."""

from __future__ import annotations


def split_5_5(amount_fen: int) -> tuple[int, int]:
    """Split an amount (either sign) into ``(ganzhou_fen, ruijin_fen)``.

    Both shares have the sign of ``amount_fen``, add up to it exactly, and differ by at most one
    fen, the larger magnitude going to 瑞金.
    """
    sign = -1 if amount_fen < 0 else 1
    ganzhou = abs(amount_fen) // 2
    return sign * ganzhou, sign * (abs(amount_fen) - ganzhou)
