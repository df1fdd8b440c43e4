"""How long the engine keeps each message buffered while no process waits for it yet.

An event often arrives before its catch event is open: a judgment entered while the bank's lawsuit
task is still open, an interest payment booked while the watch instance is computing its deadline,
a second risk signal for a loan whose first signal is still being handled (a message start event
waits for the earlier instance of the same loan to end). The message must wait for that, and
the message id only protects against a duplicate while the message is buffered. Every kind is
therefore kept 30 days; docs/messaging.md gives the reasoning per kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType

from services.errors import ValidationFailed
from services.loans.events import EventKind

CASE_MESSAGE_TTL = timedelta(days=30)

MESSAGE_TTL: Mapping[str, timedelta] = MappingProxyType(
    {
        EventKind.REPAYMENT_RECORDED.message_name: CASE_MESSAGE_TTL,
        EventKind.INTEREST_PAID.message_name: CASE_MESSAGE_TTL,
        EventKind.JUDGMENT_EFFECTIVE.message_name: CASE_MESSAGE_TTL,
        EventKind.REPAYMENT_CAPACITY_LOST.message_name: CASE_MESSAGE_TTL,
        EventKind.RECOVERY_RECEIVED.message_name: CASE_MESSAGE_TTL,
        EventKind.RECOVERY_CLOSED.message_name: CASE_MESSAGE_TTL,
        EventKind.PREFECTURE_REVIEW_RESULT.message_name: CASE_MESSAGE_TTL,
        EventKind.RISK_SIGNAL_REPORTED.message_name: CASE_MESSAGE_TTL,
    }
)


def ttl_for(message_name: str, *, override_days: int | None = None) -> timedelta:
    """The time to live of a message: ``override_days`` when set (``XDT_MESSAGE_TTL_DAYS``).

    Raises:
        ValidationFailed: a message name no diagram catches.
    """
    if message_name not in MESSAGE_TTL:
        raise ValidationFailed(
            f"no time to live is defined for message {message_name!r}; known: {', '.join(MESSAGE_TTL)}",
            message_name=message_name,
        )
    return timedelta(days=override_days) if override_days is not None else MESSAGE_TTL[message_name]
