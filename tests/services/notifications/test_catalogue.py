"""Rendering the catalogue: recipients, Chinese text, optional sentences, refusals naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from services.errors import ValidationFailed
from services.notifications import CATALOGUE, render

CASE = {"loanNo": "L-1", "bankCode": "GZRCB", "townshipCode": "YEPING", "borrowerName": "刘某"}


def test_the_catalogue_holds_the_templates_the_diagrams_send() -> None:
    assert set(CATALOGUE) == {
        "judgment-pending",
        "application-returned",
        "city-declined",
        "prefecture-pending",
        "prefecture-rejected",
        "meeting-minutes",
    }


@pytest.mark.parametrize(
    ("template", "extra", "group", "subject", "phrases"),
    [
        (
            "judgment-pending",
            {
                "courtName": "瑞金市人民法院",
                "courtCaseNo": "（2026）赣0781民初123号",
                "lawsuitFiledOn": "2026-05-06",
            },
            "bank:GZRCB",
            "判决生效跟进提醒：贷款L-1",
            [
                "贷款L-1（借款人刘某）已于2026年5月6日向瑞金市人民法院起诉（案号（2026）赣0781民初123号）",
                "3个工作日内",
            ],
        ),
        (
            "application-returned",
            {"reviewDate": "2026-07-01T10:00:00+08:00", "missingMaterials": "判决书复印件"},
            "bank:GZRCB",
            "代偿申请退回补充材料：贷款L-1",
            ["于2026年7月1日初审", "需补充的材料：判决书复印件。"],
        ),
        (
            "city-declined",
            {"cityComment": "证据不足"},
            "bank:GZRCB",
            "市政府不同意代偿：贷款L-1",
            ["批示内容：证据不足。"],
        ),
        (
            "prefecture-pending",
            {"prefectureLetterNo": "瑞扶函〔2026〕3号", "prefectureLetterDate": "2026-08-01"},
            "finance",
            "赣州市复审进度跟进：贷款L-1",
            ["已于2026年8月1日报送", "（瑞扶函〔2026〕3号）"],
        ),
        (
            "prefecture-rejected",
            {"prefectureRemarks": "不属于代偿范围"},
            "bank:GZRCB",
            "复审未通过：贷款L-1",
            ["复审意见：不属于代偿范围。"],
        ),
    ],
)
def test_case_templates(
    template: str, extra: dict[str, Any], group: str, subject: str, phrases: list[str]
) -> None:
    rendered = render(template, {**CASE, **extra, "portfolio": {"loans": 3}})

    assert (rendered.group, rendered.loan_no, rendered.subject) == (group, "L-1", subject)
    for phrase in phrases:
        assert phrase in rendered.body
    assert "portfolio" not in rendered.variables and rendered.variables["loanNo"] == "L-1"


def test_missing_optional_variables_leave_their_sentence_out() -> None:
    body = render("judgment-pending", {"loanNo": "L-2", "bankCode": "ABC"}).body

    assert body.startswith("贷款L-2尚未登记判决生效。") and "None" not in body and "案号" not in body


def test_meeting_minutes_go_to_the_joint_meeting() -> None:
    rendered = render("meeting-minutes", {"meetingDate": "2026-06-20", "resolutions": "加强贷后检查"})

    assert (rendered.group, rendered.loan_no) == ("joint-meeting", None)
    assert rendered.subject == "贷后管理联席会议纪要（2026年6月20日）"
    assert "会议议定事项：加强贷后检查。" in rendered.body and "参会单位" not in rendered.body


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(
        ValidationFailed, match="unknown notification template 'judgement-pending'"
    ) as refused:
        render("judgement-pending", CASE)
    assert refused.value.fields["field"] == "template"


@pytest.mark.parametrize(
    ("variables", "field", "why"),
    [
        ({"bankCode": "GZRCB"}, "loanNo", "is required"),
        ({"loanNo": "L-1", "bankCode": "  "}, "bankCode", "is required"),
        ({"loanNo": "L-1", "bankCode": "bad code!"}, "bankCode", "is not a bank code"),
        ({"loanNo": ["L-1"], "bankCode": "GZRCB"}, "loanNo", "must be text, got list"),
        ({"loanNo": "L-1", "bankCode": "GZRCB", "courtName": True}, "courtName", "must be text, got bool"),
        ({"loanNo": "L-1", "bankCode": "GZRCB", "courtName": "法" * 4001}, "courtName", "longer than 4000"),
    ],
)
def test_bad_variables_are_refused_naming_the_field(variables: dict[str, Any], field: str, why: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        render("judgment-pending", variables)
    assert why in refused.value.fields["errors"][field]
