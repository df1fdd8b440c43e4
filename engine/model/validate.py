"""Deploy-time validation of parsed processes; every problem is collected, none stops the others.

The parser already reported what it could not read (refused elements, dangling references,
duplicate ids). This module checks the model it built: sequence flows, start events, gateways,
activities (:mod:`validate_tasks`), events (:mod:`validate_events`), and parses every ``=…``
expression of the file as FEEL.
"""

from __future__ import annotations

from engine.feel import FeelSyntaxError
from engine.feel import parse as parse_feel
from engine.model.context import ParseContext
from engine.model.elements import Element, ElementType, EventType, Process
from engine.model.rules import report
from engine.model.validate_events import check_events
from engine.model.validate_tasks import check_activities

_CONDITIONAL_SOURCES = frozenset({ElementType.EXCLUSIVE_GATEWAY, ElementType.INCLUSIVE_GATEWAY})
_EVENT_GATEWAY_TARGETS = frozenset({EventType.MESSAGE, EventType.TIMER, EventType.SIGNAL})


def validate(processes: tuple[Process, ...], ctx: ParseContext) -> None:
    """Append to ``ctx.problems`` every problem found in ``processes`` and their expressions."""
    for process in processes:
        _check_flows(process, ctx)
        _check_starts(process, ctx)
        _check_gateways(process, ctx)
        check_activities(process, ctx)
        check_events(process, ctx)
    check_feel(ctx)


def check_feel(ctx: ParseContext) -> None:
    """Parse every ``=…`` expression the parser met; report syntax errors with the caret text."""
    for ref in ctx.expressions:
        body = ref.text.lstrip()[1:]
        try:
            parse_feel(body)
        except FeelSyntaxError as exc:
            ctx.problems.add(
                ref.line, ref.owner_tag, ref.owner_id, f"invalid FEEL in {ref.attribute} '{ref.text}': {exc}"
            )


def _check_flows(process: Process, ctx: ParseContext) -> None:
    for flow in process.flows.values():
        scope = ctx.flow_scopes.get(flow.id)
        ends = {"source": flow.source_id, "target": flow.target_id}
        for role, node_id in ends.items():
            node = process.elements.get(node_id)
            if node_id in ctx.bad_references:
                continue  # a refused element, already reported
            if not node_id:
                report(ctx, flow, f"sequence flow has no {role}Ref")
            elif node is None or node.type is ElementType.PROCESS:
                report(ctx, flow, f"sequence flow {role} '{node_id}' does not exist (dangling flow)")
            elif node.parent_id != scope:
                report(
                    ctx,
                    flow,
                    f"sequence flow crosses a scope boundary: {role} '{node_id}' is in '{node.parent_id}', the flow in '{scope}'",
                )
        source = process.elements.get(flow.source_id)
        if flow.condition is not None and source is not None and source.type not in _CONDITIONAL_SOURCES:
            report(
                ctx, flow, "conditions are only supported on flows leaving an exclusive or inclusive gateway"
            )
    for element in process.elements.values():
        _check_flow_ends(element, ctx)


def _check_flow_ends(element: Element, ctx: ParseContext) -> None:
    if element.type is ElementType.START_EVENT and element.incoming:
        report(ctx, element, "start events must not have incoming sequence flows")
    if element.type is ElementType.END_EVENT and element.outgoing:
        report(ctx, element, "end events must not have outgoing sequence flows")
    if element.type is ElementType.EVENT_SUB_PROCESS and (element.incoming or element.outgoing):
        report(ctx, element, "event sub-processes must not have incoming or outgoing sequence flows")


def _check_starts(process: Process, ctx: ParseContext) -> None:
    for scope in process.elements.values():
        if not scope.is_scope:
            continue
        starts = process.start_events(scope.id)
        nones = [s for s in starts if s.event_type is EventType.NONE]
        if scope.type is ElementType.PROCESS:
            if not starts:
                report(ctx, scope, "process must have at least one start event")
            for extra in nones[1:]:
                report(ctx, extra, "a process can have only one none start event")
        elif scope.type is ElementType.SUB_PROCESS:
            if len(starts) != 1:
                report(
                    ctx,
                    scope,
                    f"embedded sub-process must have exactly one none start event, found {len(starts)}",
                )
        elif len(starts) != 1:
            report(
                ctx,
                scope,
                f"event sub-process must have exactly one (typed) start event, found {len(starts)}",
            )


def _check_gateways(process: Process, ctx: ParseContext) -> None:
    for element in process.elements.values():
        if element.default_flow is not None:
            if element.type not in _CONDITIONAL_SOURCES:
                report(ctx, element, "default flows are only supported on exclusive and inclusive gateways")
            elif element.default_flow not in element.outgoing:
                report(
                    ctx,
                    element,
                    f"default flow '{element.default_flow}' is not an outgoing flow of this gateway",
                )
        if element.type is ElementType.EVENT_BASED_GATEWAY:
            _check_event_gateway(process, element, ctx)


def _check_event_gateway(process: Process, gateway: Element, ctx: ParseContext) -> None:
    if len(gateway.outgoing) < 2:
        report(ctx, gateway, "event-based gateway must have at least two outgoing sequence flows")
    for flow_id in gateway.outgoing:
        target = process.elements.get(process.flows[flow_id].target_id)
        if target is None:
            continue
        catch = (
            target.type is ElementType.INTERMEDIATE_CATCH_EVENT
            and target.event_type in _EVENT_GATEWAY_TARGETS
        )
        if not catch:
            report(
                ctx,
                gateway,
                f"event-based gateway must lead only to message, timer or signal intermediate catch events, not '{target.id}'",
            )
