"""Sequence flows, tasks, gateways, sub-processes, terminate, cancel, variables."""

from __future__ import annotations

import pytest

from engine.errors import InvalidState, NotFound
from tests.engine.runtime.harness import Harness


def test_service_chain_trace_and_records(h: Harness) -> None:
    h.deploy_fixtures("chain")
    pik = h.start("chain", amount=5)
    h.work("a", {"fromA": 1})
    h.work("b", {"fromB": 2})
    assert h.trace(pik) == ["start", "a", "b", "end", "chain"]
    assert h.state_of(pik) == "COMPLETED"
    assert h.root_variables(pik) == {"amount": 5, "fromA": 1, "fromB": 2}
    intents = [
        (r.value_type, r.intent) for r in h.engine.records(process_instance_key=pik) if r.value_type == "JOB"
    ]
    assert intents == [("JOB", "CREATED"), ("JOB", "ACTIVATED"), ("JOB", "COMPLETED")] * 2


def test_first_key_and_lifecycle_order(h: Harness) -> None:
    deployment = h.deploy_fixtures("chain")
    assert deployment.key == 2251799813685249
    pik = h.start("chain")
    start_records = [
        r.intent for r in h.engine.records(process_instance_key=pik) if r.value.get("elementId") == "start"
    ]
    assert start_records == [
        "ELEMENT_ACTIVATING",
        "ELEMENT_ACTIVATED",
        "ELEMENT_COMPLETING",
        "ELEMENT_COMPLETED",
    ]


def test_identical_redeploy_keeps_version_and_change_bumps_it(h: Harness) -> None:
    first = h.deploy_fixtures("chain").processes[0]
    again = h.deploy_fixtures("chain").processes[0]
    assert (again.version, again.process_definition_key) == (first.version, first.process_definition_key)
    changed = h.deploy([("chain.bpmn", (h_fixture("chain")).replace(b'type="b"', b'type="b2"'))]).processes[0]
    assert changed.version == 2


def h_fixture(name: str) -> bytes:
    from tests.engine.runtime.harness import FIXTURES

    return (FIXTURES / f"{name}.bpmn").read_bytes()


@pytest.mark.parametrize(("amount", "path"), [(5000, "high"), (10, "low")])
def test_exclusive_gateway_condition_and_default(h: Harness, amount: int, path: str) -> None:
    h.deploy_fixtures("exclusive")
    pik = h.start("exclusive", amount=amount)
    h.work(path)
    assert h.trace(pik) == ["start", "gw", path, "end", "exclusive"]


def test_exclusive_gateway_without_match_raises_condition_incident_then_resolves(h: Harness) -> None:
    h.deploy_fixtures("exclusive-no-default")
    pik = h.start("exclusive-no-default", amount=500)
    [incident] = h.engine.incidents(process_instance_key=pik).items
    assert incident.error_type == "CONDITION_ERROR" and incident.element_id == "gw"
    h.set_variables(pik, {"amount": 5})
    h.resolve_incident(incident.key)
    assert h.trace(pik)[-2:] == ["small", "exclusive-no-default"]


def test_parallel_fork_and_join(h: Harness) -> None:
    h.deploy_fixtures("parallel")
    pik = h.start("parallel")
    h.work("b")
    assert h.state_of(pik) == "ACTIVE"
    h.work("a")
    trace = h.trace(pik)
    assert trace.count("join") == 1 and trace[-2:] == ["end", "parallel"]


@pytest.mark.parametrize(("want_a", "want_b", "types"), [(True, True, ["a", "b"]), (False, True, ["b"])])
def test_inclusive_fork_and_join(h: Harness, want_a: bool, want_b: bool, types: list[str]) -> None:
    h.deploy_fixtures("inclusive")
    pik = h.start("inclusive", wantA=want_a, wantB=want_b)
    for job_type in types:
        h.work(job_type)
    trace = h.trace(pik)
    assert trace.count("join") == 1 and trace[-1] == "inclusive"


def test_subprocess_with_input_and_output_mappings(h: Harness) -> None:
    h.deploy_fixtures("subprocess")
    pik = h.start("subprocess", amount=21)
    [job] = h.work("inner", {"inner": 1})
    assert job.variables["doubled"] == 42
    assert h.trace(pik) == ["start", "sub_start", "inner_task", "sub_end", "sub", "end", "subprocess"]
    assert h.root_variables(pik)["total"] == 43
    assert "doubled" not in h.root_variables(pik)


def test_terminate_end_event_ends_other_branches(h: Harness) -> None:
    h.deploy_fixtures("terminate")
    pik = h.start("terminate")
    assert h.state_of(pik) == "COMPLETED"
    assert "slow" in h.trace(pik, "ELEMENT_TERMINATED")
    assert h.engine.jobs(process_instance_key=pik, state=None).items[0].state == "CANCELED"


def test_cancel_instance_terminates_everything(h: Harness) -> None:
    h.deploy_fixtures("parallel")
    pik = h.start("parallel")
    h.cancel_instance(pik)
    assert h.state_of(pik) == "CANCELED"
    assert sorted(h.trace(pik, "ELEMENT_TERMINATED")) == ["a", "b", "parallel"]
    with pytest.raises(NotFound):
        h.cancel_instance(pik)


def test_set_variables_propagates_or_stays_local(h: Harness) -> None:
    h.deploy_fixtures("chain")
    pik = h.start("chain", x=1)
    [job] = h.activate_jobs(job_type="a", worker="w", timeout_ms=1000, max_jobs=1)
    h.set_variables(job.element_instance_key, {"x": 2})
    h.set_variables(job.element_instance_key, {"y": 3}, local=True)
    assert h.root_variables(pik) == {"x": 2}
    [again] = h.activate_jobs(job_type="a", worker="w", timeout_ms=1000, max_jobs=1) or [None]
    assert again is None  # still activated by the first worker


def test_delete_resource_refused_while_instances_run(h: Harness) -> None:
    deployed = h.deploy_fixtures("chain").processes[0]
    h.start("chain")
    with pytest.raises(InvalidState):
        h.delete_resource(deployed.process_definition_key)


def test_script_task_evaluates_feel(h: Harness) -> None:
    h.deploy_fixtures("script")
    pik = h.start("script", amount=1000, rate=0.05)
    assert h.root_variables(pik)["interest"] == 50


def test_io_mapping_incidents_on_missing_variables_and_resolution(h: Harness) -> None:
    h.deploy_fixtures("io-mapping")
    pik = h.start("io-mapping")
    [incident] = h.engine.incidents(process_instance_key=pik).items
    assert incident.error_type == "IO_MAPPING_ERROR" and "loan" in incident.error_message
    h.set_variables(pik, {"loan": {"amount": 5}, "summary": {"kept": True}})
    h.resolve_incident(incident.key)
    [job] = h.activate_jobs(job_type="work", worker="w", timeout_ms=1000, max_jobs=1)
    assert job.variables["amount"] == 5 and job.variables["extra"] is None  # a missing path is null
    h.complete_job(job.key, {})
    [incident] = h.engine.incidents(process_instance_key=pik).items
    assert incident.error_type == "IO_MAPPING_ERROR" and incident.element_id == "work"
    h.set_variables(job.element_instance_key, {"result": "ok"}, local=True)
    h.resolve_incident(incident.key)
    assert h.root_variables(pik)["summary"] == {"kept": True, "result": "ok"}
    assert h.state_of(pik) == "COMPLETED"
