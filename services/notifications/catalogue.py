"""The fixed catalogue of notification templates the diagrams send (``xdt.notify.send``).

Each template names the process variables it reads, who receives it (a candidate group of
docs/processes.md) and how its subject and body read in Chinese. Rendering is pure: variables in,
text out; nothing is stored here. A variable a template marks optional may be missing at the
point the diagram sends it; the sentence that would use it is then left out rather than printed
with a blank.

| template | sent by | recipient |
|---|---|---|
| ``judgment-pending`` | every 30 days while the judgment is awaited | ``bank:<bankCode>`` |
| ``application-returned`` | initial review returned the application | ``bank:<bankCode>`` |
| ``city-declined`` | the city government declined | ``bank:<bankCode>`` |
| ``prefecture-pending`` | every 15 days while the prefecture reviews | ``finance`` |
| ``prefecture-rejected`` | the prefecture rejected | ``bank:<bankCode>`` |
| ``meeting-minutes`` | after the half-yearly joint meeting (第六条) | ``joint-meeting`` |
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.documents.chinese_dates import numeric_date
from services.errors import ValidationFailed

JOINT_MEETING_GROUP = "joint-meeting"
MAX_TEXT_CHARS = 4000
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")

Texts = Mapping[str, str]


@dataclass(frozen=True)
class Rendered:
    """A notification ready to keep: who gets it, about which loan, what it says, from what."""

    template: str
    group: str
    loan_no: str | None
    subject: str
    body: str
    variables: dict[str, Any]


@dataclass(frozen=True)
class Template:
    """One entry of the catalogue."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    recipient: Callable[[Texts], str]
    subject: Callable[[Texts], str]
    body: Callable[[Texts], str]


def _bank(v: Texts) -> str:
    return f"bank:{v['bankCode']}"


def _loan(v: Texts) -> str:
    borrower = f"（借款人{v['borrowerName']}）" if "borrowerName" in v else ""
    return f"贷款{v['loanNo']}{borrower}"


def _say(v: Texts, key: str, sentence: str) -> str:
    """``sentence`` with ``{}`` filled from ``v[key]``, or nothing when the variable is absent."""
    return sentence.format(v[key]) if key in v else ""


def _judgment_pending(v: Texts) -> str:
    filed = ""
    if "lawsuitFiledOn" in v or "courtName" in v:
        court = v.get("courtName", "法院")
        filed = f"已{_say(v, 'lawsuitFiledOn', '于{}')}向{court}起诉{_say(v, 'courtCaseNo', '（案号{}）')}，"
    return (
        f"{_loan(v)}{filed}尚未登记判决生效。请跟进诉讼进度；判决生效后请即登记，"
        "并在3个工作日内向市财政局、市扶贫办申请启动风险缓释金代偿（第十八条）。"
    )


def _application_returned(v: Texts) -> str:
    when = _say(v, "reviewDate", "于{}")
    return (
        f"市财政局、市扶贫办{when}初审{_loan(v)}的代偿申请，决定退回补充材料。"
        + _say(v, "missingMaterials", "需补充的材料：{}。")
        + _say(v, "reviewOpinion", "初审意见：{}。")
        + "请补齐材料后重新提交代偿申请"
        + _say(v, "applicationDeadlineDate", "（申请期限至{}）")
        + "。"
    )


def _city_declined(v: Texts) -> str:
    when = _say(v, "cityDecisionDate", "于{}")
    return f"{_loan(v)}的风险缓释金代偿申请，经市政府{when}审批，不同意报送赣州市复审，本案不予代偿。" + _say(
        v, "cityComment", "批示内容：{}。"
    )


def _prefecture_pending(v: Texts) -> str:
    when = _say(v, "prefectureLetterDate", "于{}")
    return (
        f"{_loan(v)}的代偿申请已{when}报送赣州市扶贫办、赣州市财政局复审"
        + _say(v, "prefectureLetterNo", "（{}）")
        + "，尚未收到审定结果。请跟进复审进度，收到结果后请即登记。"
    )


def _prefecture_rejected(v: Texts) -> str:
    when = _say(v, "prefectureReviewDate", "于{}")
    return f"赣州市扶贫办、赣州市财政局{when}复审{_loan(v)}的代偿申请，结果为未通过，本案不予代偿。" + _say(
        v, "prefectureRemarks", "复审意见：{}。"
    )


