"""Error and escalation propagation: find the catching event scope by scope, outwards, through
call activities into the parent instance (SEMANTICS §2.5).

Per element instance on the way out: event sub-processes of the scope (if it is one), then the
boundary events attached to it. Within one place a catch event with the thrown code beats a
catch-all. Errors always interrupt; escalations interrupt or not as modelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.model.elements import Element, ElementType, EventType
from engine.runtime.behaviors.events import interrupt_scope
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor

SCOPES = (ElementType.PROCESS, ElementType.SUB_PROCESS, ElementType.EVENT_SUB_PROCESS)


def _code(element: Element, kind: EventType) -> tuple[bool, str | None]:
    """(does the element catch ``kind``, its code or None for catch-all)."""
    event = element.event
    if event is None or event.type is not kind:
        return False, None
    if kind is EventType.ERROR:
        return True, event.error.error_code if event.error else None
    return True, event.escalation.escalation_code if event.escalation else None


def _best(candidates: list[Element], kind: EventType, code: str) -> Element | None:
    fallback = None
    for element in candidates:
        catches, catch_code = _code(element, kind)
        if not catches:
            continue
        if catch_code == code:
            return element
        if catch_code is None and fallback is None:
            fallback = element
    return fallback


def _parent(p: Processor, ei: ElementInstance) -> ElementInstance | None:
    if ei.flow_scope_key >= 0:
        return p.state.elements.get(ei.flow_scope_key)
    if ei.parent_element_instance_key >= 0:
        return p.state.elements.get(ei.parent_element_instance_key)
    return None


def find_catch(
    p: Processor, source: ElementInstance, kind: EventType, code: str
) -> tuple[str, ElementInstance, Element] | None:
    cur: ElementInstance | None = source
    while cur is not None:
        process = p.process(cur)
        if cur is not source and cur.element_type in SCOPES:
            starts = [
                s for esp in process.event_subprocesses(cur.element_id) for s in process.start_events(esp.id)
            ]
            found = _best(starts, kind, code)
            if found is not None:
                return "esp", cur, found
        if cur.element_type != ElementType.PROCESS and not p.is_inner_instance(cur):
            found = _best(list(process.boundary_events(cur.element_id)), kind, code)
            if found is not None:
                return "boundary", cur, found
        cur = _parent(p, cur)
    return None


def _catch_variables(
    catch: Element, kind: EventType, code: str, message: str, variables: dict[str, Any]
) -> dict[str, Any]:
    result = dict(variables)
    event = catch.event
    if kind is EventType.ERROR and event is not None and event.error is not None:
        if event.error.error_code_variable:
            result[event.error.error_code_variable] = code
        if event.error.error_message_variable:
            result[event.error.error_message_variable] = message
    return result


def throw(
    p: Processor, source: ElementInstance, kind: EventType, code: str, variables: dict[str, Any], message: str
) -> str | None:
    found = find_catch(p, source, kind, code)
    if found is None:
        return None
    where, owner, catch = found
    local = _catch_variables(catch, kind, code, message, variables)
    propagate = kind is not EventType.ERROR
    interrupting = kind is EventType.ERROR or (
        catch.cancel_activity if where == "boundary" else catch.interrupting
    )
    if where == "boundary":
        action = {"activate": catch.id, "variables": local, "propagate": propagate}
        if interrupting:
            owner.after_terminate = action
            p.terminate(owner)
        else:
            scope = p.scope_of(owner)
            if scope is not None:
                p.spawn(scope, catch.id, None, local, propagate)
        return "interrupting" if interrupting else "non-interrupting"
    payload = {"start": catch.id, "start_variables": local, "start_propagate": propagate}
    if interrupting:
        interrupt_scope(p, owner, {"activate": catch.parent_id, "payload": payload})
        return "interrupting"
    assert catch.parent_id is not None
    p.spawn(owner, catch.parent_id, None, None, False, payload)
    return "non-interrupting"
