"""The default element behaviour: pass straight through (activate, complete, take every outgoing flow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.model.elements import Element
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


class Behavior:
    """Hooks the processor calls through an element instance's life; override what differs."""

    def arrive(self, p: Processor, scope: ElementInstance, element: Element, flow_id: str) -> bool:
        """A token arrives over ``flow_id``; False holds it (joining gateways)."""
        return True

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        """After input mappings: do the element's work; pass-through elements complete at once."""
        p.activated(ei, element)
        p.complete(ei)

    def completing(self, p: Processor, ei: ElementInstance, element: Element) -> bool:
        """At ELEMENT_COMPLETING, before output mappings; False if an incident stopped it."""
        return True

    def leave(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        """After ELEMENT_COMPLETED: take the outgoing flows."""
        if element.outgoing:
            p.take_flows(ei, element.outgoing)

    def terminate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        """At ELEMENT_TERMINATING: release what only this element holds."""

    def child_ended(self, p: Processor, ei: ElementInstance, child: ElementInstance, completed: bool) -> None:
        p.scope_child_ended(ei)


class PassThrough(Behavior):
    """Manual task, undefined task, none intermediate throw event."""
