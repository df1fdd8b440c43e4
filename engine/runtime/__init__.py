"""BPMN execution with Zeebe semantics over durable SQL state: :class:`Engine` is the entry point."""

from engine.runtime.engine import Engine

__all__ = ["Engine"]
