"""The append-only record log: Zeebe's value types and intents, with position and timestamp.

Every state change the engine makes is written as an EVENT record in the same transaction as the
change itself, so the log is the audit trail and the ops view's feed. Positions increase by one per
record and are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class RecordType(StrEnum):
    EVENT = "EVENT"
    COMMAND = "COMMAND"
    COMMAND_REJECTION = "COMMAND_REJECTION"


class ValueType(StrEnum):
    DEPLOYMENT = "DEPLOYMENT"
    PROCESS = "PROCESS"
    DECISION = "DECISION"
    DECISION_REQUIREMENTS = "DECISION_REQUIREMENTS"
    DECISION_EVALUATION = "DECISION_EVALUATION"
    FORM = "FORM"
    RESOURCE_DELETION = "RESOURCE_DELETION"
    PROCESS_INSTANCE = "PROCESS_INSTANCE"
    PROCESS_INSTANCE_CREATION = "PROCESS_INSTANCE_CREATION"
    PROCESS_INSTANCE_RESULT = "PROCESS_INSTANCE_RESULT"
    JOB = "JOB"
    JOB_BATCH = "JOB_BATCH"
    VARIABLE = "VARIABLE"
    VARIABLE_DOCUMENT = "VARIABLE_DOCUMENT"
    INCIDENT = "INCIDENT"
    TIMER = "TIMER"
    MESSAGE = "MESSAGE"
    MESSAGE_SUBSCRIPTION = "MESSAGE_SUBSCRIPTION"
    MESSAGE_START_EVENT_SUBSCRIPTION = "MESSAGE_START_EVENT_SUBSCRIPTION"
    PROCESS_MESSAGE_SUBSCRIPTION = "PROCESS_MESSAGE_SUBSCRIPTION"
    MESSAGE_CORRELATION = "MESSAGE_CORRELATION"
    SIGNAL = "SIGNAL"
    SIGNAL_SUBSCRIPTION = "SIGNAL_SUBSCRIPTION"
    ESCALATION = "ESCALATION"
    ERROR = "ERROR"
    USER_TASK = "USER_TASK"
    CLOCK = "CLOCK"


class ProcessInstanceIntent(StrEnum):
    """Element lifecycle: ACTIVATING → ACTIVATED → COMPLETING → COMPLETED, or → TERMINATING → TERMINATED."""

    SEQUENCE_FLOW_TAKEN = "SEQUENCE_FLOW_TAKEN"
    ELEMENT_ACTIVATING = "ELEMENT_ACTIVATING"
    ELEMENT_ACTIVATED = "ELEMENT_ACTIVATED"
    ELEMENT_COMPLETING = "ELEMENT_COMPLETING"
    ELEMENT_COMPLETED = "ELEMENT_COMPLETED"
    ELEMENT_TERMINATING = "ELEMENT_TERMINATING"
    ELEMENT_TERMINATED = "ELEMENT_TERMINATED"


class JobIntent(StrEnum):
    CREATED = "CREATED"
    ACTIVATED = "ACTIVATED"
    COMPLETED = "COMPLETED"
    TIMED_OUT = "TIMED_OUT"
    FAILED = "FAILED"
    RETRIES_UPDATED = "RETRIES_UPDATED"
    CANCELED = "CANCELED"
    ERROR_THROWN = "ERROR_THROWN"
    RECURRED_AFTER_BACKOFF = "RECURRED_AFTER_BACKOFF"
    TIMEOUT_UPDATED = "TIMEOUT_UPDATED"


class TimerIntent(StrEnum):
    CREATED = "CREATED"
    TRIGGERED = "TRIGGERED"
    CANCELED = "CANCELED"
    MIGRATED = "MIGRATED"


class VariableIntent(StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"


class IncidentIntent(StrEnum):
    CREATED = "CREATED"
    RESOLVED = "RESOLVED"


class MessageIntent(StrEnum):
    PUBLISHED = "PUBLISHED"
    EXPIRED = "EXPIRED"


class SubscriptionIntent(StrEnum):
    CREATED = "CREATED"
    CORRELATED = "CORRELATED"
    DELETED = "DELETED"


class UserTaskIntent(StrEnum):
    CREATED = "CREATED"
    ASSIGNED = "ASSIGNED"
    UPDATED = "UPDATED"
    COMPLETED = "COMPLETED"
    CANCELED = "CANCELED"


class DeploymentIntent(StrEnum):
    CREATED = "CREATED"


class ResourceIntent(StrEnum):
    """PROCESS / DECISION / DECISION_REQUIREMENTS / FORM records."""

    CREATED = "CREATED"
    DELETED = "DELETED"


class CreationIntent(StrEnum):
    CREATED = "CREATED"


class SignalIntent(StrEnum):
    BROADCASTED = "BROADCASTED"


class ErrorIntent(StrEnum):
    CREATED = "CREATED"


@dataclass(frozen=True, slots=True)
class Record:
    """One log entry; ``key`` is the entity's key (element instance, job, timer…)."""

    position: int
    key: int
    timestamp_ms: int
    value_type: ValueType
    intent: str
    process_instance_key: int
    value: dict[str, Any] = field(default_factory=dict)
    record_type: RecordType = RecordType.EVENT
