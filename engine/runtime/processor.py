"""The command processor: applies one command to the state and drains its follow-up commands.

Element lifecycle (Zeebe's, written as PROCESS_INSTANCE records)::

    ACTIVATING ──input mappings, behaviour──▶ ACTIVATED ──(wait)──▶ COMPLETING ──outputs──▶ COMPLETED
         │                                       │
         └──────────────── TERMINATING ◀─────────┘──────────────▶ TERMINATED

A failed step raises an incident and freezes the element in the state where it failed; resolving
the incident re-runs that step. Follow-up work (activate the next element, complete a scope,
terminate children) goes through a FIFO queue of commands, so long flows never recurse.
Scopes count ``tokens`` (live children plus queued activations); a scope whose count drops to
zero completes, finishes its termination, or starts its pending interrupting event sub-process.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from engine.clock import Clock, to_millis
from engine.model.elements import Element, ElementType, EventType, Process, VariableMapping
from engine.records import JobIntent, ProcessInstanceIntent, ValueType
from engine.runtime.definitions import Registry
from engine.runtime.expressions import NOW, ExpressionFailure, evaluate_mapping
from engine.runtime.incidents import Incidents
from engine.runtime.state import ElementInstance, State
from engine.runtime.variables import Scopes

PI = ProcessInstanceIntent
SCOPE_TYPES = frozenset({ElementType.PROCESS, ElementType.SUB_PROCESS, ElementType.EVENT_SUB_PROCESS})
Command = tuple[Callable[..., None], tuple[Any, ...]]
# enum members read once: a class attribute lookup on an Enum costs ten times a global's
_MI_BODY = ElementType.MULTI_INSTANCE_BODY
_PI_VALUE = ValueType.PROCESS_INSTANCE
_UNSPECIFIED = EventType.UNSPECIFIED


class Processor(Incidents):
    """State + definitions + clock: everything a behaviour needs to apply a command."""

    def __init__(self, state: State, registry: Registry, clock: Clock) -> None:
        from engine.runtime.behaviors import BEHAVIORS

        self.state = state
        self.registry = registry
        self.clock = clock
        self.now_ms = to_millis(clock.now())
        self.scopes = Scopes(self)
        self.queue: deque[Command] = deque()
        self.behaviors = BEHAVIORS
        self.jobs_available: set[str] = set()
        self.ended_instances: set[int] = set()
        # element maps by definition key: definitions never change once deployed, and a registry
        # keeps every version (a reload builds a new registry and a new processor)
        self._elements: dict[int, Mapping[str, Element]] = {}

    # -- command loop -------------------------------------------------------------------------
    def begin(self) -> None:
        now = self.clock.now()
        self.now_ms = to_millis(now)
        NOW.set(now)

    def enqueue(self, fn: Callable[..., None], *args: Any) -> None:
        self.queue.append((fn, args))

    def drain(self) -> None:
        queue = self.queue
        while queue:
            fn, args = queue.popleft()
            fn(*args)

    # -- lookups ------------------------------------------------------------------------------
    def process(self, ei: ElementInstance) -> Process:
        return self.registry.by_key[ei.process_definition_key].process

    def element(self, ei: ElementInstance) -> Element:
        elements = self._elements.get(ei.process_definition_key)
        if elements is None:
            elements = self._elements_of(ei.process_definition_key)
        return elements[ei.element_id]

    def _elements_of(self, definition_key: int) -> Mapping[str, Element]:
        elements = self._elements[definition_key] = self.registry.by_key[definition_key].process.elements
        return elements

    def behavior(self, ei: ElementInstance) -> Any:
        return self.behaviors[ei.element_type]

    def scope_of(self, ei: ElementInstance) -> ElementInstance | None:
        return self.state.elements.get(ei.flow_scope_key) if ei.flow_scope_key >= 0 else None

    # -- records ------------------------------------------------------------------------------
    def pi_record(self, ei: ElementInstance, intent: PI, element: Element | None = None) -> None:
        ei.state = intent
        el = element or self.element(ei)
        element_type = ei.element_type
        self.state.record(
            _PI_VALUE,
            intent,
            ei.key,
            self.now_ms,
            {
                "bpmnProcessId": ei.bpmn_process_id,
                "version": ei.version,
                "processDefinitionKey": ei.process_definition_key,
                "processInstanceKey": ei.process_instance_key,
                "elementId": ei.element_id,
                "flowScopeKey": ei.flow_scope_key,
                "bpmnElementType": element_type,
                "bpmnEventType": (el.event.type if el.event else _UNSPECIFIED)
                if element_type != _MI_BODY
                else "UNSPECIFIED",
                "parentProcessInstanceKey": ei.parent_process_instance_key,
                "parentElementInstanceKey": ei.parent_element_instance_key,
                "tenantId": "<default>",
            },
            ei.process_instance_key,
        )

    # -- creating element instances -------------------------------------------------------------
    def spawn(
        self,
        scope: ElementInstance,
        element_id: str,
        flow_id: str | None = None,
        variables: dict[str, Any] | None = None,
        propagate: bool = False,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """Queue the activation of ``element_id`` inside ``scope`` (one more token).

        ``variables`` become locals of the new instance (propagated on completion if ``propagate``);
        ``payload`` is kept on the instance for its behaviour (e.g. which start event to run).
        """
        scope.tokens += 1
        self.state.touch(scope)
        self.enqueue(self._activate, scope.key, element_id, flow_id, variables, propagate, payload)

    def _activate(
        self,
        scope_key: int,
        element_id: str,
        flow_id: str | None,
        variables: dict[str, Any] | None,
        propagate: bool,
        payload: dict[str, Any] | None,
    ) -> None:
        scope = self.state.elements.get(scope_key)
        if scope is None or scope.state not in (PI.ELEMENT_ACTIVATED, PI.ELEMENT_ACTIVATING):
            return
        elements = self._elements.get(scope.process_definition_key)
        if elements is None:
            elements = self._elements_of(scope.process_definition_key)
        element = elements[element_id]
        behavior = self.behaviors[element.type]
        if flow_id is not None and not behavior.arrive(self, scope, element, flow_id):
            return
        inner = scope.element_type == _MI_BODY and scope.element_id == element.id
        etype = _MI_BODY if element.loop is not None and not inner else element.type
        ei = self.new_instance(scope, element, etype)
        if variables or payload:
            ei.triggered = {"variables": variables or {}, "propagate": propagate, **(payload or {})}
        self.pi_record(ei, PI.ELEMENT_ACTIVATING, element)
        if variables:
            self.scopes.set_locals(ei.key, variables)
        if inner and payload:
            ei.loop_counter = payload["mi_locals"]["loopCounter"]
            self.scopes.set_locals(ei.key, payload["mi_locals"])
        self.run_activation(ei)

    def new_instance(self, scope: ElementInstance, element: Element, etype: ElementType) -> ElementInstance:
        ei = ElementInstance(
            key=self.state.keys.next(),
            process_instance_key=scope.process_instance_key,
            process_definition_key=scope.process_definition_key,
            bpmn_process_id=scope.bpmn_process_id,
            version=scope.version,
            element_id=element.id,
            element_type=etype,
            flow_scope_key=scope.key,
            state=PI.ELEMENT_ACTIVATING,
            start_ms=self.now_ms,
        )
        self.state.add_element(ei)
        return ei

    def run_activation(self, ei: ElementInstance) -> None:
        """Input mappings then the behaviour's activation (re-run when an incident is resolved)."""
        element = self.element(ei)
        if ei.element_type != _MI_BODY and element.io.inputs:
            try:
                self.apply_inputs(ei, element.io.inputs)
            except ExpressionFailure as exc:
                self.incident(ei, "IO_MAPPING_ERROR", str(exc), "activate")
                return
        self.behaviors[ei.element_type].activate(self, ei, element)

    def apply_inputs(self, ei: ElementInstance, mappings: tuple[VariableMapping, ...]) -> None:
        for mapping in mappings:
            value = evaluate_mapping(mapping.source, self.scopes.visible(ei.key))
            name, *path = mapping.target.split(".")
            if path:
                base = self.scopes.local(ei.key).get(name)
                value = nest(base if isinstance(base, dict) else {}, path, value)
            self.scopes.set_local(ei.key, name, value)

    def activated(self, ei: ElementInstance, element: Element | None = None) -> None:
        """Mark ACTIVATED and open what waits alongside it (boundary events, event sub-processes)."""
        el = element or self.element(ei)
        self.pi_record(ei, PI.ELEMENT_ACTIVATED, el)
        # imported where needed: most elements open nothing, and an import statement per call costs
        if el.boundary_ids and not self.is_inner_instance(ei):
            from engine.runtime.behaviors.events import open_boundary_events

            open_boundary_events(self, ei, el)
        if ei.element_type in SCOPE_TYPES:
            from engine.runtime.behaviors.events import open_event_subprocesses

            open_event_subprocesses(self, ei, el)

    def is_inner_instance(self, ei: ElementInstance) -> bool:
        """An instance of a multi-instance activity inside its body (boundaries belong to the body)."""
        return ei.element_type != _MI_BODY and self.element(ei).loop is not None

    # -- completing -----------------------------------------------------------------------------
    def complete(self, ei: ElementInstance) -> None:
        self.enqueue(self._complete, ei.key)

    def _complete(self, key: int) -> None:
        ei = self.state.elements.get(key)
        if ei is None or ei.state != PI.ELEMENT_ACTIVATED:
            return
        self.pi_record(ei, PI.ELEMENT_COMPLETING)
        self.run_completion(ei)

    def run_completion(self, ei: ElementInstance) -> None:
        """Output mappings / result propagation, then COMPLETED and leave (re-run on resolve)."""
        element = self.element(ei)
        behavior = self.behaviors[ei.element_type]
        if not behavior.completing(self, ei, element):
            return
        try:
            self.apply_outputs(ei, element)
        except ExpressionFailure as exc:
            self.incident(ei, "IO_MAPPING_ERROR", str(exc), "complete")
            return
        scope = self.scope_of(ei)
        inner = scope is not None and scope.element_type == _MI_BODY and self.is_inner_instance(ei)
        if (
            inner
            and scope is not None
            and not self.behaviors[scope.element_type].inner_completing(self, scope, ei)
        ):
            return
        self.close_owned(ei)
        self.pi_record(ei, PI.ELEMENT_COMPLETED, element)
        ei.end_ms = self.now_ms
        if not inner:
            # An inner instance hands back to its multi-instance body, which alone leaves by the
            # activity's outgoing flows once every instance is done.
            behavior.leave(self, ei, element)
        self.finish(ei, completed=True)

    def apply_outputs(self, ei: ElementInstance, element: Element) -> None:
        scope_key = ei.flow_scope_key
        if ei.element_type == _MI_BODY:
            return
        if element.io.outputs:
            context = self.scopes.visible(ei.key)
            result: dict[str, Any] = {}
            for mapping in element.io.outputs:
                value = evaluate_mapping(mapping.source, context)
                name, *path = mapping.target.split(".")
                if path:
                    base = result.get(
                        name, self.scopes.visible(scope_key).get(name) if scope_key >= 0 else None
                    )
                    value = nest(base if isinstance(base, dict) else {}, path, value)
                result[name] = value
            if scope_key >= 0:
                self.scopes.propagate(self.output_scope(ei), result)
            return
        trig = ei.triggered
        if trig and trig.get("propagate") and scope_key >= 0:
            self.scopes.propagate(self.output_scope(ei), trig["variables"])

    def output_scope(self, ei: ElementInstance) -> int:
        """Inner multi-instance results merge from the inner instance itself, others from the flow scope."""
        return ei.key if self.is_inner_instance(ei) else ei.flow_scope_key

    def take_flows(
        self,
        ei: ElementInstance,
        flow_ids: tuple[str, ...] | list[str],
        variables: dict[str, Any] | None = None,
        payload: dict[str, Any] | None = None,
    ) -> None:
        scope = self.scope_of(ei)
        if scope is None:
            return
        process = self.process(ei)
        for flow_id in flow_ids:
            flow = process.flows[flow_id]
            self.state.record(
                _PI_VALUE,
                PI.SEQUENCE_FLOW_TAKEN,
                self.state.keys.next(),
                self.now_ms,
                {
                    "bpmnProcessId": ei.bpmn_process_id,
                    "version": ei.version,
                    "processDefinitionKey": ei.process_definition_key,
                    "processInstanceKey": ei.process_instance_key,
                    "elementId": flow_id,
                    "flowScopeKey": scope.key,
                    "bpmnElementType": "SEQUENCE_FLOW",
                    "bpmnEventType": "UNSPECIFIED",
                    "tenantId": "<default>",
                },
                ei.process_instance_key,
            )
            self.spawn(scope, flow.target_id, flow_id, variables, bool(variables), payload)

    def finish(self, ei: ElementInstance, *, completed: bool) -> None:
        """Drop a finished instance and tell its flow scope (or calling activity)."""
        self.state.drop_element(ei)
        scope = self.scope_of(ei)
        if scope is not None:
            self.behaviors[scope.element_type].child_ended(self, scope, ei, completed)
        elif ei.parent_element_instance_key >= 0:
            parent = self.state.elements.get(ei.parent_element_instance_key)
            if parent is not None:
                self.behaviors[parent.element_type].child_ended(self, parent, ei, completed)
        if ei.flow_scope_key < 0:
            self.ended_instances.add(ei.key)
            if ei.started_by_message:
                from engine.runtime.messages import retry_start_events

                self.enqueue(retry_start_events, self, ei.bpmn_process_id, ei.started_by_message)

    def scope_child_ended(self, scope: ElementInstance) -> None:
        """Default bookkeeping of a scope when one of its tokens is gone."""
        scope.tokens -= 1
        self.state.touch(scope)
        if scope.joins and scope.state == PI.ELEMENT_ACTIVATED:
            from engine.runtime.behaviors.gateways import recheck_joins

            recheck_joins(self, scope)
        if scope.tokens > 0:
            return
        if scope.state == PI.ELEMENT_TERMINATING:
            self.enqueue(self._finish_termination, scope.key)
        elif scope.pending:
            action = scope.pending.pop(0)
            self.spawn(
                scope,
                action["activate"],
                None,
                action.get("variables"),
                action.get("propagate", False),
                action.get("payload"),
            )
        elif scope.state == PI.ELEMENT_ACTIVATED and scope.element_type in SCOPE_TYPES:
            self.complete(scope)

    # -- terminating ----------------------------------------------------------------------------
    def terminate(self, ei: ElementInstance) -> None:
        self.enqueue(self._terminate, ei.key)

    def _terminate(self, key: int) -> None:
        ei = self.state.elements.get(key)
        if ei is None or ei.state in (PI.ELEMENT_TERMINATING, PI.ELEMENT_COMPLETED, PI.ELEMENT_TERMINATED):
            return
        self.pi_record(ei, PI.ELEMENT_TERMINATING)
        self.close_owned(ei)
        self.resolve_incidents_of(ei)
        self.behaviors[ei.element_type].terminate(self, ei, self.element(ei))
        children = self.state.child_instances(ei.key)
        ei.pending = []
        if ei.child_instance_key >= 0 and ei.child_instance_key in self.state.elements:
            self.terminate(self.state.elements[ei.child_instance_key])
            return
        self.drop_queued_activations(ei)
        live = [c for c in children if c.state != PI.ELEMENT_TERMINATING]
        for child in live:
            self.terminate(child)
        if ei.tokens <= 0 or not children:
            ei.tokens = 0
            self.enqueue(self._finish_termination, ei.key)

    def _finish_termination(self, key: int) -> None:
        ei = self.state.elements.get(key)
        if ei is None or ei.state != PI.ELEMENT_TERMINATING:
            return
        self.pi_record(ei, PI.ELEMENT_TERMINATED)
        ei.end_ms = self.now_ms
        after = ei.after_terminate
        scope = self.scope_of(ei)
        if after and scope is not None:
            self.spawn(
                scope,
                after["activate"],
                None,
                after.get("variables"),
                after.get("propagate", False),
                after.get("payload"),
            )
        self.finish(ei, completed=False)

    def drop_queued_activations(self, scope: ElementInstance) -> None:
        """Forget activations queued inside ``scope`` (it is being terminated or interrupted)."""
        kept: deque[Command] = deque()
        for fn, args in self.queue:
            if fn == self._activate and args[0] == scope.key:
                scope.tokens -= 1
            else:
                kept.append((fn, args))
        self.queue.clear()
        self.queue.extend(kept)
        pending_joins = sum(len(flows) for flows in scope.joins.values())
        scope.joins = {}
        scope.tokens -= pending_joins
        self.state.touch(scope)

    def close_owned(self, ei: ElementInstance) -> None:
        """Close timers and subscriptions owned by ``ei`` and cancel its job / user task."""
        owned = self.state.owned_by(ei.key)
        if owned:
            from engine.runtime.behaviors.events import close_timer_or_subscription

            for entity in owned:
                close_timer_or_subscription(self, entity)
        if ei.job_key >= 0:
            job = self.state.jobs.get(ei.job_key)
            if job is not None:
                from engine.runtime.jobs import job_record

                job.state = "CANCELED"
                job_record(self, job, JobIntent.CANCELED)
                self.state.drop_job(job)
            ei.job_key = -1
        if ei.user_task_key >= 0 and ei.state == PI.ELEMENT_TERMINATING:
            from engine.runtime.behaviors.user_task import cancel_user_task

            cancel_user_task(self, ei)

    # -- errors & escalations ---------------------------------------------------------------------
    def throw_event(
        self,
        source: ElementInstance,
        kind: EventType,
        code: str,
        variables: dict[str, Any],
        message: str = "",
    ) -> str | None:
        """Trigger the catch event for an error/escalation thrown at ``source``.

        Returns None if nothing caught it, else "interrupting" or "non-interrupting".
        """
        from engine.runtime.behaviors.catching import throw

        return throw(self, source, kind, code, variables, message)


def nest(base: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    """``base`` with ``value`` placed at the dotted ``path`` (intermediate objects created)."""
    result = dict(base)
    head, *rest = path
    if rest:
        inner = result.get(head)
        result[head] = nest(inner if isinstance(inner, dict) else {}, rest, value)
    else:
        result[head] = value
    return result
