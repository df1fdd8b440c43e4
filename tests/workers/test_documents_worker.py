"""``xdt.documents.issue`` called as pyzeebe calls it: a Job in, variables out, numbers kept on replay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pyzeebe import Job

from services.clock import FixedClock
from services.db import Database
from services.documents import DocType, find_document
from services.dossier import VariablesMissing
from services.loans.demo import load_demo_data
from tests.services.dossier import cases
from workers.context import WorkerContext
from workers.documents import router

ACTOR = "city:RJ/test"


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> WorkerContext:
    clock = FixedClock(datetime(2026, 9, 25, 2, 0, tzinfo=UTC))
    with db.session() as session:
        load_demo_data(session=session, clock=clock, actor=ACTOR)
    return WorkerContext(db=db, clock=clock, documents_dir=tmp_path / "documents")


def _job(
    doc_type: DocType, result: str, variables: dict[str, Any], *, element_instance_key: int = 2001
) -> Job:
    return Job(
        key=element_instance_key + 1,
        type="xdt.documents.issue",
        process_instance_key=1001,
        bpmn_process_id="loan-default-compensation",
        process_definition_version=1,
        process_definition_key=11,
        element_id=f"Task_Issue{doc_type.value.title()}",
        element_instance_key=element_instance_key,
        custom_headers={"docType": doc_type.value, "result": result},
        worker="test",
        retries=3,
        deadline=0,
        variables=variables,
    )


def _task(ctx: WorkerContext) -> Callable[[Job], dict[str, Any]]:
    (task,) = [t for t in router(ctx).tasks if t.type == "xdt.documents.issue"]
    assert task.config.job_parameter_name == "job"  # pyzeebe will hand the Job in
    function: Callable[[Job], dict[str, Any]] = task.original_function
    return function


def test_issues_the_notice_and_a_replay_keeps_its_number(ctx: WorkerContext) -> None:
    issue = _task(ctx)
    job = _job(DocType.OVERDUE_NOTICE, "overdueNotice", cases.default_case(DocType.OVERDUE_NOTICE))
    first = issue(job)
    assert first == {
        "overdueNoticeNo": "瑞扶催〔2026〕1号",
        "overdueNoticeDate": "2026-09-25",
        "overdueNoticeId": "OVERDUE_NOTICE-2026-1",
    }
    with ctx.session() as session:
        stored = find_document(
            session=session, number_text="瑞扶催〔2026〕1号", storage_dir=ctx.documents_dir
        )
    assert stored.pdf_path.read_bytes().startswith(b"%PDF")
    assert stored.pdf_path.is_relative_to(ctx.documents_dir)
    assert issue(job) == first  # the same job again: same number
    other = issue(_job(DocType.OVERDUE_NOTICE, "overdueNotice", job.variables, element_instance_key=3001))
    assert other["overdueNoticeNo"] == "瑞扶催〔2026〕2号"  # the replay took no number


def test_inspection_records_one_number_per_flagged_loan(ctx: WorkerContext) -> None:
    issue = _task(ctx)
    flagged = cases.inspection_variables(yeping_flags=f"{cases.HOUSEHOLD_LOAN}，{cases.CASE_LOAN}")
    job = _job(DocType.INSPECTION_RECORD, "inspectionRecord", flagged)
    out = issue(job)
    assert out == {
        "inspectionRecordNo": "瑞金融检〔2026〕1号",
        "inspectionRecordDate": "2026-09-25",
        "inspectionRecordId": "INSPECTION_RECORD-2026-1",
        "inspectionRecordNos": ["瑞金融检〔2026〕1号", "瑞金融检〔2026〕2号"],
        "inspectionRecordIds": ["INSPECTION_RECORD-2026-1", "INSPECTION_RECORD-2026-2"],
    }
    assert issue(job) == out
    nothing = issue(
        _job(
            DocType.INSPECTION_RECORD,
            "inspectionRecord",
            cases.inspection_variables(yeping_flags=None),
            element_instance_key=4001,
        )
    )
    assert nothing == {
        "inspectionRecordNo": None,
        "inspectionRecordDate": None,
        "inspectionRecordId": None,
        "inspectionRecordNos": [],
        "inspectionRecordIds": [],
    }


def test_missing_variables_fail_the_job_without_taking_a_number(ctx: WorkerContext) -> None:
    issue = _task(ctx)
    variables = cases.default_case(DocType.OVERDUE_NOTICE)
    del variables["trigger"]
    with pytest.raises(VariablesMissing, match="OVERDUE_NOTICE.*trigger"):
        issue(_job(DocType.OVERDUE_NOTICE, "overdueNotice", variables))
    out = issue(
        _job(
            DocType.OVERDUE_NOTICE,
            "overdueNotice",
            cases.default_case(DocType.OVERDUE_NOTICE),
            element_instance_key=5001,
        )
    )
    assert out["overdueNoticeNo"] == "瑞扶催〔2026〕1号"


def test_bad_headers_are_named(ctx: WorkerContext) -> None:
    issue = _task(ctx)
    job = _job(DocType.OVERDUE_NOTICE, "overdueNotice", cases.default_case(DocType.OVERDUE_NOTICE))
    with pytest.raises(ValueError, match="docType.*MEMO"):
        issue(Job(**{**job.__dict__, "custom_headers": {"docType": "MEMO", "result": "x"}}))
    with pytest.raises(ValueError, match="'result' is required"):
        issue(Job(**{**job.__dict__, "custom_headers": {"docType": "OVERDUE_NOTICE"}}))
