"""Reading the event definition of an event (or the message of a receive task).

An event has at most one definition; several (BPMN "multiple"), conditional, cancel and
compensation definitions are refused here. References to ``bpmn:message``/``error``/
``escalation``/``signal`` root elements are resolved; a dangling reference is a problem.
"""

from __future__ import annotations

from lxml import etree

from engine.model.context import ParseContext
from engine.model.elements import (
    ErrorDef,
    EscalationDef,
    EventDefinition,
    EventType,
    MessageDef,
    SignalDef,
    TimerDef,
    TimerKind,
)
from engine.model.namespaces import (
    ZEEBE,
    attr,
    bpmn_children,
    first_bpmn_child,
    local_name,
    text_of,
    zeebe_extension,
)

DEFINITION_TYPES = {
    "messageEventDefinition": EventType.MESSAGE,
    "timerEventDefinition": EventType.TIMER,
    "errorEventDefinition": EventType.ERROR,
    "escalationEventDefinition": EventType.ESCALATION,
    "signalEventDefinition": EventType.SIGNAL,
    "linkEventDefinition": EventType.LINK,
    "terminateEventDefinition": EventType.TERMINATE,
}

REFUSED_DEFINITIONS = {
    "compensateEventDefinition": "compensation events are not supported by the embedded engine",
    "conditionalEventDefinition": "conditional events are not supported by Zeebe",
    "cancelEventDefinition": "cancel events (transactions) are not supported by Zeebe",
}

_ALL_DEFINITIONS = frozenset(DEFINITION_TYPES) | frozenset(REFUSED_DEFINITIONS) | {"eventDefinitionRef"}


def read_event(el: etree._Element, ctx: ParseContext) -> EventDefinition | None:
    """The event's definition; ``NONE`` without one, ``None`` when it was refused."""
    defs = [c for c in bpmn_children(el) if local_name(c) in _ALL_DEFINITIONS]
    if attr(el, "parallelMultiple") == "true":
        ctx.problem(el, "parallel multiple events are not supported by Zeebe")
        return None
    if len(defs) > 1:
        ctx.problem(el, "an event with several event definitions (multiple event) is not supported by Zeebe")
        return None
    if not defs:
        return EventDefinition(EventType.NONE)
    definition = defs[0]
    kind = local_name(definition)
    if kind in REFUSED_DEFINITIONS:
        ctx.problem(definition, REFUSED_DEFINITIONS[kind], owner=el)
        return None
    if kind == "eventDefinitionRef":
        ctx.problem(definition, "event definitions by reference are not supported by Zeebe", owner=el)
        return None
    return _READERS[kind](definition, el, ctx)


def _message(d: etree._Element, owner: etree._Element, ctx: ParseContext) -> EventDefinition:
    return EventDefinition(EventType.MESSAGE, message=read_message_ref(d, "messageRef", owner, ctx))


def read_message_ref(
    ref_holder: etree._Element, attribute: str, owner: etree._Element, ctx: ParseContext
) -> MessageDef | None:
    """Resolve ``messageRef`` to the ``bpmn:message`` with its name and ``zeebe:subscription`` key."""
    ref = attr(ref_holder, attribute)
    message = ctx.root("message", ref)
    if ref is not None and message is None:
        ctx.problem(ref_holder, f"refers to message '{ref}', which is not defined", owner=owner)
        ctx.bad_references.add(str(owner.get("id")))
    if message is None or ref is None:
        return None
    name = (attr(message, "name") or "").strip()
    ctx.expression(message, "name", name, owner=message)
    subscription = zeebe_extension(message, "subscription")
    key = None if subscription is None else attr(subscription, "correlationKey")
    ctx.expression(message if subscription is None else subscription, "correlationKey", key, owner=message)
    return MessageDef(message_id=ref, name=name, correlation_key=key.strip() if key and key.strip() else None)


def _timer(d: etree._Element, owner: etree._Element, ctx: ParseContext) -> EventDefinition:
    for kind in TimerKind:
        child = first_bpmn_child(d, kind.value)
        text = text_of(child)
        if child is not None and text is not None:
            ctx.expression(child, kind.value, text, owner=owner)
            return EventDefinition(EventType.TIMER, timer=TimerDef(kind, text))
    return EventDefinition(EventType.TIMER)


def _error(d: etree._Element, owner: etree._Element, ctx: ParseContext) -> EventDefinition:
    ref = attr(d, "errorRef")
    error = ctx.root("error", ref)
    if ref is not None and error is None:
        ctx.problem(d, f"refers to error '{ref}', which is not defined", owner=owner)
        ctx.bad_references.add(str(owner.get("id")))
    code = None if error is None else (attr(error, "errorCode") or "").strip() or None
    if error is not None:
        ctx.expression(error, "errorCode", code, owner=error)
    return EventDefinition(
        EventType.ERROR,
        error=ErrorDef(
            error_id=ref if error is not None else None,
            error_code=code,
            error_code_variable=d.get(f"{{{ZEEBE}}}errorCodeVariable"),
            error_message_variable=d.get(f"{{{ZEEBE}}}errorMessageVariable"),
        ),
    )


def _escalation(d: etree._Element, owner: etree._Element, ctx: ParseContext) -> EventDefinition:
    ref = attr(d, "escalationRef")
    esc = ctx.root("escalation", ref)
    if ref is not None and esc is None:
        ctx.problem(d, f"refers to escalation '{ref}', which is not defined", owner=owner)
        ctx.bad_references.add(str(owner.get("id")))
    code = None if esc is None else (attr(esc, "escalationCode") or "").strip() or None
    if esc is not None:
        ctx.expression(esc, "escalationCode", code, owner=esc)
    return EventDefinition(
        EventType.ESCALATION, escalation=EscalationDef(ref if esc is not None else None, code)
    )


def _signal(d: etree._Element, owner: etree._Element, ctx: ParseContext) -> EventDefinition:
    ref = attr(d, "signalRef")
    signal = ctx.root("signal", ref)
    if ref is not None and signal is None:
        ctx.problem(d, f"refers to signal '{ref}', which is not defined", owner=owner)
        ctx.bad_references.add(str(owner.get("id")))
    if signal is None or ref is None:
        return EventDefinition(EventType.SIGNAL)
    name = (attr(signal, "name") or "").strip()
    ctx.expression(signal, "name", name, owner=signal)
    return EventDefinition(EventType.SIGNAL, signal=SignalDef(ref, name))


def _link(d: etree._Element, owner: etree._Element, ctx: ParseContext) -> EventDefinition:
    name = (attr(d, "name") or "").strip()
    return EventDefinition(EventType.LINK, link_name=name or None)


def _terminate(d: etree._Element, owner: etree._Element, ctx: ParseContext) -> EventDefinition:
    return EventDefinition(EventType.TERMINATE)


_READERS = {
    "messageEventDefinition": _message,
    "timerEventDefinition": _timer,
    "errorEventDefinition": _error,
    "escalationEventDefinition": _escalation,
    "signalEventDefinition": _signal,
    "linkEventDefinition": _link,
    "terminateEventDefinition": _terminate,
}
