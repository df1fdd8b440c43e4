"""Scopes: the process itself, embedded sub-processes and event sub-processes.

A scope completes when its last token is gone (see ``Processor.scope_child_ended``). The process
instance records its end for create-with-result callers; a called instance hands its variables
back to the calling activity (``call_activity.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.model.elements import Element
from engine.runtime.behaviors.base import Behavior
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


class ProcessBehavior(Behavior):
    """Root scope: starts at its start event(s) chosen at creation (``triggered["start"]``)."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        p.activated(ei, element)
        trig = ei.triggered or {}
        starts = trig.get("start") or []
        start_vars = trig.get("start_variables") or None
        for element_id in starts:
            p.spawn(ei, element_id, None, start_vars, bool(start_vars))
        ei.triggered = None  # consumed: a waiting instance should not carry its start request
        if not starts:
            p.complete(ei)

    def leave(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        if ei.parent_element_instance_key >= 0:
            from engine.runtime.behaviors.call_activity import child_completed

            child_completed(p, ei)


class SubProcessBehavior(Behavior):
    """Embedded sub-process: runs its none start event."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        p.activated(ei, element)
        start = p.process(ei).none_start_event(element.id)
        if start is None:
            p.complete(ei)
            return
        p.spawn(ei, start.id)


class EventSubProcessBehavior(Behavior):
    """Event sub-process: runs the start event that triggered it, with the event's variables."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        p.activated(ei, element)
        trig = ei.triggered or {}
        start = trig.get("start")
        if start is None:
            p.complete(ei)
            return
        variables = trig.get("start_variables") or None
        p.spawn(ei, start, None, variables, bool(trig.get("start_propagate", True)) and bool(variables))
