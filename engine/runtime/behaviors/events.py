"""Events: start, end, intermediate catch/throw and boundary events, and the timers and
message/signal subscriptions they wait on.

Waiting things are *owned* by an element instance (the catch event itself, the activity a boundary
event is attached to, the scope of an event sub-process, an event-based gateway) and closed when
the owner ends. :func:`trigger` routes a fired timer / correlated message / broadcast signal to the
behaviour of its target element.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.model.elements import Element, ElementType, EventType, MessageDef, SignalDef, TimerDef
from engine.records import ProcessInstanceIntent as PI
from engine.records import SubscriptionIntent, TimerIntent, ValueType
from engine.runtime.behaviors.base import Behavior
from engine.runtime.behaviors.tasks import JobTask, finish_with_variables
from engine.runtime.expressions import ExpressionFailure, evaluate, evaluate_nullable, evaluate_string
from engine.runtime.state import ElementInstance, Subscription, Timer
from engine.runtime.timers import schedule

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


# -- timers ---------------------------------------------------------------------------------------
def timer_record(
    p: Processor, timer: Timer, intent: TimerIntent, extra: dict[str, Any] | None = None
) -> None:
    p.state.record(
        ValueType.TIMER,
        intent,
        timer.key,
        p.now_ms,
        {
            "elementInstanceKey": timer.element_instance_key,
            "processInstanceKey": timer.process_instance_key,
            "processDefinitionKey": timer.process_definition_key,
            "dueDate": timer.due_ms,
            "targetElementId": timer.target_element_id,
            "repetitions": timer.repetitions,
            "tenantId": "<default>",
            **(extra or {}),
        },
        timer.process_instance_key,
    )


def open_timer(p: Processor, owner: ElementInstance, target: Element, definition: TimerDef) -> bool:
    """Create the timer for ``target`` owned by ``owner``; an unusable definition becomes an incident."""
    try:
        context = p.scopes.visible(owner.key) if definition.expression.lstrip().startswith("=") else {}
        value = evaluate(definition.expression, context, native=True)
        sched = schedule(definition.kind, value, p.now_ms)
    except ExpressionFailure as exc:
        p.incident(owner, "EXTRACT_VALUE_ERROR", str(exc), "activate")
        return False
    timer = Timer(
        key=p.state.keys.next(),
        due_ms=sched.due_ms,
        target_element_id=target.id,
        element_instance_key=owner.key,
        process_instance_key=owner.process_instance_key,
        process_definition_key=owner.process_definition_key,
        bpmn_process_id=owner.bpmn_process_id,
        repetitions=sched.repetitions,
        interval=sched.interval,
        cron=sched.cron,
    )
    p.state.add_timer(timer)
    timer_record(p, timer, TimerIntent.CREATED)
    return True


# -- subscriptions --------------------------------------------------------------------------------
def subscription_record(
    p: Processor, sub: Subscription, intent: SubscriptionIntent, variables: Any = None
) -> None:
    value_type = (
        ValueType.SIGNAL_SUBSCRIPTION if sub.kind == "signal" else ValueType.PROCESS_MESSAGE_SUBSCRIPTION
    )
    if sub.start and sub.kind == "message":
        value_type = ValueType.MESSAGE_START_EVENT_SUBSCRIPTION
    p.state.record(
        value_type,
        intent,
        sub.key,
        p.now_ms,
        {
            "messageName" if sub.kind == "message" else "signalName": sub.name,
            "correlationKey": sub.correlation_key,
            "elementInstanceKey": sub.element_instance_key,
            "processInstanceKey": sub.process_instance_key,
            "processDefinitionKey": sub.process_definition_key,
            "bpmnProcessId": sub.bpmn_process_id,
            "catchEventId": sub.element_id,
            "interrupting": sub.interrupting,
            "variables": variables or {},
            "tenantId": "<default>",
        },
        sub.process_instance_key,
    )


def _subscription(
    p: Processor, kind: str, owner: ElementInstance, target: Element, name: str, key: str, interrupting: bool
) -> Subscription:
    sub = Subscription(
        key=p.state.keys.next(),
        kind=kind,
        name=name,
        correlation_key=key,
        element_id=target.id,
        element_instance_key=owner.key,
        process_instance_key=owner.process_instance_key,
        process_definition_key=owner.process_definition_key,
        bpmn_process_id=owner.bpmn_process_id,
        interrupting=interrupting,
    )
    p.state.add_subscription(sub)
    subscription_record(p, sub, SubscriptionIntent.CREATED)
    return sub


def correlation_key(p: Processor, owner: ElementInstance, message: MessageDef) -> str:
    expression = message.correlation_key or ""
    if not expression:
        return ""
    value = evaluate_nullable(expression, p.scopes.visible(owner.key))
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        kind = "NULL" if value is None else type(value).__name__.upper()
        raise ExpressionFailure(
            f"Failed to extract the correlation key for '{expression.lstrip('= ')}': "
            f"The value must be either a string or a number, but was '{kind}'."
        )
    return value if isinstance(value, str) else str(int(value))


def open_message_subscription(
    p: Processor,
    owner: ElementInstance,
    scope: ElementInstance,
    target: Element,
    message: MessageDef,
    interrupting: bool,
) -> bool:
    """Open a message subscription and correlate a buffered message if one waits; False on incident."""
    try:
        context = p.scopes.visible(scope.key)
        name = (
            evaluate_string(message.name, context, "message name")
            if message.name.startswith("=")
            else message.name
        )
        key = correlation_key(p, scope, message)
    except ExpressionFailure as exc:
        p.incident(owner, "EXTRACT_VALUE_ERROR", str(exc), "activate")
        return False
    sub = _subscription(p, "message", owner, target, name, key, interrupting)
    from engine.runtime.messages import correlate_buffered

    p.enqueue(correlate_buffered, p, sub.key)
    return True


def open_signal_subscription(
    p: Processor, owner: ElementInstance, target: Element, signal: SignalDef, interrupting: bool
) -> bool:
    try:
        name = signal.name
        if name.startswith("="):
            name = evaluate_string(name, p.scopes.visible(owner.key), "signal name")
    except ExpressionFailure as exc:
        p.incident(owner, "EXTRACT_VALUE_ERROR", str(exc), "activate")
        return False
    _subscription(p, "signal", owner, target, name, "", interrupting)
    return True


def open_waiting(p: Processor, owner: ElementInstance, target: Element, interrupting: bool) -> bool:
    """Open whatever ``target``'s event definition waits for, owned by ``owner``."""
    event = target.event
    if event is None:
        return True
    if event.type is EventType.TIMER and event.timer is not None:
        return open_timer(p, owner, target, event.timer)
    if event.type is EventType.MESSAGE and event.message is not None:
        return open_message_subscription(p, owner, owner, target, event.message, interrupting)
    if event.type is EventType.SIGNAL and event.signal is not None:
        return open_signal_subscription(p, owner, target, event.signal, interrupting)
    return True


