"""Business dates as process variables: ``YYYY-MM-DD`` in Asia/Shanghai (form date-time fields and
some messages hand over a full ISO date-time; its Asia/Shanghai date is the business date)."""

from datetime import date
from typing import Annotated

from pydantic import BeforeValidator

from services.dossier import parse_business_date

BusinessDate = Annotated[date, BeforeValidator(parse_business_date)]
"""A pydantic field type accepting every spelling :func:`parse_business_date` reads."""

__all__ = ["BusinessDate", "parse_business_date"]
