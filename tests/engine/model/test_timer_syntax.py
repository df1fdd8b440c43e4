"""Static timer texts as Zeebe accepts them (ISO 8601 date, duration, repeating interval, cron)."""

from __future__ import annotations

import pytest

from engine.model.timer_syntax import check_cycle, check_date, check_duration


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01T09:00:00Z",
        "2026-03-01T09:00:00+08:00",
        "2026-03-01T09:00:00",
        "2026-03-01T09:00:00[Asia/Shanghai]",
    ],
)
def test_valid_dates(text: str) -> None:
    assert check_date(text) is None


@pytest.mark.parametrize(
    "text", ["2026-03-01", "tomorrow", "2026-02-30T09:00:00Z", "2026-03-01T09:00:00[Mars/Base]"]
)
def test_invalid_dates(text: str) -> None:
    problem = check_date(text)
    assert problem is not None and text in problem


@pytest.mark.parametrize("text", ["PT15M", "P10D", "P2W", "P1Y2M", "P1DT2H30M", "PT1.5S", "-PT5S", "PT0S"])
def test_valid_durations(text: str) -> None:
    assert check_duration(text) is None


@pytest.mark.parametrize("text", ["", "P", "PT", "P1DT", "15M", "PT5 M", "P1.5D", "five minutes"])
def test_invalid_durations(text: str) -> None:
    assert check_duration(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "R5/PT10S",
        "R/P1D",
        "R3/2022-04-27T17:20:00Z/P1D",
        "0 0 9-17 * * MON-FRI",
        "0 0 9 ? * MON",
        "*/30 * * * * *",
    ],
)
def test_valid_cycles(text: str) -> None:
    assert check_cycle(text) is None


@pytest.mark.parametrize(
    "text", ["R", "R/x", "R5/PT10S/extra/more", "RX/PT1H", "R/2022-04-27/P1D", "0 0 25 * * *", "* * * * *"]
)
def test_invalid_cycles(text: str) -> None:
    assert check_cycle(text) is not None
