"""Multi-instance body: one inner instance per item of ``inputCollection``, in parallel or one
after the other; ``outputElement`` of each goes to its index of ``outputCollection``;
``completionCondition`` (checked after each inner completion) ends the body early.

The body is the element instance boundary events attach to; its state (``ei.mi``) holds the
collection, counters and the next index for sequential bodies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.model.elements import Element
from engine.records import ProcessInstanceIntent as PI
from engine.runtime.behaviors.base import Behavior
from engine.runtime.expressions import ExpressionFailure, evaluate, evaluate_bool, evaluate_nullable
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


class MultiInstanceBody(Behavior):
    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        loop = element.loop
        assert loop is not None
        try:
            items = evaluate(loop.input_collection, p.scopes.visible(ei.key))
        except ExpressionFailure as exc:
            p.incident(ei, "EXTRACT_VALUE_ERROR", str(exc), "activate")
            return
        if not isinstance(items, list):
            p.incident(
                ei,
                "EXTRACT_VALUE_ERROR",
                f"Expected result of the expression '{loop.input_collection}' to be 'ARRAY', but was '{type(items).__name__}'.",
                "activate",
            )
            return
        ei.mi = {"items": items, "next": 0, "completed": 0, "terminated": 0, "done": False}
        if loop.output_collection:
            p.scopes.set_local(ei.key, loop.output_collection, [None] * len(items))
        p.activated(ei, element)
        if not items:
            p.complete(ei)
        elif loop.sequential:
            self._next(p, ei, element)
        else:
            for _ in items:
                self._next(p, ei, element)

    def _next(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        assert ei.mi is not None and element.loop is not None
        index = ei.mi["next"]
        ei.mi["next"] = index + 1
        p.state.touch(ei)
        local: dict[str, Any] = {"loopCounter": index + 1}
        if element.loop.input_element:
            local[element.loop.input_element] = ei.mi["items"][index]
        p.spawn(ei, element.id, None, None, False, {"mi_locals": local})

    def child_ended(self, p: Processor, ei: ElementInstance, child: ElementInstance, completed: bool) -> None:
        ei.tokens -= 1
        p.state.touch(ei)
        if ei.state == PI.ELEMENT_TERMINATING:
            if ei.tokens <= 0:
                p.enqueue(p._finish_termination, ei.key)
            return
        if ei.mi is None:
            return
        element = p.element(ei)
        mi = ei.mi
        if completed:
            mi["completed"] += 1
        else:
            mi["terminated"] += 1
        if ei.tokens > 0:
            return
        if (
            not mi["done"]
            and element.loop is not None
            and element.loop.sequential
            and mi["next"] < len(mi["items"])
        ):
            self._next(p, ei, element)
            return
        p.complete(ei)

    def inner_completing(self, p: Processor, body: ElementInstance, inner: ElementInstance) -> bool:
        """Collect the inner instance's output and test the completion condition."""
        element = p.element(body)
        loop = element.loop
        assert loop is not None and body.mi is not None
        if loop.output_collection:
            try:
                value = evaluate_nullable(loop.output_element or "=null", p.scopes.visible(inner.key))
            except ExpressionFailure as exc:
                p.incident(inner, "EXTRACT_VALUE_ERROR", str(exc), "complete")
                return False
            collection = list(p.scopes.local(body.key).get(loop.output_collection) or [])
            index = inner.loop_counter - 1
            if 0 <= index < len(collection):
                collection[index] = value
            p.scopes.set_local(body.key, loop.output_collection, collection)
        if loop.completion_condition and not body.mi["done"]:
            context = {
                **p.scopes.visible(inner.key),
                "numberOfInstances": len(body.mi["items"]),
                "numberOfCompletedInstances": body.mi["completed"] + 1,
                "numberOfActiveInstances": body.tokens - 1,
                "numberOfTerminatedInstances": body.mi["terminated"],
            }
            try:
                done = evaluate_bool(loop.completion_condition, context)
            except ExpressionFailure as exc:
                p.incident(inner, "EXTRACT_VALUE_ERROR", str(exc), "complete")
                return False
            if done:
                body.mi["done"] = True
                p.state.touch(body)
                for other in p.state.child_instances(body.key):
                    if other.key != inner.key:
                        p.terminate(other)
        return True

    def completing(self, p: Processor, ei: ElementInstance, element: Element) -> bool:
        loop = element.loop
        if loop is not None and loop.output_collection:
            collection = p.scopes.local(ei.key).get(loop.output_collection)
            p.scopes.propagate(ei.flow_scope_key, {loop.output_collection: collection})
        return True
