"""Which BPMN tags become which model elements, which are ignored and which are refused."""

from __future__ import annotations

from engine.model.elements import ElementType

FLOW_NODE_TYPES = {
    "startEvent": ElementType.START_EVENT,
    "endEvent": ElementType.END_EVENT,
    "intermediateCatchEvent": ElementType.INTERMEDIATE_CATCH_EVENT,
    "intermediateThrowEvent": ElementType.INTERMEDIATE_THROW_EVENT,
    "boundaryEvent": ElementType.BOUNDARY_EVENT,
    "serviceTask": ElementType.SERVICE_TASK,
    "sendTask": ElementType.SEND_TASK,
    "receiveTask": ElementType.RECEIVE_TASK,
    "userTask": ElementType.USER_TASK,
    "manualTask": ElementType.MANUAL_TASK,
    "task": ElementType.TASK,
    "businessRuleTask": ElementType.BUSINESS_RULE_TASK,
    "scriptTask": ElementType.SCRIPT_TASK,
    "callActivity": ElementType.CALL_ACTIVITY,
    "subProcess": ElementType.SUB_PROCESS,
    "exclusiveGateway": ElementType.EXCLUSIVE_GATEWAY,
    "parallelGateway": ElementType.PARALLEL_GATEWAY,
    "inclusiveGateway": ElementType.INCLUSIVE_GATEWAY,
    "eventBasedGateway": ElementType.EVENT_BASED_GATEWAY,
}
"""Supported flow node tags; ``subProcess triggeredByEvent="true"`` becomes EVENT_SUB_PROCESS."""

EVENT_TYPES = frozenset(
    {
        ElementType.START_EVENT,
        ElementType.END_EVENT,
        ElementType.INTERMEDIATE_CATCH_EVENT,
        ElementType.INTERMEDIATE_THROW_EVENT,
        ElementType.BOUNDARY_EVENT,
    }
)

ACTIVITY_TYPES = frozenset(
    {
        ElementType.SERVICE_TASK,
        ElementType.SEND_TASK,
        ElementType.RECEIVE_TASK,
        ElementType.USER_TASK,
        ElementType.MANUAL_TASK,
        ElementType.TASK,
        ElementType.BUSINESS_RULE_TASK,
        ElementType.SCRIPT_TASK,
        ElementType.CALL_ACTIVITY,
        ElementType.SUB_PROCESS,
    }
)
"""Activities: what boundary events attach to and what may be multi-instance."""

GATEWAY_TYPES = frozenset(
    {
        ElementType.EXCLUSIVE_GATEWAY,
        ElementType.PARALLEL_GATEWAY,
        ElementType.INCLUSIVE_GATEWAY,
        ElementType.EVENT_BASED_GATEWAY,
    }
)

IGNORED_IN_SCOPE = frozenset(
    {
        "documentation", "extensionElements", "laneSet", "textAnnotation", "association", "group",
        "dataObject", "dataObjectReference", "dataStoreReference", "incoming", "outgoing", "property",
        "multiInstanceLoopCharacteristics", "dataInputAssociation", "dataOutputAssociation",
    }
)  # fmt: skip
"""Children of a process/sub-process that carry no behaviour (diagram, documentation, data
objects as Zeebe treats them: modelling only) or that their flow node reads itself."""

REFUSED_TAGS = {
    "complexGateway": "complex gateways are not supported by Zeebe",
    "transaction": "transaction sub-processes are not supported by Zeebe",
    "adHocSubProcess": "ad-hoc sub-processes are not supported by the embedded engine",
    "standardLoopCharacteristics": "standard loops are not supported by Zeebe; use multi-instance",
    "callChoreography": "choreographies are not executable",
    "choreographyTask": "choreographies are not executable",
    "subChoreography": "choreographies are not executable",
    "implicitThrowEvent": "implicit throw events are not supported by Zeebe",
    "ioSpecification": "data inputs and outputs (ioSpecification) are not executed; use zeebe:ioMapping",
    "ioBinding": "data inputs and outputs are not executed; use zeebe:ioMapping",
    "rendering": "user task renderings are not supported; use zeebe:formDefinition",
    "humanPerformer": "resource assignments are not executed; use zeebe:assignmentDefinition",
    "potentialOwner": "resource assignments are not executed; use zeebe:assignmentDefinition",
    "performer": "resource assignments are not executed; use zeebe:assignmentDefinition",
    "resourceRole": "resource assignments are not executed; use zeebe:assignmentDefinition",
    "script": "inline scripts are not executed; use zeebe:script (FEEL) or a job worker",
}
"""BPMN tags refused with the reason given in the deployment error."""

REFUSED_NODES = frozenset(
    {"complexGateway", "transaction", "adHocSubProcess", "callChoreography", "choreographyTask", "subChoreography",
     "implicitThrowEvent"}
)  # fmt: skip
"""Refused tags that are flow nodes themselves: problems name them, not their scope."""
