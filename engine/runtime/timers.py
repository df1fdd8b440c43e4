"""Timer schedules: ``timeDate``, ``timeDuration`` and ``timeCycle`` (ISO repeating interval or
Spring-style six-field cron, seconds first, evaluated in UTC) → due instants in epoch ms.

A cycle keeps its definition on the timer row, so the next due date is computed when it fires;
occurrences missed while the engine was down are skipped (the timer fires once on start, then
resumes the cycle from now).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import isodate
from croniter import croniter

from engine.clock import from_millis, to_millis
from engine.model.elements import TimerKind
from engine.runtime.expressions import ExpressionFailure, plain

_ZONE_ID = re.compile(r"^(?P<stamp>[^\[]+)\[(?P<zone>[^\]]+)\]$")


@dataclass(frozen=True, slots=True)
class Schedule:
    due_ms: int
    repetitions: int = 1
    interval: str | None = None
    cron: str | None = None


def parse_date(text: str) -> datetime:
    """ISO date-time with offset or ``[Zone/Id]``; no zone means UTC."""
    stamp, zone = text.strip(), None
    match = _ZONE_ID.match(stamp)
    if match:
        stamp, zone = match["stamp"], ZoneInfo(match["zone"])
    try:
        value = datetime.fromisoformat(stamp)
    except ValueError as exc:
        raise ExpressionFailure(f"Invalid date-time format '{text}'") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or UTC)
    return value


def add_duration(start: datetime, text: str) -> datetime:
    try:
        duration = isodate.parse_duration(text.strip())
    except (isodate.ISO8601Error, ValueError) as exc:
        raise ExpressionFailure(f"Invalid duration format '{text}'") from exc
    result = start + duration
    assert isinstance(result, datetime)
    return result


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(isodate.duration_isoformat(value))
    converted: Any = plain(value)
    if isinstance(converted, str):
        return str(converted)
    raise ExpressionFailure(
        f"Expected a timer definition (string, date-time or duration), but got '{converted}'"
    )


def schedule(kind: TimerKind, value: Any, now_ms: int) -> Schedule:
    """The first due instant of a timer definition evaluated to ``value``."""
    text, now = _text(value).strip(), from_millis(now_ms)
    if kind is TimerKind.DATE:
        return Schedule(to_millis(parse_date(text)))
    if kind is TimerKind.DURATION:
        return Schedule(max(to_millis(add_duration(now, text)), now_ms))
    if not text.startswith("R"):
        cron = spring_to_croniter(text)
        return Schedule(next_cron(cron, now_ms), -1, None, cron)
    parts = text.split("/")
    count = parts[0][1:]
    repetitions = int(count) if count else -1
    if len(parts) == 3:
        start = to_millis(parse_date(parts[1]))
        return Schedule(start, repetitions, parts[2])
    if len(parts) != 2:
        raise ExpressionFailure(f"Invalid time cycle '{text}'")
    return Schedule(to_millis(add_duration(now, parts[1])), repetitions, parts[1])


def spring_to_croniter(text: str) -> str:
    """Spring cron (``sec min hour dom mon dow``) → croniter order (seconds last)."""
    fields = text.replace("?", "*").split()
    if len(fields) != 6:
        raise ExpressionFailure(f"Invalid cron expression '{text}': expected six fields (seconds first)")
    cron = " ".join(fields[1:] + fields[:1])
    if not croniter.is_valid(cron):
        raise ExpressionFailure(f"Invalid cron expression '{text}'")
    return cron


def next_cron(cron: str, after_ms: int) -> int:
    nxt = croniter(cron, from_millis(after_ms)).get_next(datetime)
    assert isinstance(nxt, datetime)
    return to_millis(nxt if nxt.tzinfo else nxt.replace(tzinfo=UTC))


def following(due_ms: int, interval: str | None, cron: str | None, now_ms: int) -> int:
    """The next occurrence of a cycle after it fired at ``due_ms``, skipping ones already past."""
    if cron is not None:
        return next_cron(cron, max(due_ms, now_ms))
    assert interval is not None
    nxt = due_ms
    while nxt <= now_ms:
        later = to_millis(add_duration(from_millis(nxt), interval))
        if later <= nxt:
            raise ExpressionFailure(f"Invalid time cycle interval '{interval}'")
        nxt = later
    return nxt
