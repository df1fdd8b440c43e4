"""Signals: a broadcast triggers every open signal subscription and starts one instance per process
with a matching signal start event. Not buffered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.model.elements import SignalDef
from engine.records import SignalIntent, ValueType
from engine.runtime.expressions import ExpressionFailure, evaluate_string
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


def broadcast(p: Processor, name: str, variables: dict[str, Any]) -> int:
    key = p.state.keys.next()
    p.state.record(
        ValueType.SIGNAL,
        SignalIntent.BROADCASTED,
        key,
        p.now_ms,
        {"signalName": name, "variables": variables},
    )
    from engine.runtime.behaviors.events import trigger
    from engine.runtime.instances import start_instance

    for sub_key in list(p.state.subs_by_name.get(("signal", name), {})):
        sub = p.state.subscriptions.get(sub_key)
        if sub is None:
            continue
        if sub.start:
            definition = p.registry.get(sub.process_definition_key, "process")
            if definition is not None:
                start_instance(p, definition, {}, [sub.element_id], start_variables=dict(variables))
        else:
            trigger(p, sub.element_instance_key, sub.element_id, dict(variables))
    return key


def broadcast_from(p: Processor, ei: ElementInstance, signal: SignalDef) -> None:
    """A signal throw/end event: broadcast with the event's local variables (its input mappings)."""
    name = signal.name
    if name.startswith("="):
        try:
            name = evaluate_string(name, p.scopes.visible(ei.key), "signal name")
        except ExpressionFailure:
            return
    broadcast(p, name, p.scopes.local(ei.key))
