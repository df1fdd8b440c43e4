"""How values read on the pages: instants in Asia/Shanghai, money in yuan, states in Chinese.

The engine answers in UTC and fen; staff read Beijing time and yuan. A statutory period ends at
24:00 of its last day (民法典 第二百零三条), which the engine stores as 00:00 of the next day; such an
instant is shown as ``<last day> 24:00`` so nobody reads the day after as the last day.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from services.clock import SHANGHAI

ELEMENT_TYPES: dict[str, str] = {
    "PROCESS": "流程",
    "START_EVENT": "开始事件",
    "END_EVENT": "结束事件",
    "SERVICE_TASK": "服务任务",
    "USER_TASK": "人工任务",
    "RECEIVE_TASK": "接收任务",
    "SEND_TASK": "发送任务",
    "SCRIPT_TASK": "脚本任务",
    "BUSINESS_RULE_TASK": "决策任务",
    "MANUAL_TASK": "手工任务",
    "TASK": "任务",
    "EXCLUSIVE_GATEWAY": "排他网关",
    "PARALLEL_GATEWAY": "并行网关",
    "INCLUSIVE_GATEWAY": "包容网关",
    "EVENT_BASED_GATEWAY": "事件网关",
    "INTERMEDIATE_CATCH_EVENT": "中间捕获事件",
    "INTERMEDIATE_THROW_EVENT": "中间抛出事件",
    "BOUNDARY_EVENT": "边界事件",
    "CALL_ACTIVITY": "调用子流程",
    "SUB_PROCESS": "子流程",
    "EVENT_SUB_PROCESS": "事件子流程",
    "MULTI_INSTANCE_BODY": "多实例",
}

STATES: dict[str, str] = {
    "ACTIVE": "进行中",
    "COMPLETED": "已完成",
    "CANCELED": "已取消",
    "TERMINATED": "已终止",
    "CREATED": "待办",
    "RESOLVED": "已解决",
    "OPEN": "等待中",
}

AMOUNT_LABELS: dict[str, str] = {
    "principalFen": "贷款本金",
    "outstandingFen": "登记时未还本金",
    "outstandingPrincipalFen": "未还本金",
    "principalLossFen": "本金损失",
    "interestLossFen": "利息损失",
    "earlierRecoveriesFen": "此前追回",
    "claimFen": "申请代偿金额",
    "confirmedAmountFen": "复审确认金额",
    "compensationPaidFen": "已代偿金额",
    "uncoveredFen": "未覆盖损失",
    "ganzhouShareFen": "赣州市承担",
    "ruijinShareFen": "瑞金市承担",
    "recoveredFen": "本次追回",
    "totalRecoveredFen": "累计追回",
    "amountAtRiskFen": "风险金额",
}


def local(instant: datetime | None) -> datetime | None:
    return None if instant is None else instant.astimezone(SHANGHAI)


def when(instant: datetime | None) -> str:
    """``2026-04-14 09:30`` in Beijing time; ``—`` for none."""
    shown = local(instant)
    return "—" if shown is None else shown.strftime("%Y-%m-%d %H:%M")


def deadline(instant: datetime | None) -> str:
    """Like :func:`when`, but midnight reads as 24:00 of the day before."""
    shown = local(instant)
    if shown is None:
        return "—"
    if (shown.hour, shown.minute, shown.second, shown.microsecond) == (0, 0, 0, 0):
        return (shown - timedelta(days=1)).strftime("%Y-%m-%d") + " 24:00"
    return shown.strftime("%Y-%m-%d %H:%M")


def yuan(fen: int) -> str:
    """``5000000`` → ``50,000.00 元`` (exact: integer arithmetic only)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d} 元"


def is_fen(name: str, value: Any) -> bool:
    """A money variable: named ``…Fen`` and holding an integer."""
    return name.endswith("Fen") and isinstance(value, int) and not isinstance(value, bool)


def amount_label(name: str) -> str:
    return AMOUNT_LABELS.get(name, name)


def element_type(value: str) -> str:
    return ELEMENT_TYPES.get(value, value)


def state(value: str) -> str:
    return STATES.get(str(value), str(value))


def variable_text(value: Any, limit: int = 400) -> str:
    """A variable's value as compact JSON (Chinese kept readable), cut at ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
