"""Incidents (SEMANTICS §6): raised where a step fails, resolved by re-running that step.

A non-job incident freezes its element in the lifecycle state where it failed and remembers the
step (``retry``: "activate" or "complete"); a job incident only re-enables the job.
"""

from __future__ import annotations

from engine.records import IncidentIntent, ValueType
from engine.runtime.state import ElementInstance, Incident, State


class Incidents:
    """Mixin of :class:`engine.runtime.processor.Processor`."""

    state: State
    now_ms: int

    def incident(
        self, ei: ElementInstance, error_type: str, message: str, retry: str, job_key: int = -1
    ) -> Incident:
        inc = Incident(
            key=self.state.keys.next(),
            error_type=error_type,
            error_message=message,
            element_instance_key=ei.key,
            process_instance_key=ei.process_instance_key,
            element_id=ei.element_id,
            bpmn_process_id=ei.bpmn_process_id,
            created_ms=self.now_ms,
            job_key=job_key,
            retry=retry,
        )
        self.state.incidents[inc.key] = inc
        self.state.touch(inc)
        ei.incident_key = inc.key
        self.state.touch(ei)
        self.incident_record(inc, IncidentIntent.CREATED, ei)
        return inc

    def incident_record(self, inc: Incident, intent: IncidentIntent, ei: ElementInstance | None) -> None:
        self.state.record(
            ValueType.INCIDENT,
            intent,
            inc.key,
            self.now_ms,
            {
                "errorType": inc.error_type,
                "errorMessage": inc.error_message,
                "bpmnProcessId": inc.bpmn_process_id,
                "processDefinitionKey": ei.process_definition_key if ei else -1,
                "processInstanceKey": inc.process_instance_key,
                "elementId": inc.element_id,
                "elementInstanceKey": inc.element_instance_key,
                "jobKey": inc.job_key,
                "variableScopeKey": inc.element_instance_key,
                "tenantId": "<default>",
            },
            inc.process_instance_key,
        )

    def close_incident(self, inc: Incident) -> None:
        inc.state = "RESOLVED"
        inc.live = False
        self.state.incidents.pop(inc.key, None)
        self.state.touch(inc)
        ei = self.state.elements.get(inc.element_instance_key)
        if ei is not None and ei.incident_key == inc.key:
            ei.incident_key = -1
            self.state.touch(ei)
        self.incident_record(inc, IncidentIntent.RESOLVED, ei)

    def resolve_incidents_of(self, ei: ElementInstance) -> None:
        if ei.incident_key >= 0 and ei.incident_key in self.state.incidents:
            self.close_incident(self.state.incidents[ei.incident_key])
        if ei.job_key >= 0:
            for inc in [i for i in self.state.incidents.values() if i.job_key == ei.job_key]:
                self.close_incident(inc)
