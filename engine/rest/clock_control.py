"""A clock that can be pinned and reset over REST (``PUT /v2/clock``, ``POST /v2/clock/reset``).

Only for dev and test mode: production engines run on :class:`engine.clock.SystemClock` and the
REST gateway then refuses to touch time.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Protocol

from engine.clock import Clock, SystemClock


class ClockControl(Protocol):
    """What the clock endpoints need."""

    def now(self) -> datetime: ...

    def pin(self, instant: datetime) -> None: ...

    def reset(self) -> None: ...


class PinnableClock:
    """Follows the system clock until pinned; stands still at the pinned instant until reset.

    Args:
        base: the clock followed while not pinned.
    """

    def __init__(self, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._pinned: datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._pinned if self._pinned is not None else self._base.now()

    @property
    def pinned(self) -> datetime | None:
        """The pinned instant, or None while following the base clock."""
        return self._pinned

    def pin(self, instant: datetime) -> None:
        """Freeze time at ``instant`` (timezone-aware); re-pin to move it.

        Raises:
            ValueError: ``instant`` is naive or earlier than the current engine time.
        """
        if instant.tzinfo is None:
            raise ValueError("the clock can only be pinned to a timezone-aware instant")
        with self._lock:
            current = self._pinned if self._pinned is not None else self._base.now()
            if instant < current:
                raise ValueError(
                    f"cannot move the engine clock backwards from {current.isoformat()} to {instant.isoformat()}"
                )
            self._pinned = instant.astimezone(UTC)

    def reset(self) -> None:
        """Follow the base clock again."""
        with self._lock:
            self._pinned = None
