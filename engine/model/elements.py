"""Frozen dataclasses describing one deployed process.

Expressions are kept as the raw attribute text (``"=amount > 1000"`` is FEEL, ``"PT5M"`` is a
static value), exactly as Zeebe stores them; the runtime evaluates them with ``engine.feel``.
All elements of a process, nested or not, are in ``Process.elements`` keyed by id; ``parent_id``
names the flow scope (the process id or an enclosing (event) sub-process id).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class ElementType(StrEnum):
    """Zeebe's ``BpmnElementType`` names."""

    PROCESS = "PROCESS"
    SUB_PROCESS = "SUB_PROCESS"
    EVENT_SUB_PROCESS = "EVENT_SUB_PROCESS"
    START_EVENT = "START_EVENT"
    INTERMEDIATE_CATCH_EVENT = "INTERMEDIATE_CATCH_EVENT"
    INTERMEDIATE_THROW_EVENT = "INTERMEDIATE_THROW_EVENT"
    BOUNDARY_EVENT = "BOUNDARY_EVENT"
    END_EVENT = "END_EVENT"
    SERVICE_TASK = "SERVICE_TASK"
    RECEIVE_TASK = "RECEIVE_TASK"
    USER_TASK = "USER_TASK"
    MANUAL_TASK = "MANUAL_TASK"
    TASK = "TASK"
    EXCLUSIVE_GATEWAY = "EXCLUSIVE_GATEWAY"
    PARALLEL_GATEWAY = "PARALLEL_GATEWAY"
    EVENT_BASED_GATEWAY = "EVENT_BASED_GATEWAY"
    INCLUSIVE_GATEWAY = "INCLUSIVE_GATEWAY"
    SEQUENCE_FLOW = "SEQUENCE_FLOW"
    MULTI_INSTANCE_BODY = "MULTI_INSTANCE_BODY"
    CALL_ACTIVITY = "CALL_ACTIVITY"
    BUSINESS_RULE_TASK = "BUSINESS_RULE_TASK"
    SCRIPT_TASK = "SCRIPT_TASK"
    SEND_TASK = "SEND_TASK"


class EventType(StrEnum):
    """Zeebe's ``BpmnEventType`` names."""

    UNSPECIFIED = "UNSPECIFIED"
    NONE = "NONE"
    MESSAGE = "MESSAGE"
    TIMER = "TIMER"
    ERROR = "ERROR"
    SIGNAL = "SIGNAL"
    ESCALATION = "ESCALATION"
    LINK = "LINK"
    TERMINATE = "TERMINATE"
    COMPENSATION = "COMPENSATION"


