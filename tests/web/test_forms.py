"""Form schemas to fields, and posted text to typed variables (pure, no engine)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.web.forms import parse_form, render_text
from services.web.validation import initial_entries, validate_submission
from tests.web.conftest import FORM_FILES, FORMS_DIR


def _schema(name: str) -> dict[str, Any]:
    return json.loads((FORMS_DIR / f"{name}.form").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _synthetic(*components: dict[str, Any]) -> dict[str, Any]:
    return {"id": "t", "type": "default", "components": list(components)}


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_every_deployed_form_is_fully_supported(path: Path) -> None:
    form = parse_form(json.loads(path.read_text(encoding="utf-8")))
    assert form.inputs, "a form without inputs"
    assert [c.source_type for c in form.components if c.kind == "unsupported"] == []
    assert all(c.label for c in form.inputs)


def test_onsite_confirmation_types_each_field() -> None:
    form = parse_form(_schema("onsite-confirmation"))
    posted = {
        "onsiteConfirmedOn": ["2026-04-20"],
        "onsiteParticipants": ["刘建国、钟德华"],
        "repaymentCapacityLost": ["true"],
        "onsiteFindings": ["第一行\r\n第二行"],
    }
    outcome = validate_submission(form, posted, {})
    assert outcome.ok
    assert outcome.values == {
        "onsiteConfirmedOn": "2026-04-20",
        "onsiteParticipants": "刘建国、钟德华",
        "repaymentCapacityLost": True,
        "onsiteFindings": "第一行\n第二行",
    }
    unticked = validate_submission(form, {**posted, "repaymentCapacityLost": []}, {})
    assert unticked.values["repaymentCapacityLost"] is False


def test_required_fields_are_named_and_entries_kept() -> None:
    form = parse_form(_schema("onsite-confirmation"))
    outcome = validate_submission(form, {"onsiteParticipants": ["刘建国"]}, {})
    assert not outcome.ok and outcome.values == {}
    assert outcome.errors == {"onsiteConfirmedOn": "请选择日期", "onsiteFindings": "请填写此项"}
    assert outcome.entered["onsiteParticipants"] == "刘建国"


def test_pattern_and_length_are_enforced() -> None:
    form = parse_form(_schema("lawsuit-filing"))
    base = {"courtName": ["瑞金市人民法院"], "lawsuitFiledOn": ["2026-05-06"]}
    bad = validate_submission(form, base | {"courtCaseNo": ["2026赣0781民初123号"]}, {})
    assert bad.errors == {"courtCaseNo": "格式不正确"}
    good = validate_submission(form, base | {"courtCaseNo": ["（2026）赣0781民初123号"]}, {})
    assert (
        good.ok and good.values["preservationApplied"] is False and good.values["preservationDetails"] == ""
    )
    long = validate_submission(
        form, base | {"courtCaseNo": ["（2026）赣0781民初1号"], "courtName": ["法" * 61]}, {}
    )
    assert long.errors == {"courtName": "不能超过 60 个字（现为 61 个）"}


def test_a_pattern_digit_is_an_ascii_digit_as_in_javascript() -> None:
    form = parse_form(_schema("lawsuit-filing"))
    posted = {
        "courtName": ["x"],
        "lawsuitFiledOn": ["2026-05-06"],
        "courtCaseNo": ["（２０２６）赣0781民初1号"],
    }
    assert validate_submission(form, posted, {}).errors == {"courtCaseNo": "格式不正确"}


@pytest.mark.parametrize("text", ["2026-02-30", "2026/03/05", "05-03-2026", "2026-3-5", "明天"])
def test_dates_must_be_real_iso_dates(text: str) -> None:
    form = parse_form(_schema("joint-meeting"))
    posted = {"meetingDate": [text], "attendees": ["a"], "resolutions": ["b"]}
    assert validate_submission(form, posted, {}).errors == {
        "meetingDate": "请输入有效日期，格式为 YYYY-MM-DD"
    }


def test_an_optional_date_left_empty_is_null() -> None:
    form = parse_form(_schema("deadline-escalation"))
    posted = {"supervisionMeasures": ["约谈"], "responsiblePerson": ["李强"], "correctedOn": [""]}
    assert validate_submission(form, posted, {}).values["correctedOn"] is None


def test_radio_takes_only_listed_values() -> None:
    form = parse_form(_schema("initial-review"))
    posted = {"reviewDate": ["2026-06-01"], "reviewOpinion": ["同意"], "reviewOutcome": ["MAYBE"]}
    assert validate_submission(form, posted, {}).errors == {"reviewOutcome": "请从列出的选项中选择"}
    posted["reviewOutcome"] = ["RETURNED"]
    assert validate_submission(form, posted, {}).values["reviewOutcome"] == "RETURNED"


def test_checklist_is_a_list_in_the_forms_order() -> None:
    form = parse_form(_schema("compensation-application"))
    posted = {"applicationDate": ["2026-06-01"], "applicationStatement": ["申请"]}
    assert validate_submission(form, posted, {}).errors == {"supportingMaterials": "请至少选择一项"}
    ticked = validate_submission(form, posted | {"supportingMaterials": ["ONSITE", "JUDGMENT"]}, {})
    assert ticked.values["supportingMaterials"] == ["JUDGMENT", "ONSITE"]
    forged = validate_submission(form, posted | {"supportingMaterials": ["JUDGMENT", "BRIBE"]}, {})
    assert forged.errors == {"supportingMaterials": "请从列出的选项中选择"}


def test_a_required_checkbox_must_be_ticked() -> None:
    form = parse_form(_schema("fund-exhausted"))
    outcome = validate_submission(form, {"fundExhaustedHandling": ["继续追偿"]}, {})
    assert outcome.errors == {"uncoveredAcknowledged": "请勾选此项"}


def test_numbers_are_integers_within_range() -> None:
    form = parse_form(
        _synthetic(
            {"type": "number", "key": "days", "label": "天数", "id": "n", "validate": {"min": 1, "max": 30}}
        )
    )

    def check(text: str) -> Any:
        outcome = validate_submission(form, {"days": [text]}, {})
        return outcome.values.get("days", outcome.errors.get("days"))

    assert check(" 7 ") == 7
    assert check("0") == "不能小于 1"
    assert check("31") == "不能大于 30"
    assert check("7.5") == "请输入整数"
    assert check("") is None


def test_select_options_can_come_from_a_variable_and_groups_nest_values() -> None:
    form = parse_form(
        _synthetic(
            {
                "type": "group",
                "label": "处理",
                "path": "decision",
                "id": "g",
                "components": [
                    {"type": "select", "key": "bank", "label": "银行", "id": "s", "valuesKey": "banks"},
                    {"type": "textfield", "key": "note", "label": "说明", "id": "t", "disabled": True},
                ],
            }
        )
    )
    banks = {"banks": [{"label": "赣州农商行", "value": "GZRCB"}]}
    assert validate_submission(form, {"decision.bank": ["GZRCB"]}, banks).values == {
        "decision": {"bank": "GZRCB"}
    }
    assert validate_submission(form, {"decision.bank": ["ABC"]}, banks).errors == {
        "decision.bank": "请从列出的选项中选择"
    }


def test_fields_start_from_the_process_variables() -> None:
    form = parse_form(_schema("lawsuit-filing"))
    entries = initial_entries(form, {"courtName": "瑞金市人民法院", "preservationApplied": True})
    assert entries["courtName"] == "瑞金市人民法院"
    assert entries["preservationApplied"] == "true"
    assert entries["lawsuitFiledOn"] == ""


def test_an_unsupported_required_field_blocks_the_form() -> None:
    form = parse_form(
        _synthetic(
            {
                "type": "filepicker",
                "key": "scan",
                "label": "扫描件",
                "id": "f",
                "validate": {"required": True},
            },
            {"type": "button", "action": "submit", "label": "提交", "id": "b"},
        )
    )
    assert [c.label for c in form.blocking] == ["扫描件"]
    assert [c.kind for c in form.components] == ["unsupported"]


def test_text_fills_variables_and_escapes_markup() -> None:
    html = render_text(
        "## 现场确认\n**贷款编号：** {{loanNo}}　{{missing}}\n- 一\n- 二",
        {"loanNo": "<script>alert(1)</script>"},
    )
    assert html == (
        "<h3>现场确认</h3><p><strong>贷款编号：</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<ul><li>一</li><li>二</li></ul>"
    )
