"""Business dates as process variables carry them.

Variables hold ``YYYY-MM-DD`` (Asia/Shanghai), but form-js date-time fields and some messages hand
over a full ISO date-time; its date in Asia/Shanghai is the business date.
"""

from __future__ import annotations

from datetime import date, datetime

from services.clock import SHANGHAI


def parse_business_date(value: object) -> date:
    """``value`` (a date, ``YYYY-MM-DD`` or an ISO date-time) as an Asia/Shanghai date.

    Raises:
        ValueError: anything else, saying what was expected.
    """
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2026-03-02, got {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{value!r} is neither a date (2026-03-02) nor an ISO date-time") from exc
    return instant.astimezone(SHANGHAI).date() if instant.tzinfo else instant.date()