def _meeting_minutes(v: Texts) -> str:
    return (
        f"“产业扶贫信贷通”贷后管理联席会议于{v['meetingDate']}召开（第六条）。"
        + _say(v, "attendees", "参会单位及人员：{}。")
        + _say(v, "resolutions", "会议议定事项：{}。")
        + "请各单位按议定事项抓好落实。"
    )


_CASE = ("loanNo", "bankCode")

CATALOGUE: Mapping[str, Template] = {
    t.name: t
    for t in (
        Template(
            "judgment-pending",
            _CASE,
            ("borrowerName", "courtName", "courtCaseNo", "lawsuitFiledOn"),
            _bank,
            lambda v: f"判决生效跟进提醒：贷款{v['loanNo']}",
            _judgment_pending,
        ),
        Template(
            "application-returned",
            _CASE,
            ("borrowerName", "reviewDate", "missingMaterials", "reviewOpinion", "applicationDeadlineDate"),
            _bank,
            lambda v: f"代偿申请退回补充材料：贷款{v['loanNo']}",
            _application_returned,
        ),
        Template(
            "city-declined",
            _CASE,
            ("borrowerName", "cityDecisionDate", "cityComment"),
            _bank,
            lambda v: f"市政府不同意代偿：贷款{v['loanNo']}",
            _city_declined,
        ),
        Template(
            "prefecture-pending",
            ("loanNo",),
            ("bankCode", "borrowerName", "prefectureLetterNo", "prefectureLetterDate"),
            lambda v: "finance",
            lambda v: f"赣州市复审进度跟进：贷款{v['loanNo']}",
            _prefecture_pending,
        ),
        Template(
            "prefecture-rejected",
            _CASE,
            ("borrowerName", "prefectureReviewDate", "prefectureRemarks"),
            _bank,
            lambda v: f"复审未通过：贷款{v['loanNo']}",
            _prefecture_rejected,
        ),
        Template(
            "meeting-minutes",
            ("meetingDate",),
            ("attendees", "resolutions"),
            lambda v: JOINT_MEETING_GROUP,
            lambda v: f"贷后管理联席会议纪要（{v['meetingDate']}）",
            _meeting_minutes,
        ),
    )
}


def render(template: str, variables: Mapping[str, Any]) -> Rendered:
    """Subject, body and recipient of ``template`` for the process ``variables``.

    Only the variables the template names are read and kept; the rest are ignored.

    Raises:
        ValidationFailed: an unknown template, or a required variable missing or malformed,
            naming each.
    """
    entry = CATALOGUE.get(template)
    if entry is None:
        raise ValidationFailed(
            f"unknown notification template {template!r}; known: {', '.join(CATALOGUE)}",
            field="template",
            template=template,
        )
    used, texts, errors = _pick(entry, variables)
    if errors:
        text = "; ".join(f"{name}: {why}" for name, why in errors.items())
        raise ValidationFailed(f"notification {template!r} refused: {text}", errors=errors)
    return Rendered(
        template=template,
        group=entry.recipient(texts),
        loan_no=texts.get("loanNo"),
        subject=entry.subject(texts),
        body=entry.body(texts),
        variables=used,
    )


def _pick(
    entry: Template, variables: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    used: dict[str, Any] = {}
    texts: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in (*entry.required, *entry.optional):
        value = variables.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if name in entry.required:
                errors[name] = "is required"
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            errors[name] = f"must be text, got {type(value).__name__}"
            continue
        text = str(value).strip()
        if len(text) > MAX_TEXT_CHARS:
            errors[name] = f"is longer than {MAX_TEXT_CHARS} characters"
        elif name == "bankCode" and not _CODE.match(text):
            errors[name] = f"{text!r} is not a bank code"
        used[name] = value
        texts[name] = _display(name, text)
    return used, texts, errors


def _display(name: str, text: str) -> str:
    """Dates (``YYYY-MM-DD`` or a date-time from a form) print as 2026年9月20日; the rest as given."""
    match = _DATE_PREFIX.match(text)
    if (name.endswith(("Date", "On"))) and match:
        try:
            return numeric_date(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return text
    return text
