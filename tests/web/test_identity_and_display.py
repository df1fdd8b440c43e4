"""Who the user is, and how instants and amounts read (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.errors import ValidationFailed
from services.loans import Role
from services.web import display
from services.web.identity import from_headers, parse_user
from services.web.ops import deadline_status


def test_an_identity_names_a_group_and_a_person() -> None:
    user = parse_user("bank:GZRCB/李")
    assert (user.group, user.name, user.actor) == ("bank:GZRCB", "李", "bank:GZRCB/李")
    assert user.principal.role is Role.BANK and user.principal.org == "GZRCB"
    assert not user.may_view_ops
    bureau = parse_user("financial-bureau/陈")
    assert bureau.may_view_ops and bureau.may_operate and bureau.principal.role is Role.CITY
    finance = parse_user("finance/王")
    assert finance.may_view_ops and not finance.may_operate
    assert not parse_user("prefecture/赵").may_view_ops


@pytest.mark.parametrize(
    "text", ["bank:GZRCB", "bank:/李", "bank:gz rcb/李", "nobody/李", "finance/", "finance/a\x00"]
)
def test_malformed_identities_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_user(text)


def test_headers_as_the_proxy_sends_them() -> None:
    assert from_headers("bank:GZRCB/%E6%9D%8E").actor == "bank:GZRCB/李"
    assert from_headers("bank:GZRCB/李".encode().decode("latin-1")).actor == "bank:GZRCB/李"
    assert from_headers("li", "BANK", "GZRCB").actor == "bank:GZRCB/li"
    assert from_headers("wang", "CITY", "finance").actor == "finance/wang"
    with pytest.raises(ValidationFailed, match="X-Org"):
        from_headers("wang", "CITY")
    with pytest.raises(ValidationFailed):
        from_headers("wang")


def test_a_deadline_at_midnight_reads_as_24_00_of_the_last_day() -> None:
    midnight = datetime(2026, 4, 14, 16, 0, tzinfo=UTC)  # 2026-04-15 00:00 in Beijing
    assert display.deadline(midnight) == "2026-04-14 24:00"
    assert display.when(midnight) == "2026-04-15 00:00"
    assert display.deadline(datetime(2026, 4, 14, 1, 30, tzinfo=UTC)) == "2026-04-14 09:30"
    assert display.deadline(None) == "—"


def test_yuan_from_fen_is_exact() -> None:
    assert display.yuan(5_000_000) == "50,000.00 元"
    assert display.yuan(1) == "0.01 元"
    assert display.yuan(-123_456_789) == "-1,234,567.89 元"


def test_a_timer_on_a_calendar_period_is_a_statutory_deadline() -> None:
    due = datetime(2026, 4, 14, 16, 0, tzinfo=UTC)
    period = {"collectionDeadline": "2026-04-15T00:00:00+08:00", "collectionDeadlineProvisional": True}
    assert deadline_status("=collectionDeadline", due, period) == ("collectionDeadline", True)
    assert deadline_status("=collectionDeadline", due, period | {"collectionDeadlineProvisional": False}) == (
        "collectionDeadline",
        False,
    )
    assert deadline_status("=reminderAt", due, period) == (None, False)
    assert deadline_status("=date(x)", due, period) == ("collectionDeadline", True)
    assert deadline_status("R/P30D", due, {}) == (None, False)
