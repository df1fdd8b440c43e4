"""What the runtime cannot execute, refused at deploy time with the element id (never ignored)."""

from __future__ import annotations

from engine.model.elements import ElementType, EventType, Process, TimerKind

EXECUTABLE = frozenset(ElementType) - {ElementType.SEQUENCE_FLOW}


def unsupported(process: Process) -> list[tuple[str, str]]:
    """(element id, reason) for every element of ``process`` the engine would not run."""
    problems: list[tuple[str, str]] = []
    for element in process.elements.values():
        if element.type not in EXECUTABLE:
            problems.append(
                (element.id, f"the element type {element.type} is not supported by the embedded engine")
            )
        if element.event_type is EventType.COMPENSATION:
            problems.append((element.id, "compensation events are not supported by the embedded engine"))
        timer = element.event.timer if element.event else None
        if (
            timer is not None
            and timer.kind is TimerKind.CYCLE
            and element.type is ElementType.BOUNDARY_EVENT
            and element.cancel_activity
        ):
            problems.append((element.id, "an interrupting timer boundary event cannot have a time cycle"))
    return problems
