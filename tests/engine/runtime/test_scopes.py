"""Harder scope cases: inclusive joins with a branch that never arrives, interrupting a
sub-process with parallel work inside, escalations with no catcher."""

from __future__ import annotations

from datetime import timedelta

from tests.engine.runtime.harness import Harness


def test_inclusive_join_fires_when_the_other_branch_ends_elsewhere(h: Harness) -> None:
    h.deploy_fixtures("inclusive-dead-branch")
    pik = h.start("inclusive-dead-branch", stop=True)
    h.work("a")
    assert h.state_of(pik) == "ACTIVE"
    h.work("b")
    trace = h.trace(pik)
    assert trace.count("join") == 1 and "b_stops" in trace and trace[-1] == "inclusive-dead-branch"


def test_inclusive_join_waits_for_both_arrivals(h: Harness) -> None:
    h.deploy_fixtures("inclusive-dead-branch")
    pik = h.start("inclusive-dead-branch", stop=False)
    h.work("b")
    assert "join" not in h.trace(pik)
    h.work("a")
    assert h.trace(pik).count("join") == 1 and h.state_of(pik) == "COMPLETED"


def test_boundary_timer_interrupts_a_subprocess_with_parallel_jobs(h: Harness) -> None:
    h.deploy_fixtures("subprocess-timer")
    pik = h.start("subprocess-timer")
    h.work("x")
    h.advance(timedelta(days=2))
    terminated = h.trace(pik, "ELEMENT_TERMINATED")
    assert {"y", "sub"} <= set(terminated)
    assert h.engine.jobs(process_instance_key=pik).total == 2
    assert [j.state for j in h.engine.jobs(process_instance_key=pik).items] == ["COMPLETED", "CANCELED"]
    # the escalation end event has no catcher outside the sub-process: the instance just ends
    assert h.trace(pik)[-2:] == ["slow_end", "subprocess-timer"]


def test_subprocess_completes_after_parallel_join(h: Harness) -> None:
    h.deploy_fixtures("subprocess-timer")
    pik = h.start("subprocess-timer")
    h.work("y")
    h.work("x")
    assert h.trace(pik)[-5:] == ["sub_join", "sub_end", "sub", "end", "subprocess-timer"]
    assert h.state_of(pik) == "COMPLETED" and h.engine.timers(process_instance_key=pik).total == 0