def close_timer_or_subscription(p: Processor, entity: Timer | Subscription) -> None:
    if isinstance(entity, Timer):
        entity.state = "CANCELED"
        p.state.drop_timer(entity)
        timer_record(p, entity, TimerIntent.CANCELED)
    else:
        entity.state = "CLOSED"
        p.state.drop_subscription(entity)
        subscription_record(p, entity, SubscriptionIntent.DELETED)


def open_boundary_events(p: Processor, ei: ElementInstance, element: Element) -> None:
    for boundary in p.process(ei).boundary_events(element.id):
        open_waiting(p, ei, boundary, boundary.cancel_activity)


def open_event_subprocesses(p: Processor, scope: ElementInstance, element: Element) -> None:
    process = p.process(scope)
    for esp in process.event_subprocesses(element.id):
        for start in process.start_events(esp.id):
            open_waiting(p, scope, start, start.interrupting)


# -- triggering -----------------------------------------------------------------------------------
def accepts_events(ei: ElementInstance) -> bool:
    """Active, and not already being interrupted by an earlier event of this command."""
    return (
        ei.state in (PI.ELEMENT_ACTIVATED, PI.ELEMENT_ACTIVATING)
        and ei.after_terminate is None
        and not ei.pending
    )


def trigger(p: Processor, owner_key: int, target_id: str, variables: dict[str, Any]) -> bool:
    """Deliver an event (timer fired, message correlated, signal) to ``target_id``; False if it cannot."""
    owner = p.state.elements.get(owner_key)
    if owner is None or not accepts_events(owner):
        return False
    target = p.process(owner).elements[target_id]
    if target.type is ElementType.BOUNDARY_EVENT:
        trigger_boundary(p, owner, target, variables)
    elif target.type is ElementType.START_EVENT:
        trigger_event_subprocess(p, owner, target, variables)
    elif owner.element_type == ElementType.EVENT_BASED_GATEWAY:
        from engine.runtime.behaviors.gateways import trigger_event_gateway

        trigger_event_gateway(p, owner, target, variables)
    else:
        if owner.state != PI.ELEMENT_ACTIVATED:
            return False
        p.close_owned(owner)
        finish_with_variables(p, owner, target, variables)
    return True


def trigger_boundary(
    p: Processor, activity: ElementInstance, boundary: Element, variables: dict[str, Any]
) -> None:
    action = {"activate": boundary.id, "variables": variables, "propagate": True}
    if boundary.cancel_activity:
        activity.after_terminate = action
        p.terminate(activity)
    else:
        scope = p.scope_of(activity)
        if scope is not None:
            p.spawn(scope, boundary.id, None, variables, True)


