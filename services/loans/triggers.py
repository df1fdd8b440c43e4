"""The six default triggers of 第十七条, one enumeration for the API, DMN tables and documents.

Values are the stable English names used in process variables and DMN inputs; ``label`` is the
Chinese wording of the policy, as printed on notices.
"""

from __future__ import annotations

from enum import StrEnum


class DefaultTrigger(StrEnum):
    """A situation of 第十七条 that puts a loan into default and starts joint collection."""

    DEATH_OR_MISSING = "DEATH_OR_MISSING"
    INTEREST_OVERDUE_10_DAYS = "INTEREST_OVERDUE_10_DAYS"
    UNPAID_AT_MATURITY = "UNPAID_AT_MATURITY"
    MAJOR_LEGAL_DISPUTE = "MAJOR_LEGAL_DISPUTE"
    OPERATING_DIFFICULTY = "OPERATING_DIFFICULTY"
    MISUSE_OR_OBSTRUCTION = "MISUSE_OR_OBSTRUCTION"

    @property
    def label(self) -> str:
        """The policy's Chinese wording of this trigger."""
        return _LABELS[self]

    @property
    def clause(self) -> int:
        """The item number (1–6) of this trigger in 第十七条."""
        return list(DefaultTrigger).index(self) + 1


_LABELS: dict[DefaultTrigger, str] = {
    DefaultTrigger.DEATH_OR_MISSING: "借款人或经营主体主要股东及其法人代表或实际经营者死亡或失踪",
    DefaultTrigger.INTEREST_OVERDUE_10_DAYS: "未按贷款合同规定支付贷款利息超过10个自然日",
    DefaultTrigger.UNPAID_AT_MATURITY: "到期后未按时还款或恶意逃避债务",
    DefaultTrigger.MAJOR_LEGAL_DISPUTE: "发生或涉及重大法律纠纷",
    DefaultTrigger.OPERATING_DIFFICULTY: "生产经营或财务状况发生重大困难",
    DefaultTrigger.MISUSE_OR_OBSTRUCTION: "擅自改变贷款用途，拒绝或阻挠对融资使用情况进行监督检查",
}
