"""Variable scopes: lookup along the scope chain, local writes, and Zeebe's propagation rule.

Each element instance that holds variables is a scope keyed by its element-instance key; the
process instance key is the root. ``propagate`` implements Zeebe's ``mergeDocument``: each
top-level name replaces the variable in the nearest scope (walking outwards) that already has it,
or is created in the root scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.records import ValueType, VariableIntent
from engine.runtime.state import Variable

if TYPE_CHECKING:
    from engine.runtime.processor import Processor

_VARIABLE_VALUE = ValueType.VARIABLE  # read once per module, not per record


class Scopes:
    """Variable operations of one processor (records go through it)."""

    def __init__(self, processor: Processor) -> None:
        self.p = processor
        self.state = processor.state

    def chain(self, scope_key: int) -> list[int]:
        """Scope keys from ``scope_key`` out to its process instance root."""
        keys: list[int] = []
        elements = self.state.elements
        ei = elements.get(scope_key)
        while ei is not None:
            keys.append(ei.key)
            ei = elements.get(ei.flow_scope_key) if ei.flow_scope_key >= 0 else None
        if not keys:
            keys.append(scope_key)
        return keys

    def visible(self, scope_key: int) -> dict[str, Any]:
        """Every variable visible from ``scope_key``; inner scopes shadow outer ones."""
        result: dict[str, Any] = {}
        variables = self.state.variables
        for key in reversed(self.chain(scope_key)):
            local = variables.get(key)
            if local:
                for name, var in local.items():
                    result[name] = var.value
        return result

    def local(self, scope_key: int) -> dict[str, Any]:
        return {name: var.value for name, var in self.state.variables.get(scope_key, {}).items()}

    def set_local(self, scope_key: int, name: str, value: Any) -> None:
        scope = self.state.variables[scope_key]
        var = scope.get(name)
        ei = self.state.elements.get(scope_key)
        pik = ei.process_instance_key if ei is not None else scope_key
        if var is None:
            var = Variable(self.state.keys.next(), name, value, scope_key, pik)
            scope[name] = var
            intent = VariableIntent.CREATED
        elif var.value == value and type(var.value) is type(value):
            return
        else:
            var.value = value
            intent = VariableIntent.UPDATED
        self.state.touch(var)
        self._record(var, intent, ei)

    def set_locals(self, scope_key: int, document: Mapping[str, Any]) -> None:
        for name, value in document.items():
            self.set_local(scope_key, name, value)

    def propagate(self, scope_key: int, document: Mapping[str, Any]) -> None:
        """Merge ``document`` starting at ``scope_key`` (Zeebe's propagation rule)."""
        if not document:
            return
        chain = self.chain(scope_key)
        variables = self.state.variables
        for name, value in document.items():
            target = chain[-1]
            for key in chain:
                local = variables.get(key)
                if local is not None and name in local:
                    target = key
                    break
            self.set_local(target, name, value)

    def _record(self, var: Variable, intent: VariableIntent, ei: Any) -> None:
        self.state.record(
            _VARIABLE_VALUE,
            intent,
            var.key,
            self.p.now_ms,
            {
                "name": var.name,
                "value": var.value,
                "scopeKey": var.scope_key,
                "processInstanceKey": var.process_instance_key,
                "processDefinitionKey": ei.process_definition_key if ei is not None else -1,
                "bpmnProcessId": ei.bpmn_process_id if ei is not None else "",
                "tenantId": "<default>",
            },
            var.process_instance_key,
        )
