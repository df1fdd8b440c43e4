"""Injected time for the engine: nothing in ``engine/`` reads the wall clock directly.

:class:`SystemClock` is the real clock; :class:`FakeClock` only moves when told to (tests, the demo,
and Camunda's ``PUT /v2/clock`` idea: pin the engine clock and move it forward).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current instant (timezone-aware UTC)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that stands still until moved; time never goes backwards.

    Args:
        start: the initial instant (must be timezone-aware).
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta`` (must not be negative); returns the new instant."""
        if delta < timedelta(0):
            raise ValueError(f"cannot move the clock backwards by {delta}")
        self._now += delta
        return self._now

    def pin(self, instant: datetime) -> None:
        """Set the clock to ``instant`` (timezone-aware, not before the current instant)."""
        if instant.tzinfo is None:
            raise ValueError("FakeClock.pin needs a timezone-aware datetime")
        if instant < self._now:
            raise ValueError(f"cannot move the clock backwards from {self._now} to {instant}")
        self._now = instant.astimezone(UTC)


def to_millis(instant: datetime) -> int:
    """Epoch milliseconds of a timezone-aware instant."""
    return int(instant.timestamp() * 1000)


def from_millis(millis: int) -> datetime:
    """The UTC instant at ``millis`` epoch milliseconds."""
    return datetime.fromtimestamp(millis / 1000, UTC)
