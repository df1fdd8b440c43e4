"""Immutable, typed model of deployed BPMN processes (definitions apart from instances).

``engine.model.parser`` turns Camunda Modeler XML into these objects; the runtime only reads them.
"""

from engine.model.elements import (
    CalledDecision,
    CalledElement,
    Element,
    ElementType,
    ErrorDef,
    EscalationDef,
    EventDefinition,
    EventType,
    FormBinding,
    IoMapping,
    LoopCharacteristics,
    MessageDef,
    Process,
    ScriptDef,
    SequenceFlow,
    SignalDef,
    SourceRef,
    TaskDefinition,
    TimerDef,
    TimerKind,
    UserTaskDef,
    VariableMapping,
)
from engine.model.parser import parse_bpmn
from engine.model.problems import BpmnInvalid

__all__ = [
    "BpmnInvalid",
    "CalledDecision",
    "CalledElement",
    "Element",
    "ElementType",
    "ErrorDef",
    "EscalationDef",
    "EventDefinition",
    "EventType",
    "FormBinding",
    "IoMapping",
    "LoopCharacteristics",
    "MessageDef",
    "Process",
    "ScriptDef",
    "SequenceFlow",
    "SignalDef",
    "SourceRef",
    "TaskDefinition",
    "TimerDef",
    "TimerKind",
    "UserTaskDef",
    "VariableMapping",
    "parse_bpmn",
]
