"""The official Zeebe CLI (npm ``zbctl``, a Go binary) against the real engine over real gRPC."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.query import InstanceState
from engine.server import ServerHandle
from tests.engine.gateway.conftest import BPMN

ZBCTL = Path(__file__).resolve().parents[3] / "node_modules" / ".bin" / "zbctl"

pytestmark = pytest.mark.skipif(
    not ZBCTL.exists(), reason="zbctl is not installed (run `make node`: npm installs the zbctl package)"
)


def zb(served: ServerHandle, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(ZBCTL), "--insecure", "--address", served.address, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def zb_json(served: ServerHandle, *args: str) -> Any:
    return json.loads(zb(served, *args).stdout)


def test_status_shows_a_single_healthy_leader(served: ServerHandle) -> None:
    output = zb(served, "status").stdout
    assert "Cluster size: 1" in output
    assert f"Broker 0 - {served.address}" in output
    assert "Partition 1 : Leader, Healthy" in output


def test_deploy_create_activate_complete(served: ServerHandle, real_engine: Any) -> None:
    deployed = zb_json(served, "deploy", str(BPMN / "single-task.bpmn"))
    assert deployed["processes"][0]["bpmnProcessId"] == "gw-single"  # zbctl 8.4 uses DeployProcess
    created = zb_json(served, "create", "instance", "gw-single", "--variables", '{"loan": "L-1"}')
    instance_key = int(created["processInstanceKey"])
    activated = zb_json(served, "activate", "jobs", "work", "--maxJobsToActivate", "5", "--timeout", "1m")
    assert len(activated["jobs"]) == 1
    job = activated["jobs"][0]
    assert job["worker"] == "zbctl" and json.loads(job["variables"]) == {"loan": "L-1"}
    zb(served, "complete", "job", job["key"], "--variables", '{"done": true}')
    assert real_engine.process_instance(instance_key).state == InstanceState.COMPLETED


def test_fail_to_incident_then_update_retries_and_resolve(served: ServerHandle, real_engine: Any) -> None:
    zb(served, "deploy", str(BPMN / "single-task.bpmn"))
    instance_key = int(zb_json(served, "create", "instance", "gw-single")["processInstanceKey"])
    job = zb_json(served, "activate", "jobs", "work", "--timeout", "1m")["jobs"][0]
    zb(served, "fail", "job", job["key"], "--retries", "0", "--errorMessage", "bank system down")
    incidents = real_engine.incidents(process_instance_key=instance_key).items
    assert [(i.error_type, i.error_message) for i in incidents] == [("JOB_NO_RETRIES", "bank system down")]
    refused = zb(served, "resolve", "incident", str(incidents[0].key), ok=False)
    assert refused.returncode != 0 and "FailedPrecondition" in refused.stderr
    zb(served, "update", "retries", job["key"], "--retries", "2")
    zb(served, "resolve", "incident", str(incidents[0].key))
    again = zb_json(served, "activate", "jobs", "work", "--timeout", "1m")["jobs"]
    assert [j["key"] for j in again] == [job["key"]]


def test_publish_message_and_cancel(served: ServerHandle, real_engine: Any) -> None:
    zb(served, "deploy", str(BPMN / "message.bpmn"))
    first = int(
        zb_json(served, "create", "instance", "gw-message", "--variables", '{"caseId": "c-1"}')[
            "processInstanceKey"
        ]
    )
    second = int(
        zb_json(served, "create", "instance", "gw-message", "--variables", '{"caseId": "c-2"}')[
            "processInstanceKey"
        ]
    )
    zb(served, "publish", "message", "approved", "--correlationKey", "c-1", "--variables", '{"by": "zbctl"}')
    assert real_engine.process_instance(first).state == InstanceState.COMPLETED
    zb(served, "cancel", "instance", str(second))
    assert real_engine.process_instance(second).state == InstanceState.CANCELED
    missing = zb(served, "cancel", "instance", str(second), ok=False)
    assert missing.returncode != 0 and "NotFound" in missing.stderr


def test_errors_are_printed_in_zeebe_format(served: ServerHandle) -> None:
    result = zb(served, "complete", "job", "2251799813685291", ok=False)
    assert result.returncode != 0
    assert "Command 'COMPLETE' rejected with code 'NOT_FOUND'" in result.stderr
