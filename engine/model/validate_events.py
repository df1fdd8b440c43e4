"""Deploy-time checks for events: where each event type may appear (SEMANTICS §8.1), timers,
messages, errors, links and boundary attachment."""

from __future__ import annotations

from engine.model.context import ParseContext
from engine.model.elements import Element, ElementType, EventType, Process, TimerKind
from engine.model.rules import report
from engine.model.tags import ACTIVITY_TYPES, EVENT_TYPES
from engine.model.timer_syntax import check_cycle, check_date, check_duration

E = EventType
_CATCH_TYPES = frozenset({E.MESSAGE, E.TIMER, E.SIGNAL})
_ESP_NON_INTERRUPTING = frozenset({E.MESSAGE, E.TIMER, E.SIGNAL, E.ESCALATION})
_ESP_INTERRUPTING = _ESP_NON_INTERRUPTING | {E.ERROR}

_ALLOWED: dict[str, frozenset[EventType]] = {
    "process start event": frozenset({E.NONE, E.MESSAGE, E.TIMER, E.SIGNAL}),
    "sub-process start event": frozenset({E.NONE}),
    "interrupting event sub-process start event": _ESP_INTERRUPTING,
    "non-interrupting event sub-process start event": _ESP_NON_INTERRUPTING,
    "intermediate catch event": _CATCH_TYPES | {E.LINK},
    "interrupting boundary event": _ESP_INTERRUPTING,
    "non-interrupting boundary event": _ESP_NON_INTERRUPTING,
    "intermediate throw event": frozenset({E.NONE, E.MESSAGE, E.SIGNAL, E.ESCALATION, E.LINK}),
    "end event": frozenset({E.NONE, E.MESSAGE, E.ERROR, E.SIGNAL, E.ESCALATION, E.TERMINATE}),
}

_TIMER_KINDS: dict[str, frozenset[TimerKind]] = {
    "process start event": frozenset({TimerKind.DATE, TimerKind.CYCLE}),
    "interrupting event sub-process start event": frozenset({TimerKind.DATE, TimerKind.DURATION}),
    "non-interrupting event sub-process start event": frozenset(TimerKind),
    "intermediate catch event": frozenset({TimerKind.DATE, TimerKind.DURATION}),
    "interrupting boundary event": frozenset({TimerKind.DATE, TimerKind.DURATION}),
    "non-interrupting boundary event": frozenset(TimerKind),
}

_STATIC_TIMER_CHECKS = {
    TimerKind.DATE: check_date,
    TimerKind.DURATION: check_duration,
    TimerKind.CYCLE: check_cycle,
}


def position(process: Process, element: Element) -> str:
    """Where an event sits, in the words of the support matrix."""
    if element.type is ElementType.START_EVENT:
        scope = process.elements.get(element.parent_id or "")
        if scope is None or scope.type is ElementType.PROCESS:
            return "process start event"
        if scope.type is ElementType.SUB_PROCESS:
            return "sub-process start event"
        kind = "interrupting" if element.interrupting else "non-interrupting"
        return f"{kind} event sub-process start event"
    if element.type is ElementType.BOUNDARY_EVENT:
        return f"{'interrupting' if element.cancel_activity else 'non-interrupting'} boundary event"
    return {
        ElementType.INTERMEDIATE_CATCH_EVENT: "intermediate catch event",
        ElementType.INTERMEDIATE_THROW_EVENT: "intermediate throw event",
    }.get(element.type, "end event")


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def check_events(process: Process, ctx: ParseContext) -> None:
    for element in process.elements.values():
        if element.type not in EVENT_TYPES or element.event is None or element.id in ctx.bad_references:
            continue
        where = position(process, element)
        kind = element.event.type
        if kind not in _ALLOWED[where]:
            report(ctx, element, f"{kind.lower()} events are not supported as {where}")
            continue
        _check_timer(element, where, ctx)
        _check_message(element, where, ctx)
        _check_error(element, ctx)
        _check_signal_escalation(element, ctx)
        if element.type is ElementType.BOUNDARY_EVENT:
            _check_boundary(process, element, ctx)
    for element in process.elements.values():
        if element.type is ElementType.RECEIVE_TASK and element.id not in ctx.bad_references:
            _check_message(element, "receive task", ctx)
    _check_links(process, ctx)
    for group in _subscription_groups(process):
        _check_unique_message_names(group, ctx)


def _check_timer(element: Element, where: str, ctx: ParseContext) -> None:
    if element.event_type is not E.TIMER:
        return
    timer = element.event.timer if element.event else None
    if timer is None:
        report(ctx, element, "timer event needs a timeDate, timeDuration or timeCycle")
        return
    if timer.kind not in _TIMER_KINDS[where]:
        report(ctx, element, f"{timer.kind.value} is not allowed on {_article(where)} {where}")
        return
    if not timer.expression.startswith("="):
        problem = _STATIC_TIMER_CHECKS[timer.kind](timer.expression)
        if problem is not None:
            report(ctx, element, problem)


