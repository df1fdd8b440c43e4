"""A parallel multi-instance user task leaves by its outgoing flow once, after every instance."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from engine.clock import FakeClock
from engine.query import UserTaskState
from engine.server import open_engine

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
  <bpmn:process id="mi-review" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <bpmn:userTask id="review">
      <bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=[&quot;a&quot;, &quot;b&quot;, &quot;c&quot;]"
              inputElement="dept" outputCollection="opinions" outputElement="={dept: dept, o: o}"/>
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="after"/>
    <bpmn:userTask id="after"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>"""


def test_each_inner_completion_waits_for_the_others(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'e.db'}", clock=FakeClock(datetime(2026, 1, 1, tzinfo=UTC)))
    try:
        engine.deploy([("mi.bpmn", BPMN.encode())])
        key = engine.create_instance(bpmn_process_id="mi-review").process_instance_key
        reviews = list(engine.user_tasks(process_instance_key=key).items)
        assert [t.element_id for t in reviews] == ["review"] * 3
        for n, task in enumerate(reviews):
            open_after = [
                t
                for t in engine.user_tasks(process_instance_key=key).items
                if t.element_id == "after" and t.state == UserTaskState.CREATED
            ]
            assert open_after == [], f"'after' opened after {n} of 3 reviews"
            engine.complete_user_task(task.key, {"o": n})
        after = [t for t in engine.user_tasks(process_instance_key=key).items if t.element_id == "after"]
        assert len(after) == 1
        opinions = {v.name: v.value for v in engine.variables(process_instance_key=key, scope_key=key).items}
        assert opinions["opinions"] == [{"dept": "a", "o": 0}, {"dept": "b", "o": 1}, {"dept": "c", "o": 2}]
    finally:
        engine.close()
