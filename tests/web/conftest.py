"""Fixtures for the web pages: the real engine with bpmn/ deployed, the services app over it.

Besides the project's processes, each test engine gets one small process per form in
bpmn/forms (start → a Camunda user task with that form → end), a timer process and a service
task process, so every form, timer label and incident can be reached without job workers.
Realistic state (a default case at on-site confirmation) comes from the embedded stack.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from engine.clock import FakeClock
from engine.query import UserTaskState, UserTaskView
from engine.server import deploy_directory, open_engine
from services.api.app import create_app
from services.db import Database
from services.embedded import EmbeddedStack
from services.embedded.seed import seed_demo
from services.settings import PROJECT_ROOT, Settings
from tests.services.messaging.conftest import RecordingPublisher

FORMS_DIR = PROJECT_ROOT / "bpmn" / "forms"
FORM_FILES = sorted(FORMS_DIR.glob("*.form"))
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Beijing

_NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
    'id="Defs_{pid}" targetNamespace="http://bpmn.io/schema/bpmn"'
)


def form_id(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["id"])


def form_process_id(form: str) -> str:
    return f"web-form-{form}"


def _form_process(form: str) -> bytes:
    pid = form_process_id(form)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {_NS.format(pid=pid)}>
  <bpmn:process id="{pid}" name="表单测试 {form}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="Task_Form" name="填写 {form}">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:formDefinition formId="{form}" />
        <zeebe:assignmentDefinition candidateGroups="=groups" />
        <zeebe:taskSchedule dueDate="=due" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Task_Form" />
    <bpmn:sequenceFlow id="f2" sourceRef="Task_Form" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>""".encode()


TIMER_PROCESS = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {_NS.format(pid="web-timer")}>
  <bpmn:process id="web-timer" name="期限测试" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="Timer_Deadline" name="催收期满">
      <bpmn:timerEventDefinition><bpmn:timeDate>=collectionDeadline</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Timer_Deadline" />
    <bpmn:sequenceFlow id="f2" sourceRef="Timer_Deadline" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>""".encode()

JOB_PROCESS = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions {_NS.format(pid="web-job")}>
  <bpmn:message id="Msg_Repaid" name="repayment-recorded">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=loanNo" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="web-job" name="作业测试" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="Task_Compute" name="核算代偿金额">
      <bpmn:extensionElements><zeebe:taskDefinition type="web.test.compute" retries="1" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="Event_Repaid" name="收到还款">
      <bpmn:messageEventDefinition messageRef="Msg_Repaid" />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Task_Compute" />
    <bpmn:sequenceFlow id="f2" sourceRef="Task_Compute" targetRef="Event_Repaid" />
    <bpmn:sequenceFlow id="f3" sourceRef="Event_Repaid" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>""".encode()


@dataclass
class Web:
    """The engine, its clock, the services database and a client of the app over both."""

    engine: Any
    clock: FakeClock
    db: Database
    client: TestClient

    def start(self, bpmn_process_id: str, variables: dict[str, Any]) -> int:
        created = self.engine.create_instance(bpmn_process_id=bpmn_process_id, variables=variables)
        return int(created.process_instance_key)

    def start_form(self, form: str, *, groups: list[str] | None = None, **variables: Any) -> UserTaskView:
        """Start the test process of ``form``; returns its open task."""
        base = {"groups": groups or ["finance"], "due": None, "loanNo": "XDT-GZRCB-2025-0001"}
        key = self.start(form_process_id(form), base | variables)
        return self.open_task(key)

    def open_task(self, process_instance_key: int) -> UserTaskView:
        page = self.engine.user_tasks(process_instance_key=process_instance_key, state=UserTaskState.CREATED)
        (task,) = page.items
        return task  # type: ignore[no-any-return]

    def variables(self, process_instance_key: int) -> dict[str, Any]:
        page = self.engine.variables(scope_key=process_instance_key)
        return {v.name: v.value for v in page.items}


def as_user(user: str) -> dict[str, str]:
    """The ``X-User`` header of ``user`` (``group/name``), percent-encoded as proxies send non-ASCII."""
    from urllib.parse import quote

    return {"X-User": quote(user, safe=":/")}


FINANCE = as_user("finance/王敏")
BUREAU = as_user("financial-bureau/陈")
CITY_GOV = as_user("city-government/张")
GZRCB = as_user("bank:GZRCB/李")
ABC = as_user("bank:ABC/赵")


@contextmanager
def open_web(tmp_path: Path, *, dev_mode: bool = True, seed: bool = False) -> Iterator[Web]:
    clock = FakeClock(START)
    engine = open_engine(f"sqlite:///{tmp_path / 'engine.db'}", clock=clock)
    db = Database(f"sqlite:///{tmp_path / 'services.db'}")
    try:
        deploy_directory(engine, PROJECT_ROOT / "bpmn")
        extra = [(f"{form_process_id(form_id(f))}.bpmn", _form_process(form_id(f))) for f in FORM_FILES]
        engine.deploy([*extra, ("web-timer.bpmn", TIMER_PROCESS), ("web-job.bpmn", JOB_PROCESS)])
        if seed:
            with db.session() as session:
                seed_demo(session=session, clock=clock)
        settings = Settings(db_url=db.url, dev_mode=dev_mode)
        app = create_app(settings, db=db, clock=clock, publisher=RecordingPublisher(), engine=engine)
        with TestClient(app) as client:
            yield Web(engine=engine, clock=clock, db=db, client=client)
    finally:
        db.dispose()
        engine.close()


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    """The app over a fresh engine and an empty services database, in dev mode."""
    with open_web(tmp_path) as opened:
        yield opened


@dataclass
class Case:
    """A default case on the embedded stack (engine, gateway, real workers) and the app over it."""

    stack: EmbeddedStack
    app: FastAPI
    key: int
    loan_no: str


@contextmanager
def open_case(tmp_path: Path, *, onsite: bool) -> Iterator[Case]:
    """Open a default case on 钟秀英's loan (GZRCB, 叶坪乡) on 2 March 2026; with ``onsite``, let the
    30 working days of collection run out so 现场确认 waits for bank:GZRCB and township:YEPING."""
    from services.clock import SHANGHAI
    from services.embedded import walk

    stack = EmbeddedStack.open(
        engine_db_url=f"sqlite:///{tmp_path / 'engine.db'}",
        services_db_url=f"sqlite:///{tmp_path / 'services.db'}",
        start=datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI),
        documents_dir=tmp_path / "documents",
    )
    try:
        with stack.db.session() as session:
            seed_demo(session=session, clock=stack.clock)
        loan_no = "XDT-GZRCB-2025-0001"
        key = walk.open_default(stack, loan_no)
        if onsite:
            walk.through_collection(stack, key)
        settings = Settings(db_url=stack.db.url, dev_mode=True)
        app = create_app(
            settings, db=stack.db, clock=stack.clock, publisher=RecordingPublisher(), engine=stack.engine
        )
        yield Case(stack=stack, app=app, key=key, loan_no=loan_no)
    finally:
        stack.close()