def _check_message(element: Element, where: str, ctx: ParseContext) -> None:
    if element.event_type is not E.MESSAGE or element.type in (
        ElementType.INTERMEDIATE_THROW_EVENT,
        ElementType.END_EVENT,
    ):
        return
    message = element.event.message if element.event else None
    if message is None:
        report(ctx, element, "message catch needs a messageRef to a bpmn:message")
    elif not message.name:
        report(ctx, element, f"message '{message.message_id}' must have a name")
    elif message.correlation_key is None and where != "process start event":
        report(ctx, element, f"message '{message.message_id}' needs a zeebe:subscription correlationKey")


def _check_error(element: Element, ctx: ParseContext) -> None:
    if element.event_type is not E.ERROR or element.event is None or element.event.error is None:
        return
    if element.type is ElementType.END_EVENT and not element.event.error.error_code:
        report(ctx, element, "error end event needs an errorRef to a bpmn:error with an errorCode")
    catching = element.type in (ElementType.BOUNDARY_EVENT, ElementType.START_EVENT)
    if catching and (element.event.error.error_code or "").startswith("="):
        report(ctx, element, "the errorCode of an error catch event must be static, not an expression")


def _check_signal_escalation(element: Element, ctx: ParseContext) -> None:
    event = element.event
    if event is None:
        return
    if event.type is E.SIGNAL and (event.signal is None or not event.signal.name):
        report(ctx, element, "signal event needs a signalRef to a bpmn:signal with a name")
    throwing = element.type in (ElementType.INTERMEDIATE_THROW_EVENT, ElementType.END_EVENT)
    if (
        event.type is E.ESCALATION
        and throwing
        and (event.escalation is None or not event.escalation.escalation_code)
    ):
        report(
            ctx,
            element,
            "escalation throw event needs an escalationRef to a bpmn:escalation with an escalationCode",
        )


def _check_boundary(process: Process, element: Element, ctx: ParseContext) -> None:
    host = process.elements.get(element.attached_to or "")
    if not element.attached_to:
        report(ctx, element, "boundary event is not attached to an activity (no attachedToRef)")
    elif host is None:
        report(ctx, element, f"boundary event is attached to '{element.attached_to}', which does not exist")
    elif host.type not in ACTIVITY_TYPES:
        report(ctx, element, f"boundary event is attached to '{host.id}', which is not an activity")
    elif host.parent_id != element.parent_id:
        report(ctx, element, f"boundary event must be declared in the same scope as '{host.id}'")
    if element.incoming:
        report(ctx, element, "boundary events must not have incoming sequence flows")
    if not element.outgoing and element.event_type is not E.ERROR:
        report(ctx, element, "boundary event must have an outgoing sequence flow")


def _check_links(process: Process, ctx: ParseContext) -> None:
    catches: dict[tuple[str | None, str | None], Element] = {}
    for element in process.elements.values():
        if element.type is ElementType.INTERMEDIATE_CATCH_EVENT and element.event_type is E.LINK:
            key = (element.parent_id, element.event.link_name if element.event else None)
            if key[1] is None:
                report(ctx, element, "link event needs a name")
            elif key in catches:
                report(
                    ctx,
                    element,
                    f"link catch name '{key[1]}' is already used by '{catches[key].id}' in this scope",
                )
            catches[key] = element
    for element in process.elements.values():
        if element.type is ElementType.INTERMEDIATE_THROW_EVENT and element.event_type is E.LINK:
            name = element.event.link_name if element.event else None
            if not name:
                report(ctx, element, "link event needs a name")
            elif (element.parent_id, name) not in catches:
                report(ctx, element, f"no link catch event named '{name}' in the same scope")


def _subscription_groups(process: Process) -> list[list[Element]]:
    """Catch events whose message subscriptions are open at the same time (names must differ)."""
    groups: list[list[Element]] = []
    for element in process.elements.values():
        if element.type is ElementType.PROCESS:
            groups.append(list(process.start_events(element.id)))
        if element.is_scope:
            groups.append(
                [s for esp in process.event_subprocesses(element.id) for s in process.start_events(esp.id)]
            )
        if element.boundary_ids:
            groups.append(list(process.boundary_events(element.id)))
        if element.type is ElementType.EVENT_BASED_GATEWAY:
            targets = (process.elements.get(process.flows[f].target_id) for f in element.outgoing)
            groups.append([t for t in targets if t is not None])
    return groups


def _check_unique_message_names(group: list[Element], ctx: ParseContext) -> None:
    seen: dict[str, Element] = {}
    for element in group:
        message = element.event.message if element.event else None
        if message is None or not message.name or message.name.startswith("="):
            continue
        if message.name in seen:
            other = seen[message.name].id
            report(
                ctx,
                element,
                f"message name '{message.name}' is already used by '{other}'; catch events waiting together need different messages",
            )
        else:
            seen[message.name] = element
