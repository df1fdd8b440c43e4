"""Engine results → gateway protocol messages (the stubs pyzeebe ships; never a second proto copy)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pyzeebe.proto import gateway_pb2 as pb

from engine.api import ActivatedJob, Deployment, EvaluatedDecision, Topology
from engine.gateway.documents import dump_json

DEFAULT_TENANT = "<default>"


def tenant(value: str) -> str:
    """Responses always name the tenant; the engine may leave it blank."""
    return value or DEFAULT_TENANT


def activated_job(job: ActivatedJob) -> pb.ActivatedJob:
    """One activated job; headers and variables are always JSON objects (pyzeebe parses them)."""
    return pb.ActivatedJob(
        key=job.key,
        type=job.type,
        processInstanceKey=job.process_instance_key,
        bpmnProcessId=job.bpmn_process_id,
        processDefinitionVersion=job.process_definition_version,
        processDefinitionKey=job.process_definition_key,
        elementId=job.element_id,
        elementInstanceKey=job.element_instance_key,
        customHeaders=dump_json(dict(job.custom_headers)),
        worker=job.worker,
        retries=job.retries,
        deadline=job.deadline_ms,
        variables=dump_json(job.variables or {}),
        tenantId=tenant(job.tenant_id),
    )


RESPONSE_OVERHEAD_BYTES = 1024


def job_size(job: ActivatedJob) -> int:
    """Serialised size of one activated job on the wire."""
    return int(activated_job(job).ByteSize())


def job_batches(jobs: Sequence[ActivatedJob], max_bytes: int) -> Iterator[pb.ActivateJobsResponse]:
    """Split activated jobs into responses that each stay under the message size limit."""
    batch: list[pb.ActivatedJob] = []
    size = 0
    for job in jobs:
        message = activated_job(job)
        job_size = message.ByteSize() + 8  # field tag and length prefix
        if batch and size + job_size > max_bytes:
            yield pb.ActivateJobsResponse(jobs=batch)
            batch, size = [], 0
        batch.append(message)
        size += job_size
    if batch:
        yield pb.ActivateJobsResponse(jobs=batch)


def deployment(result: Deployment) -> pb.DeployResourceResponse:
    """The response to DeployResource: one metadata entry per deployed artifact."""
    entries: list[pb.Deployment] = []
    for process in result.processes:
        entries.append(
            pb.Deployment(
                process=pb.ProcessMetadata(
                    bpmnProcessId=process.bpmn_process_id,
                    version=process.version,
                    processDefinitionKey=process.process_definition_key,
                    resourceName=process.resource_name,
                    tenantId=tenant(process.tenant_id),
                )
            )
        )
    for decision in result.decisions:
        entries.append(
            pb.Deployment(
                decision=pb.DecisionMetadata(
                    dmnDecisionId=decision.decision_id,
                    dmnDecisionName=decision.decision_name,
                    version=decision.version,
                    decisionKey=decision.decision_key,
                    dmnDecisionRequirementsId=decision.decision_requirements_id,
                    decisionRequirementsKey=decision.decision_requirements_key,
                    tenantId=tenant(decision.tenant_id),
                )
            )
        )
    for drg in result.decision_requirements:
        entries.append(
            pb.Deployment(
                decisionRequirements=pb.DecisionRequirementsMetadata(
                    dmnDecisionRequirementsId=drg.decision_requirements_id,
                    dmnDecisionRequirementsName=drg.decision_requirements_name,
                    version=drg.version,
                    decisionRequirementsKey=drg.decision_requirements_key,
                    resourceName=drg.resource_name,
                    tenantId=tenant(drg.tenant_id),
                )
            )
        )
    for form in result.forms:
        entries.append(
            pb.Deployment(
                form=pb.FormMetadata(
                    formId=form.form_id,
                    version=form.version,
                    formKey=form.form_key,
                    resourceName=form.resource_name,
                    tenantId=tenant(form.tenant_id),
                )
            )
        )
    return pb.DeployResourceResponse(key=result.key, deployments=entries, tenantId=tenant(result.tenant_id))


def deploy_process(result: Deployment) -> pb.DeployProcessResponse:
    """The response to the deprecated DeployProcess RPC."""
    return pb.DeployProcessResponse(
        key=result.key,
        processes=[
            pb.ProcessMetadata(
                bpmnProcessId=p.bpmn_process_id,
                version=p.version,
                processDefinitionKey=p.process_definition_key,
                resourceName=p.resource_name,
                tenantId=tenant(p.tenant_id),
            )
            for p in result.processes
        ],
    )


def topology(result: Topology, *, host: str, port: int) -> pb.TopologyResponse:
    """A single-node topology. The broker is reported at the gateway's own address, the only port
    this engine has (Zeebe would show its internal broker port 26501, which nothing here listens on)."""
    partitions = [
        pb.Partition(partitionId=p + 1, role=pb.Partition.LEADER, health=pb.Partition.HEALTHY)
        for p in range(max(1, result.partitions_count))
    ]
    first = dict(result.brokers[0]) if result.brokers else {}
    broker = pb.BrokerInfo(
        nodeId=int(first.get("nodeId", 0)),
        host=host,
        port=port,
        version=str(first.get("version", result.gateway_version)),
        partitions=partitions,
    )
    return pb.TopologyResponse(
        brokers=[broker],
        clusterSize=result.cluster_size,
        partitionsCount=result.partitions_count,
        replicationFactor=result.replication_factor,
        gatewayVersion=result.gateway_version,
    )


def _json_text(value: object) -> str:
    """Audit values arrive from engine.dmn already as JSON text; encoding them again would quote them."""
    return value if isinstance(value, str) else dump_json(value)


def _evaluated(entry: object) -> pb.EvaluatedDecision:
    data = dict(entry) if isinstance(entry, dict) else {}
    return pb.EvaluatedDecision(
        decisionKey=int(data.get("decisionKey", 0)),
        decisionId=str(data.get("decisionId", "")),
        decisionName=str(data.get("decisionName", "")),
        decisionVersion=int(data.get("decisionVersion", 0)),
        decisionType=str(data.get("decisionType", "")),
        decisionOutput=_json_text(data.get("decisionOutput")),
        matchedRules=[
            pb.MatchedDecisionRule(
                ruleId=str(rule.get("ruleId", "")),
                ruleIndex=int(rule.get("ruleIndex", 0)),
                evaluatedOutputs=[
                    pb.EvaluatedDecisionOutput(
                        outputId=str(o.get("outputId", "")),
                        outputName=str(o.get("outputName", "")),
                        outputValue=_json_text(o.get("outputValue")),
                    )
                    for o in rule.get("evaluatedOutputs", ())
                ],
            )
            for rule in data.get("matchedRules", ())
        ],
        evaluatedInputs=[
            pb.EvaluatedDecisionInput(
                inputId=str(i.get("inputId", "")),
                inputName=str(i.get("inputName", "")),
                inputValue=_json_text(i.get("inputValue")),
            )
            for i in data.get("evaluatedInputs", ())
        ],
        tenantId=tenant(str(data.get("tenantId", ""))),
    )


def evaluated_decision(result: EvaluatedDecision) -> pb.EvaluateDecisionResponse:
    """The response to EvaluateDecision; inputs and outputs travel as JSON text."""
    return pb.EvaluateDecisionResponse(
        decisionKey=result.decision_key,
        decisionId=result.decision_id,
        decisionName=result.decision_name,
        decisionVersion=result.decision_version,
        decisionRequirementsId=result.decision_requirements_id,
        decisionRequirementsKey=result.decision_requirements_key,
        decisionOutput=dump_json(result.output),
        evaluatedDecisions=[_evaluated(dict(e)) for e in result.evaluated_decisions],
        failedDecisionId=result.failed_decision_id,
        failureMessage=result.failure_message,
        tenantId=tenant(result.tenant_id),
    )
