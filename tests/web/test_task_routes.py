"""The tasklist over the real engine: visibility, every deployed form rendered and enforced,
errors shown next to their fields with nothing lost, and completion moving the process on."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from engine.query import InstanceState, UserTaskState
from services.audit import AuditEntry
from services.web.forms import Component, parse_form
from tests.web.conftest import ABC, FINANCE, FORM_FILES, GZRCB, Web, as_user, form_id, open_web
from tests.web.html import doc, field_errors, task_keys, text, value_of

PATTERN_SAMPLES = {
    "courtCaseNo": "（2026）赣0781民初123号",
    "transitionAccountRef": "GZ-TR-2026-001",
    "flaggedLoans": "XDT-GZRCB-2025-0001, XDT-ABC-2025-0002",
}


def _valid(component: Component) -> tuple[list[str], Any]:
    """A valid posted value for ``component`` and the typed variable it must become."""
    kind = component.kind
    if kind == "date":
        return ["2026-03-05"], "2026-03-05"
    if kind in ("radio", "select"):
        return [component.options[-1].value], component.options[-1].raw
    if kind == "checklist":
        return [component.options[0].value], [component.options[0].raw]
    if kind == "checkbox":
        return ["true"], True
    if kind == "number":
        return ["3"], 3
    sample = PATTERN_SAMPLES.get(component.name, f"测试{component.name}")
    return [sample], sample


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_every_form_renders_enforces_its_required_fields_and_completes(web: Web, path: Path) -> None:
    form = parse_form(json.loads(path.read_text(encoding="utf-8")))
    placeholders = {p for c in form.components for p in re.findall(r"\{\{(\w+)\}\}", c.text)}
    task = web.start_form(form_id(path), **{p: f"值{p}" for p in placeholders if p != "loanNo"})

    shown = doc(web.client.get(f"/tasks/{task.key}", headers=FINANCE))
    labels = {" ".join(label.text_content().split()).rstrip("*") for label in shown.xpath("//label|//legend")}
    assert {c.label for c in form.inputs} <= labels
    form_text = text(shown.xpath("//form[@class='task-form']")[0])
    assert all(f"值{p}" in form_text for p in placeholders if p != "loanNo")

    empty = web.client.post(f"/tasks/{task.key}", data={}, headers=FINANCE)
    assert empty.status_code == 422
    assert set(field_errors(doc(empty))) == {c.name for c in form.inputs if c.required}

    posted = {c.name: _valid(c)[0] for c in form.inputs}
    done = web.client.post(f"/tasks/{task.key}", data=posted, headers=FINANCE, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/tasks?done={task.key}"
    assert web.engine.process_instance(task.process_instance_key).state is InstanceState.COMPLETED
    variables = web.variables(task.process_instance_key)
    assert {c.name: variables[c.name] for c in form.inputs} == {c.name: _valid(c)[1] for c in form.inputs}


def test_a_bank_sees_only_tasks_offered_to_it(web: Web) -> None:
    ours = web.start_form("lawsuit-filing", groups=["bank:GZRCB"])
    shared = web.start_form("onsite-confirmation", groups=["bank:GZRCB", "township:YEPING"])
    theirs = web.start_form("lawsuit-filing", groups=["bank:ABC"], loanNo="XDT-ABC-2025-0002")

    assert sorted(task_keys(doc(web.client.get("/tasks", headers=GZRCB)))) == [ours.key, shared.key]
    assert task_keys(doc(web.client.get("/tasks", headers=ABC))) == [theirs.key]
    assert task_keys(doc(web.client.get("/tasks", headers=as_user("township:YEPING/王")))) == [shared.key]
    assert task_keys(doc(web.client.get("/tasks", headers=FINANCE))) == []

    assert web.client.get(f"/tasks/{theirs.key}", headers=GZRCB).status_code == 404
    assert web.client.get(f"/tasks/{ours.key}", headers=ABC).status_code == 404
    refused = web.client.post(f"/tasks/{ours.key}", data={"courtName": "x"}, headers=ABC)
    assert refused.status_code == 404
    elsewhere = GZRCB | {"Origin": "https://evil.example"}
    assert (
        web.client.post(f"/tasks/{ours.key}", data={"courtName": "x"}, headers=elsewhere).status_code == 403
    )
    assert web.engine.user_task(ours.key).state is UserTaskState.CREATED
    assert web.client.get("/tasks/999999", headers=GZRCB).status_code == 404


def test_the_tasklist_shows_the_case_and_marks_overdue_tasks(web: Web) -> None:
    late = web.start_form("compensation-application", groups=["bank:GZRCB"], due="2026-03-05T00:00:00+08:00")
    later = web.start_form("lawsuit-filing", groups=["bank:GZRCB"], due="2026-04-01T00:00:00+08:00")
    web.clock.advance(timedelta(days=4))

    tree = doc(web.client.get("/tasks", headers=GZRCB))
    assert task_keys(tree) == [late.key, later.key]  # most urgent first
    row = tree.xpath(f"//tr[@data-task='{late.key}']")[0]
    cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
    assert cells[0] == "填写 compensation-application"
    assert cells[1] == "表单测试 compensation-application"
    assert cells[2] == "XDT-GZRCB-2025-0001"
    assert cells[3] == "2026-03-02 09:00"
    assert cells[4] == "2026-03-04 24:00（已逾期）"
    assert row.xpath("td[5]/@class") == ["overdue"]
    assert tree.xpath(f"//tr[@data-task='{later.key}']/td[5]/@class") == []


def test_an_invalid_submission_keeps_every_value_entered(web: Web) -> None:
    task = web.start_form("compensation-application", groups=["bank:GZRCB"])
    posted = {
        "applicationDate": "2026-02-30",
        "supportingMaterials": ["JUDGMENT", "ONSITE"],
        "applicationStatement": "经催收仍无力归还。<b>请</b>",
    }
    answer = web.client.post(f"/tasks/{task.key}", data=posted, headers=GZRCB)
    assert answer.status_code == 422
    tree = doc(answer)
    assert field_errors(tree) == {"applicationDate": "请输入有效日期，格式为 YYYY-MM-DD"}
    assert value_of(tree, "applicationDate") == "2026-02-30"
    assert value_of(tree, "supportingMaterials") == ["JUDGMENT", "ONSITE"]
    assert value_of(tree, "applicationStatement") == "经催收仍无力归还。<b>请</b>"
    assert "请修正以下 1 处" in text(tree)
    assert web.engine.user_task(task.key).state is UserTaskState.CREATED


def test_completing_moves_the_process_on_and_is_audited(web: Web) -> None:
    task = web.start_form("reminder-delivery", groups=["bank:GZRCB"])
    posted = {"deliveryMethod": "VILLAGE", "deliveredOn": "2026-03-03", "recipientName": "钟德华"}
    done = web.client.post(f"/tasks/{task.key}", data=posted, headers=GZRCB)  # follows the redirect
    tree = doc(done)
    assert tree.xpath("string(//*[@data-testid='success'])").startswith("已提交：填写 reminder-delivery")
    assert task_keys(tree) == []
    assert web.engine.user_task(task.key).assignee == "bank:GZRCB/李"
    with web.db.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user_task.complete")).one()
    assert (entry.actor, entry.object_id) == ("bank:GZRCB/李", str(task.key))
    assert entry.detail["variables"]["deliveryMethod"] == "VILLAGE"

    again = web.client.post(f"/tasks/{task.key}", data=posted, headers=GZRCB)
    assert again.status_code == 409


def test_the_form_is_prefilled_from_the_process_variables(web: Web) -> None:
    task = web.start_form(
        "lawsuit-filing", groups=["bank:GZRCB"], courtName="瑞金市人民法院", preservationApplied=True
    )
    tree = doc(web.client.get(f"/tasks/{task.key}", headers=GZRCB))
    assert value_of(tree, "courtName") == "瑞金市人民法院"
    assert value_of(tree, "preservationApplied") is True
    assert value_of(tree, "courtCaseNo") == ""


def test_dev_mode_identity_chooser_keeps_the_choice_in_a_cookie(web: Web) -> None:
    first = web.client.get("/tasks", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/login"
    chooser = doc(web.client.get("/login"))
    offered = chooser.xpath("//button/@data-user")
    assert {"finance/王", "financial-bureau/陈", "city-government/张", "prefecture/赵"} <= set(offered)

    task = web.start_form("initial-review", groups=["finance", "poverty-office"])
    web.client.post("/login", data={"user": "poverty-office/刘"})
    assert task_keys(doc(web.client.get("/tasks"))) == [task.key]
    assert "市扶贫办 · 刘" in text(doc(web.client.get("/tasks")))

    bad = web.client.post("/login", data={"user": "nobody"})
    assert bad.status_code == 422 and doc(bad).xpath("//input[@id='other-user']/@value") == ["nobody"]
    web.client.post("/logout")
    assert web.client.get("/tasks", follow_redirects=False).status_code == 303


def test_the_chooser_lists_every_registered_bank_and_township(tmp_path: Path) -> None:
    with open_web(tmp_path, seed=True) as web:
        offered = set(doc(web.client.get("/login")).xpath("//button/@data-user"))
        assert {"bank:GZRCB/李", "bank:ABC/李", "township:YEPING/王"} <= offered
        task = web.start_form(
            "onsite-confirmation", groups=["bank:GZRCB"], bankCode="GZRCB", principalFen=5_000_000
        )
        facts = text(doc(web.client.get(f"/tasks/{task.key}", headers=GZRCB)).xpath("//section")[0])
        assert "赣州农商行瑞金支行" in facts and "50,000.00 元" in facts


def test_outside_dev_mode_only_the_proxy_header_counts(tmp_path: Path) -> None:
    with open_web(tmp_path, dev_mode=False) as web:
        task = web.start_form("initial-review")
        assert web.client.get("/tasks").status_code == 401
        assert web.client.post("/login", data={"user": "finance/王"}).status_code == 403
        web.client.cookies.set("xdt_user", "finance%2F%E7%8E%8B")
        assert web.client.get("/tasks").status_code == 401
        assert task_keys(doc(web.client.get("/tasks", headers=FINANCE))) == [task.key]
        malformed = web.client.get("/tasks", headers={"X-User": "finance"})
        assert malformed.status_code == 401 and "X-Role" in malformed.text
