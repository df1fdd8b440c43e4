"""What the services need from a workflow engine to start processes: create an instance, and
(optionally) find one a lost answer may have created.

Zeebe has no business-key uniqueness: ``CreateProcessInstance`` called twice makes two
instances. The start outbox (:mod:`services.messaging.start_outbox`) therefore keeps the
idempotency itself, and an :class:`InstanceLookup`, where one is available, closes the last gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

START_KEY_VARIABLE = "startKey"
"""Every instance started from the outbox carries its outbox key in this variable, so a lookup
can tell whether an earlier try already created it."""


class ProcessStarter(Protocol):
    """Creates a process instance (Zeebe ``CreateProcessInstance``, latest version)."""

    def start(self, bpmn_process_id: str, variables: Mapping[str, Any], *, business_key: str) -> int:
        """Create an instance of the newest deployed version and return its key.

        ``business_key`` names the start in errors; the engine does not enforce it.

        Raises:
            StartFailed: the engine did not create the instance.
        """
        ...


class InstanceLookup(Protocol):
    """Finds an instance that an earlier start attempt created (by its ``startKey`` variable)."""

    def find(self, bpmn_process_id: str, start_key: str) -> int | None:
        """The key of an instance of ``bpmn_process_id`` with ``startKey = start_key``, if any."""
        ...
