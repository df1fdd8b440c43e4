"""The pages over a realistic case: the embedded stack with the real workers, a default case
waiting for 现场确认 by the bank with the township station (第十八条)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.query import UserTaskState
from tests.web.conftest import BUREAU, GZRCB, Case, as_user, open_case
from tests.web.html import doc, field_errors, task_keys, text


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    with open_case(tmp_path, onsite=True) as opened:
        yield opened


def test_onsite_confirmation_is_for_the_loans_bank_and_township_only(case: Case) -> None:
    task = case.stack.task("Task_OnsiteConfirmation", process_instance_key=case.key)
    with TestClient(case.app) as client:
        for who in (GZRCB, as_user("township:YEPING/王")):
            assert task_keys(doc(client.get("/tasks", headers=who))) == [task.key]
        for who in (as_user("bank:ABC/赵"), as_user("township:SHAZHOUBA/王"), as_user("finance/王")):
            assert task_keys(doc(client.get("/tasks", headers=who))) == []
            assert client.get(f"/tasks/{task.key}", headers=who).status_code == 404

        page = doc(client.get(f"/tasks/{task.key}", headers=GZRCB))
        facts = text(page.xpath("//section[@class='facts']")[0])
        for fact in ("XDT-GZRCB-2025-0001", "钟秀英", "赣州农商行瑞金支行", "叶坪乡", "贷款本金50,000.00 元"):
            assert fact in facts
        assert "违约现场确认（第十八条）" in text(page)


def test_completing_onsite_confirmation_on_the_page_moves_the_case_to_the_lawsuit(case: Case) -> None:
    task = case.stack.task("Task_OnsiteConfirmation", process_instance_key=case.key)
    posted = {
        "onsiteConfirmedOn": "2026-04-15",
        "onsiteParticipants": "刘建国、钟德华（叶坪村委会）",
        "onsiteFindings": "借款人外出务工，家中无可供执行财产。",
    }
    with TestClient(case.app) as client:
        invalid = client.post(f"/tasks/{task.key}", data=posted | {"onsiteConfirmedOn": ""}, headers=GZRCB)
        assert field_errors(doc(invalid)) == {"onsiteConfirmedOn": "请选择日期"}
        done = client.post(f"/tasks/{task.key}", data=posted, headers=GZRCB)
        assert "已提交：现场确认" in text(doc(done))
    case.stack.settle()
    assert case.stack.engine.user_task(task.key).state is UserTaskState.COMPLETED
    assert "Task_IssueOnsiteConfirmation" in case.stack.visited(case.key)
    assert case.stack.variables(case.key)["repaymentCapacityLost"] is False
    lawsuit = case.stack.task("Task_FileLawsuit", process_instance_key=case.key)
    assert lawsuit.candidate_groups == ("bank:GZRCB",)


def test_ops_see_the_case_with_its_deadline_variables(case: Case) -> None:
    with TestClient(case.app) as client:
        tree = doc(client.get(f"/ops/instances/{case.key}", headers=BUREAU))
        visited = text(tree.xpath("//table[@data-testid='elements']")[0])
        assert "催收期满（30个工作日）" in visited and "现场确认" in visited
        assert "collectionDeadlineDate" in text(tree) and '"2026-04-14"' in text(tree)
        listed = doc(client.get(f"/ops?loan={case.loan_no}", headers=BUREAU))
        assert case.key in [int(k) for k in listed.xpath("//tr/@data-instance")]
