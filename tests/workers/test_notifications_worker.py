"""``xdt.notify.send``: a retried job sends nothing new, each firing of a reminder cycle timer sends
a new reminder (the real engine, a real pyzeebe worker, the engine clock moved forward), and bad
input fails the job with the reason."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pyzeebe import Job, ZeebeWorker, create_insecure_channel

from engine.rest.clock_control import PinnableClock
from engine.server import ServerHandle, open_engine, run_in_thread
from services.clock import FixedClock
from services.db import Database
from services.notifications import list_notifications
from workers import notifications as notification_workers
from workers.context import WorkerContext
from workers.jobs import JobInputInvalid

TaskFunction = Callable[[Job], dict[str, Any]]
_keys = itertools.count(2_251_799_813_700_001)
CASE = {"loanNo": "NT-1", "bankCode": "GZRCB", "borrowerName": "刘某", "courtName": "瑞金市人民法院"}

REMINDER_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_Reminder" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="Message_judgment" name="judgment-effective">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=loanNo" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="judgment-reminder" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:receiveTask id="Task_AwaitJudgment" messageRef="Message_judgment">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:receiveTask>
    <bpmn:boundaryEvent id="Timer_Reminder" attachedToRef="Task_AwaitJudgment" cancelActivity="false">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition id="TimerDef"><bpmn:timeCycle>R/P30D</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:serviceTask id="Task_Remind">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="xdt.notify.send" />
        <zeebe:taskHeaders><zeebe:header key="template" value="judgment-pending" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="End_Reminded"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task_AwaitJudgment" />
    <bpmn:sequenceFlow id="f2" sourceRef="Task_AwaitJudgment" targetRef="End" />
    <bpmn:sequenceFlow id="f3" sourceRef="Timer_Reminder" targetRef="Task_Remind" />
    <bpmn:sequenceFlow id="f4" sourceRef="Task_Remind" targetRef="End_Reminded" />
  </bpmn:process>
</bpmn:definitions>
"""


def job(
    variables: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
    element_instance_key: int | None = None,
) -> Job:
    """A job as the gateway hands it out; the same ``element_instance_key`` makes a re-run."""
    return Job(
        key=next(_keys),
        type="xdt.notify.send",
        process_instance_key=2_251_799_813_690_000,
        bpmn_process_id="loan-default-compensation",
        process_definition_version=1,
        process_definition_key=2_251_799_813_680_000,
        element_id="Task_RemindJudgment",
        element_instance_key=element_instance_key or next(_keys),
        custom_headers={"template": "judgment-pending"} if headers is None else headers,
        worker="test-worker",
        retries=3,
        deadline=0,
        variables=variables,
    )


@pytest.fixture
def send(db: Database, clock: FixedClock) -> TaskFunction:
    (task,) = notification_workers.router(WorkerContext(db=db, clock=clock)).tasks
    assert task.type == "xdt.notify.send"
    # pyzeebe passes the Job only to a parameter annotated with its Job class itself.
    assert task.config.job_parameter_name == "job"
    return task.original_function  # type: ignore[no-any-return]


def _inbox(db: Database, group: str = "bank:GZRCB") -> list[str]:
    with db.session() as s:
        return [n.subject for n in list_notifications(group, session=s)]


def test_a_retried_job_sends_one_notification(send: TaskFunction, db: Database) -> None:
    first = job(CASE)
    assert send(first) == {}
    retried = job(CASE, element_instance_key=first.element_instance_key)
    send(retried)

    assert _inbox(db) == ["判决生效跟进提醒：贷款NT-1"]


def test_each_element_instance_is_a_new_notification(send: TaskFunction, db: Database) -> None:
    send(job(CASE))
    send(job(CASE))

    assert len(_inbox(db)) == 2


def test_bad_input_fails_the_job_with_the_reason(send: TaskFunction, db: Database) -> None:
    with pytest.raises(JobInputInvalid, match="unknown notification template 'no-such'"):
        send(job(CASE, headers={"template": "no-such"}))
    with pytest.raises(JobInputInvalid, match="task header 'template' is required"):
        send(job(CASE, headers={}))
    with pytest.raises(JobInputInvalid, match="bankCode: is required"):
        send(job({"loanNo": "NT-1"}))
    assert _inbox(db) == []


# -- the real engine: a cycle timer fires the reminder task again and again ----------------------


@pytest.fixture
def engine_clock() -> PinnableClock:
    return PinnableClock()


@pytest.fixture
def served(tmp_path: Path, engine_clock: PinnableClock) -> Iterator[tuple[Any, ServerHandle]]:
    engine = open_engine(f"sqlite:///{tmp_path / 'engine.db'}", clock=engine_clock)
    engine.deploy([("judgment-reminder.bpmn", REMINDER_BPMN.encode())])
    handle = run_in_thread(engine, port=0)
    try:
        yield engine, handle
    finally:
        handle.stop()
        engine.close()


async def _until(check: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s}s")
        await asyncio.sleep(0.05)


async def test_every_firing_of_the_reminder_timer_sends_a_new_reminder(
    served: tuple[Any, ServerHandle], engine_clock: PinnableClock, db: Database, clock: FixedClock
) -> None:
    engine, handle = served
    start = datetime.now(UTC) + timedelta(seconds=1)
    engine_clock.pin(start)
    engine.create_instance(bpmn_process_id="judgment-reminder", variables=CASE)
    channel = create_insecure_channel(handle.address)
    worker = ZeebeWorker(channel, name="notify-test", request_timeout=1000)
    worker.include_router(notification_workers.router(WorkerContext(db=db, clock=clock)))
    running = asyncio.ensure_future(worker.work())
    try:
        await asyncio.sleep(0.5)
        assert _inbox(db) == []  # nothing before the first 30 days have passed
        for firing in (1, 2):
            engine_clock.pin(start + timedelta(days=30 * firing, seconds=firing))
            handle.poke()
            await _until(lambda n=firing: len(_inbox(db)) == n)  # type: ignore[misc]
    finally:
        await worker.stop()
        await asyncio.wait_for(running, 10)
        await channel.close()
    assert _inbox(db) == ["判决生效跟进提醒：贷款NT-1"] * 2
