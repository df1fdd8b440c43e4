"""Checks for static timer definitions, as Zeebe reads them (SEMANTICS §5.1).

- ``timeDate``: ISO 8601 date-time; an offset (``Z``, ``+08:00``) or a zone id in brackets
  (``2026-01-01T09:00:00[Asia/Shanghai]``); a value without a zone means UTC.
- ``timeDuration``: ISO 8601 duration ``PnYnMnDTnHnMnS`` or ``PnW``.
- ``timeCycle``: ISO 8601 repeating interval ``R[n]/[start/]duration``, or a Spring-style cron
  expression with six fields (seconds first), evaluated in UTC.

Each check returns ``None`` when the text is valid, else a message saying what is wrong.
FEEL expressions (``=…``) are not checked here; they are evaluated at run time.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

_ZONE_ID = re.compile(r"^(?P<stamp>[^\[]+)\[(?P<zone>[^\]]+)\]$")
_REPEAT = re.compile(r"^R(?P<count>\d*)$")
_DURATION = re.compile(
    r"^[-+]?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:[.,]\d+)?S)?)?$"
)


def check_date(text: str) -> str | None:
    """Validate a static ``timeDate``."""
    stamp = text
    match = _ZONE_ID.match(text)
    if match:
        stamp = match["stamp"]
        try:
            ZoneInfo(match["zone"])
        except (ZoneInfoNotFoundError, ValueError):
            return f"unknown time zone '{match['zone']}' in timeDate '{text}'"
    if "T" not in stamp:
        return f"timeDate '{text}' is not an ISO 8601 date-time (expected e.g. 2026-03-01T09:00:00+08:00)"
    try:
        datetime.fromisoformat(stamp)
    except ValueError:
        return f"timeDate '{text}' is not an ISO 8601 date-time (expected e.g. 2026-03-01T09:00:00+08:00)"
    return None


def check_duration(text: str) -> str | None:
    """Validate a static ``timeDuration``."""
    if _DURATION.match(text) is None:
        return f"timeDuration '{text}' is not an ISO 8601 duration (expected e.g. PT15M or P10D)"
    return None


def check_cycle(text: str) -> str | None:
    """Validate a static ``timeCycle`` (repeating interval or cron)."""
    if text.startswith("R"):
        return _check_repeating(text)
    return _check_cron(text)


def _check_repeating(text: str) -> str | None:
    parts = text.split("/")
    bad = f"timeCycle '{text}' is not an ISO 8601 repeating interval (expected e.g. R3/PT10M or R/2026-01-01T00:00:00Z/P1D)"
    if len(parts) not in (2, 3) or not _REPEAT.match(parts[0]):
        return bad
    if len(parts) == 3 and check_date(parts[1]) is not None:
        return bad
    if check_duration(parts[-1]) is not None:
        return bad
    return None


def _check_cron(text: str) -> str | None:
    fields = text.split()
    if len(fields) != 6:
        return (
            f"timeCycle '{text}' is neither an ISO 8601 repeating interval (R…) nor a cron expression "
            "with 6 fields (second minute hour day-of-month month day-of-week)"
        )
    # Spring puts seconds first; croniter takes them as the sixth field and has no '?'.
    reordered = " ".join([*fields[1:], fields[0]]).replace("?", "*")
    if not croniter.is_valid(reordered):
        return f"timeCycle '{text}' is not a valid cron expression"
    return None
