"""The ops view over the real engine: who may look, instances and their history, timers with
statutory and provisional deadlines, incidents and the retry that sends a job back to workers."""

from __future__ import annotations

from sqlalchemy import select

from engine.query import IncidentState, JobState
from services.audit import AuditEntry
from tests.web.conftest import BUREAU, CITY_GOV, FINANCE, GZRCB, Web, as_user
from tests.web.html import doc, text

LOAN = "XDT-GZRCB-2025-0001"


def _failed_job(web: Web, loan_no: str = LOAN) -> int:
    """Start the job process and let its only try fail: an incident on 核算代偿金额."""
    key = web.start("web-job", {"loanNo": loan_no})
    (job,) = web.engine.activate_jobs(
        job_type="web.test.compute", worker="test", timeout_ms=60_000, max_jobs=1
    )
    web.engine.fail_job(job.key, retries=0, error_message="贷款 XDT-GZRCB-2025-0001 不存在")
    return key


def _cells(tree: object, xpath: str) -> list[str]:
    return [" ".join(td.text_content().split()) for td in tree.xpath(xpath)]  # type: ignore[attr-defined]


def test_ops_pages_are_for_the_city_offices(web: Web) -> None:
    for page in ("/ops", "/ops/timers", "/ops/incidents"):
        assert web.client.get(page, headers=GZRCB).status_code == 403
        assert web.client.get(page, headers=as_user("township:YEPING/王")).status_code == 403
        assert web.client.get(page, headers=as_user("prefecture/赵")).status_code == 403
        for office in (FINANCE, BUREAU, CITY_GOV, as_user("poverty-office/刘")):
            assert web.client.get(page, headers=office).status_code == 200
    menu = doc(web.client.get("/tasks", headers=GZRCB)).xpath("//nav/a/@href")
    assert menu == ["/tasks"]


def test_timers_show_due_dates_and_mark_statutory_and_provisional_deadlines(web: Web) -> None:
    provisional = web.start(
        "web-timer",
        {
            "loanNo": LOAN,
            "collectionDeadline": "2027-02-20T00:00:00+08:00",
            "collectionDeadlineProvisional": True,
        },
    )
    firm = web.start(
        "web-timer",
        {
            "loanNo": "XDT-ABC-2025-0002",
            "collectionDeadline": "2026-04-15T00:00:00+08:00",
            "collectionDeadlineProvisional": False,
        },
    )
    tree = doc(web.client.get("/ops/timers", headers=BUREAU))
    rows = tree.xpath("//table[@data-testid='timers']/tbody/tr")
    by_instance = {
        " ".join(r.xpath("string(td[6])").split()): [
            " ".join(td.text_content().split()) for td in r.xpath("td")
        ]
        for r in rows
    }
    assert by_instance[str(firm)][:3] == ["2026-04-14 24:00", "催收期满", "法定期限"]
    assert by_instance[str(provisional)][:3] == ["2027-02-19 24:00", "催收期满", "法定期限暂定"]
    assert by_instance[str(provisional)][4] == LOAN
    # Soonest first; the half-yearly start timers of the project's processes are listed too.
    dues = [r.xpath("string(td[1])").strip() for r in rows]
    assert dues == sorted(dues)
    assert "贷后管理联席会议（第六条）" in text(tree) and "（流程启动定时器）" in text(tree)


