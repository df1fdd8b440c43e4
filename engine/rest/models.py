"""Request bodies of the v2 subset (Camunda 8.8 names; unknown members are refused with 400).

Filter members accept a plain value or an operator object (``{"$gt": …}``), as in Camunda.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from engine.rest.search import SearchPage, SortField

FilterValue = Any
KeyPath = Annotated[
    str, Path(pattern=r"^-?[0-9]+$", min_length=1, max_length=25, description="A key (int64 as string)")
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Search(_Strict):
    sort: list[SortField] = Field(default_factory=list)
    page: SearchPage | None = None


class ProcessDefinitionFilter(_Strict):
    name: FilterValue = None
    isLatestVersion: bool | None = None
    resourceName: FilterValue = None
    version: FilterValue = None
    versionTag: FilterValue = None
    processDefinitionId: FilterValue = None
    tenantId: FilterValue = None
    processDefinitionKey: FilterValue = None
    hasStartForm: bool | None = None


class ProcessDefinitionSearch(_Search):
    filter: ProcessDefinitionFilter | None = None


class VariableValueFilter(_Strict):
    name: str
    value: FilterValue


class ProcessInstanceFilter(_Strict):
    processInstanceKey: FilterValue = None
    parentProcessInstanceKey: FilterValue = None
    parentElementInstanceKey: FilterValue = None
    processDefinitionKey: FilterValue = None
    processDefinitionId: FilterValue = None
    processDefinitionName: FilterValue = None
    processDefinitionVersion: FilterValue = None
    processDefinitionVersionTag: FilterValue = None
    tenantId: FilterValue = None
    startDate: FilterValue = None
    endDate: FilterValue = None
    state: FilterValue = None
    hasIncident: FilterValue = None
    variables: list[VariableValueFilter] | None = None
    or_: list[ProcessInstanceFilter] | None = Field(default=None, alias="$or")


class ProcessInstanceSearch(_Search):
    filter: ProcessInstanceFilter | None = None


class ElementInstanceFilter(_Strict):
    elementInstanceKey: FilterValue = None
    processInstanceKey: FilterValue = None
    processDefinitionKey: FilterValue = None
    processDefinitionId: FilterValue = None
    elementId: FilterValue = None
    elementName: FilterValue = None
    type: FilterValue = None
    state: FilterValue = None
    hasIncident: FilterValue = None
    incidentKey: FilterValue = None
    tenantId: FilterValue = None
    startDate: FilterValue = None
    endDate: FilterValue = None
    elementInstanceScopeKey: FilterValue = None


class ElementInstanceSearch(_Search):
    filter: ElementInstanceFilter | None = None


class VariableFilter(_Strict):
    name: FilterValue = None
    value: FilterValue = None
    tenantId: FilterValue = None
    isTruncated: FilterValue = None
    variableKey: FilterValue = None
    scopeKey: FilterValue = None
    processInstanceKey: FilterValue = None


class VariableSearch(_Search):
    filter: VariableFilter | None = None


class UserTaskVariableFilter(_Strict):
    name: FilterValue = None


class UserTaskVariableSearch(_Search):
    filter: UserTaskVariableFilter | None = None


class IncidentFilter(_Strict):
    incidentKey: FilterValue = None
    processDefinitionKey: FilterValue = None
    processDefinitionId: FilterValue = None
    processInstanceKey: FilterValue = None
    elementId: FilterValue = None
    elementInstanceKey: FilterValue = None
    jobKey: FilterValue = None
    errorType: FilterValue = None
    errorMessage: FilterValue = None
    creationTime: FilterValue = None
    state: FilterValue = None
    tenantId: FilterValue = None


class IncidentSearch(_Search):
    filter: IncidentFilter | None = None


class UserTaskFilter(_Strict):
    userTaskKey: FilterValue = None
    state: FilterValue = None
    assignee: FilterValue = None
    candidateGroup: FilterValue = None
    candidateUser: FilterValue = None
    priority: FilterValue = None
    elementId: FilterValue = None
    name: FilterValue = None
    processDefinitionId: FilterValue = None
    processDefinitionKey: FilterValue = None
    processInstanceKey: FilterValue = None
    elementInstanceKey: FilterValue = None
    tenantId: FilterValue = None
    creationDate: FilterValue = None
    completionDate: FilterValue = None
    followUpDate: FilterValue = None
    dueDate: FilterValue = None
    processInstanceVariables: list[VariableValueFilter] | None = None
    localVariables: list[VariableValueFilter] | None = None


class UserTaskSearch(_Search):
    filter: UserTaskFilter | None = None


class TimerFilter(_Strict):
    """Extension: waiting timers (and, by state, triggered or cancelled ones)."""

    timerKey: FilterValue = None
    processInstanceKey: FilterValue = None
    processDefinitionKey: FilterValue = None
    processDefinitionId: FilterValue = None
    elementId: FilterValue = None
    elementInstanceKey: FilterValue = None
    state: FilterValue = None
    dueDate: FilterValue = None


class TimerSearch(_Search):
    filter: TimerFilter | None = None


# -- commands ---------------------------------------------------------------------------------
class StartInstructionBody(_Strict):
    elementId: str = Field(min_length=1)


class ProcessInstanceCreation(_Strict):
    """Create by ``processDefinitionId`` (+ version, -1 = latest) or by ``processDefinitionKey``."""

    processDefinitionId: str | None = Field(default=None, min_length=1)
    processDefinitionVersion: int = Field(default=-1, ge=-1, le=2**31 - 1)
    processDefinitionKey: str | None = None
    variables: dict[str, Any] | None = None
    tenantId: str | None = None
    operationReference: int | None = Field(default=None, ge=1)
    startInstructions: list[StartInstructionBody] = Field(default_factory=list)
    awaitCompletion: bool = False
    fetchVariables: list[str] = Field(default_factory=list)
    requestTimeout: int = Field(default=0, ge=0, le=2**62)
    tags: list[str] = Field(default_factory=list, max_length=10)


class OperationReference(_Strict):
    operationReference: int | None = Field(default=None, ge=1)


class ClockPin(_Strict):
    timestamp: int = Field(ge=0, le=253402300799999, description="Epoch milliseconds")


class MessagePublication(_Strict):
    name: str = Field(min_length=1)
    correlationKey: str = ""
    timeToLive: int = Field(default=0, ge=0, le=2**62)
    messageId: str | None = None
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


class MessageCorrelation(_Strict):
    name: str = Field(min_length=1)
    correlationKey: str = ""
    variables: dict[str, Any] | None = None
    tenantId: str | None = None


class UserTaskAssignment(_Strict):
    assignee: str = Field(min_length=1)
    allowOverride: bool | None = None
    action: str | None = None


class UserTaskCompletion(_Strict):
    variables: dict[str, Any] | None = None
    action: str | None = None


class UserTaskChangeset(BaseModel):
    """Only the listed attributes change; others are ignored, as in Camunda."""

    model_config = ConfigDict(extra="ignore")
    dueDate: str | None = None
    followUpDate: str | None = None
    candidateUsers: list[str] | None = None
    candidateGroups: list[str] | None = None
    priority: int | None = Field(default=None, ge=0, le=100)


class UserTaskUpdate(_Strict):
    changeset: UserTaskChangeset | None = None
    action: str | None = None


class TimerDueDateChange(_Strict):
    """Extension: move a waiting timer (a statutory deadline corrected or recomputed)."""

    dueDate: str = Field(description="RFC 3339 date-time with offset")
    reason: str = ""


# -- jobs ---------------------------------------------------------------------------------------
class JobActivation(_Strict):
    type: str = Field(min_length=1)
    worker: str | None = None
    timeout: int = Field(ge=1, le=2**62, description="Job lease in ms")
    maxJobsToActivate: int = Field(ge=1, le=10_000)
    fetchVariable: list[str] | None = None
    requestTimeout: int = Field(
        default=0, le=2**62, description="0 = server default (10 s); < 0 = no long polling"
    )
    tenantIds: list[str] | None = None


class JobCompletion(_Strict):
    variables: dict[str, Any] | None = None
    result: dict[str, Any] | None = None


class JobFailure(_Strict):
    retries: int = Field(default=0, ge=-(2**31), le=2**31 - 1)
    errorMessage: str | None = None
    retryBackOff: int = Field(default=0, ge=0, le=2**62)
    variables: dict[str, Any] | None = None


class JobError(_Strict):
    errorCode: str = Field(min_length=1)
    errorMessage: str | None = None
    variables: dict[str, Any] | None = None


class JobChangeset(_Strict):
    retries: int | None = Field(default=None, ge=-(2**31), le=2**31 - 1)
    timeout: int | None = Field(default=None, ge=1, le=2**62)


class JobUpdate(_Strict):
    changeset: JobChangeset
    operationReference: int | None = Field(default=None, ge=1)