def trigger_event_subprocess(
    p: Processor, scope: ElementInstance, start: Element, variables: dict[str, Any]
) -> None:
    esp_id = start.parent_id
    assert esp_id is not None
    payload = {"start": start.id, "start_variables": variables}
    if not start.interrupting:
        p.spawn(scope, esp_id, None, None, False, payload)
        return
    interrupt_scope(p, scope, {"activate": esp_id, "payload": payload})


def interrupt_scope(p: Processor, scope: ElementInstance, action: dict[str, Any]) -> None:
    """Terminate everything inside ``scope``, then run ``action`` (activate an event sub-process)."""
    p.close_owned(scope)
    p.drop_queued_activations(scope)
    scope.pending = [action]
    children = p.state.child_instances(scope.key)
    p.state.touch(scope)
    for child in children:
        p.terminate(child)
    if not children:
        scope.tokens += 1
        p.scope_child_ended(scope)


# -- behaviours -----------------------------------------------------------------------------------
class StartEvent(Behavior):
    """Start events pass through; trigger variables are locals propagated on completion."""


class EndEvent(JobTask):
    """None, terminate, error, escalation, signal and message (job) end events."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        kind = element.event_type
        if kind is EventType.MESSAGE and element.task_definition is not None:
            super().activate(p, ei, element)
            return
        if kind is EventType.ERROR and element.event and element.event.error:
            throw_error_event(p, ei, element)
            return
        if (
            kind is EventType.ESCALATION
            and element.event
            and element.event.escalation
            and throw_escalation(p, ei, element) == "interrupting"
        ):
            return
        if kind is EventType.SIGNAL and element.event and element.event.signal:
            from engine.runtime.signals import broadcast_from

            broadcast_from(p, ei, element.event.signal)
        p.activated(ei, element)
        p.complete(ei)

    def leave(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        if element.event_type is EventType.TERMINATE:
            scope = p.scope_of(ei)
            if scope is not None:
                p.drop_queued_activations(scope)
                for child in p.state.child_instances(scope.key):
                    if child.key != ei.key:
                        p.terminate(child)


def throw_error_event(p: Processor, ei: ElementInstance, element: Element) -> None:
    assert element.event is not None and element.event.error is not None
    code = element.event.error.error_code or ""
    try:
        if code.startswith("="):
            code = evaluate_string(code, p.scopes.visible(ei.key), "error code")
    except ExpressionFailure as exc:
        p.incident(ei, "EXTRACT_VALUE_ERROR", str(exc), "activate")
        return
    if p.throw_event(ei, EventType.ERROR, code, {}) is None:
        text = f"Expected to throw an error event with the code '{code}', but it was not caught. No error events are available in the scope."
        p.incident(ei, "UNHANDLED_ERROR_EVENT", text, "activate")


def throw_escalation(p: Processor, ei: ElementInstance, element: Element) -> str | None:
    assert element.event is not None and element.event.escalation is not None
    code = element.event.escalation.escalation_code or ""
    if code.startswith("="):
        try:
            code = evaluate_string(code, p.scopes.visible(ei.key), "escalation code")
        except ExpressionFailure as exc:
            p.incident(ei, "EXTRACT_VALUE_ERROR", str(exc), "activate")
            return "interrupting"
    return p.throw_event(ei, EventType.ESCALATION, code, {})


class IntermediateCatchEvent(Behavior):
    """Waits for its timer, message or signal; link catch events pass through."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        if (ei.triggered and ei.triggered.get("fire")) or element.event_type is EventType.LINK:
            p.activated(ei, element)
            p.complete(ei)
            return
        if open_waiting(p, ei, element, True):
            p.activated(ei, element)


class IntermediateThrowEvent(JobTask):
    """None (pass), message (job), signal (broadcast), escalation (throw), link (jump)."""

    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        kind = element.event_type
        if kind is EventType.MESSAGE and element.task_definition is not None:
            super().activate(p, ei, element)
            return
        if kind is EventType.SIGNAL and element.event and element.event.signal:
            from engine.runtime.signals import broadcast_from

            broadcast_from(p, ei, element.event.signal)
        if (
            kind is EventType.ESCALATION
            and element.event
            and element.event.escalation
            and throw_escalation(p, ei, element) == "interrupting"
        ):
            return
        p.activated(ei, element)
        p.complete(ei)

    def leave(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        if element.event_type is not EventType.LINK:
            super().leave(p, ei, element)
            return
        scope = p.scope_of(ei)
        name = element.event.link_name if element.event else None
        for sibling in p.process(ei).children_of(element.parent_id or ""):
            if (
                sibling.type is ElementType.INTERMEDIATE_CATCH_EVENT
                and sibling.event_type is EventType.LINK
                and sibling.event is not None
                and sibling.event.link_name == name
                and scope is not None
            ):
                p.spawn(scope, sibling.id)
                return


class BoundaryEvent(Behavior):
    """Activated by its trigger in the attached activity's flow scope; passes through."""
