"""FEEL runtime values that Python has no direct type for, plus value helpers.

Python types used directly: ``None`` (null), ``Decimal`` (number), ``str``, ``bool``,
``datetime.date``, ``datetime.time``, ``datetime.datetime``, ``datetime.timedelta``
(days-and-time duration), ``list`` and ``dict`` (context).
"""

from engine.feel.values.durations import YearsMonthsDuration
from engine.feel.values.functions import FeelFunction
from engine.feel.values.ranges import Range

__all__ = ["FeelFunction", "Range", "YearsMonthsDuration"]
