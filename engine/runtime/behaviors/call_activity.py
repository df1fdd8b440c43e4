"""Call activity: starts the latest version of the called process as a child instance and waits.

Variables (SEMANTICS §3.2): the child gets a copy of everything visible at the call activity (or
only the call activity's locals with ``propagateAllParentVariables="false"``); on completion the
child's root variables come back like job results, unless ``propagateAllChildVariables="false"``.
Terminating the call activity cancels the child; a child error can be caught in the parent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.model.elements import Element
from engine.runtime.behaviors.base import Behavior
from engine.runtime.behaviors.tasks import finish_with_variables
from engine.runtime.expressions import ExpressionFailure, evaluate_string
from engine.runtime.state import ElementInstance

if TYPE_CHECKING:
    from engine.runtime.processor import Processor


class CallActivity(Behavior):
    def activate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        called = element.called_element
        assert called is not None
        try:
            process_id = evaluate_string(called.process_id, p.scopes.visible(ei.key), "called process id")
        except ExpressionFailure as exc:
            p.incident(ei, "CALLED_ELEMENT_ERROR", str(exc), "activate")
            return
        definition = p.registry.latest("process", process_id)
        if definition is None:
            p.incident(
                ei,
                "CALLED_ELEMENT_ERROR",
                f"Expected process with BPMN process id '{process_id}' to be deployed, but not found.",
                "activate",
            )
            return
        start = definition.process.none_start_event(definition.process.id)
        if start is None:
            p.incident(
                ei,
                "CALLED_ELEMENT_ERROR",
                f"Expected process '{process_id}' to have a none start event.",
                "activate",
            )
            return
        variables = (
            p.scopes.visible(ei.key) if called.propagate_all_parent_variables else p.scopes.local(ei.key)
        )
        p.activated(ei, element)
        from engine.runtime.instances import start_instance

        child = start_instance(p, definition, variables, [start.id], parent=ei)
        ei.child_instance_key = child.key
        ei.tokens = 1
        p.state.touch(ei)

    def child_ended(self, p: Processor, ei: ElementInstance, child: ElementInstance, completed: bool) -> None:
        ei.child_instance_key = -1
        if completed:
            ei.tokens = 0  # completion was queued by child_completed
            p.state.touch(ei)
        else:
            p.scope_child_ended(ei)

    def terminate(self, p: Processor, ei: ElementInstance, element: Element) -> None:
        """The child instance is terminated by the processor (``child_instance_key``)."""


def child_completed(p: Processor, child_root: ElementInstance) -> None:
    """The called instance completed: hand its variables to the call activity, then complete it."""
    parent = p.state.elements.get(child_root.parent_element_instance_key)
    if parent is None:
        return
    element = p.element(parent)
    called = element.called_element
    variables = p.scopes.local(child_root.key)
    if called is not None and not called.propagate_all_child_variables and not element.io.outputs:
        variables = {}
    finish_with_variables(p, parent, element, variables)
