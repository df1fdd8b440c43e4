"""Dates written the way Chinese official papers print them: 二〇二六年九月二十五日."""

from __future__ import annotations

from datetime import date

_YEAR_DIGITS = "〇一二三四五六七八九"
_SMALL = "零一二三四五六七八九"


def _under_hundred(n: int) -> str:
    """1..99 as read aloud: 九, 十, 十一, 二十, 二十五."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _SMALL[tens] + "十")
    return head + (_SMALL[ones] if ones else "")


def chinese_date(day: date) -> str:
    """Write a date in Chinese characters, the year digit by digit.

    Args:
        day: the date to write.

    Returns:
        For example ``二〇二六年九月二十五日`` for 2026-09-25, ``二〇二〇年十月一日`` for 2020-10-01.
    """
    year = "".join(_YEAR_DIGITS[int(c)] for c in f"{day.year:04d}")
    return f"{year}年{_under_hundred(day.month)}月{_under_hundred(day.day)}日"


def numeric_date(day: date) -> str:
    """Write a date in body text the usual way, with Arabic figures: ``2026年9月25日``."""
    return f"{day.year}年{day.month}月{day.day}日"
