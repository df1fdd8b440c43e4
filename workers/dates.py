"""Business dates as process variables: ``YYYY-MM-DD`` in Asia/Shanghai.

Forms (form-js date-time fields) and messages may also hand over a full ISO date-time; its date
in Asia/Shanghai is the business date.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import BeforeValidator

from services.clock import SHANGHAI


def parse_business_date(value: object) -> date:
    """``value`` (a date, ``YYYY-MM-DD`` or an ISO date-time) as an Asia/Shanghai date."""
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2026-03-02, got {type(value).__name__}")
    text = value.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    try:
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{value!r} is neither a date (2026-03-02) nor an ISO date-time") from exc
    return instant.astimezone(SHANGHAI).date() if instant.tzinfo else instant.date()


BusinessDate = Annotated[date, BeforeValidator(parse_business_date)]
"""A pydantic field type accepting every spelling above."""
