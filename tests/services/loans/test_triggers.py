"""The six default triggers of 第十七条."""

from __future__ import annotations

from services.loans import DefaultTrigger


def test_six_triggers_in_policy_order() -> None:
    assert [t.clause for t in DefaultTrigger] == [1, 2, 3, 4, 5, 6]
    assert DefaultTrigger("INTEREST_OVERDUE_10_DAYS").clause == 2


def test_labels_carry_the_policy_wording_of_each_item() -> None:
    key_words = [
        "死亡或失踪",
        "利息超过10个自然日",
        "到期后未按时还款",
        "重大法律纠纷",
        "重大困难",
        "改变贷款用途",
    ]
    assert [word in trigger.label for word, trigger in zip(key_words, DefaultTrigger, strict=True)] == [
        True
    ] * 6
