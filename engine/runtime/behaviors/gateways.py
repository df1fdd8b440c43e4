"""Gateways: exclusive (conditions, default flow), parallel (fork/join), inclusive (fork and join),
event-based (the first of its events wins).

Joining gateways hold arriving tokens in their scope (``ElementInstance.joins``). A parallel join
fires once every incoming flow has a token; an inclusive join fires when every incoming flow has
a token or no other token in the scope can still reach it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.model.elements import Element, ElementType, Process
from engine.runtime.behaviors.base import Behavior
from engine.runtime.expressions import ExpressionFailure, evaluate_bool
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor

NO_FLOW = "Expected at least one condition to evaluate to true, or to have a default flow"


def choose_flows(p: Processor, ei: ElementInstance, element: Element, first_only: bool) -> list[str] | None:
    """Outgoing flows whose condition holds (or the default); None after raising an incident."""
    process = p.process(ei)
    chosen: list[str] = []
    context: dict[str, Any] | None = None
    for flow_id in element.outgoing:
        if flow_id == element.default_flow:
            continue
        condition = process.flows[flow_id].condition
        if condition is None:
            chosen.append(flow_id)
        else:
            if context is None:
                context = p.scopes.visible(ei.key)
            try:
                holds = evaluate_bool(condition, context)
            except ExpressionFailure as exc:
                p.incident(ei, "CONDITION_ERROR", str(exc), "activate")
                return None
            if holds:
                chosen.append(flow_id)
        if chosen and first_only:
            break
    if not chosen and element.default_flow:
        chosen.append(element.default_flow)
    if not chosen and element.outgoing:
        p.incident(ei, "CONDITION_ERROR", NO_FLOW, "activate")
        return None
    return chosen


class ExclusiveGateway(Behavior):
    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        flows = choose_flows(p, ei, element, first_only=True)
        if flows is None:
            return
        ei.triggered = {**(ei.triggered or {}), "flows": flows}
        p.activated(ei, element)
        p.complete(ei)

    def leave(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        p.take_flows(ei, (ei.triggered or {}).get("flows", []))


class InclusiveGateway(ExclusiveGateway):
    def arrive(self, p: Processor, scope: ElementInstance, element: Element, flow_id: str) -> bool:
        return hold_or_join(p, scope, element, flow_id, inclusive=True)

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        flows = choose_flows(p, ei, element, first_only=False)
        if flows is None:
            return
        ei.triggered = {**(ei.triggered or {}), "flows": flows}
        p.activated(ei, element)
        p.complete(ei)


class ParallelGateway(Behavior):
    def arrive(self, p: Processor, scope: ElementInstance, element: Element, flow_id: str) -> bool:
        return hold_or_join(p, scope, element, flow_id, inclusive=False)


def hold_or_join(
    p: Processor, scope: ElementInstance, element: Element, flow_id: str, inclusive: bool
) -> bool:
    if len(element.incoming) <= 1:
        return True
    held = scope.joins.setdefault(element.id, [])
    held.append(flow_id)
    p.state.touch(scope)
    if not _can_join(p, scope, element, inclusive, arriving=True):
        return False
    _consume(scope, element)
    return True


def _consume(scope: ElementInstance, element: Element) -> None:
    """Merge one token per incoming flow into the arriving one (more may wait for the next round)."""
    held = scope.joins.get(element.id, [])
    consumed = 0
    for flow_id in element.incoming:
        if flow_id in held:
            held.remove(flow_id)
            consumed += 1
    scope.tokens -= consumed - 1
    if not held:
        scope.joins.pop(element.id, None)


def _can_join(
    p: Processor, scope: ElementInstance, element: Element, inclusive: bool, arriving: bool
) -> bool:
    held = set(scope.joins.get(element.id, []))
    if held >= set(element.incoming):
        return True
    if not inclusive or not held:
        return False
    reach = reachers(p.process(scope), element.id)
    for child in p.state.child_instances(scope.key):
        if child.element_id in reach:
            return False
    for _fn, args in p.queue:
        if (
            len(args) > 1
            and args[0] == scope.key
            and (args[1] in reach or (not arriving and args[1] == element.id))
        ):
            return False
    return True


def recheck_joins(p: Processor, scope: ElementInstance) -> None:
    """After a token left the scope, release inclusive joins nothing can reach any more."""
    process = p.process(scope)
    for gateway_id in list(scope.joins):
        element = process.elements[gateway_id]
        if element.type is ElementType.INCLUSIVE_GATEWAY and _can_join(
            p, scope, element, True, arriving=False
        ):
            held = scope.joins.pop(gateway_id)
            scope.tokens -= len(held)
            p.spawn(scope, gateway_id)


# Keyed by the model object's identity; the entry keeps the model alive so an id is never reused
# for another process while its entry exists.
_REACHERS: dict[tuple[int, str], tuple[Process, frozenset[str]]] = {}


def _reachers_uncached(gateway_id: str, process: Process) -> frozenset[str]:
    incoming: dict[str, list[str]] = {}
    for flow in process.flows.values():
        incoming.setdefault(flow.target_id, []).append(flow.source_id)
    found: set[str] = set()
    stack = [gateway_id]
    while stack:
        node = stack.pop()
        for source in incoming.get(node, []):
            if source not in found and source != gateway_id:
                found.add(source)
                stack.append(source)
                element = process.elements.get(source)
                if element is not None:
                    stack.extend(b for b in element.boundary_ids if b not in found)
                    found.update(element.boundary_ids)
    return frozenset(found)


def reachers(process: Process, gateway_id: str) -> frozenset[str]:
    """Elements from which a token can still flow to ``gateway_id``."""
    key = (id(process), gateway_id)
    entry = _REACHERS.get(key)
    if entry is None or entry[0] is not process:
        entry = _REACHERS[key] = (process, _reachers_uncached(gateway_id, process))
    return entry[1]


class EventBasedGateway(Behavior):
    """Opens a timer/subscription for each following catch event; the first to fire wins."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        from engine.runtime.behaviors.events import open_waiting

        process = p.process(ei)
        for flow_id in element.outgoing:
            target = process.elements[process.flows[flow_id].target_id]
            if not open_waiting(p, ei, target, True):
                p.close_owned(ei)
                return
        p.activated(ei, element)

    def leave(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        trig = ei.triggered or {}
        flow_id = trig.get("flow")
        if flow_id is not None:
            p.take_flows(ei, [flow_id], trig.get("event_variables") or None, {"fire": True})


def trigger_event_gateway(
    p: Processor, gateway: ElementInstance, target: Element, variables: dict[str, Any]
) -> None:
    process = p.process(gateway)
    element = process.elements[gateway.element_id]
    flow_id = next(f for f in element.outgoing if process.flows[f].target_id == target.id)
    p.close_owned(gateway)
    gateway.triggered = {**(gateway.triggered or {}), "flow": flow_id, "event_variables": variables}
    p.state.touch(gateway)
    p.complete(gateway)
