"""Official holiday schedules 2019–2026, typed in from the State Council notices
(国务院办公厅关于 20XX 年部分节假日安排的通知; 2020 Spring Festival as extended by 国办发明电〔2020〕1号).

Independent of the ``chinese-calendar`` package and of the code under test: the tests count
expected deadlines against these lists with the simple oracle below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    year: int
    name: str
    first: date
    last: date


def _p(year: int, name: str, first: str, last: str) -> Period:
    return Period(year, name, date.fromisoformat(first), date.fromisoformat(last))


PERIODS: list[Period] = [
    _p(2019, "New Year", "2018-12-30", "2019-01-01"),
    _p(2019, "Spring Festival", "2019-02-04", "2019-02-10"),
    _p(2019, "Qingming", "2019-04-05", "2019-04-07"),
    _p(2019, "Labour Day", "2019-05-01", "2019-05-04"),
    _p(2019, "Dragon Boat", "2019-06-07", "2019-06-09"),
    _p(2019, "Mid-Autumn", "2019-09-13", "2019-09-15"),
    _p(2019, "National Day", "2019-10-01", "2019-10-07"),
    _p(2020, "New Year", "2020-01-01", "2020-01-01"),
    _p(2020, "Spring Festival", "2020-01-24", "2020-02-02"),
    _p(2020, "Qingming", "2020-04-04", "2020-04-06"),
    _p(2020, "Labour Day", "2020-05-01", "2020-05-05"),
    _p(2020, "Dragon Boat", "2020-06-25", "2020-06-27"),
    _p(2020, "National Day + Mid-Autumn", "2020-10-01", "2020-10-08"),
    _p(2021, "New Year", "2021-01-01", "2021-01-03"),
    _p(2021, "Spring Festival", "2021-02-11", "2021-02-17"),
    _p(2021, "Qingming", "2021-04-03", "2021-04-05"),
    _p(2021, "Labour Day", "2021-05-01", "2021-05-05"),
    _p(2021, "Dragon Boat", "2021-06-12", "2021-06-14"),
    _p(2021, "Mid-Autumn", "2021-09-19", "2021-09-21"),
    _p(2021, "National Day", "2021-10-01", "2021-10-07"),
    _p(2022, "New Year", "2022-01-01", "2022-01-03"),
    _p(2022, "Spring Festival", "2022-01-31", "2022-02-06"),
    _p(2022, "Qingming", "2022-04-03", "2022-04-05"),
    _p(2022, "Labour Day", "2022-04-30", "2022-05-04"),
    _p(2022, "Dragon Boat", "2022-06-03", "2022-06-05"),
    _p(2022, "Mid-Autumn", "2022-09-10", "2022-09-12"),
    _p(2022, "National Day", "2022-10-01", "2022-10-07"),
    _p(2023, "New Year", "2022-12-31", "2023-01-02"),
    _p(2023, "Spring Festival", "2023-01-21", "2023-01-27"),
    _p(2023, "Qingming", "2023-04-05", "2023-04-05"),
    _p(2023, "Labour Day", "2023-04-29", "2023-05-03"),
    _p(2023, "Dragon Boat", "2023-06-22", "2023-06-24"),
    _p(2023, "Mid-Autumn + National Day", "2023-09-29", "2023-10-06"),
    _p(2024, "New Year", "2024-01-01", "2024-01-01"),
    _p(2024, "Spring Festival", "2024-02-10", "2024-02-17"),
    _p(2024, "Qingming", "2024-04-04", "2024-04-06"),
    _p(2024, "Labour Day", "2024-05-01", "2024-05-05"),
    _p(2024, "Dragon Boat", "2024-06-08", "2024-06-10"),
    _p(2024, "Mid-Autumn", "2024-09-15", "2024-09-17"),
    _p(2024, "National Day", "2024-10-01", "2024-10-07"),
    _p(2025, "New Year", "2025-01-01", "2025-01-01"),
    _p(2025, "Spring Festival", "2025-01-28", "2025-02-04"),
    _p(2025, "Qingming", "2025-04-04", "2025-04-06"),
    _p(2025, "Labour Day", "2025-05-01", "2025-05-05"),
    _p(2025, "Dragon Boat", "2025-05-31", "2025-06-02"),
    _p(2025, "National Day + Mid-Autumn", "2025-10-01", "2025-10-08"),
    _p(2026, "New Year", "2026-01-01", "2026-01-03"),
    _p(2026, "Spring Festival", "2026-02-15", "2026-02-23"),
    _p(2026, "Qingming", "2026-04-04", "2026-04-06"),
    _p(2026, "Labour Day", "2026-05-01", "2026-05-05"),
    _p(2026, "Dragon Boat", "2026-06-19", "2026-06-21"),
    _p(2026, "Mid-Autumn", "2026-09-25", "2026-09-27"),
    _p(2026, "National Day", "2026-10-01", "2026-10-07"),
]

# Make-up working days (调休上班), all on a Saturday or Sunday.
# fmt: off
MAKEUP_WORKDAYS: frozenset[date] = frozenset(date.fromisoformat(d) for d in [
    "2018-12-29", "2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29", "2019-10-12",
    "2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10",
    "2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09",
    "2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09",
    "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08",
    "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
    "2024-10-12",
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
])
# fmt: on

DAYS_OFF: frozenset[date] = frozenset(
    p.first + timedelta(days=i) for p in PERIODS for i in range((p.last - p.first).days + 1)
)


def oracle_is_working_day(day: date) -> bool:
    """Working day per the lists above (valid for 2018-12-29 .. 2026-12-31)."""
    if day in MAKEUP_WORKDAYS:
        return True
    return day.weekday() < 5 and day not in DAYS_OFF


def oracle_working_deadline(event: date, n: int) -> date:
    day, counted = event, 0
    while counted < n:
        day += timedelta(days=1)
        counted += oracle_is_working_day(day)
    return day


def oracle_natural_deadline(event: date, n: int) -> date:
    day = event + timedelta(days=n)
    while not oracle_is_working_day(day):
        day += timedelta(days=1)
    return day
