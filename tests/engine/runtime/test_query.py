"""The read side: filters and paging of the query API, and an instance's record history."""

from __future__ import annotations

from datetime import timedelta

from engine.query import ElementState, InstanceState, TimerState
from tests.engine.runtime.harness import Harness


def test_process_instance_filters_and_paging(h: Harness) -> None:
    h.deploy_fixtures("chain")
    first = h.start("chain", loanId="L-1")
    h.clock.advance(timedelta(days=1))
    second = h.start("chain", loanId="L-2")
    h.cancel_instance(second)
    q = h.engine
    assert [v.key for v in q.process_instances(variable=("loanId", "L-2")).items] == [second]
    assert [v.key for v in q.process_instances(state=InstanceState.ACTIVE).items] == [first]
    assert [v.key for v in q.process_instances(state=InstanceState.CANCELED).items] == [second]
    assert [v.key for v in q.process_instances(started_after=h.clock.now() - timedelta(hours=1)).items] == [
        second
    ]
    page = q.process_instances(limit=1, offset=1)
    assert page.total == 2 and [v.key for v in page.items] == [second]
    assert q.process_definition_xml(q.process_instance(first).process_definition_key).startswith("<?xml")


def test_element_instances_variables_timers_and_history(h: Harness) -> None:
    h.deploy_fixtures("timer-catch")
    pik = h.start("timer-catch", amount=7)
    q = h.engine
    active = q.element_instances(pik, state=ElementState.ACTIVE).items
    assert [e.element_id for e in active] == ["wait"]
    assert [e.element_id for e in q.element_instances(pik, state=ElementState.COMPLETED).items] == ["start"]
    assert [(v.name, v.value) for v in q.variables(process_instance_key=pik).items] == [("amount", 7)]
    [timer] = q.timers(process_instance_key=pik).items
    assert timer.target_element_id == "wait" and timer.state == TimerState.CREATED
    h.advance(timedelta(hours=1))
    assert q.timers(process_instance_key=pik).total == 0
    assert q.timers(process_instance_key=pik, state=TimerState.TRIGGERED).total == 1
    history = q.records(process_instance_key=pik)
    assert [r.position for r in history] == sorted(r.position for r in history)
    assert ("TIMER", "TRIGGERED") in [(r.value_type, r.intent) for r in history]
    assert history[-1].intent == "ELEMENT_COMPLETED" and history[-1].value["elementId"] == "timer-catch"
