"""Closed vocabularies of default cases and risk signals; values are stable English names."""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """Lifecycle of a default case.

    A case is OPEN from the default (第十七条) until the process that handles it ends; CLOSED is
    kept for that end, so a later default of the same loan would open a new case.
    """

    OPEN = "OPEN"
    CLOSED = "CLOSED"


class SignalGrade(StrEnum):
    """The three grades of 第十三条: red (serious harm), orange (direct threat), yellow (some risk)."""

    RED = "RED"
    ORANGE = "ORANGE"
    YELLOW = "YELLOW"


class SignalSource(StrEnum):
    """Where a risk signal came from."""

    REPORTED = "REPORTED"
    """Reported by a bank, township or office and graded by ``risk-signal-grading.dmn``."""
    DEADLINE_MISSED = "DEADLINE_MISSED"
    """A statutory period ran out without the step being done (``deadline-escalation``)."""
    INSPECTION = "INSPECTION"
    """A loan flagged during the half-yearly on-site inspection (第十条)."""


DEADLINE_MISSED = "DEADLINE_MISSED"
"""Signal category of a missed statutory period (graded ORANGE)."""

INSPECTION_FINDING = "INSPECTION_FINDING"
"""Signal category of a loan flagged by an on-site inspection (graded YELLOW)."""
