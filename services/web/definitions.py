"""What the pages need from deployed process definitions: names, element names, timer expressions.

A deployed definition never changes under its key, so each is read from the engine (its query
API and its own BPMN parser) once and kept for the life of the app.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from engine.model.elements import Process
from engine.model.parser import parse_bpmn
from engine.query import EngineQuery


@dataclass(frozen=True, slots=True)
class DefinitionInfo:
    """A definition's display name, its elements' names and its timers' expressions."""

    bpmn_process_id: str
    name: str
    version: int
    element_names: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    timer_expressions: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def element_name(self, element_id: str) -> str:
        return self.element_names.get(element_id) or element_id


class Definitions:
    """A cache of :class:`DefinitionInfo` by process definition key."""

    def __init__(self, query: EngineQuery) -> None:
        self._query = query
        self._known: dict[int, DefinitionInfo] = {}
        self._lock = threading.Lock()

    def get(self, key: int) -> DefinitionInfo:
        """The definition of ``key``; raises the engine's NotFound for an unknown key."""
        with self._lock:
            known = self._known.get(key)
        if known is not None:
            return known
        info = self._read(key)
        with self._lock:
            self._known[key] = info
        return info

    def _read(self, key: int) -> DefinitionInfo:
        view = self._query.process_definition(key)
        xml = self._query.process_definition_xml(key).encode("utf-8")
        process = next((p for p in parse_bpmn(xml, view.resource_name) if p.id == view.bpmn_process_id), None)
        names, timers = _elements(process)
        return DefinitionInfo(
            bpmn_process_id=view.bpmn_process_id,
            name=view.name or (process.name if process else None) or view.bpmn_process_id,
            version=view.version,
            element_names=MappingProxyType(names),
            timer_expressions=MappingProxyType(timers),
        )

    def process_names(self) -> dict[str, str]:
        """The latest name of each deployed process id, for the filter on the ops page."""
        page = self._query.process_definitions(latest_only=True, limit=500)
        return {d.bpmn_process_id: d.name or d.bpmn_process_id for d in page.items}


def _elements(process: Process | None) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    timers: dict[str, str] = {}
    if process is None:
        return names, timers
    for element_id, element in process.elements.items():
        if element.name:
            names[element_id] = element.name
        timer: Any = element.event.timer if element.event else None
        if timer is not None:
            timers[element_id] = timer.expression
    return names, timers
