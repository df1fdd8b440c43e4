"""Element behaviours, one module per element family, looked up by element type."""

from __future__ import annotations

from typing import Any

from engine.model.elements import ElementType
from engine.runtime.behaviors.base import PassThrough
from engine.runtime.behaviors.call_activity import CallActivity
from engine.runtime.behaviors.events import (
    BoundaryEvent,
    EndEvent,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    StartEvent,
)
from engine.runtime.behaviors.gateways import (
    EventBasedGateway,
    ExclusiveGateway,
    InclusiveGateway,
    ParallelGateway,
)
from engine.runtime.behaviors.multi_instance import MultiInstanceBody
from engine.runtime.behaviors.scopes import EventSubProcessBehavior, ProcessBehavior, SubProcessBehavior
from engine.runtime.behaviors.tasks import BusinessRuleTask, JobTask, ReceiveTask, ScriptTask
from engine.runtime.behaviors.user_task import UserTaskBehavior

BEHAVIORS: dict[str, Any] = {
    ElementType.PROCESS: ProcessBehavior(),
    ElementType.SUB_PROCESS: SubProcessBehavior(),
    ElementType.EVENT_SUB_PROCESS: EventSubProcessBehavior(),
    ElementType.START_EVENT: StartEvent(),
    ElementType.END_EVENT: EndEvent(),
    ElementType.INTERMEDIATE_CATCH_EVENT: IntermediateCatchEvent(),
    ElementType.INTERMEDIATE_THROW_EVENT: IntermediateThrowEvent(),
    ElementType.BOUNDARY_EVENT: BoundaryEvent(),
    ElementType.SERVICE_TASK: JobTask(),
    ElementType.SEND_TASK: JobTask(),
    ElementType.SCRIPT_TASK: ScriptTask(),
    ElementType.BUSINESS_RULE_TASK: BusinessRuleTask(),
    ElementType.USER_TASK: UserTaskBehavior(),
    ElementType.RECEIVE_TASK: ReceiveTask(),
    ElementType.MANUAL_TASK: PassThrough(),
    ElementType.TASK: PassThrough(),
    ElementType.EXCLUSIVE_GATEWAY: ExclusiveGateway(),
    ElementType.PARALLEL_GATEWAY: ParallelGateway(),
    ElementType.INCLUSIVE_GATEWAY: InclusiveGateway(),
    ElementType.EVENT_BASED_GATEWAY: EventBasedGateway(),
    ElementType.CALL_ACTIVITY: CallActivity(),
    ElementType.MULTI_INSTANCE_BODY: MultiInstanceBody(),
}
