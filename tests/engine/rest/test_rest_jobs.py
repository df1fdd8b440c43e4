"""Jobs over REST: long-polling activation, completion, failure with retries, BPMN errors, updates."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx

from tests.engine.rest.conftest import deploy
from tests.engine.rest.test_rest_flows import create, problem


def activate(http: httpx.Client, job_type: str, **extra: Any) -> list[dict[str, Any]]:
    body = {"type": job_type, "worker": "rest-worker", "timeout": 60_000, "maxJobsToActivate": 5, **extra}
    response = http.post("/jobs/activation", json=body)
    assert response.status_code == 200, response.text
    return list(response.json()["jobs"])


def test_activate_complete_fail_and_update(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "single-task.bpmn")
    instance = create(http, "gw-single", {"amount": 7})
    jobs = activate(http, "work", requestTimeout=-1)
    assert [(j["processInstanceKey"], j["variables"], j["worker"]) for j in jobs] == [
        (instance, {"amount": 7}, "rest-worker")
    ]
    key = jobs[0]["jobKey"]
    assert activate(http, "work", requestTimeout=-1) == [], "an activated job is leased to one worker"
    assert (
        http.post(f"/jobs/{key}/failure", json={"retries": 1, "errorMessage": "retry me"}).status_code == 204
    )
    again = activate(http, "work", requestTimeout=-1)
    assert [j["jobKey"] for j in again] == [key] and again[0]["retries"] == 1
    assert (
        http.patch(f"/jobs/{key}", json={"changeset": {"retries": 4, "timeout": 120_000}}).status_code == 204
    )
    assert http.post(f"/jobs/{key}/completion", json={"variables": {"done": True}}).status_code == 204
    assert http.get(f"/process-instances/{instance}").json()["state"] == "COMPLETED"
    assert problem(http.post(f"/jobs/{key}/completion"), 404)["title"] == "NOT_FOUND"
    problem(http.patch(f"/jobs/{key}", json={"changeset": {}}), 400)


def test_long_poll_wakes_when_a_job_is_created(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "single-task.bpmn")
    timer = threading.Timer(0.3, lambda: real_engine.create_instance(bpmn_process_id="gw-single"))
    timer.start()
    started = time.monotonic()
    jobs = activate(http, "work", requestTimeout=20_000)
    assert len(jobs) == 1
    assert time.monotonic() - started < 10


def test_bpmn_error_over_rest_is_caught(http: httpx.Client, real_engine: Any) -> None:
    deploy(real_engine, "error.bpmn")
    instance = create(http, "gw-error")
    key = activate(http, "pay", requestTimeout=-1)[0]["jobKey"]
    assert http.post(f"/jobs/{key}/error", json={"errorCode": "NO_MONEY"}).status_code == 204
    notify = activate(http, "notify", requestTimeout=-1)
    assert [j["elementId"] for j in notify] == ["notify"] and notify[0]["processInstanceKey"] == instance
