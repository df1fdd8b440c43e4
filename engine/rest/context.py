"""What the REST routes share: the engine, its query side, the clock control, waiting for results."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from defusedxml import ElementTree

from engine.api import EngineApi
from engine.errors import NotFound
from engine.query import EngineQuery
from engine.rest.clock_control import ClockControl
from engine.rest.problems import Problem

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"


class ResultWaiter:
    """An engine listener that lets request threads wait for a process instance to end."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[int, threading.Event] = {}

    def register(self, process_instance_key: int) -> threading.Event:
        with self._lock:
            return self._events.setdefault(process_instance_key, threading.Event())

    def discard(self, process_instance_key: int) -> None:
        with self._lock:
            self._events.pop(process_instance_key, None)

    def jobs_available(self, job_type: str) -> None:
        """Not needed here."""

    def instance_ended(self, process_instance_key: int) -> None:
        with self._lock:
            event = self._events.get(process_instance_key)
        if event is not None:
            event.set()


@dataclass(eq=False)
class RestContext:
    """Shared by every route of one router."""

    engine: EngineApi
    query_api: EngineQuery | None
    clock: ClockControl | None = None
    on_change: Callable[[], None] | None = None
    results: ResultWaiter = field(default_factory=ResultWaiter)

    @property
    def query(self) -> EngineQuery:
        """The query side; searches answer 501 without one."""
        if self.query_api is None:
            raise Problem(
                501, "UNIMPLEMENTED", "This engine offers no query API, so searches are not available"
            )
        return self.query_api

    def changed(self) -> None:
        """Tell the scheduler that due dates may have moved."""
        if self.on_change is not None:
            self.on_change()

    def start_form_id(self, process_definition_key: int) -> str | None:
        """The form id linked to the none start event of a definition, if any."""
        return _start_form_id(self.query.process_definition_xml(process_definition_key))

    def definition_or_none(self, key: int) -> Any:
        try:
            return self.query.process_definition(key)
        except NotFound:
            return None


@lru_cache(maxsize=512)
def _start_form_id(xml: str) -> str | None:
    root = ElementTree.fromstring(xml.encode())
    for start in root.iter(f"{{{BPMN_NS}}}startEvent"):
        if any(child.tag.endswith("EventDefinition") for child in start):
            continue
        for form in start.iter(f"{{{ZEEBE_NS}}}formDefinition"):
            form_id = form.get("formId") or form.get("formKey")
            if form_id:
                return str(form_id)
    return None