def test_the_instance_page_shows_history_variables_tasks_timers_and_messages(web: Web) -> None:
    task = web.start_form("lawsuit-filing", groups=["bank:GZRCB"], principalFen=5_000_000)
    tree = doc(web.client.get(f"/ops/instances/{task.process_instance_key}", headers=FINANCE))
    assert _cells(tree, "//table[@data-testid='elements']/tbody/tr/td[1]") == [
        "start",
        "填写 lawsuit-filing Task_Form",
    ]
    assert _cells(tree, "//table[@data-testid='elements']/tbody/tr/td[3]") == ["已完成", "进行中"]
    variables = dict(
        zip(
            _cells(tree, "//table[@data-testid='variables']/tbody/tr/td[1]"),
            _cells(tree, "//table[@data-testid='variables']/tbody/tr/td[2]"),
            strict=True,
        )
    )
    assert variables["loanNo"] == f'"{LOAN}"'
    assert variables["principalFen"] == "5000000 （50,000.00 元）"
    # No registry here: the group shows as its code.
    assert _cells(tree, "//table[@data-testid='instance-tasks']/tbody/tr/td[2]") == ["GZRCB"]
    # A task is linked only for those who may open it.
    assert tree.xpath("//table[@data-testid='instance-tasks']//a") == []

    waiting = web.start("web-job", {"loanNo": LOAN})
    (job,) = web.engine.activate_jobs(job_type="web.test.compute", worker="t", timeout_ms=60_000, max_jobs=1)
    web.engine.complete_job(job.key)
    subscriptions = doc(web.client.get(f"/ops/instances/{waiting}", headers=FINANCE))
    assert _cells(subscriptions, "//table[@data-testid='subscriptions']/tbody/tr/td") == [
        "repayment-recorded",
        LOAN,
        "收到还款",
    ]
    assert web.client.get("/ops/instances/12345", headers=FINANCE).status_code == 404


def test_instances_filter_by_process_state_loan_and_incident(web: Web) -> None:
    form = web.start_form("lawsuit-filing", groups=["bank:GZRCB"])
    other = web.start_form("lawsuit-filing", groups=["bank:ABC"], loanNo="XDT-ABC-2025-0002")
    broken = _failed_job(web)

    def listed(query: str) -> list[int]:
        tree = doc(web.client.get(f"/ops?{query}", headers=BUREAU))
        return [int(k) for k in tree.xpath("//tr/@data-instance")]

    assert listed("process=web-form-lawsuit-filing") == [
        other.process_instance_key,
        form.process_instance_key,
    ]
    assert listed(f"loan={LOAN}") == [broken, form.process_instance_key]
    assert listed("incidents=true") == [broken]
    assert listed("state=COMPLETED") == []
    tree = doc(web.client.get("/ops?incidents=true", headers=BUREAU))
    assert "有故障" in text(tree.xpath("//tr[@data-instance]")[0])


def test_retrying_an_incident_gives_the_job_new_tries(web: Web) -> None:
    instance = _failed_job(web)
    listed = doc(web.client.get("/ops/incidents", headers=FINANCE))
    (row,) = listed.xpath("//tr[@data-incident]")
    key = int(row.get("data-incident"))
    assert "核算代偿金额" in text(row) and "JOB_NO_RETRIES" in text(row) and "不存在" in text(row)
    assert row.xpath(".//button") == []  # 市财政局 may look, not retry

    assert web.client.post(f"/ops/incidents/{key}/retry", headers=FINANCE).status_code == 403
    assert (
        web.client.post(f"/ops/incidents/{key}/retry", data={"retries": "99"}, headers=BUREAU).status_code
        == 422
    )

    retried = web.client.post(
        f"/ops/incidents/{key}/retry", data={"retries": "2", "back": "instance"}, headers=BUREAU
    )
    assert retried.status_code == 200 and "已重试" in text(doc(retried))
    assert str(retried.url).endswith(f"/ops/instances/{instance}?retried={key}")
    assert web.engine.incidents(state=IncidentState.ACTIVE).items == ()
    (job,) = web.engine.jobs(process_instance_key=instance).items
    assert (job.state, job.retries) == (JobState.ACTIVATABLE, 2)
    with web.db.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "incident.retry")).one()
    assert (entry.actor, entry.detail["retries"]) == ("financial-bureau/陈", 2)

    again = web.client.post(f"/ops/incidents/{key}/retry", headers=BUREAU)
    assert again.status_code == 404
    assert "当前没有故障" in text(doc(web.client.get("/ops/incidents", headers=BUREAU)))
