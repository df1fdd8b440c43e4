"""Job lifecycle: activation, time-out, fail with retries and back-off, incidents, resolve."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import InvalidArgument, InvalidState, NotFound
from tests.engine.runtime.harness import Harness


def test_activation_sets_deadline_and_timeout_makes_job_activatable_again(h: Harness) -> None:
    h.deploy_fixtures("chain")
    h.start("chain", a=1, b=2)
    [job] = h.activate_jobs(job_type="a", worker="w1", timeout_ms=5_000, max_jobs=3, fetch_variables=["a"])
    assert job.variables == {"a": 1} and job.worker == "w1" and job.retries == 3
    assert h.activate_jobs(job_type="a", worker="w2", timeout_ms=5_000, max_jobs=3) == []
    assert h.advance(timedelta(seconds=6)) == 1
    [again] = h.activate_jobs(job_type="a", worker="w2", timeout_ms=5_000, max_jobs=3)
    assert again.key == job.key and again.worker == "w2"


def test_fail_with_backoff_then_no_retries_incident_and_resolve(h: Harness) -> None:
    h.deploy_fixtures("chain")
    pik = h.start("chain")
    [job] = h.activate_jobs(job_type="a", worker="w", timeout_ms=5_000, max_jobs=1)
    h.fail_job(job.key, retries=2, error_message="boom", retry_backoff_ms=10_000)
    assert h.activate_jobs(job_type="a", worker="w", timeout_ms=5_000, max_jobs=1) == []
    h.advance(timedelta(seconds=11))
    [job] = h.activate_jobs(job_type="a", worker="w", timeout_ms=5_000, max_jobs=1)
    h.fail_job(job.key, retries=0, error_message="still broken")
    [incident] = h.engine.incidents(process_instance_key=pik).items
    assert (incident.error_type, incident.error_message, incident.job_key) == (
        "JOB_NO_RETRIES",
        "still broken",
        job.key,
    )
    with pytest.raises(InvalidState):
        h.resolve_incident(incident.key)
    with pytest.raises(InvalidState):
        h.complete_job(job.key)
    h.update_job_retries(job.key, 1)
    h.resolve_incident(incident.key)
    h.work("a")
    assert h.engine.incidents(process_instance_key=pik).total == 0


def test_rejections(h: Harness) -> None:
    h.deploy_fixtures("chain")
    h.start("chain")
    with pytest.raises(NotFound):
        h.complete_job(1)
    [job] = h.activate_jobs(job_type="a", worker="w", timeout_ms=5_000, max_jobs=1)
    with pytest.raises(InvalidArgument):
        h.update_job_retries(job.key, 0)
    h.update_job_timeout(job.key, 100_000)
    assert h.engine.jobs(job_type="a").items[0].deadline is not None
    h.complete_job(job.key)
    with pytest.raises(NotFound):
        h.complete_job(job.key)


def test_throw_error_caught_by_boundary_with_output_mapping(h: Harness) -> None:
    h.deploy_fixtures("error-boundary")
    pik = h.start("error-boundary")
    [job] = h.activate_jobs(job_type="check", worker="w", timeout_ms=5_000, max_jobs=1)
    h.throw_error(
        job.key, error_code="DOCS_INVALID", error_message="bad", variables={"reason": "stamp missing"}
    )
    assert h.trace(pik)[-2:] == ["rejected", "error-boundary"]
    assert h.root_variables(pik) == {"rejection": "stamp missing"}


def test_unhandled_error_code_is_an_incident(h: Harness) -> None:
    h.deploy_fixtures("error-boundary")
    pik = h.start("error-boundary")
    [job] = h.activate_jobs(job_type="check", worker="w", timeout_ms=5_000, max_jobs=1)
    h.throw_error(job.key, error_code="OTHER")
    [incident] = h.engine.incidents(process_instance_key=pik).items
    assert incident.error_type == "UNHANDLED_ERROR_EVENT"


def test_error_end_event_caught_by_catch_all_boundary(h: Harness) -> None:
    h.deploy_fixtures("error-end")
    pik = h.start("error-end")
    assert h.trace(pik)[-2:] == ["caught_end", "error-end"]
    assert "sub" in h.trace(pik, "ELEMENT_TERMINATED")
