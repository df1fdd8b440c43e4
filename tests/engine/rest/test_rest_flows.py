"""The v2 REST subset over real HTTP against the real engine: the same flows as over gRPC."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.engine.rest.conftest import deploy


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["detail"]
    return dict(body)


def create(http: httpx.Client, process_id: str, variables: dict[str, Any] | None = None) -> str:
    response = http.post(
        "/process-instances", json={"processDefinitionId": process_id, "variables": variables or {}}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["processInstanceKey"])


def test_topology_and_status(http: httpx.Client) -> None:
    topology = http.get("/topology").json()
    assert topology["clusterSize"] == 1
    assert topology["brokers"][0]["partitions"] == [{"partitionId": 1, "role": "leader", "health": "healthy"}]
    assert http.get("/status").status_code == 204


def test_process_definitions_search_get_xml(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "single-task.bpmn", "three-tasks.bpmn")
    found = http.post(
        "/process-definitions/search", json={"filter": {"processDefinitionId": "gw-three"}}
    ).json()
    assert found["page"]["totalItems"] == 1
    item = found["items"][0]
    assert (
        isinstance(item["processDefinitionKey"], str)
        and item["version"] == 1
        and item["name"] == "Three steps"
    )
    assert http.get(f"/process-definitions/{item['processDefinitionKey']}").json() == item
    xml = http.get(f"/process-definitions/{item['processDefinitionKey']}/xml")
    assert xml.headers["content-type"].startswith("text/xml") and 'id="gw-three"' in xml.text
    assert http.get(f"/process-definitions/{item['processDefinitionKey']}/form").status_code == 204
    problem(http.get("/process-definitions/123456/xml"), 404)
    problem(http.get("/process-definitions/not-a-key"), 400)


def test_create_search_page_and_cancel_instances(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "single-task.bpmn")
    keys = [create(http, "gw-single", {"n": n}) for n in range(3)]
    first = http.post(
        "/process-instances/search",
        json={
            "filter": {"processDefinitionId": "gw-single", "state": "ACTIVE"},
            "sort": [{"field": "processInstanceKey", "order": "DESC"}],
            "page": {"limit": 2},
        },
    ).json()
    assert [i["processInstanceKey"] for i in first["items"]] == keys[::-1][:2]
    assert first["page"]["totalItems"] == 3
    rest = http.post(
        "/process-instances/search",
        json={
            "filter": {"processDefinitionId": "gw-single"},
            "sort": [{"field": "processInstanceKey", "order": "DESC"}],
            "page": {"after": first["page"]["endCursor"], "limit": 2},
        },
    ).json()
    assert [i["processInstanceKey"] for i in rest["items"]] == [keys[0]]
    by_variable = http.post(
        "/process-instances/search", json={"filter": {"variables": [{"name": "n", "value": {"$gte": "1"}}]}}
    ).json()
    assert sorted(i["processInstanceKey"] for i in by_variable["items"]) == sorted(keys[1:])
    assert http.post(f"/process-instances/{keys[0]}/cancellation").status_code == 204
    assert http.get(f"/process-instances/{keys[0]}").json()["state"] == "TERMINATED"
    assert problem(http.post(f"/process-instances/{keys[0]}/cancellation"), 404)["title"] == "NOT_FOUND"
    either = http.post(
        "/process-instances/search",
        json={"filter": {"$or": [{"state": "TERMINATED"}, {"processInstanceKey": keys[2]}]}},
    ).json()
    assert sorted(i["processInstanceKey"] for i in either["items"]) == sorted([keys[0], keys[2]])


def test_create_with_await_completion_and_by_key(http: httpx.Client, real_engine: Any) -> None:
    deployment = deploy(real_engine, "instant.bpmn")
    response = http.post(
        "/process-instances",
        json={
            "processDefinitionKey": str(deployment.processes[0].process_definition_key),
            "variables": {"a": 1, "b": 2},
            "awaitCompletion": True,
            "fetchVariables": ["a"],
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["variables"] == {"a": 1}
    assert response.json()["processDefinitionId"] == "gw-instant"
    problem(http.post("/process-instances", json={"processDefinitionId": "nope"}), 404)
    problem(http.post("/process-instances", json={}), 400)
    problem(http.post("/process-instances", json={"processDefinitionId": "gw-instant", "bogus": 1}), 400)


def test_messages_publish_and_correlate(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "message.bpmn")
    waiting = create(http, "gw-message", {"caseId": "c-1"})
    second = create(http, "gw-message", {"caseId": "c-2"})
    published = http.post("/messages/publication", json={"name": "approved", "correlationKey": "c-1"}).json()
    assert published["tenantId"] == "<default>" and published["messageKey"].isdigit()
    assert http.get(f"/process-instances/{waiting}").json()["state"] == "COMPLETED"
    correlated = http.post("/messages/correlation", json={"name": "approved", "correlationKey": "c-2"}).json()
    assert correlated["processInstanceKey"] == second
    problem(http.post("/messages/correlation", json={"name": "approved", "correlationKey": "nobody"}), 404)


def test_incident_search_and_resolution(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "single-task.bpmn")
    instance = create(http, "gw-single")
    job = real_engine.activate_jobs(job_type="work", worker="rest-test", timeout_ms=60_000, max_jobs=1)[0]
    real_engine.fail_job(job.key, retries=0, error_message="core banking down")
    found = http.post("/incidents/search", json={"filter": {"processInstanceKey": instance}}).json()
    assert [(i["errorType"], i["errorMessage"], i["state"]) for i in found["items"]] == [
        ("JOB_NO_RETRIES", "core banking down", "ACTIVE")
    ]
    incident_key = found["items"][0]["incidentKey"]
    assert http.get(f"/incidents/{incident_key}").json()["jobKey"] == str(job.key)
    assert problem(http.post(f"/incidents/{incident_key}/resolution"), 409)["title"] == "INVALID_STATE"
    real_engine.update_job_retries(job.key, 1)
    assert http.post(f"/incidents/{incident_key}/resolution").status_code == 204
    assert (
        http.post("/process-instances/search", json={"filter": {"hasIncident": True}}).json()["items"] == []
    )


def test_user_task_lifecycle(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "user-task.bpmn", "approval.form")
    instance = create(http, "gw-user", {"loanId": "L-9"})
    tasks = http.post(
        "/user-tasks/search", json={"filter": {"candidateGroup": "bank", "state": "CREATED"}}
    ).json()
    assert [t["processInstanceKey"] for t in tasks["items"]] == [instance]
    task = tasks["items"][0]
    key = task["userTaskKey"]
    assert task["candidateGroups"] == ["bank"] and task["assignee"] is None and task["name"] == "Approve"
    form = http.get(f"/user-tasks/{key}/form").json()
    assert form["formId"] == "gw-approval" and form["schema"]["components"][0]["key"] == "comment"
    assert http.post(f"/user-tasks/{key}/assignment", json={"assignee": "li.wei"}).status_code == 204
    assert (
        http.post("/user-tasks/search", json={"filter": {"assignee": "li.wei"}}).json()["page"]["totalItems"]
        == 1
    )
    problem(
        http.post(f"/user-tasks/{key}/assignment", json={"assignee": "wang", "allowOverride": False}), 409
    )
    assert http.delete(f"/user-tasks/{key}/assignee").status_code == 204
    unassigned = http.post("/user-tasks/search", json={"filter": {"assignee": {"$exists": False}}}).json()
    assert [t["userTaskKey"] for t in unassigned["items"]] == [key]
    due = (datetime.now(UTC) + timedelta(days=7)).replace(microsecond=0)
    changes = {"changeset": {"dueDate": due.isoformat(), "candidateGroups": ["bank", "township"]}}
    assert http.patch(f"/user-tasks/{key}", json=changes).status_code == 204
    updated = http.get(f"/user-tasks/{key}").json()
    assert updated["candidateGroups"] == ["bank", "township"]
    assert datetime.fromisoformat(updated["dueDate"].replace("Z", "+00:00")) == due
    variables = http.post(f"/user-tasks/{key}/variables/search", json={}).json()
    assert {v["name"]: json.loads(v["value"]) for v in variables["items"]} == {"loanId": "L-9"}
    done = http.post(f"/user-tasks/{key}/completion", json={"variables": {"approved": True}})
    assert done.status_code == 204
    assert http.get(f"/user-tasks/{key}").json()["state"] == "COMPLETED"
    assert http.get(f"/process-instances/{instance}").json()["state"] == "COMPLETED"
    problem(http.post(f"/user-tasks/{key}/completion"), 404)


def test_element_instances_and_variables_search(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "single-task.bpmn")
    instance = create(http, "gw-single", {"amount": 1200, "note": "x" * 10_000})
    elements = http.post(
        "/element-instances/search",
        json={"filter": {"processInstanceKey": instance}, "sort": [{"field": "elementInstanceKey"}]},
    ).json()
    assert [(e["elementId"], e["type"], e["state"]) for e in elements["items"]] == [
        ("start", "START_EVENT", "COMPLETED"),
        ("work", "SERVICE_TASK", "ACTIVE"),
    ]
    variables = http.post(
        "/variables/search", json={"filter": {"processInstanceKey": instance}, "sort": [{"field": "name"}]}
    ).json()["items"]
    assert [(v["name"], v["isTruncated"]) for v in variables] == [("amount", False), ("note", True)]
    assert variables[0]["value"] == "1200" and variables[0]["scopeKey"] == instance
    full = http.post("/variables/search?truncateValues=false", json={"filter": {"name": "note"}}).json()[
        "items"
    ]
    assert json.loads(full[0]["value"]) == "x" * 10_000
    single = http.get(f"/variables/{variables[1]['variableKey']}").json()
    assert json.loads(single["value"]) == "x" * 10_000 and "isTruncated" not in single
    work = elements["items"][1]
    assert http.get(f"/element-instances/{work['elementInstanceKey']}").json() == work
    problem(http.get("/element-instances/1"), 404)
    problem(http.get("/variables/1"), 404)


def test_timers_extension_and_clock(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "timer.bpmn")
    instance = create(http, "gw-timer")
    timers = http.post("/x-timers/search", json={"filter": {"processInstanceKey": instance}}).json()["items"]
    assert [(t["elementId"], t["state"]) for t in timers] == [("wait", "CREATED")]
    due = datetime.fromisoformat(timers[0]["dueDate"].replace("Z", "+00:00"))
    assert timedelta(minutes=59) < due - datetime.now(UTC) <= timedelta(hours=1)
    later = (due + timedelta(hours=1)).isoformat()
    moved = http.put(
        f"/x-timers/{timers[0]['timerKey']}/due-date", json={"dueDate": later, "reason": "holiday data"}
    )
    assert moved.status_code == 204
    again = http.post("/x-timers/search", json={"filter": {"processInstanceKey": instance}}).json()["items"]
    assert datetime.fromisoformat(again[0]["dueDate"].replace("Z", "+00:00")) == due + timedelta(hours=1)
    pin_to = int((due + timedelta(minutes=30)).timestamp() * 1000)
    assert http.put("/clock", json={"timestamp": pin_to}).status_code == 204
    assert http.get(f"/process-instances/{instance}").json()["state"] == "ACTIVE"
    assert http.put("/clock", json={"timestamp": pin_to + 3_600_000}).status_code == 204
    assert http.get(f"/process-instances/{instance}").json()["state"] == "COMPLETED"
    problem(http.put("/clock", json={"timestamp": pin_to}), 400)
    assert http.post("/clock/reset").status_code == 204


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/process-instances/search", {"filter": {"noSuchField": 1}}),
        ("/process-instances/search", {"sort": [{"field": "color"}]}),
        ("/process-instances/search", {"filter": {"startDate": {"$gt": "yesterday"}}}),
        ("/process-instances/search", {"filter": {"state": {"$regex": "A.*"}}}),
        ("/process-instances/search", {"page": {"from": 1, "after": "abc"}}),
        ("/user-tasks/search", {"page": {"after": "not-a-cursor"}}),
    ],
)
def test_malformed_searches_are_bad_requests(http: httpx.Client, path: str, body: dict[str, Any]) -> None:
    problem(http.post(path, json=body), 400)


def test_start_form_of_a_process_definition(http: httpx.Client, real_engine: Any) -> None:
    deployment = deploy(real_engine, "start-form.bpmn", "approval.form", "instant.bpmn")
    keys = {p.bpmn_process_id: str(p.process_definition_key) for p in deployment.processes}
    with_form = http.post("/process-definitions/search", json={"filter": {"hasStartForm": True}}).json()
    assert [d["processDefinitionId"] for d in with_form["items"]] == ["gw-start-form"]
    form = http.get(f"/process-definitions/{keys['gw-start-form']}/form").json()
    assert form["formId"] == "gw-approval" and form["version"] == 1 and form["formKey"].isdigit()
    assert http.get(f"/process-definitions/{keys['gw-instant']}/form").status_code == 204
