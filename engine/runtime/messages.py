"""Messages (SEMANTICS §4): publish with TTL and buffering, messageId uniqueness while buffered,
correlation to open subscriptions (at most one per BPMN process id), message start events (one
active instance per correlation key), and correlation when a subscription opens."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from engine.errors import AlreadyExists
from engine.records import MessageIntent, SubscriptionIntent, ValueType
from engine.runtime.state import Message, Subscription

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


def message_record(p: Processor, msg: Message, intent: MessageIntent) -> None:
    p.state.record(
        ValueType.MESSAGE,
        intent,
        msg.key,
        p.now_ms,
        {
            "name": msg.name,
            "correlationKey": msg.correlation_key,
            "messageId": msg.message_id,
            "timeToLive": max(msg.deadline_ms - p.now_ms, 0),
            "deadline": msg.deadline_ms,
            "variables": msg.variables,
            "tenantId": "<default>",
        },
    )


def publish(
    p: Processor, name: str, correlation_key: str, ttl_ms: int, message_id: str, variables: dict[str, Any]
) -> tuple[int, list[int]]:
    """Publish; returns the message key and the process instances it reached."""
    if message_id:
        for key in p.state.messages_by_name.get((name, correlation_key), {}):
            if p.state.messages[key].message_id == message_id:
                raise AlreadyExists(
                    intent="PUBLISH",
                    reason=f"Expected to publish a new message with id '{message_id}', but a message with that id was already published",
                )
    msg = Message(
        p.state.keys.next(), name, correlation_key, message_id, variables, p.now_ms + max(ttl_ms, 0)
    )
    message_record(p, msg, MessageIntent.PUBLISHED)
    reached = _correlate_open(p, msg)
    reached += _start_instances(p, msg)
    if ttl_ms > 0:
        p.state.add_message(msg)
    else:
        msg.live = False
        message_record(p, msg, MessageIntent.EXPIRED)
    return msg.key, reached


def _correlate_open(p: Processor, msg: Message) -> list[int]:
    reached: list[int] = []
    for sub_key in list(p.state.subs_by_name.get(("message", msg.name), {})):
        sub = p.state.subscriptions.get(sub_key)
        if sub is None or sub.start or sub.correlation_key != msg.correlation_key:
            continue
        if sub.bpmn_process_id in msg.correlated:
            continue
        if correlate(p, sub, msg):
            reached.append(sub.process_instance_key)
    return reached


def correlate(p: Processor, sub: Subscription, msg: Message) -> bool:
    from engine.runtime.behaviors.events import subscription_record, trigger

    if not trigger(p, sub.element_instance_key, sub.element_id, dict(msg.variables)):
        return False
    msg.correlated.append(sub.bpmn_process_id)
    if msg.live:
        p.state.touch(msg)
    subscription_record(p, sub, SubscriptionIntent.CORRELATED, msg.variables)
    if sub.key in p.state.subscriptions and sub.interrupting:
        sub.state = "CORRELATED"
        p.state.drop_subscription(sub)
    return True


def _start_instances(p: Processor, msg: Message) -> list[int]:
    from engine.runtime.instances import start_instance

    reached: list[int] = []
    for sub_key in list(p.state.subs_by_name.get(("message", msg.name), {})):
        sub = p.state.subscriptions.get(sub_key)
        if sub is None or not sub.start or sub.bpmn_process_id in msg.correlated:
            continue
        if msg.correlation_key and _has_active_instance(p, sub.bpmn_process_id, msg.correlation_key):
            continue
        definition = p.registry.get(sub.process_definition_key, "process")
        if definition is None:
            continue
        root = start_instance(
            p,
            definition,
            {},
            [sub.element_id],
            start_variables=dict(msg.variables),
            started_by_message=msg.correlation_key or None,
        )
        msg.correlated.append(sub.bpmn_process_id)
        _record_start_correlation(p, sub, msg)
        reached.append(root.key)
    return reached


def _record_start_correlation(p: Processor, sub: Subscription, msg: Message) -> None:
    from engine.runtime.behaviors.events import subscription_record

    subscription_record(p, sub, SubscriptionIntent.CORRELATED, msg.variables)


def _has_active_instance(p: Processor, bpmn_process_id: str, correlation_key: str) -> bool:
    return bool(p.state.message_started.get((bpmn_process_id, correlation_key)))


def correlate_buffered(p: Processor, sub_key: int) -> None:
    """A subscription just opened: correlate the oldest buffered message for it, if any."""
    sub = p.state.subscriptions.get(sub_key)
    if sub is None:
        return
    for key in list(p.state.messages_by_name.get((sub.name, sub.correlation_key), {})):
        msg = p.state.messages.get(key)
        if msg is not None and msg.deadline_ms > p.now_ms and sub.bpmn_process_id not in msg.correlated:
            correlate(p, sub, msg)
            return


def retry_start_events(p: Processor, bpmn_process_id: str, correlation_key: str) -> None:
    """An instance started by a keyed message ended: a buffered message with that key may start the next."""
    names = {
        sub.name
        for key in list(p.state.owned.get(-1, {}))
        if (sub := p.state.subscriptions.get(key)) is not None
        and sub.start
        and sub.kind == "message"
        and sub.bpmn_process_id == bpmn_process_id
    }
    for name in sorted(names):
        for msg_key in list(p.state.messages_by_name.get((name, correlation_key), {})):
            msg = p.state.messages.get(msg_key)
            usable = msg is not None and bpmn_process_id not in msg.correlated and msg.deadline_ms > p.now_ms
            if usable and msg is not None and _start_instances(p, msg):
                p.state.touch(msg)
                return


def expire_due(p: Processor, limit: int) -> int:
    heap, done = p.state.message_heap, 0
    while heap and heap[0][0] <= p.now_ms and done < limit:
        _, key = heapq.heappop(heap)
        msg = p.state.messages.get(key)
        if msg is None:
            continue
        p.state.drop_message(msg)
        message_record(p, msg, MessageIntent.EXPIRED)
        done += 1
    return done


def next_message_due(p: Processor) -> int | None:
    heap = p.state.message_heap
    while heap and heap[0][1] not in p.state.messages:
        heapq.heappop(heap)
    return heap[0][0] if heap else None