class TimerKind(StrEnum):
    DATE = "timeDate"
    DURATION = "timeDuration"
    CYCLE = "timeCycle"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an element was declared, for error messages.

    ``tag`` is the XML local name (``serviceTask``, ``sequenceFlow``…), empty when unknown.
    """

    resource: str
    line: int | None = None
    tag: str = ""


@dataclass(frozen=True, slots=True)
class VariableMapping:
    """One ``zeebe:input``/``zeebe:output``: ``source`` is an expression, ``target`` a (dotted) name."""

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class IoMapping:
    inputs: tuple[VariableMapping, ...] = ()
    outputs: tuple[VariableMapping, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskDefinition:
    """``zeebe:taskDefinition``: ``type`` and ``retries`` are expressions (static or ``=FEEL``)."""

    type: str
    retries: str = "3"


@dataclass(frozen=True, slots=True)
class TimerDef:
    kind: TimerKind
    expression: str


@dataclass(frozen=True, slots=True)
class MessageDef:
    """A referenced ``bpmn:message``: name and ``zeebe:subscription correlationKey`` (expressions)."""

    message_id: str
    name: str
    correlation_key: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorDef:
    """A referenced ``bpmn:error``; ``error_code`` None on a catch event means catch-all."""

    error_id: str | None
    error_code: str | None
    error_code_variable: str | None = None
    error_message_variable: str | None = None


@dataclass(frozen=True, slots=True)
class EscalationDef:
    escalation_id: str | None
    escalation_code: str | None


@dataclass(frozen=True, slots=True)
class SignalDef:
    signal_id: str
    name: str


@dataclass(frozen=True, slots=True)
class EventDefinition:
    """The (single) event definition of an event element; exactly one payload matches ``type``."""

    type: EventType
    timer: TimerDef | None = None
    message: MessageDef | None = None
    error: ErrorDef | None = None
    escalation: EscalationDef | None = None
    signal: SignalDef | None = None
    link_name: str | None = None


@dataclass(frozen=True, slots=True)
class LoopCharacteristics:
    """``multiInstanceLoopCharacteristics`` with ``zeebe:loopCharacteristics``."""

    sequential: bool
    input_collection: str
    input_element: str | None = None
    output_collection: str | None = None
    output_element: str | None = None
    completion_condition: str | None = None


@dataclass(frozen=True, slots=True)
class FormBinding:
    """``zeebe:formDefinition``: a deployed form id (with binding type) or an external reference."""

    form_id: str | None = None
    binding_type: str = "latest"
    version_tag: str | None = None
    external_reference: str | None = None
    form_key: str | None = None


@dataclass(frozen=True, slots=True)
class UserTaskDef:
    """A user task; ``camunda_user_task`` is True with ``zeebe:userTask`` (else a job-worker task)."""

    camunda_user_task: bool
    assignee: str | None = None
    candidate_groups: str | None = None
    candidate_users: str | None = None
    due_date: str | None = None
    follow_up_date: str | None = None
    form: FormBinding | None = None
    priority: str | None = None


@dataclass(frozen=True, slots=True)
class CalledDecision:
    decision_id: str
    result_variable: str
    binding_type: str = "latest"


@dataclass(frozen=True, slots=True)
class CalledElement:
    process_id: str
    propagate_all_child_variables: bool = True
    propagate_all_parent_variables: bool = True
    binding_type: str = "latest"


@dataclass(frozen=True, slots=True)
class ScriptDef:
    """``zeebe:script``: a FEEL expression and the variable its result is written to."""

    expression: str
    result_variable: str


@dataclass(frozen=True, slots=True)
class Element:
    """One flow node (or the process itself, or a sub-process scope).

    Fields that do not apply to ``type`` stay at their defaults. Ids in ``incoming``/``outgoing``
    are sequence-flow ids; ``boundary_ids`` lists boundary events attached to this activity;
    ``children`` lists the direct child flow nodes of a scope (process/sub-process).

    A receive task carries its message in ``event`` (type MESSAGE), like a message catch event.
    ``interrupting`` is set on the start event of an event sub-process and mirrored on the event
    sub-process element itself. Message throw/end events carry ``task_definition``/``task_headers``
    (they are job-based in Zeebe).
    """

    id: str
    type: ElementType
    parent_id: str | None
    name: str | None = None
    source: SourceRef = SourceRef("", None)
    event: EventDefinition | None = None
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    default_flow: str | None = None
    io: IoMapping = IoMapping()
    task_definition: TaskDefinition | None = None
    task_headers: tuple[tuple[str, str], ...] = ()
    user_task: UserTaskDef | None = None
    called_decision: CalledDecision | None = None
    called_element: CalledElement | None = None
    script: ScriptDef | None = None
    loop: LoopCharacteristics | None = None
    # boundary events
    attached_to: str | None = None
    cancel_activity: bool = True
    # start events of event sub-processes
    interrupting: bool = True
    # scopes
    children: tuple[str, ...] = ()
    boundary_ids: tuple[str, ...] = ()

    @property
    def event_type(self) -> EventType:
        return self.event.type if self.event else EventType.UNSPECIFIED

    @property
    def is_scope(self) -> bool:
        return self.type in (ElementType.PROCESS, ElementType.SUB_PROCESS, ElementType.EVENT_SUB_PROCESS)


@dataclass(frozen=True, slots=True)
class SequenceFlow:
    id: str
    source_id: str
    target_id: str
    condition: str | None = None
    name: str | None = None
    source: SourceRef = SourceRef("", None)


def _frozen(mapping: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class Process:
    """One executable process of a deployed resource.

    ``embedded_forms`` maps ``zeebe:userTaskForm`` ids (declared in the process extension elements,
    referenced by job-worker user tasks as ``formKey="camunda-forms:bpmn:<id>"``) to the form JSON text.
    """

    id: str
    name: str | None
    resource_name: str
    elements: Mapping[str, Element] = field(default_factory=dict)
    flows: Mapping[str, SequenceFlow] = field(default_factory=dict)
    version_tag: str | None = None
    embedded_forms: Mapping[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Element:
        return self.elements[self.id]

    def element(self, element_id: str) -> Element:
        return self.elements[element_id]

    def children_of(self, scope_id: str) -> tuple[Element, ...]:
        return tuple(self.elements[c] for c in self.elements[scope_id].children)

    def start_events(self, scope_id: str) -> tuple[Element, ...]:
        return tuple(e for e in self.children_of(scope_id) if e.type is ElementType.START_EVENT)

    def none_start_event(self, scope_id: str) -> Element | None:
        return next((e for e in self.start_events(scope_id) if e.event_type is EventType.NONE), None)

    def event_subprocesses(self, scope_id: str) -> tuple[Element, ...]:
        return tuple(e for e in self.children_of(scope_id) if e.type is ElementType.EVENT_SUB_PROCESS)

    def boundary_events(self, activity_id: str) -> tuple[Element, ...]:
        return tuple(self.elements[b] for b in self.elements[activity_id].boundary_ids)
