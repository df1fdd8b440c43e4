"""Small helpers shared by the validation rule modules."""

from __future__ import annotations

from engine.model.context import ParseContext
from engine.model.elements import Element, SequenceFlow


def report(ctx: ParseContext, item: Element | SequenceFlow, message: str) -> None:
    """Record a problem located at a model element (or sequence flow)."""
    ctx.problems.add(item.source.line, item.source.tag or item.__class__.__name__, item.id, message)
